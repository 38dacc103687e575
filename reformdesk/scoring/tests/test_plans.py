"""Yearly reform plans and reports: the services, their refusals, and the on-time rates.

Personas of the root conftest: commune A's chair (Đinh Xuân Công) draws up the plan and assigns
its items, the one-stop officer (Nguyễn Thị Hoa) registers and submits the reports, the district
reform officer (Lê Thị Mai) opens the reporting schedule.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.assignments import services as tasks
from reformdesk.assignments.choices import Quality, Status
from reformdesk.assignments.models import Task
from reformdesk.core.models import AuditEvent
from reformdesk.documents.choices import DocumentType
from reformdesk.documents.models import OutgoingDocument
from reformdesk.documents.tests.factories import pdf_upload, register_outgoing, vn
from reformdesk.org.choices import Role
from reformdesk.org.models import Official
from reformdesk.org.tests.factories import make_official
from reformdesk.scoring.models_plans import (
    PlanEvent,
    PlanEventKind,
    PlanItem,
    PlanStatus,
    ReformPlan,
    ReportKind,
    ReportObligation,
    ReportSubmission,
)
from reformdesk.scoring.plans_rules import Outcome, report_outcome
from reformdesk.scoring.selectors_plans import plan_items_on_time, reports_on_time
from reformdesk.scoring.services.plans import (
    plan_add_item,
    plan_approve,
    plan_create,
    report_obligations_open,
    report_submit,
    report_submit_upload,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def chair(personas) -> Official:
    return Official.objects.get(user=personas.chair_a)


@pytest.fixture
def specialist(tree, personas) -> Official:
    return make_official(
        unit=tree.commune_a, role=Role.SPECIALIST, username="tuphap_a", full_name="Lê Văn Tư"
    )


@pytest.fixture
def plan(tree, personas) -> ReformPlan:
    return plan_create(actor=personas.chair_a, unit=tree.commune_a, year=2025, title="Kế hoạch CCHC năm 2025")


@pytest.fixture
def schedule(tree, personas) -> dict[str, ReportObligation]:
    rows = report_obligations_open(actor=personas.district_reform, unit=tree.commune_a, year=2025)
    return {row.kind: row for row in rows}


def _report(personas, tree, chair, **overrides) -> OutgoingDocument:
    values = {"doc_type": DocumentType.REPORT, "summary": "Báo cáo kết quả CCHC"}
    values.update(overrides)
    return register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair, **values)


def test_plan_create_writes_event_and_audit(tree, personas, plan):
    assert (plan.unit, plan.year, plan.status) == (tree.commune_a, 2025, PlanStatus.DRAFT)
    assert list(PlanEvent.objects.values_list("kind", "plan_id")) == [(PlanEventKind.PLAN_CREATED, plan.pk)]
    assert AuditEvent.objects.filter(action="reform_plan.create", object_id=str(plan.pk)).count() == 1


def test_duplicate_plan_refused_nothing_saved(tree, personas, plan):
    with pytest.raises(ValidationError) as error:
        plan_create(actor=personas.chair_a, unit=tree.commune_a, year=2025, title="Kế hoạch thứ hai")
    assert "year" in error.value.message_dict
    assert ReformPlan.objects.count() == 1
    assert PlanEvent.objects.count() == 1


def test_plan_needs_assign_right_on_the_unit(tree, personas):
    with pytest.raises(PermissionDenied):
        plan_create(actor=personas.specialist_b, unit=tree.commune_a, year=2025, title="Kế hoạch")
    with pytest.raises(PermissionDenied):
        plan_create(actor=personas.chair_a, unit=tree.commune_b, year=2025, title="Kế hoạch")
    assert ReformPlan.objects.count() == 0


def test_plan_with_another_units_document_refused(tree, personas):
    chair_b = make_official(
        unit=tree.commune_b, role=Role.LEADER, username="chutich_b", full_name="Hà Văn Bình"
    )
    other = register_outgoing(
        actor=chair_b.user,
        unit=tree.commune_b,
        signer=chair_b,
        doc_type=DocumentType.PLAN,
        summary="Kế hoạch CCHC",
    )
    with pytest.raises(ValidationError) as error:
        plan_create(actor=personas.chair_a, unit=tree.commune_a, year=2025, title="Kế hoạch", document=other)
    assert "document" in error.value.message_dict
    assert ReformPlan.objects.count() == 0


def test_item_becomes_a_task_due_at_the_end_of_the_day(tree, personas, plan, specialist):
    item = plan_add_item(
        actor=personas.chair_a,
        plan=plan,
        title="Rà soát thủ tục hành chính niêm yết",
        due_on=dt.date(2025, 12, 5),
        assignee=specialist,
        at=vn(2025, 12, 1, 9),
    )
    task = item.task
    assert (task.unit, task.assignee, task.status) == (tree.commune_a, specialist, Status.ASSIGNED)
    assert task.deadline_date == dt.date(2025, 12, 5)
    assert task.source_reference == "Kế hoạch CCHC năm 2025"
    assert PlanEvent.objects.filter(kind=PlanEventKind.ITEM_ADDED, item=item).count() == 1
    assert AuditEvent.objects.filter(action="plan_item.add").count() == 1


def test_item_due_outside_the_year_refused_nothing_saved(personas, plan, specialist):
    with pytest.raises(ValidationError) as error:
        plan_add_item(
            actor=personas.chair_a,
            plan=plan,
            title="Việc của năm sau",
            due_on=dt.date(2026, 1, 5),
            assignee=specialist,
            at=vn(2025, 12, 1, 9),
        )
    assert "due_on" in error.value.message_dict
    assert (PlanItem.objects.count(), Task.objects.count()) == (0, 0)


def test_item_assigned_outside_the_plans_unit_refused(tree, personas, plan):
    with pytest.raises(ValidationError):
        plan_add_item(
            actor=personas.chair_a,
            plan=plan,
            title="Việc ở xã khác",
            due_on=dt.date(2025, 12, 5),
            assignee=Official.objects.get(user=personas.specialist_b),
            at=vn(2025, 12, 1, 9),
        )
    assert (PlanItem.objects.count(), Task.objects.count()) == (0, 0)


def test_approve_needs_items_then_writes_event(personas, plan, specialist):
    with pytest.raises(ValidationError):
        plan_approve(actor=personas.chair_a, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    plan_add_item(
        actor=personas.chair_a,
        plan=plan,
        title="Tuyên truyền CCHC",
        due_on=dt.date(2025, 12, 5),
        assignee=specialist,
        at=vn(2025, 12, 1, 9),
    )
    plan_approve(actor=personas.chair_a, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert PlanEvent.objects.filter(kind=PlanEventKind.PLAN_APPROVED).count() == 1
    with pytest.raises(ValidationError):
        plan_approve(actor=personas.chair_a, plan=plan)


def test_plan_items_on_time_from_the_tasks(personas, plan, specialist):
    tu = specialist.user

    def item(title: str, due: dt.date) -> Task:
        added = plan_add_item(
            actor=personas.chair_a,
            plan=plan,
            title=title,
            due_on=due,
            assignee=specialist,
            at=vn(2025, 12, 1, 9),
        )
        tasks.task_acknowledge(actor=tu, task=added.task, at=vn(2025, 12, 1, 10))
        return added.task

    early = item("Việc xong sớm", dt.date(2025, 12, 5))
    late = item("Việc xong muộn", dt.date(2025, 12, 3))
    owed = item("Việc chưa xong", dt.date(2025, 12, 4))
    item("Việc chưa đến hạn", dt.date(2025, 12, 30))
    tasks.task_report_done(actor=tu, task=early, evidence="Đã xong", at=vn(2025, 12, 2, 9))
    tasks.task_evaluate(
        actor=personas.chair_a, task=early, quality=Quality.GOOD, comment="", at=vn(2025, 12, 2, 10)
    )
    tasks.task_report_done(actor=tu, task=late, evidence="Đã xong", at=vn(2025, 12, 4, 9))
    owed.refresh_from_db()
    assert owed.status == Status.ACKNOWLEDGED
    # On 10/12/2025: early on time, late late, owed missing, the 30/12 item not counted yet.
    assert plan_items_on_time(plan.unit, 2025, now=vn(2025, 12, 10, 9)) == (1, 3)
    assert plan_items_on_time(plan.unit, 2025, now=vn(2025, 12, 1, 11)) is None
    assert plan_items_on_time(plan.unit, 2024) is None


def test_obligations_open_once_with_due_days(tree, personas, schedule):
    assert {k: o.due_on for k, o in schedule.items()} == {
        ReportKind.PLAN: dt.date(2025, 1, 15),
        ReportKind.Q1: dt.date(2025, 3, 20),
        ReportKind.H1: dt.date(2025, 6, 20),
        ReportKind.Q3: dt.date(2025, 9, 20),
        ReportKind.YEAR: dt.date(2025, 12, 20),
    }
    assert report_obligations_open(actor=personas.district_reform, unit=tree.commune_a, year=2025) == []
    assert ReportObligation.objects.count() == 5
    assert PlanEvent.objects.filter(kind=PlanEventKind.OBLIGATIONS_OPENED).count() == 1
    with pytest.raises(PermissionDenied):
        report_obligations_open(actor=personas.one_stop_a, unit=tree.commune_a, year=2026)


def test_boundary_day_vietnam_time(tree, personas, chair, schedule):
    """GIVEN the quarter I report due on 20/3/2025 WHEN submitted at 23:59 that day Vietnam time
    (16:59 UTC) THEN on time; a submission at 00:00 on 21/3 (17:00 UTC on the 20th) is late."""
    assert (
        report_outcome(
            due_on=dt.date(2025, 3, 20), submitted_at=vn(2025, 3, 20, 23, 59), today=dt.date(2025, 4, 1)
        )
        == Outcome.ON_TIME
    )
    assert (
        report_outcome(
            due_on=dt.date(2025, 3, 20), submitted_at=vn(2025, 3, 21, 0, 0), today=dt.date(2025, 4, 1)
        )
        == Outcome.LATE
    )
    assert (
        report_outcome(due_on=dt.date(2025, 3, 20), submitted_at=None, today=dt.date(2025, 3, 20))
        == Outcome.PENDING
    )
    assert (
        report_outcome(due_on=dt.date(2025, 3, 20), submitted_at=None, today=dt.date(2025, 3, 21))
        == Outcome.MISSING
    )

    q1 = report_submit(
        actor=personas.one_stop_a,
        obligation=schedule[ReportKind.Q1],
        document=_report(personas, tree, chair, issued_on=dt.date(2025, 3, 20)),
        at=vn(2025, 3, 20, 23, 59),
    )
    h1 = report_submit(
        actor=personas.one_stop_a,
        obligation=schedule[ReportKind.H1],
        document=_report(personas, tree, chair, issued_on=dt.date(2025, 6, 20)),
        at=vn(2025, 6, 21, 0, 0),
    )
    assert q1.submitted_at.utcoffset() is not None
    # On 1/10/2025: the plan and quarter III are missing; quarter I on time; six months late.
    assert reports_on_time(tree.commune_a, 2025, today=dt.date(2025, 10, 1)) == (1, 4)
    assert reports_on_time(tree.commune_a, 2025, today=dt.date(2025, 1, 15)) is None
    assert h1.obligation.events.filter(kind=PlanEventKind.REPORT_SUBMITTED).count() == 1
    assert AuditEvent.objects.filter(action="report.submit").count() == 2


def test_submit_refusals_nothing_saved(tree, personas, chair, schedule):
    chair_b = make_official(
        unit=tree.commune_b, role=Role.LEADER, username="chutich_b", full_name="Hà Văn Bình"
    )
    other_doc = register_outgoing(
        actor=chair_b.user,
        unit=tree.commune_b,
        signer=chair_b,
        doc_type=DocumentType.REPORT,
        summary="Báo cáo",
    )
    b_schedule = report_obligations_open(actor=personas.district_reform, unit=tree.commune_b, year=2025)
    own = _report(personas, tree, chair)
    # Another unit's obligation: commune A's officer holds no register right on commune B.
    with pytest.raises(PermissionDenied):
        report_submit(actor=personas.one_stop_a, obligation=b_schedule[0], document=own)
    # A document of another unit.
    with pytest.raises(ValidationError) as error:
        report_submit(actor=personas.one_stop_a, obligation=schedule[ReportKind.Q1], document=other_doc)
    assert "document" in error.value.message_dict
    report_submit(actor=personas.one_stop_a, obligation=schedule[ReportKind.Q1], document=own)
    # Submitted twice, or one document for two reports.
    with pytest.raises(ValidationError):
        report_submit(
            actor=personas.one_stop_a,
            obligation=schedule[ReportKind.Q1],
            document=_report(personas, tree, chair),
        )
    with pytest.raises(ValidationError):
        report_submit(actor=personas.one_stop_a, obligation=schedule[ReportKind.H1], document=own)
    assert ReportSubmission.objects.count() == 1
    assert PlanEvent.objects.filter(kind=PlanEventKind.REPORT_SUBMITTED).count() == 1


def test_submit_by_upload_registers_the_report(tree, personas, chair, schedule):
    before = OutgoingDocument.objects.count()
    submission = report_submit_upload(
        actor=personas.one_stop_a, obligation=schedule[ReportKind.Q3], upload=pdf_upload(), signer=chair
    )
    document = submission.document
    assert OutgoingDocument.objects.count() == before + 1
    assert (document.unit, document.doc_type, document.summary) == (
        tree.commune_a,
        DocumentType.REPORT,
        "Báo cáo CCHC quý III 2025",
    )
    assert document.symbol.endswith("/BC-UBND")


def test_submit_upload_not_a_pdf_refused_nothing_saved(personas, chair, schedule):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = OutgoingDocument.objects.count()
    with pytest.raises(ValidationError) as error:
        report_submit_upload(
            actor=personas.one_stop_a,
            obligation=schedule[ReportKind.Q3],
            upload=SimpleUploadedFile("bao-cao.pdf", b"not a pdf at all", content_type="application/pdf"),
            signer=chair,
        )
    assert "file" in error.value.message_dict
    assert OutgoingDocument.objects.count() == before
    assert ReportSubmission.objects.count() == 0
