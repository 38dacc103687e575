"""Reminders and escalation through the notifications outbox (issue 13): the assignee is reminded
one working day before the due moment and at it; a task overdue by ``TASK_ESCALATION_WORKING_DAYS``
working days is reported to the assigner's leader, once per due moment, with an event row.

Run by ``manage.py send_task_reminders`` (a scheduler runs it every few minutes during office
hours). Each reminder is tied in the outbox to the event that set the due moment in force (the
assignment, or a granted extension), so running again sends nothing twice, and an extension
earns its own reminders.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reformdesk.assignments.choices import OPEN_STATUSES, EventKind
from reformdesk.assignments.models import Task, TaskEvent
from reformdesk.assignments.services.base import record
from reformdesk.notifications.choices import Language, MessageChannel
from reformdesk.notifications.services import TemplateMissing, message_enqueue
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.worktime import selectors as worktime

logger = logging.getLogger(__name__)

DUE_SOON, DUE_NOW, ESCALATED = "task.due_soon", "task.due_now", "task.escalated"
# A working day never spans more than this many calendar days (Tết with its weekends is 9).
_LOOKAHEAD = dt.timedelta(days=16)
# SMS goes to mobile numbers only: a landline cannot receive it.
_MOBILE = re.compile(r"^0[35789]\d{8}$")


@dataclass(frozen=True)
class ReminderRun:
    due_soon: int
    due_now: int
    escalated: int


def _moment(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def _addresses(official: Official | None) -> list[tuple[str, str]]:
    if official is None or not official.is_active:
        return []
    result = []
    phone = re.sub(r"[^0-9]", "", official.phone or "")
    if _MOBILE.match(phone):
        result.append((MessageChannel.SMS.value, phone))
    if official.email.strip():
        result.append((MessageChannel.EMAIL.value, official.email.strip()))
    return result


def _receivers(task: Task, on: dt.date) -> list[Official]:
    """Who answers for the task: its assignee, or the leaders of the unit it was given to."""
    if task.assignee is not None:
        return [task.assignee]
    rows = Membership.objects.active_on(on).filter(
        unit_id=task.assignee_unit_id or 0, role=Role.LEADER, official__is_active=True
    )
    return [m.official for m in rows.select_related("official").order_by("official__full_name", "pk")]


def assigner_leader(*, task: Task, on: dt.date) -> Official | None:
    """The assigner's leader: the head (or a leader) of the assigner's unit, else of the nearest
    unit above it, never the assigner. A task assigned by someone who is no official goes to the
    task unit's leaders."""
    start: Unit = task.unit
    if task.assigner is not None:
        membership = (
            Membership.objects.active_on(on)
            .filter(official=task.assigner)
            .select_related("unit")
            .order_by("-is_primary", "pk")
            .first()
        )
        if membership is not None:
            start = membership.unit
    lineage = [start, *Unit.objects.filter(pk__in=start.ancestor_ids()).order_by("-depth")]
    for unit in lineage:
        candidates = [unit.leader] if unit.leader is not None else []
        candidates += [
            m.official
            for m in Membership.objects.active_on(on)
            .filter(unit=unit, role=Role.LEADER, official__is_active=True)
            .select_related("official")
            .order_by("official__full_name", "pk")
        ]
        for official in candidates:
            if official.is_active and (task.assigner is None or official.pk != task.assigner_id):
                return official
    return None


def _due_event(task: Task) -> TaskEvent:
    """The event that set the due moment in force: the assignment or the granted extension."""
    event = (
        task.events.filter(kind__in=(EventKind.ASSIGNED, EventKind.EXTENSION_GRANTED))
        .order_by("-at", "-id")
        .first()
    )
    assert event is not None
    return event


def _send(*, key: str, to: list[Official], task: Task, related: TaskEvent, context: dict[str, Any]) -> int:
    sent = 0
    for official in to:
        for channel, address in _addresses(official):
            try:
                message_enqueue(
                    key=key,
                    channel=channel,
                    language=Language.VI,
                    to=address,
                    context={**context, "name": official.full_name},
                    related=related,
                    reference=f"task-{task.pk}",
                )
            except TemplateMissing:
                logger.warning("task notice %s has no %s template", key, channel)
                continue
            sent += 1
    return sent


def _context(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "due_at": _moment(task.due_at),
        "unit": task.unit.name,
        "assignee": task.assignee.full_name
        if task.assignee
        else task.assignee_unit.name
        if task.assignee_unit
        else "",
        "assigner": task.assigner.full_name if task.assigner else "",
        "id": task.pk,
    }


@transaction.atomic
def task_reminders_send(*, now: dt.datetime | None = None) -> ReminderRun:
    """Queue the reminders and escalations due at ``now``; idempotent."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    escalate_days = int(getattr(settings, "TASK_ESCALATION_WORKING_DAYS", 2))
    clocks: dict[int, worktime.WorkClock] = {}

    def clock(unit: Unit) -> worktime.WorkClock:
        if unit.pk not in clocks:
            clocks[unit.pk] = worktime.work_clock(unit=unit)
        return clocks[unit.pk]

    soon = now_count = escalated = 0
    rows = (
        Task.objects.filter(status__in=OPEN_STATUSES, due_at__lte=now + _LOOKAHEAD)
        .select_related("unit", "assignee", "assignee_unit", "assigner")
        .order_by("due_at", "pk")
    )
    for task in rows:
        related = _due_event(task)
        receivers = _receivers(task, today)
        if task.due_at > now:
            horizon = clock(task.unit).due_at(start=now, days=1, cutoff=False)
            if task.due_at <= horizon:
                soon += _send(key=DUE_SOON, to=receivers, task=task, related=related, context=_context(task))
            continue
        now_count += _send(key=DUE_NOW, to=receivers, task=task, related=related, context=_context(task))
        escalate_at = clock(task.unit).due_at(start=task.due_at, days=escalate_days, cutoff=False)
        if now < escalate_at:
            continue
        due_key = timezone.localtime(task.due_at).isoformat()
        if task.events.filter(kind=EventKind.ESCALATED, data__due_at=due_key).exists():
            continue
        leader = assigner_leader(task=task, on=today)
        event = record(
            task=task,
            kind=EventKind.ESCALATED,
            actor=None,
            at=now,
            from_status=task.status,
            note=leader.full_name if leader else "",
            data={"due_at": due_key, "to": leader.pk if leader else None, "working_days": escalate_days},
        )
        if leader is not None:
            _send(key=ESCALATED, to=[leader], task=task, related=event, context=_context(task))
        escalated += 1
    return ReminderRun(due_soon=soon, due_now=now_count, escalated=escalated)
