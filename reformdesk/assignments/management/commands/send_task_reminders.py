"""manage.py send_task_reminders — every few minutes in office hours: remind assignees one working
day before a task's due moment and at it, and report tasks overdue by TASK_ESCALATION_WORKING_DAYS
working days to the assigner's leader. Running it again sends nothing twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reformdesk.assignments.services.reminders import task_reminders_send


class Command(BaseCommand):
    help = "Queue task reminders and escalations in the notifications outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="run as if it were this moment (ISO 8601, Vietnam time if no offset)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["now"]:
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(f"--now must be an ISO 8601 moment, got {options['now']!r}") from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        run = task_reminders_send(now=now)
        self.stdout.write(
            f"Reminders queued: {run.due_soon} due within a working day, {run.due_now} due or overdue; "
            f"{run.escalated} tasks escalated."
        )
