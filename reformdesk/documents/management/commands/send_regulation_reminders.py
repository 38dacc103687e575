"""manage.py send_regulation_reminders — once a day in office hours: remind every official who has
not yet acknowledged a published internal regulation of their unit. Running it again sends
nothing twice (one reminder per official, address and version)."""

from __future__ import annotations

import datetime as dt

from reformdesk.core.management.base import ScheduledCommand
from reformdesk.documents.services.regulations import regulation_reminders_send


class Command(ScheduledCommand):
    help = "Queue reminders to acknowledge internal regulations in the notifications outbox."

    def run(self, now: dt.datetime) -> None:
        run = regulation_reminders_send(now=now)
        self.stdout.write(
            f"Regulation reminders queued: {run.messages} messages for {run.versions} regulation versions."
        )
