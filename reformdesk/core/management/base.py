"""The base of the scheduled commands (reminders, recurring work): each runs for a moment, now by
default or ``--now`` to replay a day, and is safe to run again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone


class ScheduledCommand(BaseCommand):
    """Subclasses set ``help`` and write :meth:`run`, given the moment to run for."""

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
        self.run(now)

    def run(self, now: dt.datetime) -> None:
        raise NotImplementedError
