"""Working-time arithmetic: deadlines counted in office hours. Pure Python, no Django.

Every function takes a *calendar*: any object with the two methods of :class:`WorkCalendar`.
``workday(day)`` says what the office does on a date (its sessions, empty on a day off, and the
cut-off hour); ``daily_working_time(day)`` says how long "one working day" is for the schedule in
force on that date. :class:`WeeklyCalendar` is a small ready-made one; ``worktime.calendar`` builds
the real one of a unit from holidays, overrides and inherited office hours.

Rules (DESIGN.md §4, "Working time"):

* Times are read in Vietnam time, UTC+07:00 (no daylight saving since 1975). Inputs may be aware
  datetimes in any offset; results are always ``+07:00``. Naive datetimes are refused.
* A session is the half-open interval ``[start, end)``: 11:30 is *not* inside 07:00–11:30, so
  :func:`next_working_moment` of 11:30 is the afternoon's start.
* N working days = N × ``daily_working_time`` of the day the clock starts on, counted only inside
  sessions. For office hours with the same length every weekday (the usual case) that is simply
  the daily total, e.g. 8 h for 07:00–11:30 + 13:30–17:00.
* A receipt outside office hours starts the clock at the next session. A receipt at or after the
  cut-off hour of a working day starts it at the next working day's first session.
* A deadline that falls exactly on a session end stays there (the 11:30 of the morning), it does
  not jump to the next session's start. A duration of zero gives the moment the clock starts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

VN_TZ = dt.timezone(dt.timedelta(hours=7))
"""Vietnam time as a fixed offset: results print as ``+07:00``."""

Session = tuple[dt.time, dt.time]
"""One office session, ``(start, end)`` on the same day, ``start < end``."""

_US_PER_SECOND = 1_000_000
_US_PER_HOUR = 3600 * _US_PER_SECOND
_ONE_DAY = dt.timedelta(days=1)

MAX_DAYS_WITHOUT_WORK = 400
"""A calendar with no session for this many consecutive days is treated as having no working time
left (rather than searching for ever)."""


class NoWorkingTimeError(ValueError):
    """The calendar has no working time after the given moment."""


def _time_us(value: dt.time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * _US_PER_SECOND + value.microsecond


def _time_of(us: int) -> dt.time:
    seconds, micro = divmod(us, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, micro)


@dataclass(frozen=True, slots=True)
class WorkDay:
    """What the office does on one date: its sessions in order (none on a day off) and the
    optional cut-off hour after which a receipt counts from the next working day."""

    sessions: tuple[Session, ...] = ()
    cutoff: dt.time | None = None
    # Derived once: the sessions as microseconds since midnight, and their total.
    spans: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)
    total_us: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spans = tuple((_time_us(start), _time_us(end)) for start, end in self.sessions)
        previous_end = -1
        for start, end in spans:
            if end <= start:
                raise ValueError("a session must end after it starts")
            if start < previous_end:
                raise ValueError("sessions must be in order and must not overlap")
            previous_end = end
        object.__setattr__(self, "spans", spans)
        object.__setattr__(self, "total_us", sum(end - start for start, end in spans))

    @property
    def is_working(self) -> bool:
        return bool(self.spans)

    @property
    def total(self) -> dt.timedelta:
        return dt.timedelta(microseconds=self.total_us)


DAY_OFF = WorkDay()


class WorkCalendar(Protocol):
    """What the arithmetic needs to know about an office."""

    def workday(self, day: dt.date) -> WorkDay:
        """The sessions and cut-off of ``day`` (no sessions on weekends and days off)."""
        ...

    def daily_working_time(self, day: dt.date) -> dt.timedelta:
        """The length of one working day under the office hours in force on ``day``."""
        ...


@dataclass(frozen=True)
class WeeklyCalendar:
    """The same sessions every week, with explicit days off and extra working days.

    ``week`` maps a weekday (0 = Monday … 6 = Sunday) to its sessions; missing weekdays are off.
    An extra working day (a make-up Saturday) uses ``makeup_sessions``, by default the sessions of
    the first weekday that has any. One working day lasts the average of the weekdays that have
    sessions (the weekly total divided by their number).
    """

    week: Mapping[int, Sequence[Session]]
    days_off: frozenset[dt.date] = frozenset()
    extra_workdays: frozenset[dt.date] = frozenset()
    cutoff: dt.time | None = None
    makeup_sessions: Sequence[Session] | None = None
    _by_weekday: tuple[WorkDay, ...] = field(init=False, repr=False, compare=False)
    _makeup: WorkDay = field(init=False, repr=False, compare=False)
    _daily: dt.timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days = tuple(WorkDay(tuple(self.week.get(i, ())), self.cutoff) for i in range(7))
        working = [d for d in days if d.is_working]
        makeup = self.makeup_sessions
        if makeup is None:
            makeup = working[0].sessions if working else ()
        daily_us = sum(d.total_us for d in working) // len(working) if working else 0
        object.__setattr__(self, "_by_weekday", days)
        object.__setattr__(self, "_makeup", WorkDay(tuple(makeup), self.cutoff))
        object.__setattr__(self, "_daily", dt.timedelta(microseconds=daily_us))

    def workday(self, day: dt.date) -> WorkDay:
        if day in self.days_off:
            return DAY_OFF
        usual = self._by_weekday[day.weekday()]
        if day in self.extra_workdays and not usual.is_working:
            return self._makeup
        return usual

    def daily_working_time(self, day: dt.date) -> dt.timedelta:
        return self._daily


# --- Moments ---------------------------------------------------------------------------------------


def to_vn(moment: dt.datetime) -> dt.datetime:
    """``moment`` in Vietnam time (+07:00). Refuses naive datetimes: their meaning is a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment.astimezone(VN_TZ)


