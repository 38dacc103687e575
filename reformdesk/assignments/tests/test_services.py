"""The 3-step mechanism's services: every step, every refusal (with nothing saved), due moments
in working days and dates, timeliness at its boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.assignments import services
from reformdesk.assignments.choices import (
    CLOSED_STATUSES,
    EventKind,
    Extension,
    Quality,
    SourceKind,
    Status,
    Timeliness,
)
from reformdesk.assignments.models import Task, TaskEvent
from reformdesk.assignments.rules import timeliness_of
from reformdesk.assignments.tests.factories import assign, reported, vn
from reformdesk.assignments.workflow import WORKFLOW, ActionData, perform
from reformdesk.core.models import AuditEvent
from reformdesk.org.choices import Role, Scope
from reformdesk.org.services import membership_add
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return (
        Task.objects.count(),
        TaskEvent.objects.count(),
        AuditEvent.objects.filter(action__startswith="task.").count(),
    )


def snapshot(task: Task) -> dict[str, object]:
    task.refresh_from_db()
    return {f.attname: getattr(task, f.attname) for f in Task._meta.concrete_fields if f.name != "updated_at"}


# --- the three steps -----------------------------------------------------------------------------


def test_the_three_steps_with_a_return(personas, specialist_a):
    """GIVEN the chair assigns a task due in 3 working days WHEN the specialist acknowledges,
    reports progress, reports done, is sent back once, reports done again and is evaluated THEN
    every change is one event row and one audit row, and the task ends evaluated on time."""
    chair, tu = personas.chair_a, specialist_a.user
    task = assign(
        actor=chair,
        assignee=specialist_a,
        source_kind=SourceKind.MEETING,
        source_reference="Kết luận giao ban 01/12",
    )
    assert (task.status, task.due_at, task.first_due_at) == (
        Status.ASSIGNED,
        vn(2025, 12, 4, 9),
        vn(2025, 12, 4, 9),
    )
    assert task.unit_id == specialist_a.memberships.get().unit_id
    services.task_acknowledge(actor=tu, task=task, at=vn(2025, 12, 1, 10))
    services.task_ask_clarification(actor=tu, task=task, question="Báo cáo cả xóm 6?", at=vn(2025, 12, 1, 11))
    task.refresh_from_db()
    assert (task.status, task.due_at) == (Status.ACKNOWLEDGED, vn(2025, 12, 4, 9))  # nothing paused
    services.task_report_progress(
        actor=tu, task=task, percent=40, note="Đã kiểm tra trạm bơm", at=vn(2025, 12, 2, 9)
    )
    services.task_report_done(actor=tu, task=task, evidence="Báo cáo số 5/BC-UBND", at=vn(2025, 12, 2, 16))
    services.task_return(actor=chair, task=task, note="Thiếu số liệu xóm 6", at=vn(2025, 12, 3, 8))
    task.refresh_from_db()
    assert (task.status, task.returns_count, task.done_at) == (Status.RETURNED, 1, None)
    services.task_report_done(actor=tu, task=task, evidence="Báo cáo số 6/BC-UBND", at=vn(2025, 12, 4, 9))
    services.task_evaluate(
        actor=chair, task=task, quality=Quality.GOOD, comment="Đạt yêu cầu", at=vn(2025, 12, 4, 10)
    )
    task.refresh_from_db()
    assert (task.status, task.timeliness, task.quality, task.percent) == (
        Status.EVALUATED,
        Timeliness.ON_TIME,
        Quality.GOOD,
        100,
    )
    assert list(task.events.values_list("kind", "from_status", "to_status", "percent")) == [
        (EventKind.ASSIGNED, "", Status.ASSIGNED, None),
        (EventKind.ACKNOWLEDGED, Status.ASSIGNED, Status.ACKNOWLEDGED, None),
        (EventKind.CLARIFICATION, Status.ACKNOWLEDGED, Status.ACKNOWLEDGED, None),
        (EventKind.PROGRESS, Status.ACKNOWLEDGED, Status.IN_PROGRESS, 40),
        (EventKind.REPORTED, Status.IN_PROGRESS, Status.REPORTED, 100),
        (EventKind.RETURNED, Status.REPORTED, Status.RETURNED, None),
        (EventKind.REPORTED, Status.RETURNED, Status.REPORTED, 100),
        (EventKind.EVALUATED, Status.REPORTED, Status.EVALUATED, None),
    ]
    assert counts() == (1, 8, 8)
    assert list(
        AuditEvent.objects.filter(action__startswith="task.").order_by("id").values_list("action", flat=True)
    ) == [f"task.{kind}" for kind in task.events.values_list("kind", flat=True)]


def test_a_leader_with_a_subtree_scope_assigns_to_a_commune_official(tree, personas, specialist_a):
    district_chair = make_official(
        unit=tree.district, role=Role.LEADER, scope=Scope.SUBTREE, username="chutich_huyen"
    )
    task = assign(actor=district_chair.user, assignee=specialist_a)
    assert (task.unit, task.assigner) == (tree.commune_a, district_chair)


def test_a_task_given_to_a_unit_is_reported_by_its_leader(tree, personas):
    district_chair = make_official(
        unit=tree.district, role=Role.LEADER, scope=Scope.SUBTREE, username="chutich_huyen"
    )
    task = services.task_assign(
        actor=district_chair.user,
        title="Rà soát thủ tục hành chính",
        expected_output="Danh mục thủ tục cần sửa đổi",
        assignee_unit=tree.commune_a,
        deadline_days=5,
        at=vn(2025, 12, 1, 9),
    )
    assert (task.unit, task.due_at) == (tree.commune_a, vn(2025, 12, 8, 9))
    services.task_acknowledge(actor=personas.chair_a, task=task, at=vn(2025, 12, 1, 10))
    with pytest.raises(PermissionDenied):
        services.task_report_progress(
            actor=personas.one_stop_a, task=task, percent=10, at=vn(2025, 12, 1, 11)
        )
    task.refresh_from_db()
    assert task.status == Status.ACKNOWLEDGED


def test_co_handlers_and_a_subtask(personas, specialist_a, one_stop_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a, co_handlers=[one_stop_a])
    assert list(task.co_handlers.all()) == [one_stop_a]
    sub = assign(
        actor=personas.chair_a,
        assignee=one_stop_a,
        parent=task,
        title="Thu thập số liệu xóm 5",
        deadline_days=1,
    )
    assert (sub.parent, sub.due_at) == (task, vn(2025, 12, 2, 9))


# --- deadlines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "days", "due"),
    [
        (vn(2025, 12, 4, 9), 2, vn(2025, 12, 8, 9)),  # Thursday + 2: over the weekend, Monday
        (vn(2025, 12, 5, 16), 1, vn(2025, 12, 8, 16)),  # Friday afternoon + 1: Monday
        (vn(2026, 4, 29, 10), 1, vn(2026, 5, 4, 10)),  # Wednesday + 1: over 30/4, 1/5 and the weekend
        (vn(2026, 4, 24, 10), 3, vn(2026, 5, 4, 10)),  # Friday + 3: 27/4 (Hùng Kings, moved), 30/4, 1/5
    ],
)
def test_a_deadline_in_working_days_skips_weekends_and_holidays(personas, specialist_a, at, days, due):
    task = assign(actor=personas.chair_a, assignee=specialist_a, at=at, deadline_days=days)
    assert (task.deadline_days, task.due_at) == (days, due)


def test_a_deadline_date_is_the_end_of_that_working_day(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a, deadline_date=dt.date(2025, 12, 5))
    assert (task.deadline_days, task.due_at) == (None, vn(2025, 12, 5, 17))


@pytest.mark.parametrize(
    ("day", "field", "message"),
    [
        (dt.date(2025, 11, 28), "deadline_date", "Hạn hoàn thành đã qua."),
        (dt.date(2026, 5, 1), "deadline_date", "Ngày 01/05/2026 không phải ngày làm việc."),
        (dt.date(2025, 12, 6), "deadline_date", "Ngày 06/12/2025 không phải ngày làm việc."),
    ],
)
def test_a_deadline_in_the_past_or_on_a_day_off_is_refused(personas, specialist_a, day, field, message):
    with pytest.raises(ValidationError) as refused:
        assign(actor=personas.chair_a, assignee=specialist_a, deadline_date=day)
    assert refused.value.message_dict == {field: [message]}
    assert counts() == (0, 0, 0)


def test_a_deadline_today_after_office_hours_is_in_the_past(personas, specialist_a):
    with pytest.raises(ValidationError) as refused:
        assign(
            actor=personas.chair_a,
            assignee=specialist_a,
            at=vn(2025, 12, 1, 17, 30),
            deadline_date=dt.date(2025, 12, 1),
        )
    assert refused.value.message_dict == {"deadline_date": ["Hạn hoàn thành đã qua."]}
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"deadline_days": None},
            {"deadline_days": ["Cần ghi thời hạn: số ngày làm việc hoặc ngày hoàn thành."]},
        ),
        ({"deadline_days": 0}, {"deadline_days": ["Thời hạn từ 1 đến 250 ngày làm việc."]}),
        ({"title": "  "}, {"title": ["Cần ghi tên nhiệm vụ."]}),
        ({"title": "Báo\u202ecáo"}, None),
        (
            {"source_kind": SourceKind.INSPECTION},
            {
                "source_reference": [
                    "Cần ghi số, ký hiệu văn bản hoặc cuộc họp, cuộc kiểm tra là nguồn của nhiệm vụ."
                ]
            },
        ),
        ({"priority": "highest"}, {"priority": ["Mức độ không hợp lệ."]}),
    ],
)
def test_bad_input_is_refused_field_by_field(personas, specialist_a, overrides, errors):
    with pytest.raises(ValidationError) as refused:
        assign(actor=personas.chair_a, assignee=specialist_a, **overrides)
    if errors is None:
        assert list(refused.value.message_dict) == ["title"]
    else:
        assert refused.value.message_dict == errors
    assert counts() == (0, 0, 0)


# --- authority -----------------------------------------------------------------------------------


def test_an_assignee_outside_the_assigners_authority_is_refused(personas, specialist_b, one_stop_a):
    with pytest.raises(ValidationError) as refused:
        assign(actor=personas.chair_a, assignee=specialist_b)
    assert refused.value.message_dict == {
        "assignee": ["Cán bộ Trần Văn Nam không thuộc đơn vị bạn được giao việc."]
    }
    with pytest.raises(ValidationError) as refused:
        assign(actor=personas.chair_a, assignee=one_stop_a, co_handlers=[specialist_b])
    assert refused.value.message_dict == {
        "co_handlers": ["Cán bộ Trần Văn Nam không thuộc đơn vị bạn được giao việc."]
    }
    assert counts() == (0, 0, 0)


def test_nobody_assigns_to_themselves(personas):
    from reformdesk.org.models import Official

    chair = Official.objects.get(user=personas.chair_a)
    with pytest.raises(ValidationError) as refused:
        assign(actor=personas.chair_a, assignee=chair)
    assert refused.value.message_dict == {"assignee": ["Không tự giao nhiệm vụ cho mình."]}
    assert counts() == (0, 0, 0)


def test_a_leader_does_not_assign_to_the_unit_they_lead(personas, tree):
    with pytest.raises(ValidationError) as refused:
        services.task_assign(
            actor=personas.chair_a,
            title="Việc",
            expected_output="Kết quả",
            assignee_unit=tree.commune_a,
            deadline_days=2,
        )
    assert refused.value.message_dict == {
        "assignee_unit": ["Đơn vị Xã Phú Sơn không thuộc phạm vi bạn được giao việc."]
    }
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("who", ["one_stop_a", "district_reform", "inspector", "outsider"])
def test_only_leaders_assign(personas, specialist_a, who):
    with pytest.raises(PermissionDenied):
        assign(actor=getattr(personas, who), assignee=specialist_a)
    assert counts() == (0, 0, 0)


# --- reporting -----------------------------------------------------------------------------------


def test_reporting_on_a_task_not_ones_own_is_refused(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    before, totals = snapshot(task), counts()
    for user in (personas.one_stop_a, personas.chair_a, personas.specialist_b):
        with pytest.raises(PermissionDenied):
            services.task_acknowledge(actor=user, task=task)
    assert (snapshot(task), counts()) == (before, totals)


def test_progress_and_completion_wait_for_the_acknowledgement(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    before, totals = snapshot(task), counts()
    with pytest.raises(services.ActionNotAllowed) as refused:
        services.task_report_progress(actor=specialist_a.user, task=task, percent=10)
    assert refused.value.message == "Cần xác nhận đã nhận nhiệm vụ trước khi báo cáo."
    with pytest.raises(services.ActionNotAllowed):
        services.task_report_done(actor=specialist_a.user, task=task, evidence="Xong")
    assert (snapshot(task), counts()) == (before, totals)


@pytest.mark.parametrize("percent", [None, -1, 100, 250])
def test_progress_is_0_to_99_percent(personas, specialist_a, percent):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    services.task_acknowledge(actor=specialist_a.user, task=task, at=vn(2025, 12, 1, 10))
    before, totals = snapshot(task), counts()
    with pytest.raises(ValidationError) as refused:
        services.task_report_progress(actor=specialist_a.user, task=task, percent=percent)
    assert list(refused.value.message_dict) == ["percent"]
    assert (snapshot(task), counts()) == (before, totals)


def test_completion_needs_evidence(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    services.task_acknowledge(actor=specialist_a.user, task=task, at=vn(2025, 12, 1, 10))
    before, totals = snapshot(task), counts()
    with pytest.raises(ValidationError) as refused:
        services.task_report_done(actor=specialist_a.user, task=task, evidence="  ")
    assert refused.value.message_dict == {
        "evidence": ["Cần gửi minh chứng kết quả: tệp kết quả hoặc số, ký hiệu văn bản đã ban hành."]
    }
    assert (snapshot(task), counts()) == (before, totals)


def test_completion_with_an_evidence_file(personas, specialist_a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reformdesk.core.uploads import check_upload

    settings.MEDIA_ROOT = tmp_path
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    services.task_acknowledge(actor=specialist_a.user, task=task, at=vn(2025, 12, 1, 10))
    pdf = check_upload(SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao", content_type="application/pdf"))
    services.task_report_done(actor=specialist_a.user, task=task, files=[pdf], at=vn(2025, 12, 2, 10))
    stored = task.files.get()
    assert (stored.kind, stored.original_name, stored.content_type, stored.event.kind) == (
        "evidence",
        "bao-cao.pdf",
        "application/pdf",
        EventKind.REPORTED,
    )


# --- extension -----------------------------------------------------------------------------------


def test_one_extension_request_granted_moves_the_due_moment(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    services.task_acknowledge(actor=specialist_a.user, task=task, at=vn(2025, 12, 1, 10))
    services.task_request_extension(
        actor=specialist_a.user,
        task=task,
        until=dt.date(2025, 12, 9),
        reason="Chờ số liệu trạm bơm",
        at=vn(2025, 12, 2, 9),
    )
    task.refresh_from_db()
    assert (task.extension, task.extension_due_at, task.due_at) == (
        Extension.ASKED,
        vn(2025, 12, 9, 17),
        vn(2025, 12, 4, 9),
    )
    before, totals = snapshot(task), counts()
    with pytest.raises(services.ActionNotAllowed) as refused:
        services.task_request_extension(
            actor=specialist_a.user, task=task, until=dt.date(2025, 12, 10), reason="Lần nữa"
        )
    assert refused.value.message == "Mỗi nhiệm vụ chỉ được đề nghị gia hạn một lần."
    with pytest.raises(PermissionDenied):
        services.task_decide_extension(actor=specialist_a.user, task=task, grant=True)
    assert (snapshot(task), counts()) == (before, totals)
    services.task_decide_extension(actor=personas.chair_a, task=task, grant=True, at=vn(2025, 12, 2, 10))
    task.refresh_from_db()
    assert (task.extension, task.due_at, task.first_due_at) == (
        Extension.GRANTED,
        vn(2025, 12, 9, 17),
        vn(2025, 12, 4, 9),
    )


def test_a_refused_extension_cannot_be_asked_again(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    services.task_request_extension(
        actor=specialist_a.user,
        task=task,
        until=dt.date(2025, 12, 9),
        reason="Chờ số liệu",
        at=vn(2025, 12, 2, 9),
    )
    with pytest.raises(ValidationError) as refused:
        services.task_decide_extension(actor=personas.chair_a, task=task, grant=False, note="")
    assert refused.value.message_dict == {"note": ["Cần ghi lý do không đồng ý gia hạn."]}
    services.task_decide_extension(
        actor=personas.chair_a, task=task, grant=False, note="Việc gấp", at=vn(2025, 12, 2, 10)
    )
    task.refresh_from_db()
    assert (task.extension, task.due_at) == (Extension.REFUSED, vn(2025, 12, 4, 9))
    totals = counts()
    with pytest.raises(services.ActionNotAllowed):
        services.task_request_extension(
            actor=specialist_a.user, task=task, until=dt.date(2025, 12, 10), reason="Lại"
        )
    assert counts() == totals


def test_an_extension_must_move_the_deadline_later(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    before, totals = snapshot(task), counts()
    with pytest.raises(ValidationError) as refused:
        services.task_request_extension(
            actor=specialist_a.user,
            task=task,
            until=dt.date(2025, 12, 3),
            reason="Sớm hơn?",
            at=vn(2025, 12, 2, 9),
        )
    assert refused.value.message_dict == {"until": ["Ngày gia hạn phải sau hạn hiện tại."]}
    assert (snapshot(task), counts()) == (before, totals)


# --- evaluation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done_at", "timeliness"),
    [
        (vn(2025, 12, 4, 9), Timeliness.ON_TIME),  # exactly at the due moment
        (vn(2025, 12, 4, 9, 1), Timeliness.LATE),  # one minute after
        (vn(2025, 12, 4, 8), Timeliness.ON_TIME),  # the due day, before the moment
        (vn(2025, 12, 3, 16, 59), Timeliness.EARLY),  # the day before
    ],
)
def test_timeliness_at_its_boundaries(personas, specialist_a, done_at, timeliness):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    reported(task=task, by=specialist_a.user, at=done_at)
    services.task_evaluate(
        actor=personas.chair_a, task=task, quality=Quality.DONE, at=done_at + dt.timedelta(hours=1)
    )
    task.refresh_from_db()
    assert task.timeliness == timeliness
    assert task.events.get(kind=EventKind.EVALUATED).data == {"quality": 2, "timeliness": str(timeliness)}


def test_timeliness_uses_the_granted_extension(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    services.task_request_extension(
        actor=specialist_a.user,
        task=task,
        until=dt.date(2025, 12, 9),
        reason="Chờ số liệu",
        at=vn(2025, 12, 2, 9),
    )
    services.task_decide_extension(actor=personas.chair_a, task=task, grant=True, at=vn(2025, 12, 2, 10))
    reported(task=task, by=specialist_a.user, at=vn(2025, 12, 9, 17))  # after the first due, at the new one
    services.task_evaluate(actor=personas.chair_a, task=task, quality=Quality.GOOD, at=vn(2025, 12, 10, 9))
    task.refresh_from_db()
    assert task.timeliness == Timeliness.ON_TIME


def test_timeliness_rule_alone():
    due = vn(2025, 12, 4, 9)
    assert timeliness_of(done_at=due, due_at=due) == Timeliness.ON_TIME
    assert timeliness_of(done_at=due + dt.timedelta(minutes=1), due_at=due) == Timeliness.LATE
    assert timeliness_of(done_at=vn(2025, 12, 3, 23, 59), due_at=due) == Timeliness.EARLY
    assert timeliness_of(done_at=vn(2025, 12, 4, 0, 0), due_at=due) == Timeliness.ON_TIME


def test_evaluation_waits_for_a_pending_extension(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    services.task_request_extension(
        actor=specialist_a.user,
        task=task,
        until=dt.date(2025, 12, 9),
        reason="Chờ số liệu",
        at=vn(2025, 12, 2, 9),
    )
    services.task_acknowledge(actor=specialist_a.user, task=task, at=vn(2025, 12, 2, 9, 30))
    services.task_report_done(actor=specialist_a.user, task=task, evidence="Xong", at=vn(2025, 12, 3, 9))
    before, totals = snapshot(task), counts()
    with pytest.raises(services.ActionNotAllowed) as refused:
        services.task_evaluate(actor=personas.chair_a, task=task, quality=Quality.GOOD)
    assert refused.value.message == "Cần quyết định đề nghị gia hạn trước khi đánh giá."
    assert (snapshot(task), counts()) == (before, totals)


def test_only_the_assigner_evaluates(tree, personas, specialist_a):
    other_leader = make_official(unit=tree.commune_a, role=Role.LEADER, username="phochutich_a")
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    reported(task=task, by=specialist_a.user, at=vn(2025, 12, 2, 9))
    before, totals = snapshot(task), counts()
    for user in (other_leader.user, specialist_a.user, personas.district_reform, personas.admin):
        with pytest.raises(PermissionDenied):
            services.task_evaluate(actor=user, task=task, quality=Quality.GOOD)
        with pytest.raises(PermissionDenied):
            services.task_return(actor=user, task=task, note="Làm lại")
    assert (snapshot(task), counts()) == (before, totals)


def test_nobody_evaluates_their_own_task(tree, personas):
    """GIVEN the district chair assigns a task to commune A WHEN she later also leads commune A
    (so she answers for the task) THEN she may not evaluate it."""
    district_chair = make_official(
        unit=tree.district, role=Role.LEADER, scope=Scope.SUBTREE, username="chutich_huyen"
    )
    task = services.task_assign(
        actor=district_chair.user,
        title="Rà soát",
        expected_output="Danh mục",
        assignee_unit=tree.commune_a,
        deadline_days=5,
        at=vn(2025, 12, 1, 9),
    )
    reported(task=task, by=personas.chair_a, at=vn(2025, 12, 2, 9))
    membership_add(actor=None, official=district_chair, unit=tree.commune_a, role=Role.LEADER)
    before, totals = snapshot(task), counts()
    with pytest.raises(PermissionDenied) as refused:
        services.task_evaluate(actor=district_chair.user, task=task, quality=Quality.EXCELLENT)
    assert str(refused.value) == "Không được tự đánh giá, quyết định nhiệm vụ của chính mình."
    assert (snapshot(task), counts()) == (before, totals)


@pytest.mark.parametrize("quality", [None, 0, 5])
def test_quality_is_one_of_the_four_levels(personas, specialist_a, quality):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    reported(task=task, by=specialist_a.user, at=vn(2025, 12, 2, 9))
    before, totals = snapshot(task), counts()
    with pytest.raises(ValidationError) as refused:
        services.task_evaluate(actor=personas.chair_a, task=task, quality=quality)
    assert refused.value.message_dict == {"quality": ["Cần chọn mức chất lượng."]}
    assert (snapshot(task), counts()) == (before, totals)


def test_a_return_needs_a_reason_and_cancel_too(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    reported(task=task, by=specialist_a.user, at=vn(2025, 12, 2, 9))
    before, totals = snapshot(task), counts()
    with pytest.raises(ValidationError):
        services.task_return(actor=personas.chair_a, task=task, note="")
    with pytest.raises(ValidationError):
        services.task_cancel(actor=personas.chair_a, task=task, note="")
    assert (snapshot(task), counts()) == (before, totals)
    services.task_cancel(actor=personas.chair_a, task=task, note="Không còn cần", at=vn(2025, 12, 2, 10))
    task.refresh_from_db()
    assert (task.status, task.cancelled_at) == (Status.CANCELLED, vn(2025, 12, 2, 10))


# --- the action table against the services ------------------------------------------------------


@pytest.mark.parametrize("action", list(WORKFLOW))
def test_every_action_is_refused_in_every_status_the_table_leaves_out(personas, specialist_a, action):
    """GIVEN a task put in each status the action's row does not list WHEN its service runs, by
    the right person THEN it refuses with ActionNotAllowed and changes nothing."""
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    row = WORKFLOW[action]
    user = personas.chair_a if row.by_assigner else specialist_a.user
    data = ActionData(
        note="Ghi chú",
        question="Hỏi",
        percent=50,
        evidence="Xong",
        until=dt.date(2025, 12, 12),
        reason="Lý do",
        grant=True,
        quality=Quality.GOOD,
        comment="Tốt",
    )
    left_out = [s for s in Status if s not in row.statuses]
    assert left_out
    for status in left_out:
        Task.objects.filter(pk=task.pk).update(
            status=status,
            done_at=vn(2025, 12, 2, 9),
            extension=Extension.ASKED if action == "decide_extension" else Extension.NONE,
            extension_due_at=vn(2025, 12, 12, 17) if action == "decide_extension" else None,
            quality=Quality.GOOD if status == Status.EVALUATED else None,
            timeliness=Timeliness.ON_TIME if status == Status.EVALUATED else "",
            evaluated_at=vn(2025, 12, 3, 9) if status == Status.EVALUATED else None,
        )
        before, totals = snapshot(task), counts()
        with pytest.raises(services.ActionNotAllowed):
            perform(action, user=user, task=task, data=data)
        assert (snapshot(task), counts()) == (before, totals), status
    assert set(left_out) >= set(CLOSED_STATUSES)


def test_a_deadline_or_extension_a_year_away_is_a_typing_error(personas, specialist_a):
    with pytest.raises(ValidationError) as refused:
        assign(actor=personas.chair_a, assignee=specialist_a, deadline_date=dt.date(9999, 12, 31))
    assert refused.value.message_dict == {
        "deadline_date": ["Hạn hoàn thành quá xa: tối đa một năm kể từ ngày giao."]
    }
    assert counts() == (0, 0, 0)
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    before, totals = snapshot(task), counts()
    for until, message in (
        (dt.date(2026, 12, 31), "Ngày gia hạn quá xa: tối đa một năm kể từ ngày giao."),
        (dt.date(2025, 12, 6), "Ngày 06/12/2025 không phải ngày làm việc."),
    ):
        with pytest.raises(ValidationError) as refused:
            services.task_request_extension(
                actor=specialist_a.user, task=task, until=until, reason="Chờ số liệu", at=vn(2025, 12, 2, 9)
            )
        assert refused.value.message_dict == {"until": [message]}
    assert (snapshot(task), counts()) == (before, totals)
