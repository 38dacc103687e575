"""The yearly ranking of the units scored on a commune reform-index framework (issue 15, "Ranking").

One read serves the public page, the Excel sheet and the API, in five queries whatever the number
of units (the framework, its rank groups, its nodes, the assessments, the criterion scores):

- only **final** assessments are ranked; a unit whose assessment is still open is listed apart as
  "chưa có kết quả" and never ranked on a partial score;
- index = total ÷ max_total × 100, rounded half up to 2 places (the rounding of state accounting;
  the rank group is decided on the index as printed, so a reader can check it against the table);
- rank group: the group with the highest ``min_percent`` the index reaches (exactly
  ``min_percent`` reaches it); an index below every group's threshold is "Chưa xếp loại";
- ties: a higher index first; on the same index the framework's ``tie_break`` (survey points, or
  points of the criteria computed from data), then the unit's code. Ranks are positions 1…n, never
  shared: two units the rule cannot tell apart still get distinct ranks (by code), as printed;
- per unit, each area (level-1 node): the sum of the final scores of the leaves under it, and the
  area's maximum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from reformdesk.org.models import Unit
from reformdesk.scoring.models_assessments import Assessment, CriterionScore, Stage
from reformdesk.scoring.models_frameworks import (
    Framework,
    FrameworkNode,
    FrameworkStatus,
    RankGroup,
    TieBreak,
)

_HUNDREDTH = Decimal("0.01")


def ungrouped_label() -> str:
    return _("Chưa xếp loại")


def ranking_index(total: Decimal, max_total: Decimal) -> Decimal:
    """The index as a percentage of the maximum, 2 places, rounded half up."""
    if not max_total:
        return Decimal("0.00")
    return (total * 100 / max_total).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


def rank_group_label(index: Decimal, groups: list[RankGroup]) -> str:
    """The group with the highest threshold the index reaches, else "Chưa xếp loại"."""
    reached = [g for g in groups if index >= g.min_percent]
    if not reached:
        return ungrouped_label()
    return max(reached, key=lambda g: g.min_percent).label


@dataclass(frozen=True)
class AreaScore:
    node: FrameworkNode
    points: Decimal
    max_points: Decimal


@dataclass
class NodeScores:
    """One node's scores for one unit: a leaf's own, or the sums over the leaves under it (None
    where no leaf under it has that score)."""

    self_score: Decimal | None = None
    appraised_score: Decimal | None = None
    final_score: Decimal | None = None


@dataclass
class RankedUnit:
    rank: int
    unit: Unit
    assessment: Assessment
    total: Decimal
    max_total: Decimal
    index: Decimal
    group: str
    tie_value: Decimal
    areas: list[AreaScore] = field(default_factory=list)
    tied: bool = False  # same index as a neighbour: the tie-break rule decided the order
    nodes: dict[int, NodeScores] = field(default_factory=dict)


@dataclass
class Ranking:
    framework: Framework
    groups: list[RankGroup]
    areas: list[FrameworkNode]
    nodes: list[FrameworkNode]  # the whole tree in order, for the scoring sheet
    rows: list[RankedUnit]
    pending: list[Assessment]  # not final yet: listed, not ranked

    @property
    def tie_rule(self) -> str:
        return str(TieBreak(self.framework.tie_break).label)

    @property
    def has_ties(self) -> bool:
        return any(row.tied for row in self.rows)


def ranking_frameworks(*, year: int) -> list[Framework]:
    """The published frameworks of a year (a draft has no results), by issuer."""
    return list(
        Framework.objects.filter(year=year, status=FrameworkStatus.PUBLISHED)
        .select_related("issuer")
        .order_by("issuer__code")
    )


def ranking_years() -> list[int]:
    """Years with a published framework, newest first (the public year selector)."""
    published = Framework.objects.filter(status=FrameworkStatus.PUBLISHED)
    return list(published.order_by("-year").values_list("year", flat=True).distinct())


def _add(current: Decimal | None, value: Decimal | None) -> Decimal | None:
    if value is None:
        return current
    return value if current is None else current + value


def _tie_value(assessment: Assessment, rule: str) -> Decimal:
    if rule == TieBreak.COMPUTED_THEN_CODE:
        return assessment.computed_total or Decimal(0)
    return assessment.survey_total or Decimal(0)


def _assessments(framework: Framework) -> QuerySet[Assessment]:
    return Assessment.objects.filter(framework=framework).select_related("unit").order_by("unit__code")


def framework_ranking(*, framework: Framework, with_nodes: bool = False) -> Ranking:
    """The ranking of ``framework`` (see the module docstring). ``with_nodes`` also fills every
    node's self, appraised and final scores per unit (the Excel sheet)."""
    groups = list(framework.rank_groups.all())
    nodes = list(framework.nodes.all())
    by_id = {node.pk: node for node in nodes}
    leaf_ids = {n.pk for n in nodes} - {n.parent_id for n in nodes if n.parent_id}

    def ancestors(node: FrameworkNode) -> list[int]:
        chain = [node.pk]
        while node.parent_id is not None:
            node = by_id[node.parent_id]
            chain.append(node.pk)
        return chain

    chains = {pk: ancestors(by_id[pk]) for pk in leaf_ids}
    areas = [n for n in nodes if n.parent_id is None]
    final: list[Assessment] = []
    pending: list[Assessment] = []
    for assessment in _assessments(framework):
        (final if assessment.stage == Stage.FINAL else pending).append(assessment)

    rows: dict[int, RankedUnit] = {}
    for assessment in final:
        total = assessment.total or Decimal(0)
        max_total = assessment.max_total or Decimal(0)
        index = ranking_index(total, max_total)
        rows[assessment.pk] = RankedUnit(
            rank=0,
            unit=assessment.unit,
            assessment=assessment,
            total=total,
            max_total=max_total,
            index=index,
            group=rank_group_label(index, groups),
            tie_value=_tie_value(assessment, framework.tie_break),
        )
    area_points: dict[int, dict[int, Decimal]] = {pk: {} for pk in rows}
    fields = ["assessment_id", "node_id", "final_score"]
    if with_nodes:
        fields += ["self_score", "appraised_score"]
    scores = CriterionScore.objects.filter(assessment_id__in=list(rows), node_id__in=leaf_ids).values(*fields)
    for score in scores:
        chain = chains[score["node_id"]]
        points = area_points[score["assessment_id"]]
        points[chain[-1]] = points.get(chain[-1], Decimal(0)) + (score["final_score"] or Decimal(0))
        if with_nodes:
            per_node = rows[score["assessment_id"]].nodes
            for node_id in chain:
                sums = per_node.setdefault(node_id, NodeScores())
                sums.self_score = _add(sums.self_score, score["self_score"])
                sums.appraised_score = _add(sums.appraised_score, score["appraised_score"])
                sums.final_score = _add(sums.final_score, score["final_score"])
    for pk, row in rows.items():
        row.areas = [
            AreaScore(area, area_points[pk].get(area.pk, Decimal(0)), area.max_points) for area in areas
        ]

    ordered = sorted(rows.values(), key=lambda r: (-r.index, -r.tie_value, r.unit.code))
    for position, row in enumerate(ordered, start=1):
        row.rank = position
    for before, after in pairwise(ordered):
        if before.index == after.index:
            before.tied = after.tied = True
    return Ranking(
        framework=framework, groups=groups, areas=areas, nodes=nodes, rows=ordered, pending=pending
    )
