"""The Decision 766 index API, mounted at /api/v1/indices.

``GET /api/v1/indices/766?unit=<code>&period=YYYY[-MM|-Qn]`` answers the unit's index for the
period: each group and indicator with its numerator, denominator, rate (0..1), score, maximum and
how it was scored (computed from ReformDesk's records, entered by a reform officer, or no data).
It needs ``Perm.VIEW_INDEX`` on the unit (403 otherwise); a missing or unknown unit, or a bad or
future period, is a 422 with a translated message and a stable code. ``subtree=false`` counts the
unit's own records only.

``GET /api/v1/indices/ranking?year=YYYY`` is the public ranking of the commune reform index
(:mod:`reformdesk.scoring.api_ranking`), without login.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from reformdesk.core.api import ErrorOut, Text, ValidationErrorOut, field_error
from reformdesk.org.api import unit_param
from reformdesk.org.permissions import Perm, require
from reformdesk.scoring.api_ranking import RankingYearOut, Year, ranking_year_out
from reformdesk.scoring.periods import parse_period
from reformdesk.scoring.selectors import GroupResult, IndicatorResult, index_766

router = Router()


class IndicatorOut(Schema):
    code: str
    name: str
    numerator: int | None
    denominator: int | None
    rate: float | None  # 0..1, four places
    score: float | None  # None when there is no data
    max: float
    how_scored: str  # "computed", "entered" or "no_data"
    entered_by: str | None
    entered_at: dt.datetime | None
    source: str
    valid_from: dt.date
    lost: int  # dossiers or petitions that lost points


class GroupOut(Schema):
    code: str
    name: str
    score: float
    max: float
    scored_max: float  # the maximum of the indicators that have data
    indicators: list[IndicatorOut]


class IndexOut(Schema):
    unit: str
    name: str
    period: str
    first_day: dt.date
    last_day: dt.date
    evaluated_at: dt.datetime
    subtree: bool
    score: float
    max: float
    scored_max: float
    dashboard_on_time: int  # the dashboard's figure: finished on time …
    dashboard_finished: int  # … of finished in the period, a different rate from the 766 one
    groups: list[GroupOut]


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _indicator(result: IndicatorResult) -> IndicatorOut:
    entry = result.entry
    return IndicatorOut(
        code=result.indicator.code,
        name=result.indicator.name,
        numerator=result.numerator,
        denominator=result.denominator,
        rate=_number(result.rate),
        score=_number(result.score),
        max=float(result.max_points),
        how_scored=str(result.how),
        entered_by=entry.entered_by_name if entry else None,
        entered_at=timezone.localtime(entry.entered_at) if entry else None,
        source=result.indicator.source,
        valid_from=result.indicator.valid_from,
        lost=len(result.lost),
    )


def _group(group: GroupResult) -> GroupOut:
    return GroupOut(
        code=str(group.group),
        name=group.label,
        score=float(group.score),
        max=float(group.max_points),
        scored_max=float(group.scored_max),
        indicators=[_indicator(r) for r in group.indicators],
    )


@router.get(
    "/766",
    response={200: IndexOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="The Decision 766 index of a unit for a year, quarter or month",
)
def index766(
    request: HttpRequest, unit: Text | None = None, period: Text | None = None, subtree: bool = True
) -> IndexOut:
    """``unit`` is a QCVN 102 code; ``period`` is ``2026``, ``2026-Q1`` or ``2026-03``."""
    unit_obj = unit_param(unit)
    try:
        period_obj = parse_period(period, today=timezone.localdate())
    except ValidationError as error:
        raise field_error("period", error.messages[0], error.code or "invalid_period") from None
    require(request.user, Perm.VIEW_INDEX, unit_obj)
    index = index_766(unit=unit_obj, period=period_obj, subtree=subtree)
    return IndexOut(
        unit=unit_obj.code,
        name=unit_obj.name,
        period=period_obj.key,
        first_day=period_obj.first,
        last_day=period_obj.last,
        evaluated_at=timezone.localtime(index.at),
        subtree=subtree,
        score=float(index.score),
        max=float(index.max_points),
        scored_max=float(index.scored_max),
        dashboard_on_time=index.dashboard_on_time,
        dashboard_finished=index.dashboard_finished,
        groups=[_group(g) for g in index.groups],
    )


@router.get(
    "/ranking",
    auth=None,
    response={200: RankingYearOut, 422: ValidationErrorOut},
    summary="The public ranking of the commune reform index for a year",
)
def ranking(request: HttpRequest, year: Year | None = None, issuer: Text | None = None) -> RankingYearOut:
    """``year`` from 2000 to 2100 (default: the newest with a published framework); ``issuer``
    the code of the province that issued the framework (default: every one of the year)."""
    return ranking_year_out(year=year, issuer=issuer)
