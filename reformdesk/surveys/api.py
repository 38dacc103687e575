"""Satisfaction results API, mounted at /api/v1/surveys.

``GET /api/v1/surveys/ratings?unit=<code>&from=<YYYY-MM-DD>&to=<YYYY-MM-DD>`` answers the counts of
the results page: per score, overall and by processing unit, procedure, official and month. It
needs ``Perm.VIEW_DOSSIERS`` on the unit (anywhere when no unit is given); a bad date or an
unknown unit is a 422 with a translated message and a stable code.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from reformdesk.core.api import ErrorOut, Text, ValidationErrorOut, field_error
from reformdesk.org.api import unit_param
from reformdesk.org.permissions import Perm, require
from reformdesk.surveys.selectors import ScoreCounts, rating_results

router = Router()

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class RatingFilters(Schema):
    unit: Text | None = None
    from_: Text | None = Field(None, alias="from")
    to: Text | None = None


class CountsOut(Schema):
    key: str
    label: str
    very_satisfied: int
    satisfied: int
    dissatisfied: int
    total: int
    satisfied_share: float | None  # per cent, rounded to 0.1


class RatingsOut(Schema):
    unit: str | None
    start: dt.date | None = Field(None, alias="from")
    end: dt.date | None = Field(None, alias="to")
    total: CountsOut
    by_unit: list[CountsOut]
    by_procedure: list[CountsOut]
    by_official: list[CountsOut]
    by_month: list[CountsOut]


def _date(raw: str | None, field: str) -> dt.date | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise field_error(
            field, _("Ngày không đúng định dạng YYYY-MM-DD, ví dụ 2025-12-01."), "invalid_date"
        ) from None


def _counts(row: ScoreCounts) -> CountsOut:
    return CountsOut(
        key=row.key,
        label=row.label,
        very_satisfied=row.very_satisfied,
        satisfied=row.satisfied,
        dissatisfied=row.dissatisfied,
        total=row.total,
        satisfied_share=row.satisfied_share,
    )


@router.get(
    "/ratings",
    response={200: RatingsOut, 403: ErrorOut, 422: ValidationErrorOut},
    by_alias=True,
    summary="Citizens' satisfaction at delivery: counts per score",
)
def ratings(request: HttpRequest, filters: Query[RatingFilters]) -> dict[str, Any]:
    unit = unit_param(filters.unit) if (filters.unit or "").strip() else None
    start = _date(filters.from_, "from")
    end = _date(filters.to, "to")
    if start and end and end < start:
        raise field_error("to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."), "invalid_range")
    require(request.user, Perm.VIEW_DOSSIERS, unit)
    found = rating_results(user=request.user, unit=unit, start=start, end=end)
    return {
        "unit": unit.code if unit else None,
        "from": start,
        "to": end,
        "total": _counts(found.total),
        "by_unit": [_counts(r) for r in found.by_unit],
        "by_procedure": [_counts(r) for r in found.by_procedure],
        "by_official": [_counts(r) for r in found.by_official],
        "by_month": [_counts(r) for r in found.by_month],
    }
