"""manage.py send_task_reminders — every few minutes in office hours: remind assignees one working
day before a task's due moment and at it, and report tasks overdue by TASK_ESCALATION_WORKING_DAYS
working days to the assigner's leader. Running it again sends nothing twice."""

from __future__ import annotations

import datetime as dt

from reformdesk.assignments.services.reminders import task_reminders_send
from reformdesk.core.management.base import ScheduledCommand


class Command(ScheduledCommand):
    help = "Queue task reminders and escalations in the notifications outbox."

    def run(self, now: dt.datetime) -> None:
        run = task_reminders_send(now=now)
        self.stdout.write(
            f"Reminders queued: {run.due_soon} due within a working day, {run.due_now} due or overdue; "
            f"{run.escalated} tasks escalated."
        )
