"""The demo's seven communes scored on the 2026 demo framework through the whole process
(``manage.py load_demo``, after the framework): opened by the province's reform officer with
computed criteria pre-filled from the demo's data, self-assessed, appraised (one score changed
per commune, with a comment), answered once and reviewed, survey points added (from a survey
result when one is reliable, else entered with the survey report), and made final.

The self scores of manual criteria are illustrative and deterministic. Each commune is scored by
its chair's demo login (``chutich.tanky`` …); a commune without one by the administrator. Run
twice it adds nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from reformdesk.org import demo_data as org_data
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Unit
from reformdesk.scoring import demo_frameworks
from reformdesk.scoring.models_assessments import Assessment, CriterionScore
from reformdesk.scoring.models_frameworks import Framework, Method
from reformdesk.scoring.services import appraisal
from reformdesk.scoring.services.assessments import assessment_open, assessment_self_score, assessment_submit

ADMIN = "admin"
# Shares of the maximum the communes give themselves on manual criteria, cycled (illustrative).
SHARES = (Decimal("1"), Decimal("0.9"), Decimal("0.8"), Decimal("1"), Decimal("0.75"), Decimal("0.85"))
# A one-page PDF standing for the survey report the council attaches.
REPORT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _points(max_points: Decimal, share: Decimal) -> Decimal:
    return (max_points * share).quantize(Decimal("0.01"))


def _score_commune(assessment: Assessment, actor: User, council: User, number: int) -> None:
    scores = list(assessment.scores.select_related("node", "assessment__unit").order_by("node__sort_order"))
    for index, score in enumerate(scores):
        if score.node.method == Method.SURVEY:
            continue
        if score.self_score is None:
            share = SHARES[(number + index) % len(SHARES)]
            note = (
                "Chưa có dữ liệu trên hệ thống; tự chấm theo hồ sơ lưu."
                if score.node.method == Method.COMPUTED
                else ""
            )
            assessment_self_score(
                actor=actor, score=score, points=_points(score.node.max_points, share), note=note
            )
    assessment_submit(actor=actor, assessment=assessment)
    changed = [s for s in scores if s.node.method == Method.MANUAL][number % 5]
    for score in assessment.scores.select_related(
        "node", "assessment__unit", "assessment__framework__issuer"
    ):
        if score.node.method == Method.SURVEY:
            continue
        if score.pk == changed.pk:
            lower = max((score.self_score or Decimal(0)) - Decimal("0.5"), Decimal(0))
            appraisal.assessment_appraise(
                actor=council,
                score=score,
                points=lower,
                comment="Minh chứng chưa thể hiện đủ kết quả thực hiện; trừ 0,5 điểm.",
            )
        else:
            appraisal.assessment_appraise(actor=council, score=score, points=score.self_score)
    appraisal.assessment_send_appraisal(actor=council, assessment=assessment)
    answered = CriterionScore.objects.select_related(
        "node", "assessment__unit", "assessment__framework__issuer"
    ).get(pk=changed.pk)
    appraisal.assessment_answer(
        actor=actor,
        score=answered,
        text="Đơn vị bổ sung báo cáo kết quả thực hiện, đề nghị giữ điểm tự chấm.",
    )
    restore = number % 2 == 0
    appraisal.assessment_review_answer(
        actor=council,
        score=answered,
        points=answered.self_score if restore else answered.appraised_score,
        comment="Chấp nhận giải trình." if restore else "Giữ điểm thẩm định: báo cáo bổ sung sau hạn.",
    )
    appraisal.assessment_open_survey(actor=council, assessment=assessment)
    for score in assessment.scores.filter(
        node__method=Method.SURVEY, survey_points__isnull=True
    ).select_related("node", "assessment__unit", "assessment__framework__issuer"):
        share = SHARES[(number + 2) % len(SHARES)]
        appraisal.assessment_survey_points(
            actor=council,
            score=score,
            points=_points(score.node.max_points, share),
            evidence=SimpleUploadedFile("bao-cao-khao-sat-2026.pdf", REPORT, "application/pdf"),
        )
    appraisal.assessment_finalize(actor=council, assessment=assessment)


@transaction.atomic
def seed() -> list[str]:
    province = Unit.objects.filter(code=org_data.PROVINCE[0]).first()
    framework = Framework.objects.filter(issuer=province, year=demo_frameworks.YEAR).first()
    council = User.objects.filter(username=demo_frameworks.ACTOR).first()
    admin = User.objects.filter(username=ADMIN).first()
    if framework is None or council is None or admin is None or framework.assessments.exists():
        return []
    codes = [code for code, _name, _english in org_data.NEW_COMMUNES]
    units = sorted(Unit.objects.filter(code__in=codes), key=lambda unit: codes.index(unit.code))
    opened = assessment_open(
        actor=council, framework=framework, units=units, self_deadline=timezone.localdate()
    )
    for number, assessment in enumerate(opened):
        chair = (
            Membership.objects.filter(unit=assessment.unit, role=Role.LEADER, official__user__isnull=False)
            .select_related("official__user")
            .order_by("-is_primary", "pk")
            .first()
        )
        actor = chair.official.user if chair is not None and chair.official.user is not None else admin
        _score_commune(assessment, actor, council, number)
    return [f"  scoring: {len(opened)} communes scored on the {framework.year} framework (final)"]
