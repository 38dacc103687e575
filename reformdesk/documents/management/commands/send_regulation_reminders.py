"""manage.py send_regulation_reminders — once a day in office hours: remind every official who has
not yet acknowledged a published internal regulation of their unit. Running it again sends
nothing twice (one reminder per official, address and version)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reformdesk.documents.services.regulations import regulation_reminders_send


class Command(BaseCommand):
    help = "Queue reminders to acknowledge internal regulations in the notifications outbox."

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
        run = regulation_reminders_send(now=now)
        self.stdout.write(
            f"Regulation reminders queued: {run.messages} messages for {run.versions} regulation versions."
        )