def _split(moment: dt.datetime) -> tuple[dt.date, int]:
    local = to_vn(moment)
    return local.date(), _time_us(local.time())


def _at(day: dt.date, us: int) -> dt.datetime:
    return dt.datetime.combine(day, _time_of(us), tzinfo=VN_TZ)


def _first_session_after(cal: WorkCalendar, day: dt.date) -> tuple[dt.date, int]:
    """The first session start on a day strictly after ``day``."""
    for _ in range(MAX_DAYS_WITHOUT_WORK):
        day += _ONE_DAY
        spans = cal.workday(day).spans
        if spans:
            return day, spans[0][0]
    raise NoWorkingTimeError(f"no working time in the {MAX_DAYS_WITHOUT_WORK} days after {day}")


def _next_working(cal: WorkCalendar, day: dt.date, us: int) -> tuple[dt.date, int]:
    for start, end in cal.workday(day).spans:
        if us < end:
            return day, max(us, start)
    return _first_session_after(cal, day)


def is_working_time(cal: WorkCalendar, moment: dt.datetime) -> bool:
    """Whether ``moment`` falls inside an office session (start included, end excluded)."""
    day, us = _split(moment)
    return any(start <= us < end for start, end in cal.workday(day).spans)


def next_working_moment(cal: WorkCalendar, moment: dt.datetime) -> dt.datetime:
    """``moment`` itself if it is inside a session, else the start of the next session."""
    return _at(*_next_working(cal, *_split(moment)))


def _counting_start(cal: WorkCalendar, moment: dt.datetime, *, cutoff: bool) -> tuple[dt.date, int]:
    day, us = _split(moment)
    workday = cal.workday(day)
    if cutoff and workday.cutoff is not None and workday.is_working and us >= _time_us(workday.cutoff):
        return _first_session_after(cal, day)
    return _next_working(cal, day, us)


def counting_start(cal: WorkCalendar, received_at: dt.datetime) -> dt.datetime:
    """When the clock starts for something received at ``received_at``: the next working moment,
    or the next working day's first session when received at/after the day's cut-off hour."""
    return _at(*_counting_start(cal, received_at, cutoff=True))


# --- Adding working time ---------------------------------------------------------------------------


