"""manage.py prune_login_attempts — a nightly clean-up of the login throttle's rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reformdesk.core.services.auth import login_attempts_prune


class Command(BaseCommand):
    help = "Delete failed-login records older than --days (default 30); audit rows are kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="keep this many days of records")

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 1:
            self.stderr.write("--days must be at least 1")
            raise SystemExit(2)
        deleted = login_attempts_prune(older_than=dt.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} failed-login records older than {days} days.")
