"""Publication statistics API, mounted at /api/v1/catalog.

``GET /api/v1/catalog/statistics?unit=<code>&on=<YYYY-MM-DD>`` answers the figures of the staff
page: the unit's own row, one row per administrative unit under it, and the total. Like the page
it needs ``Perm.VIEW_STAFF_AREA`` on the unit (403 otherwise); an unknown unit or a bad date is a
422 with a translated message and a stable code.
"""

from __future__ import annotations

import datetime as dt
import re

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from reformdesk.catalog.statistics import PublicationFigures, publication_statistics
from reformdesk.core.api import ErrorOut, Text, ValidationErrorOut, field_error
from reformdesk.org.api import unit_param
from reformdesk.org.permissions import Perm, require

router = Router()

MIN_YEAR, MAX_YEAR = 2000, 2100
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class FiguresOut(Schema):
    code: str
    name: str
    kind: str  # "own" (the unit with its offices), "child" (a unit under it with its subtree), "total"
    in_scope: int
    at_desk: int
    on_portal: int
    desk_share: float | None  # per cent, rounded to 0.1
    portal_share: float | None  # per cent, rounded to 0.1
    online: dict[str, int]  # "full", "partial", "none"
    legacy: dict[str, int]  # "1"…"4" and "none" (levels of before 2022)


class StatisticsOut(Schema):
    unit: str
    name: str
    on: dt.date
    active: bool  # whether the unit exists on that day
    rows: list[FiguresOut]
    total: FiguresOut


def _day(raw: str | None) -> dt.date:
    text = (raw or "").strip()
    if not text:
        return timezone.localdate()
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise field_error(
            "on", _("Ngày thống kê không đúng định dạng YYYY-MM-DD, ví dụ 2020-10-26."), "invalid_date"
        ) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise field_error(
            "on",
            _("Ngày thống kê phải trong các năm %(min)s–%(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            "date_out_of_range",
        )
    return day


def _figures(figures: PublicationFigures) -> FiguresOut:
    return FiguresOut(
        code=figures.unit.code,
        name=figures.unit.name,
        kind=figures.kind,
        in_scope=figures.in_scope,
        at_desk=figures.at_desk,
        on_portal=figures.on_portal,
        desk_share=float(figures.desk_share) if figures.desk_share is not None else None,
        portal_share=float(figures.portal_share) if figures.portal_share is not None else None,
        online=dict(figures.online),
        legacy=dict(figures.legacy),
    )


@router.get(
    "/statistics",
    response={200: StatisticsOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Procedures in scope, posted at the desk and on the portal, per unit",
)
def statistics(request: HttpRequest, unit: Text | None = None, on: Text | None = None) -> StatisticsOut:
    """``unit`` is a QCVN 102 code, ``on`` a day (default today). Shares are per cent rounded to 0.1;
    the total counts distinct procedures, a procedure counting as posted when every unit that
    handles it within the unit has posted it."""
    unit_obj = unit_param(unit)
    day = _day(on)
    require(request.user, Perm.VIEW_STAFF_AREA, unit_obj)
    stats = publication_statistics(unit=unit_obj, on=day)
    return StatisticsOut(
        unit=unit_obj.code,
        name=unit_obj.name,
        on=day,
        active=stats.active,
        rows=[_figures(f) for f in stats.rows],
        total=_figures(stats.total),
    )
