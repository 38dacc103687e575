"""Daily attendance rules as pure functions: which punches belong to which session, in and out,
minutes late and early, missing punches, absence. After Frappe HRMS's shift type and Odoo.

A punch belongs to a session when it falls in the session's window (``window_before`` before the
start to ``window_after`` after the end; between two sessions the windows meet half-way through
the break). First punch = in, last = out; punches less than ``merge_seconds`` apart are one.
One punch in a session is a missing punch (to be explained), not an absence; no punch on a
working day is an absence. Offices that punch only on arrival and departure (two punches a day)
use ``per_session = False``: the day is one span from the first session's start to the last
session's end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from reformdesk.attendance.choices import DayStatus
from reformdesk.attendance.receiver import VN_TZ

Session = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class Rules:
    grace_late_minutes: int = 5
    grace_early_minutes: int = 5
    window_before_minutes: int = 90
    window_after_minutes: int = 180
    merge_seconds: int = 60
    per_session: bool = False


@dataclass(frozen=True)
class SessionResult:
    start: dt.datetime
    end: dt.datetime
    punch_in: dt.datetime | None
    punch_out: dt.datetime | None
    late_minutes: int
    early_minutes: int

    @property
    def missing(self) -> bool:
        return (self.punch_in is None) != (self.punch_out is None)

    @property
    def absent(self) -> bool:
        return self.punch_in is None and self.punch_out is None


@dataclass(frozen=True)
class DayResult:
    working: bool
    sessions: tuple[SessionResult, ...] = field(default=())

    @property
    def absent(self) -> bool:
        return self.working and all(s.absent for s in self.sessions)

    @property
    def late_minutes(self) -> int:
        return sum(s.late_minutes for s in self.sessions)

    @property
    def early_minutes(self) -> int:
        return sum(s.early_minutes for s in self.sessions)

    @property
    def missing_punches(self) -> int:
        return 0 if self.absent else sum(1 for s in self.sessions if s.missing or s.absent)

    @property
    def first_in(self) -> dt.datetime | None:
        return next((s.punch_in for s in self.sessions if s.punch_in), None)

    @property
    def last_out(self) -> dt.datetime | None:
        return next((s.punch_out for s in reversed(self.sessions) if s.punch_out), None)


def merge_punches(punches: Sequence[dt.datetime], seconds: int) -> list[dt.datetime]:
    """Sorted punches with those less than ``seconds`` after the previous kept one dropped."""
    kept: list[dt.datetime] = []
    for moment in sorted(punches):
        if not kept or (moment - kept[-1]).total_seconds() >= seconds:
            kept.append(moment)
    return kept


def windows(
    spans: Sequence[tuple[dt.datetime, dt.datetime]], rules: Rules
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Each session's [from, to) window; neighbouring windows meet half-way through the break."""
    before = dt.timedelta(minutes=rules.window_before_minutes)
    after = dt.timedelta(minutes=rules.window_after_minutes)
    result = []
    for index, (start, end) in enumerate(spans):
        low, high = start - before, end + after
        if index > 0:
            low = max(low, spans[index - 1][1] + (start - spans[index - 1][1]) / 2)
        if index + 1 < len(spans):
            high = min(high, end + (spans[index + 1][0] - end) / 2)
        result.append((low, high))
    return result


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def evaluate_day(
    *, day: dt.date, sessions: Sequence[Session], punches: Sequence[dt.datetime], rules: Rules = Rules()
) -> DayResult:
    """The day of one official: ``sessions`` are the office's (none on a day off)."""
    if not sessions:
        return DayResult(working=False)
    spans = [
        (dt.datetime.combine(day, start, tzinfo=VN_TZ), dt.datetime.combine(day, end, tzinfo=VN_TZ))
        for start, end in sessions
    ]
    if not rules.per_session:
        spans = [(spans[0][0], spans[-1][1])]
    merged = merge_punches(punches, rules.merge_seconds)
    results = []
    for (start, end), (low, high) in zip(spans, windows(spans, rules), strict=True):
        inside = [moment for moment in merged if low <= moment < high]
        punch_in = inside[0] if inside else None
        punch_out = inside[-1] if len(inside) > 1 else None
        if len(inside) == 1 and inside[0] >= start + (end - start) / 2:
            punch_in, punch_out = None, inside[0]  # a lone punch late in the session is a departure
        late = _minutes(punch_in - start) if punch_in and punch_in > start else 0
        early = _minutes(end - punch_out) if punch_out and punch_out < end else 0
        results.append(
            SessionResult(
                start=start,
                end=end,
                punch_in=punch_in,
                punch_out=punch_out,
                late_minutes=late if late > rules.grace_late_minutes else 0,
                early_minutes=early if early > rules.grace_early_minutes else 0,
            )
        )
    return DayResult(working=True, sessions=tuple(results))


def day_status(result: DayResult) -> str:
    """The record's one-word outcome: absent, then missing punch, then late, early, present."""
    if not result.working:
        return DayStatus.DAY_OFF
    if result.absent:
        return DayStatus.ABSENT
    if result.missing_punches:
        return DayStatus.MISSING_PUNCH
    if result.late_minutes:
        return DayStatus.LATE
    if result.early_minutes:
        return DayStatus.EARLY
    return DayStatus.PRESENT
