"""manage.py send_queued_messages — every minute: the outbox's due retries and anything stuck.

Messages are normally sent by their delivery task right after they are stored. This command sends
those whose retry is due, those whose task did not run, and those a dead worker left "sending".
Running it twice at once is safe: each message is claimed before it is sent.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reformdesk.notifications.services import messages_deliver_due


class Command(BaseCommand):
    help = "Send the outbox's messages that are due (retries, lost tasks, interrupted sends)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=200, help="at most this many messages per run")

    def handle(self, *args: Any, **options: Any) -> None:
        run = messages_deliver_due(limit=max(1, options["limit"]))
        self.stdout.write(f"released {run.released}, attempted {run.attempted}, sent {run.sent}")
