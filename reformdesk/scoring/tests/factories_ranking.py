"""A published framework and assessments as the assessment services leave them, built directly
for exact ranking tests.

The framework: area 1 "Chỉ đạo, điều hành" (60 = 1.1 manual 30 + 1.2 computed 30) and area 2
"Tác động" (40 = 2.1 survey 40); 100 points in all, so a unit's total is its index.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from reformdesk.org.models import Unit
from reformdesk.scoring.models_assessments import Assessment, CriterionScore, Stage
from reformdesk.scoring.models_frameworks import (
    Framework,
    FrameworkNode,
    FrameworkStatus,
    Method,
    RankGroup,
    RateSource,
    TieBreak,
)

GROUPS = (("Tốt", "90"), ("Khá", "80"), ("Trung bình", "70"))
# (code, parent, level, title, max, method)
NODES = (
    ("1", None, 1, "Chỉ đạo, điều hành", "60", Method.SUM),
    ("1.1", "1", 2, "Kế hoạch CCHC", "30", Method.MANUAL),
    ("1.2", "1", 2, "Nhiệm vụ đúng hạn", "30", Method.COMPUTED),
    ("2", None, 1, "Tác động", "40", Method.SUM),
    ("2.1", "2", 2, "Mức độ hài lòng", "40", Method.SURVEY),
)
LEAVES = ("1.1", "1.2", "2.1")


def make_framework(
    *,
    issuer: Unit,
    year: int = 2026,
    tie_break: str = TieBreak.SURVEY_THEN_CODE,
    groups: tuple[tuple[str, str], ...] = GROUPS,
    published: bool = True,
) -> Framework:
    now = timezone.now()
    framework = Framework.objects.create(
        year=year,
        issuer=issuer,
        title=f"Bộ chỉ số CCHC cấp xã năm {year}",
        tie_break=tie_break,
        status=FrameworkStatus.PUBLISHED if published else FrameworkStatus.DRAFT,
        created_at=now,
        published_at=now if published else None,
    )
    made: dict[str, FrameworkNode] = {}
    for order, (code, parent, level, title, points, method) in enumerate(NODES):
        made[code] = FrameworkNode.objects.create(
            framework=framework,
            parent=made[parent] if parent else None,
            code=code,
            level=level,
            title=title,
            max_points=Decimal(points),
            method=method,
            rate_source=RateSource.TASKS_ON_TIME if method == Method.COMPUTED else "",
            sort_order=order,
        )
    for label, low in groups:
        RankGroup.objects.create(framework=framework, label=label, min_percent=Decimal(low))
    return framework


def make_assessment(
    *,
    framework: Framework,
    unit: Unit,
    final: dict[str, str] | None = None,
    self_scores: dict[str, str] | None = None,
    appraised: dict[str, str] | None = None,
    stage: str = Stage.FINAL,
) -> Assessment:
    """An assessment of ``unit`` whose leaf scores are ``final`` (code → points); when final, its
    totals are set as the finalising service sets them (survey = the survey leaves, computed =
    the computed leaves)."""
    final = final or {}
    self_scores = self_scores or final
    appraised = appraised or {}
    nodes = {n.code: n for n in framework.nodes.all()}
    now = timezone.now()
    is_final = stage == Stage.FINAL

    def total_of(method: str | None) -> Decimal:
        return sum(
            (Decimal(v) for k, v in final.items() if method is None or nodes[k].method == method), Decimal(0)
        )

    assessment = Assessment.objects.create(
        framework=framework,
        unit=unit,
        stage=stage,
        self_deadline=dt.date(framework.year, 12, 15),
        total=total_of(None) if is_final else None,
        max_total=sum((nodes[c].max_points for c in LEAVES), Decimal(0)) if is_final else None,
        survey_total=total_of(Method.SURVEY) if is_final else None,
        computed_total=total_of(Method.COMPUTED) if is_final else None,
        opened_at=now,
        finalized_at=now if is_final else None,
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(
            assessment=assessment,
            node=nodes[code],
            self_score=Decimal(self_scores[code]) if code in self_scores else None,
            appraised_score=Decimal(appraised[code]) if code in appraised else None,
            final_score=Decimal(final[code]) if is_final and code in final else None,
        )
        for code in LEAVES
    )
    return assessment
