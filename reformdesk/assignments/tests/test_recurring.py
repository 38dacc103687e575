"""Recurring tasks (monthly reports): set once, given each month on its day by the command, once
per month, with the assigner's authority checked again each time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from reformdesk.assignments.models import Recurrence, Task
from reformdesk.assignments.services.recurring import recurrence_create, recurring_tasks_create
from reformdesk.assignments.tests.factories import vn
from reformdesk.core.models import AuditEvent
from reformdesk.org.models import Membership

pytestmark = pytest.mark.django_db


def monthly(actor, assignee, **overrides) -> Recurrence:
    values = {
        "title": "Báo cáo công tác cải cách hành chính tháng",
        "expected_output": "Báo cáo theo mẫu của Phòng Nội vụ",
        "day_of_month": 20,
        "deadline_days": 3,
        "starts_on": dt.date(2025, 11, 1),
    }
    values.update(overrides)
    return recurrence_create(actor=actor, assignee=assignee, **values)


def test_a_monthly_report_is_given_once_a_month_on_its_day(personas, specialist_a):
    recurrence = monthly(personas.chair_a, specialist_a, ends_on=dt.date(2026, 1, 31))
    assert AuditEvent.objects.filter(action="recurrence.create").count() == 1
    assert recurring_tasks_create(now=vn(2025, 11, 19, 8)).created == []  # before its day
    run = recurring_tasks_create(now=vn(2025, 11, 20, 8))
    assert [(t.title, t.period, t.due_at, t.assignee) for t in run.created] == [
        (
            "Báo cáo công tác cải cách hành chính tháng (11/2025)",
            dt.date(2025, 11, 1),
            vn(2025, 11, 24, 17),  # Thursday 20/11 08:00, the office opening, + 3 working days
            specialist_a,
        )
    ]
    assert recurring_tasks_create(now=vn(2025, 11, 28, 8)).created == []  # already given this month
    assert len(recurring_tasks_create(now=vn(2025, 12, 22, 8)).created) == 1  # a later day in the month
    assert recurring_tasks_create(now=vn(2026, 2, 20, 8)).created == []  # ended
    assert list(
        Task.objects.filter(recurrence=recurrence).values_list("period", flat=True).order_by("period")
    ) == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
    ]


def test_the_command_gives_the_tasks(personas, specialist_a):
    monthly(personas.chair_a, specialist_a)
    call_command("create_recurring_tasks", "--now", "2025-12-20T08:00:00")
    call_command("create_recurring_tasks", "--now", "2025-12-20T09:00:00")
    assert Task.objects.count() == 1


def test_a_recurrence_is_refused_like_a_task(personas, specialist_a, specialist_b):
    with pytest.raises(ValidationError) as refused:
        monthly(personas.chair_a, specialist_b)
    assert refused.value.message_dict == {
        "assignee": ["Cán bộ Trần Văn Nam không thuộc đơn vị bạn được giao việc."]
    }
    with pytest.raises(ValidationError) as refused:
        monthly(personas.chair_a, specialist_a, day_of_month=31)
    assert refused.value.message_dict == {"day_of_month": ["Ngày giao trong tháng từ 1 đến 28."]}
    with pytest.raises(PermissionDenied):
        monthly(personas.one_stop_a, specialist_a)
    assert (Recurrence.objects.count(), AuditEvent.objects.filter(action="recurrence.create").count()) == (
        0,
        0,
    )


def test_a_leader_who_left_gives_no_more_tasks(personas, specialist_a):
    recurrence = monthly(personas.chair_a, specialist_a)
    Membership.objects.filter(official__user=personas.chair_a).update(valid_to=dt.date(2025, 11, 30))
    run = recurring_tasks_create(now=vn(2025, 12, 22, 8))
    assert (run.created, [(r, reason) for r, reason in run.refused]) == (
        [],
        [(recurrence, "Bạn không có quyền giao nhiệm vụ.")],
    )
    assert Task.objects.count() == 0