def _checked_amount(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number ≥ 0")
    return float(value)


def add_working_time(
    cal: WorkCalendar,
    start: dt.datetime,
    *,
    days: float | None = None,
    hours: float | None = None,
    duration: dt.timedelta | None = None,
    cutoff: bool = True,
) -> dt.datetime:
    """The moment ``days`` working days, ``hours`` working hours or ``duration`` of working time
    after ``start`` (give exactly one). ``days`` and ``hours`` may be fractional (0.5 day = half of
    the daily working time).

    ``start`` is a receipt: outside office hours the clock starts at the next session, and at/after
    the cut-off hour at the next working day (pass ``cutoff=False`` to continue a clock that is
    already running, e.g. after a pause). One working day is ``cal.daily_working_time`` of the day
    the clock starts on.
    """
    given = [
        name
        for name, value in (("days", days), ("hours", hours), ("duration", duration))
        if value is not None
    ]
    if len(given) != 1:
        raise ValueError("give exactly one of days, hours or duration")
    day, us = _counting_start(cal, start, cutoff=cutoff)
    if days is not None:
        unit_us = _timedelta_us(cal.daily_working_time(day))
        amount_us = round(_checked_amount(days, "days") * unit_us)
    elif hours is not None:
        amount_us = round(_checked_amount(hours, "hours") * _US_PER_HOUR)
    else:
        assert duration is not None
        amount_us = _timedelta_us(duration)
        if amount_us < 0:
            raise ValueError("duration must be ≥ 0")
    return _at(*_advance(cal, day, us, amount_us))


def _timedelta_us(value: dt.timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * _US_PER_SECOND + value.microseconds


def _advance(cal: WorkCalendar, day: dt.date, us: int, remaining: int) -> tuple[dt.date, int]:
    """Walk forward from a working moment ``(day, us)`` through ``remaining`` µs of sessions.

    Whole days are skipped by their total; only the last day is walked session by session.
    ``remaining <= available`` keeps a deadline on a session's end instead of the next start.
    """
    if remaining <= 0:
        return day, us
    for start, end in cal.workday(day).spans:
        if us >= end:
            continue
        begin = max(us, start)
        available = end - begin
        if remaining <= available:
            return day, begin + remaining
        remaining -= available
    idle = 0
    while True:
        day += _ONE_DAY
        workday = cal.workday(day)
        if not workday.spans:
            idle += 1
            if idle >= MAX_DAYS_WITHOUT_WORK:
                raise NoWorkingTimeError(f"no working time in the {idle} days before {day}")
            continue
        idle = 0
        if remaining > workday.total_us:
            remaining -= workday.total_us
            continue
        for start, end in workday.spans:
            if remaining <= end - start:
                return day, start + remaining
            remaining -= end - start


# --- Measuring working time ------------------------------------------------------------------------


def _worked_us(cal: WorkCalendar, a: dt.datetime, b: dt.datetime) -> int:
    """Microseconds of session time inside ``[a, b)``, both already in Vietnam time, ``a < b``."""
    day_a, us_a = a.date(), _time_us(a.time())
    day_b, us_b = b.date(), _time_us(b.time())
    if day_a == day_b:
        return _overlap(cal.workday(day_a).spans, us_a, us_b)
    total = _overlap(cal.workday(day_a).spans, us_a, 24 * _US_PER_HOUR)
    day = day_a + _ONE_DAY
    while day < day_b:
        total += cal.workday(day).total_us
        day += _ONE_DAY
    return total + _overlap(cal.workday(day_b).spans, 0, us_b)


def _overlap(spans: tuple[tuple[int, int], ...], lo: int, hi: int) -> int:
    return sum(max(0, min(end, hi) - max(start, lo)) for start, end in spans)


def working_time_between(
    cal: WorkCalendar,
    a: dt.datetime,
    b: dt.datetime,
    *,
    pauses: Iterable[tuple[dt.datetime, dt.datetime]] = (),
) -> dt.timedelta:
    """Working time inside ``[a, b)`` minus the working time covered by ``pauses``.

    Pauses may overlap each other, stick out of ``[a, b)`` or fall outside office hours: only the
    session time they cover inside ``[a, b)`` is taken off, once. Zero when ``b <= a``. The cut-off
    hour plays no part here (it only moves the start of a receipt's clock).
    """
    a, b = to_vn(a), to_vn(b)
    if b <= a:
        return dt.timedelta(0)
    clipped: list[tuple[dt.datetime, dt.datetime]] = []
    for pause_start, pause_end in pauses:
        pause_start, pause_end = to_vn(pause_start), to_vn(pause_end)
        if pause_end < pause_start:
            raise ValueError("a pause must not end before it starts")
        lo, hi = max(pause_start, a), min(pause_end, b)
        if lo < hi:
            clipped.append((lo, hi))
    clipped.sort()
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for lo, hi in clipped:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    total = _worked_us(cal, a, b) - sum(_worked_us(cal, lo, hi) for lo, hi in merged)
    return dt.timedelta(microseconds=total)


__all__ = [
    "DAY_OFF",
    "MAX_DAYS_WITHOUT_WORK",
    "VN_TZ",
    "NoWorkingTimeError",
    "Session",
    "WeeklyCalendar",
    "WorkCalendar",
    "WorkDay",
    "add_working_time",
    "counting_start",
    "is_working_time",
    "next_working_moment",
    "to_vn",
    "working_time_between",
]
