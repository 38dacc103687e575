"""Background jobs of attendance (django-tasks), enqueued only after the upload commits."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from reformdesk.attendance.services.days import daily_records_compute
from reformdesk.org.models import Unit


@task()
def recompute_days(unit_id: int, days: list[str]) -> int:
    """Recompute the records of the days a late upload touched. Idempotent."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not days:
        return 0
    parsed = sorted(dt.date.fromisoformat(day) for day in days)
    return daily_records_compute(unit=unit, start=parsed[0], end=parsed[-1])
