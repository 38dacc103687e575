"""Rules of the 3-step mechanism that pages, the API, the services and the figures all read."""

from __future__ import annotations

import datetime as dt

from reformdesk.assignments.choices import Timeliness
from reformdesk.worktime.selectors import to_vn


def timeliness_of(*, done_at: dt.datetime, due_at: dt.datetime) -> Timeliness:
    """Completion reported at ``done_at`` against the due moment in force ``due_at``: late after
    it (a minute after is late), on time up to it inclusive, early when reported on a calendar day
    before the due moment's day (Vietnam time). Issue 13 leaves "early" undefined; a day ahead is
    what an assigner sees as early on a paper schedule."""
    if done_at > due_at:
        return Timeliness.LATE
    if to_vn(done_at).date() < to_vn(due_at).date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME
