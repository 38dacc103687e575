"""manage.py check_calendar_overrides — nightly: warn administrators when next year's Tết is missing.

From 1 October the next year is checked (and, until its Tết has passed, the current year): the
year needs at least one active national holiday override around Lunar New Year. When it has none,
one e-mail task is enqueued after commit; running the command again the same day does nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reformdesk.worktime import selectors, services


class Command(BaseCommand):
    help = "Warn administrators by e-mail when the coming year has no confirmed Tết days off."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="check as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today must be a date YYYY-MM-DD, got {options['today']!r}") from exc
        year = selectors.calendar_year_to_check(on=today)
        if year is None:
            self.stdout.write("Nothing to check before 1 October.")
            return
        if selectors.tet_confirmed(year=year):
            self.stdout.write(f"{year}: Tết days off are entered.")
            return
        if services.calendar_warning_record(year=year, on=today):
            self.stdout.write(self.style.WARNING(f"{year}: no Tết days off entered; administrators warned."))
        else:
            self.stdout.write(f"{year}: no Tết days off entered; already warned today.")
