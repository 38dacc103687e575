"""Scoring a commune on a published framework: every step, its event and audit row, and every
refusal with nothing saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reformdesk.core.models import AuditEvent
from reformdesk.documents.choices import DocumentType
from reformdesk.documents.tests.factories import register_outgoing
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.tests.factories import desk_procedure
from reformdesk.org.choices import Role, Scope
from reformdesk.org.models import Membership, Official
from reformdesk.org.tests.factories import make_official
from reformdesk.scoring.models_assessments import (
    Assessment,
    AssessmentEvent,
    AssessmentEventKind,
    AssessmentEvidence,
    AssessmentRevision,
    CriterionScore,
    Stage,
)
from reformdesk.scoring.models_frameworks import Method, RateSource
from reformdesk.scoring.models_plans import ReportKind
from reformdesk.scoring.services import appraisal
from reformdesk.scoring.services.assessments import (
    assessment_open,
    assessment_self_score,
    assessment_submit,
    parse_points,
)
from reformdesk.scoring.services.frameworks import (
    NodeRow,
    framework_create,
    framework_publish,
    framework_replace_tree,
)
from reformdesk.scoring.services.plans import report_obligations_open, report_submit
from reformdesk.scoring.tests.factories import make_dossier, pdf
from reformdesk.worktime.selectors import VN_TZ

pytestmark = pytest.mark.django_db


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN_TZ)


ROWS = [
    NodeRow("1", 1, "Thủ tục hành chính", Decimal(13), Method.SUM, row=2),
    NodeRow("1.1", 2, "Niêm yết", Decimal(4), Method.MANUAL, row=3),
    NodeRow(
        "1.2", 2, "Hồ sơ đúng hạn", Decimal(6), Method.COMPUTED, RateSource.DOSSIERS_ON_TIME, "linear", row=4
    ),
    NodeRow(
        "1.3", 2, "Báo cáo đúng hạn", Decimal(3), Method.COMPUTED, RateSource.REPORTS_ON_TIME, "linear", row=5
    ),
    NodeRow("2", 1, "Hài lòng", Decimal(5), Method.SURVEY, row=6),
]


@pytest.fixture
def council(tree):
    return make_official(
        unit=tree.province, role=Role.REFORM, scope=Scope.SUBTREE, username="cchc_tinh_t"
    ).user


@pytest.fixture
def framework(tree, council):
    framework = framework_create(actor=council, issuer=tree.province, year=2026, title="Bộ chỉ số 2026")
    framework_replace_tree(actor=council, framework=framework, rows=ROWS)
    return framework_publish(actor=council, framework=framework)


@pytest.fixture
def dossiers(tree):
    desk = desk_procedure(units=[tree.commune_a])
    a = tree.commune_a
    make_dossier(
        unit=a,
        desk=desk,
        received_at=vn(2026, 3, 2),
        due_at=vn(2026, 3, 5, 17),
        finished_at=vn(2026, 3, 4, 10),
    )
    make_dossier(
        unit=a,
        desk=desk,
        received_at=vn(2026, 3, 2),
        due_at=vn(2026, 3, 5, 17),
        finished_at=vn(2026, 3, 9, 10),
        status=Status.RESULT_READY,
    )


@pytest.fixture
def opened(framework, council, tree, personas, dossiers):
    deadline = timezone.localdate() + dt.timedelta(days=7)
    return assessment_open(
        actor=council, framework=framework, units=[tree.commune_a], self_deadline=deadline
    )[0]


def score(assessment: Assessment, code: str) -> CriterionScore:
    return CriterionScore.objects.select_related(
        "node", "assessment__unit", "assessment__framework__issuer"
    ).get(assessment=assessment, node__code=code)


def kinds(assessment: Assessment) -> list[str]:
    return list(AssessmentEvent.objects.filter(assessment=assessment).values_list("kind", flat=True))


def text_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("ghi-chu.txt", b"khong phai pdf", "application/pdf")


# --- opening -----------------------------------------------------------------------------------


def test_opening_prefills_computed_leaves_and_shows_no_data_as_none(opened):
    rows = {s.node.code: s for s in opened.scores.select_related("node")}
    assert sorted(rows) == ["1.1", "1.2", "1.3", "2"]
    # one dossier on time, one late: 1 / 2 → 6 × 0.5
    assert rows["1.2"].computed_rate == Decimal("0.5")
    assert rows["1.2"].computed_score == Decimal("3.00")
    assert rows["1.2"].self_score == Decimal("3.00")
    # no plans or reports are recorded: no data, neither 0 nor full
    assert rows["1.3"].computed_rate is None
    assert rows["1.3"].computed_score is None
    assert rows["1.3"].self_score is None
    assert opened.stage == Stage.SELF
    event = AssessmentEvent.objects.get(assessment=opened)
    assert event.kind == AssessmentEventKind.OPENED
    assert event.data["no_data"] == ["1.3"]
    assert AuditEvent.objects.filter(action="assessment.open").count() == 1


def test_opening_is_refused_with_nothing_saved(framework, council, tree, personas):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        assessment_open(
            actor=council,
            framework=framework,
            units=[tree.province],
            self_deadline=today - dt.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"units", "self_deadline"}
    with pytest.raises(PermissionDenied):
        assessment_open(
            actor=personas.chair_a, framework=framework, units=[tree.commune_a], self_deadline=today
        )
    assessment_open(actor=council, framework=framework, units=[tree.commune_a], self_deadline=today)
    with pytest.raises(ValidationError, match="Đã mở chấm điểm"):
        assessment_open(
            actor=council, framework=framework, units=[tree.commune_a, tree.commune_b], self_deadline=today
        )
    assert Assessment.objects.count() == 1
    assert CriterionScore.objects.count() == 4


def test_opening_on_a_draft_is_refused(tree, council):
    draft = framework_create(actor=council, issuer=tree.province, year=2027, title="Dự thảo")
    framework_replace_tree(actor=council, framework=draft, rows=ROWS)
    with pytest.raises(ValidationError, match="đã ban hành"):
        assessment_open(
            actor=council, framework=draft, units=[tree.commune_a], self_deadline=timezone.localdate()
        )
    assert not Assessment.objects.exists()


# --- self-assessment ---------------------------------------------------------------------------


def test_the_chair_self_scores_with_evidence(opened, personas):
    assessment_self_score(
        actor=personas.chair_a,
        score=score(opened, "1.1"),
        points=Decimal("3.5"),
        note="Niêm yết đủ tại bộ phận một cửa",
        evidence=pdf("minh-chung.pdf"),
    )
    saved = score(opened, "1.1")
    assert (saved.self_score, saved.self_note) == (Decimal("3.50"), "Niêm yết đủ tại bộ phận một cửa")
    evidence = AssessmentEvidence.objects.get(score=saved)
    assert (evidence.content_type, evidence.original_name) == ("application/pdf", "minh-chung.pdf")
    assert kinds(opened)[-2:] == [AssessmentEventKind.SELF_SCORED, AssessmentEventKind.EVIDENCE_ADDED]
    assert AuditEvent.objects.filter(action="criterion_score.self_score").count() == 1


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (Decimal("4.01"), "từ 0 đến 4"),
        (Decimal("-1"), "từ 0 đến 4"),
        (Decimal("1.234"), "hai chữ số"),
        (None, "Cần nhập điểm"),
    ],
)
def test_bad_self_scores_are_refused(opened, personas, points, message):
    with pytest.raises(ValidationError, match=message):
        assessment_self_score(actor=personas.chair_a, score=score(opened, "1.1"), points=points)
    assert score(opened, "1.1").self_score is None
    assert kinds(opened) == [AssessmentEventKind.OPENED]


def test_self_scoring_is_refused_after_the_deadline_on_a_survey_leaf_with_a_bad_file_and_for_others(
    opened, personas
):
    with pytest.raises(ValidationError, match="không phải PDF"):
        assessment_self_score(
            actor=personas.chair_a, score=score(opened, "1.1"), points=Decimal(2), evidence=text_file()
        )
    with pytest.raises(ValidationError, match="khảo sát"):
        assessment_self_score(actor=personas.chair_a, score=score(opened, "2"), points=Decimal(2))
    with pytest.raises(PermissionDenied):
        assessment_self_score(actor=personas.specialist_b, score=score(opened, "1.1"), points=Decimal(2))
    with pytest.raises(PermissionDenied):
        assessment_self_score(actor=personas.one_stop_a, score=score(opened, "1.1"), points=Decimal(2))
    Assessment.objects.filter(pk=opened.pk).update(self_deadline=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="quá hạn tự chấm"):
        assessment_self_score(actor=personas.chair_a, score=score(opened, "1.1"), points=Decimal(2))
    with pytest.raises(ValidationError, match="quá hạn tự chấm"):
        assessment_submit(actor=personas.chair_a, assessment=opened)
    assert score(opened, "1.1").self_score is None
    assert not AssessmentEvidence.objects.exists()
    assert kinds(opened) == [AssessmentEventKind.OPENED]


def test_submitting_with_unscored_leaves_is_refused(opened, personas):
    with pytest.raises(ValidationError, match=r"1\.1, 1\.3"):
        assessment_submit(actor=personas.chair_a, assessment=opened)
    opened.refresh_from_db()
    assert opened.stage == Stage.SELF
    assert opened.submitted_at is None


def _self_assess(opened, personas) -> None:
    assessment_self_score(actor=personas.chair_a, score=score(opened, "1.1"), points=Decimal(4))
    assessment_self_score(actor=personas.chair_a, score=score(opened, "1.3"), points=Decimal("2.5"))
    assessment_submit(actor=personas.chair_a, assessment=opened)


# --- appraisal, answer ---------------------------------------------------------------------------


def test_the_council_accepts_and_changes_scores_and_the_unit_answers_once(opened, personas, council):
    _self_assess(opened, personas)
    appraisal.assessment_appraise(actor=council, score=score(opened, "1.2"), points=Decimal(3))
    with pytest.raises(ValidationError, match="ý kiến thẩm định"):
        appraisal.assessment_appraise(
            actor=council, score=score(opened, "1.1"), points=Decimal(3), comment=" "
        )
    assert score(opened, "1.1").appraised_score is None
    with pytest.raises(ValidationError, match=r"1\.1, 1\.3"):
        appraisal.assessment_send_appraisal(actor=council, assessment=opened)
    appraisal.assessment_appraise(
        actor=council, score=score(opened, "1.1"), points=Decimal(3), comment="Thiếu ảnh chụp bảng niêm yết"
    )
    appraisal.assessment_appraise(actor=council, score=score(opened, "1.3"), points=Decimal("2.5"))
    appraisal.assessment_send_appraisal(actor=council, assessment=opened)
    changed = score(opened, "1.1")
    assert (changed.appraised_score, changed.appraisal_comment, changed.appraised_by) == (
        Decimal(3),
        "Thiếu ảnh chụp bảng niêm yết",
        council,
    )
    appraisal.assessment_answer(actor=personas.chair_a, score=changed, text="Đã bổ sung ảnh")
    with pytest.raises(ValidationError, match="một lần"):
        appraisal.assessment_answer(actor=personas.chair_a, score=score(opened, "1.1"), text="Lần hai")
    assert score(opened, "1.1").unit_answer == "Đã bổ sung ảnh"
    appraisal.assessment_review_answer(
        actor=council, score=score(opened, "1.1"), points=Decimal("3.5"), comment="Chấp nhận một phần"
    )
    with pytest.raises(ValidationError, match="đã xem xét"):
        appraisal.assessment_review_answer(
            actor=council, score=score(opened, "1.1"), points=Decimal(4), comment="x"
        )
    assert score(opened, "1.1").appraised_score == Decimal("3.5")
    assert kinds(opened)[-7:] == [
        AssessmentEventKind.SUBMITTED,
        AssessmentEventKind.APPRAISED,
        AssessmentEventKind.APPRAISED,
        AssessmentEventKind.APPRAISED,
        AssessmentEventKind.APPRAISAL_SENT,
        AssessmentEventKind.ANSWERED,
        AssessmentEventKind.APPRAISED,
    ]


def test_an_appraiser_working_in_the_assessed_unit_is_refused(opened, personas, tree):
    _self_assess(opened, personas)
    insider = make_official(unit=tree.commune_a, role=Role.REFORM, username="cchc_xa_a")
    Membership.objects.create(official=insider, unit=tree.province, role=Role.REFORM, scope=Scope.SUBTREE)
    with pytest.raises(PermissionDenied, match="chính đơn vị mình"):
        appraisal.assessment_appraise(actor=insider.user, score=score(opened, "1.1"), points=Decimal(4))
    assert score(opened, "1.1").appraised_score is None


def test_a_unit_chair_cannot_appraise(opened, personas):
    _self_assess(opened, personas)
    with pytest.raises(PermissionDenied):
        appraisal.assessment_appraise(actor=personas.chair_a, score=score(opened, "1.1"), points=Decimal(4))


# --- survey, final, revision -------------------------------------------------------------------


def _to_survey(opened, personas, council) -> None:
    _self_assess(opened, personas)
    for code in ("1.1", "1.2", "1.3"):
        s = score(opened, code)
        appraisal.assessment_appraise(actor=council, score=s, points=s.self_score)
    appraisal.assessment_send_appraisal(actor=council, assessment=opened)
    appraisal.assessment_open_survey(actor=council, assessment=opened)


def test_survey_points_need_the_report_and_final_locks_the_totals(opened, personas, council):
    _to_survey(opened, personas, council)
    assert score(opened, "2").survey_points is None  # no survey in the test data
    with pytest.raises(ValidationError, match="chưa có điểm: 2"):
        appraisal.assessment_finalize(actor=council, assessment=opened)
    with pytest.raises(ValidationError, match="báo cáo kết quả khảo sát"):
        appraisal.assessment_survey_points(
            actor=council, score=score(opened, "2"), points=Decimal(4), evidence=None
        )
    with pytest.raises(ValidationError, match="từ 0 đến 5"):
        appraisal.assessment_survey_points(
            actor=council, score=score(opened, "2"), points=Decimal(6), evidence=pdf("minh-chung.pdf")
        )
    assert score(opened, "2").survey_points is None
    appraisal.assessment_survey_points(
        actor=council, score=score(opened, "2"), points=Decimal("4.25"), evidence=pdf("minh-chung.pdf")
    )
    final = appraisal.assessment_finalize(actor=council, assessment=opened)
    assert final.stage == Stage.FINAL
    # 4 + 3 + 2.5 + 4.25
    assert (final.total, final.max_total, final.survey_total, final.computed_total) == (
        Decimal("13.75"),
        Decimal(18),
        Decimal("4.25"),
        Decimal("5.50"),
    )
    assert score(opened, "1.2").final_score == Decimal(3)
    with pytest.raises(ValidationError, match="không làm được ở bước này"):
        appraisal.assessment_appraise(
            actor=council, score=score(opened, "1.1"), points=Decimal(1), comment="x"
        )
    assert score(opened, "1.1").final_score == Decimal(4)


def test_a_final_result_changes_only_by_a_revision_with_a_reason(opened, personas, council):
    _to_survey(opened, personas, council)
    appraisal.assessment_survey_points(
        actor=council, score=score(opened, "2"), points=Decimal(5), evidence=pdf("minh-chung.pdf")
    )
    appraisal.assessment_finalize(actor=council, assessment=opened)
    target = score(opened, "1.1")
    with pytest.raises(ValidationError, match="lý do"):
        appraisal.assessment_revise(
            actor=council, assessment=opened, reason="  ", changes={target.pk: Decimal(2)}
        )
    with pytest.raises(ValidationError, match="Không có điểm nào thay đổi"):
        appraisal.assessment_revise(
            actor=council, assessment=opened, reason="Sửa", changes={target.pk: Decimal(4)}
        )
    with pytest.raises(ValidationError, match="từ 0 đến 4"):
        appraisal.assessment_revise(
            actor=council, assessment=opened, reason="Sửa", changes={target.pk: Decimal(9)}
        )
    opened.refresh_from_db()
    assert (opened.total, opened.revision) == (Decimal("14.50"), 0)
    assert not AssessmentRevision.objects.exists()
    revision = appraisal.assessment_revise(
        actor=council,
        assessment=opened,
        reason="Phát hiện sai sót khi đối chiếu",
        changes={target.pk: Decimal(2)},
    )
    opened.refresh_from_db()
    assert (opened.total, opened.revision) == (Decimal("12.50"), 1)
    assert (revision.number, revision.old_total, revision.new_total) == (
        1,
        Decimal("14.50"),
        Decimal("12.50"),
    )
    assert revision.changes == [{"node": "1.1", "old": "4.00", "new": "2.00"}]
    assert kinds(opened)[-1] == AssessmentEventKind.REVISED
    assert AuditEvent.objects.filter(action="assessment.revise").count() == 1


def test_parse_points_reads_a_comma_and_refuses_words():
    assert parse_points("7,5") == Decimal("7.5")
    assert parse_points("  ") is None
    with pytest.raises(ValidationError):
        parse_points("bảy")
    with pytest.raises(ValidationError):
        parse_points("NaN")


def test_the_reports_criterion_is_prefilled_from_the_reform_reports(framework, council, tree, personas):
    """GIVEN the commune's 2026 report schedule, the quarter I and six-month reports submitted on
    their due days and quarter III a day late WHEN the assessment opens THEN the "reports on time"
    criterion reads them: the plan (due 15/1) is missing, so 2 of the 4 due by 20/9 are on time
    (the yearly report, due 20/12, counts once that day is over)."""
    schedule = {
        row.kind: row
        for row in report_obligations_open(actor=personas.district_reform, unit=tree.commune_a, year=2026)
    }
    chair = Official.objects.get(user=personas.chair_a)
    for kind, moment in (
        (ReportKind.Q1, vn(2026, 3, 20, 23, 59)),
        (ReportKind.H1, vn(2026, 6, 20, 9)),
        (ReportKind.Q3, vn(2026, 9, 21, 0, 0)),
    ):
        document = register_outgoing(
            actor=personas.one_stop_a,
            unit=tree.commune_a,
            signer=chair,
            doc_type=DocumentType.REPORT,
            summary="Báo cáo kết quả CCHC",
            issued_on=moment.date(),
        )
        report_submit(actor=personas.one_stop_a, obligation=schedule[kind], document=document, at=moment)
    counted = 4 if timezone.localdate() <= dt.date(2026, 12, 20) else 5

    opened = assessment_open(
        actor=council,
        framework=framework,
        units=[tree.commune_a],
        self_deadline=timezone.localdate() + dt.timedelta(days=7),
    )[0]

    row = score(opened, "1.3")
    assert row.computed_rate == Decimal(2) / Decimal(counted)
    assert row.computed_score == (Decimal(3) * 2 / counted).quantize(Decimal("0.01"))
    assert "1.3" not in AssessmentEvent.objects.get(assessment=opened).data["no_data"]
