"""The public ranking as JSON, served by ``GET /api/v1/indices/ranking?year=YYYY[&issuer=<code>]``
(mounted in :mod:`reformdesk.scoring.api`, no login: the page it mirrors is public).

The answer holds each published framework of the year (or the issuer's one): its rules (rank
groups, tie-break), the ranked units with their areas, and the units without a final result.
Without ``year``, the newest year with a published framework. Numbers are decimals as floats,
two places.
"""

from __future__ import annotations

from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from reformdesk.core.api import field_error
from reformdesk.scoring.selectors_ranking import Ranking, framework_ranking, ranking_frameworks, ranking_years
from reformdesk.scoring.services.frameworks import MAX_YEAR, MIN_YEAR

Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]


class RankingGroupOut(Schema):
    label: str
    min_percent: float


class RankingAreaOut(Schema):
    code: str
    title: str
    points: float
    max: float


class RankingRowOut(Schema):
    rank: int
    unit: str
    name: str
    total: float
    max: float
    index: float  # percent of the maximum, two places
    group: str
    tied: bool  # same index as a neighbour: ordered by the tie-break rule
    areas: list[RankingAreaOut]


class RankingPendingOut(Schema):
    unit: str
    name: str
    stage: str


class RankingFrameworkOut(Schema):
    issuer: str
    issuer_name: str
    title: str
    tie_break: str
    tie_rule: str
    groups: list[RankingGroupOut]
    rows: list[RankingRowOut]
    pending: list[RankingPendingOut]


class RankingYearOut(Schema):
    year: int
    frameworks: list[RankingFrameworkOut]


def _framework_out(ranking: Ranking) -> RankingFrameworkOut:
    framework = ranking.framework
    return RankingFrameworkOut(
        issuer=framework.issuer.code,
        issuer_name=framework.issuer.name,
        title=framework.title,
        tie_break=framework.tie_break,
        tie_rule=ranking.tie_rule,
        groups=[RankingGroupOut(label=g.label, min_percent=float(g.min_percent)) for g in ranking.groups],
        rows=[
            RankingRowOut(
                rank=row.rank,
                unit=row.unit.code,
                name=row.unit.name,
                total=float(row.total),
                max=float(row.max_total),
                index=float(row.index),
                group=row.group,
                tied=row.tied,
                areas=[
                    RankingAreaOut(
                        code=a.node.code, title=a.node.title, points=float(a.points), max=float(a.max_points)
                    )
                    for a in row.areas
                ],
            )
            for row in ranking.rows
        ],
        pending=[
            RankingPendingOut(unit=a.unit.code, name=a.unit.name, stage=a.stage) for a in ranking.pending
        ],
    )


def ranking_year_out(*, year: int | None, issuer: str | None) -> RankingYearOut:
    """The answer for ``year`` (default: the newest with a published framework); an issuer
    without a published framework that year is a 422."""
    if year is None:
        years = ranking_years()
        year = years[0] if years else timezone.localdate().year
    frameworks = ranking_frameworks(year=year)
    code = (issuer or "").strip()
    if code:
        frameworks = [f for f in frameworks if f.issuer.code == code]
        if not frameworks:
            raise field_error(
                "issuer",
                _("Không có bộ chỉ số đã ban hành của đơn vị «%(code)s» trong năm %(year)s.")
                % {"code": code[:20], "year": year},
                "unknown_framework",
            )
    return RankingYearOut(
        year=year, frameworks=[_framework_out(framework_ranking(framework=f)) for f in frameworks]
    )
