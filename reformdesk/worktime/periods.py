"""Periods of days as the statistics pages read them: Vietnam time, both ends included, and the
months they cover."""

from __future__ import annotations

import datetime as dt

from reformdesk.worktime.arithmetic import VN_TZ


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period as moments: from 00:00 on ``start`` to 00:00 after ``end``, Vietnam time."""
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=VN_TZ),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=VN_TZ),
    )


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months from ``start``'s to ``end``'s, both included."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def month_key(value: dt.date | dt.datetime) -> dt.date:
    """The first day of a ``TruncMonth`` value's month: it gives a date on SQLite and an aware
    datetime on PostgreSQL."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(VN_TZ).date()
    return value.replace(day=1)
