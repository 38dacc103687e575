"""Reads of the commune reform-index assessments: the list a user may see, one assessment's
criteria tree with its scores, evidence, events and revisions, and what the user may do on it.

Reading needs ``Perm.VIEW_INDEX`` or ``Perm.SELF_ASSESS`` on the assessed unit (its leaders,
reform officers and inspectors, and those of the units above it with a subtree scope).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from reformdesk.org.choices import UnitKind
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter
from reformdesk.scoring.models_assessments import (
    Assessment,
    AssessmentEvent,
    AssessmentEvidence,
    AssessmentRevision,
    CriterionScore,
)
from reformdesk.scoring.models_frameworks import Framework, FrameworkStatus, Method
from reformdesk.scoring.selectors_frameworks import framework_tree


def assessments_visible(*, user: AnyUser) -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        unit_filter(user, Perm.VIEW_INDEX, "unit") | unit_filter(user, Perm.SELF_ASSESS, "unit")
    )


def assessment_list(*, user: AnyUser, year: int | None = None) -> QuerySet[Assessment]:
    """The assessments ``user`` may read, newest framework first, then by unit (two joins, one query)."""
    rows = assessments_visible(user=user).select_related("framework", "unit")
    if year:
        rows = rows.filter(framework__year=year)
    return rows.order_by("-framework__year", "framework_id", "unit__path")


def assessment_get(*, user: AnyUser, pk: int) -> Assessment:
    found = assessments_visible(user=user).select_related("framework__issuer", "unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def openable_frameworks(*, user: AnyUser) -> list[Framework]:
    """Published frameworks whose issuer ``user`` appraises for (``Perm.ENTER_INDEX``)."""
    return list(
        Framework.objects.filter(
            unit_filter(user, Perm.ENTER_INDEX, "issuer"), status=FrameworkStatus.PUBLISHED
        ).select_related("issuer")
    )


def unassessed_units(*, framework: Framework) -> list[Unit]:
    """Communes in force today in the issuer's tree with no assessment on ``framework`` yet."""
    today = timezone.localdate()
    units = Unit.objects.filter(path__startswith=framework.issuer.path, kind=UnitKind.COMMUNE).exclude(
        pk__in=Assessment.objects.filter(framework=framework).values("unit_id")
    )
    return [unit for unit in units.order_by("path") if unit.is_active_on(today)]


@dataclass
class Row:
    """A node of the tree; for a leaf its score row and evidence files."""

    code: str
    title: str
    level: int
    max_points: Decimal
    method: str
    method_label: str
    rate_source_label: str
    illustrative: bool
    score: CriterionScore | None = None
    evidence: list[AssessmentEvidence] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return self.score is not None

    @property
    def is_survey(self) -> bool:
        return self.method == Method.SURVEY

    @property
    def is_computed(self) -> bool:
        return self.method == Method.COMPUTED

    @property
    def rate_percent(self) -> Decimal | None:
        rate = self.score.computed_rate if self.score else None
        return (rate * 100).quantize(Decimal("0.1")) if rate is not None else None

    @property
    def changed(self) -> bool:
        s = self.score
        return bool(s and s.appraised_score is not None and s.appraised_score != s.self_score)


@dataclass
class AssessmentDetail:
    assessment: Assessment
    rows: list[Row]
    events: list[AssessmentEvent]
    revisions: list[AssessmentRevision]
    can_self: bool
    can_council: bool
    deadline_passed: bool

    @property
    def leaves(self) -> list[Row]:
        return [row for row in self.rows if row.is_leaf]

    @property
    def unscored(self) -> int:
        return sum(1 for r in self.leaves if not r.is_survey and r.score and r.score.self_score is None)

    @property
    def self_total(self) -> Decimal:
        return sum((r.score.self_score or Decimal(0) for r in self.leaves if r.score), Decimal(0))


def assessment_detail(*, user: AnyUser, pk: int) -> AssessmentDetail:
    """One assessment for ``user`` (404 when not visible): a fixed number of queries."""
    assessment = assessment_get(user=user, pk=pk)
    scores = {
        s.node_id: s
        for s in CriterionScore.objects.filter(assessment=assessment).select_related("node", "appraised_by")
    }
    evidence: dict[int, list[AssessmentEvidence]] = defaultdict(list)
    for file in AssessmentEvidence.objects.filter(score__assessment=assessment).select_related("uploaded_by"):
        evidence[file.score_id].append(file)
    rows: list[Row] = []
    for item in framework_tree(assessment.framework).flat():
        node = item.node
        score = scores.get(node.pk)
        rows.append(
            Row(
                code=node.code,
                title=node.title,
                level=node.level,
                max_points=node.max_points,
                method=node.method,
                method_label=node.get_method_display(),
                rate_source_label=node.get_rate_source_display() if node.rate_source else "",
                illustrative=node.illustrative,
                score=score,
                evidence=evidence.get(score.pk, []) if score else [],
            )
        )
    council = has_perm(user, Perm.ENTER_INDEX, assessment.framework.issuer)
    return AssessmentDetail(
        assessment=assessment,
        rows=rows,
        events=list(AssessmentEvent.objects.filter(assessment=assessment).select_related("actor", "node")),
        revisions=list(AssessmentRevision.objects.filter(assessment=assessment).select_related("by")),
        can_self=has_perm(user, Perm.SELF_ASSESS, assessment.unit),
        can_council=council,
        deadline_passed=timezone.localdate() > assessment.self_deadline,
    )


def evidence_get(*, assessment: Assessment, evidence_id: int) -> AssessmentEvidence:
    found = AssessmentEvidence.objects.filter(pk=evidence_id, score__assessment=assessment).first()
    if found is None:
        raise Http404
    return found
