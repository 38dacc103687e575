"""manage.py create_recurring_tasks — daily: give this month's task of each recurring task whose
day has come (a monthly report), once per month however often it runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reformdesk.assignments.services.recurring import recurring_tasks_create


class Command(BaseCommand):
    help = "Assign this month's recurring tasks whose day has come."

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
        run = recurring_tasks_create(now=now)
        self.stdout.write(f"Recurring tasks given: {len(run.created)}.")
        for recurrence, reason in run.refused:
            self.stdout.write(self.style.WARNING(f"Not given: {recurrence.pk} {recurrence.title}: {reason}"))
