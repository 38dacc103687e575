"""Failure counters shared by every process (``AttemptCounter`` rows), atomic on SQLite and
PostgreSQL: the row is locked (PostgreSQL) or the write lock is taken at ``BEGIN IMMEDIATE``
(SQLite) before it is read, so concurrent failures are each counted once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reformdesk.core.models import AttemptCounter


@dataclass(frozen=True)
class CounterState:
    count: int
    ends_at: dt.datetime | None  # when the current window ends (None: no failure in a window)


def counter_state(
    *, scope: str, key: str, window: dt.timedelta, now: dt.datetime | None = None
) -> CounterState:
    """The failures counted under ``key`` in its current window (0 once the window has ended)."""
    now = now or timezone.now()
    row = AttemptCounter.objects.filter(scope=scope, key=key[:100], window_start__gt=now - window).first()
    if row is None:
        return CounterState(0, None)
    return CounterState(row.count, row.window_start + window)


def counter_add(*, scope: str, key: str, window: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Count one failure under ``key``; returns the count in the window, this one included."""
    now = now or timezone.now()
    key = key[:100]
    with transaction.atomic():
        AttemptCounter.objects.bulk_create(
            [AttemptCounter(scope=scope, key=key, window_start=now, count=0)], ignore_conflicts=True
        )
        row = AttemptCounter.objects.select_for_update().get(scope=scope, key=key)
        if row.window_start <= now - window:  # the last window ended: this failure starts a new one
            AttemptCounter.objects.filter(pk=row.pk).update(window_start=now, count=1)
            return 1
        AttemptCounter.objects.filter(pk=row.pk).update(count=F("count") + 1)
        if row.count == 0:
            # A new key: clear the scope's ended windows, so keys made up by a client do not pile up.
            AttemptCounter.objects.filter(scope=scope, window_start__lte=now - window).delete()
        return row.count + 1
