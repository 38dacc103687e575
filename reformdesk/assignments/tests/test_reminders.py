"""Reminders one working day before the due moment and at it, and escalation to the assigner's
leader, through the notifications outbox; running again sends nothing twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from reformdesk.assignments import services
from reformdesk.assignments.choices import EventKind
from reformdesk.assignments.services.reminders import assigner_leader, task_reminders_send
from reformdesk.assignments.tests.factories import assign, reported, vn
from reformdesk.notifications.models import Message
from reformdesk.org.choices import Role, Scope
from reformdesk.org.models import Official
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(personas, specialist_a):
    Official.objects.filter(pk=specialist_a.pk).update(email="tu.lv@phuson.gov.vn", phone="0912345678")
    return assign(actor=personas.chair_a, assignee=specialist_a)  # due Thursday 4/12/2025 09:00


@pytest.fixture
def district_chair(tree) -> Official:
    return make_official(
        unit=tree.district,
        role=Role.LEADER,
        scope=Scope.SUBTREE,
        username="chutich_huyen",
        full_name="Hồ Thị Thu",
        email="thu.ht@tanky.gov.vn",
    )


def sent() -> list[tuple[str, str, str]]:
    return list(Message.objects.order_by("id").values_list("key", "channel", "recipient"))


def test_the_assignee_is_reminded_a_working_day_before_and_at_the_due_moment(task):
    assert task_reminders_send(now=vn(2025, 12, 2, 9)).due_soon == 0
    assert sent() == []
    task_reminders_send(now=vn(2025, 12, 3, 9))
    soon = [("task.due_soon", "sms", "0912345678"), ("task.due_soon", "email", "tu.lv@phuson.gov.vn")]
    assert sent() == soon
    task_reminders_send(now=vn(2025, 12, 3, 15))  # again: nothing more
    assert sent() == soon
    task_reminders_send(now=vn(2025, 12, 4, 9))
    assert sent() == [
        *soon,
        ("task.due_now", "sms", "0912345678"),
        ("task.due_now", "email", "tu.lv@phuson.gov.vn"),
    ]
    email = Message.objects.get(key="task.due_soon", channel="email")
    assert email.subject == f"Nhiệm vụ #{task.pk} đến hạn lúc 09:00 04/12/2025"
    assert "Kính gửi Lê Văn Tư" in email.body and "Đinh Xuân Công" in email.body


def test_a_reminder_before_the_weekend_counts_working_days(personas, specialist_a):
    Official.objects.filter(pk=specialist_a.pk).update(email="tu.lv@phuson.gov.vn", phone="")
    assign(
        actor=personas.chair_a, assignee=specialist_a, at=vn(2025, 12, 4, 9), deadline_days=2
    )  # Mon 8/12 09:00
    task_reminders_send(now=vn(2025, 12, 5, 8, 59))  # Friday: a working day ahead is Monday 08:59
    assert sent() == []
    task_reminders_send(now=vn(2025, 12, 5, 9))
    assert sent() == [("task.due_soon", "email", "tu.lv@phuson.gov.vn")]


def test_a_granted_extension_earns_its_own_reminders(task, personas, specialist_a):
    task_reminders_send(now=vn(2025, 12, 3, 9))
    services.task_request_extension(
        actor=specialist_a.user,
        task=task,
        until=dt.date(2025, 12, 9),
        reason="Chờ số liệu",
        at=vn(2025, 12, 3, 10),
    )
    services.task_decide_extension(actor=personas.chair_a, task=task, grant=True, at=vn(2025, 12, 3, 11))
    task_reminders_send(now=vn(2025, 12, 4, 9))  # the first due moment passed: nothing, it moved
    assert [key for key, _c, _r in sent()] == ["task.due_soon", "task.due_soon"]
    task_reminders_send(now=vn(2025, 12, 8, 17))  # a working day before Tuesday 9/12 17:00
    assert [key for key, _c, _r in sent()] == ["task.due_soon"] * 4


def test_a_reported_task_gets_no_reminder(task, specialist_a):
    reported(task=task, by=specialist_a.user, at=vn(2025, 12, 2, 9))
    task_reminders_send(now=vn(2025, 12, 4, 9))
    assert sent() == []


def test_an_overdue_task_is_escalated_once_to_the_assigners_leader(task, district_chair):
    assert assigner_leader(task=task, on=dt.date(2025, 12, 8)) == district_chair
    run = task_reminders_send(now=vn(2025, 12, 8, 8, 59))  # overdue by less than 2 working days
    assert run.escalated == 0
    run = task_reminders_send(now=vn(2025, 12, 8, 9))
    assert run.escalated == 1
    event = task.events.get(kind=EventKind.ESCALATED)
    assert (event.actor, event.note, event.data) == (
        None,
        "Hồ Thị Thu",
        {"due_at": "2025-12-04T09:00:00+07:00", "to": district_chair.pk, "working_days": 2},
    )
    assert ("task.escalated", "email", "thu.ht@tanky.gov.vn") in sent()
    assert task_reminders_send(now=vn(2025, 12, 9, 9)).escalated == 0
    assert task.events.filter(kind=EventKind.ESCALATED).count() == 1


def test_the_command_runs_the_reminders(task):
    call_command("send_task_reminders", "--now", "2025-12-03T09:00:00")
    assert [key for key, _c, _r in sent()] == ["task.due_soon", "task.due_soon"]
