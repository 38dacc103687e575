"""Small helpers shared by the worktime tests."""

from __future__ import annotations

import datetime as dt

from reformdesk.worktime.arithmetic import VN_TZ


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A moment in Vietnam time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN_TZ)
