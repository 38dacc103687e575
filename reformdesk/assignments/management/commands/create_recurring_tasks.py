"""manage.py create_recurring_tasks — daily: give this month's task of each recurring task whose
day has come (a monthly report), once per month however often it runs."""

from __future__ import annotations

import datetime as dt

from reformdesk.assignments.services.recurring import recurring_tasks_create
from reformdesk.core.management.base import ScheduledCommand


class Command(ScheduledCommand):
    help = "Assign this month's recurring tasks whose day has come."

    def run(self, now: dt.datetime) -> None:
        run = recurring_tasks_create(now=now)
        self.stdout.write(f"Recurring tasks given: {len(run.created)}.")
        for recurrence, reason in run.refused:
            self.stdout.write(self.style.WARNING(f"Not given: {recurrence.pk} {recurrence.title}: {reason}"))
