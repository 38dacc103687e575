"""A unit's working calendar: public holidays, overrides and inherited office hours, cached.

How a date is decided, for a unit (first rule that applies):

1. the nearest active override of the unit's lineage (the unit, its ancestors nearest first,
   then the national rows): a holiday or swapped day off makes it a day off; a make-up day makes
   it a working day; ``holiday_off`` cancels a holiday of the ``holidays`` package;
2. a holiday of the ``holidays`` package (country VN, lunar dates included) is a day off, except
   the package's newly added holidays listed in :data:`SWITCHABLE_PACKAGE_DATES` (24/11), which
   count only through an override an administrator switches on;
3. Saturdays and Sundays are days off; Monday–Friday are working days.

The sessions of a working day come from the office-hour schedule covering that date: the unit's
own, else the nearest ancestor's, else :data:`DEFAULT_PERIOD`. A make-up day uses the schedule's
make-up sessions (those of its first weekday with sessions, normally Monday).

:func:`calendar_for_unit` keeps built calendars per process, keyed by the unit's tree path, and
drops them all when the revision token (one row, changed by :func:`calendar_changed` in every
override and schedule write) differs from the one they were built under. Reading the token is one
primary-key query; a batch of due dates can reuse one calendar object with no query at all.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.db import transaction
from django.db.models import Q

from reformdesk.org.models import Unit
from reformdesk.org.selectors import unit_lineage
from reformdesk.worktime.arithmetic import DAY_OFF, Session, WorkDay
from reformdesk.worktime.choices import DAY_OFF_KINDS, OverrideKind
from reformdesk.worktime.models import CalendarOverride, CalendarRevision, OfficeSchedule

MonthDay = tuple[int, int]

SWITCHABLE_PACKAGE_DATES: frozenset[MonthDay] = frozenset({(11, 24)})
"""Holidays the ``holidays`` package already lists but that the reference data cannot confirm
(24/11, Vietnam Culture Day): they count only through an active override."""

CACHE_SIZE = 1024


@dataclass(frozen=True)
class SchedulePeriod:
    """Office hours in a pure form: which dates they cover and the sessions of each weekday."""

    schedule_id: int | None
    unit_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    season: tuple[MonthDay, MonthDay] | None  # inclusive, may wrap over the new year
    week: tuple[tuple[Session, ...], ...]  # Monday … Friday
    cutoff: dt.time | None = None
    workdays: tuple[WorkDay, ...] = field(init=False, repr=False, compare=False)
    makeup: WorkDay = field(init=False, repr=False, compare=False)
    daily: dt.timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days = tuple(WorkDay(tuple(sessions), self.cutoff) for sessions in self.week)
        working = [d for d in days if d.is_working]
        daily_us = sum(d.total_us for d in working) // len(working) if working else 0
        object.__setattr__(self, "workdays", days)
        object.__setattr__(self, "makeup", working[0] if working else DAY_OFF)
        object.__setattr__(self, "daily", dt.timedelta(microseconds=daily_us))

    def covers(self, day: dt.date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_to is not None and day > self.valid_to:
            return False
        return self.season is None or in_season(day, self.season)

    @property
    def is_default(self) -> bool:
        return self.schedule_id is None


def in_season(day: dt.date, season: tuple[MonthDay, MonthDay]) -> bool:
    key = (day.month, day.day)
    first, last = season
    if first <= last:
        return first <= key <= last
    return key >= first or key <= last  # wraps over the new year


_EIGHT_HOURS: tuple[Session, ...] = ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))
DEFAULT_PERIOD = SchedulePeriod(None, None, None, None, None, week=(_EIGHT_HOURS,) * 5)
"""Used where no schedule of the lineage covers a date: 08:00–12:00 and 13:00–17:00, Monday to
Friday (8 hours a day, 40 a week, Decision 188/1999/QĐ-TTg), no cut-off."""


@dataclass(frozen=True)
class SpecialDay:
    """A date that is not an ordinary weekday or weekend: a day off or a make-up working day."""

    date: dt.date
    kind: str  # an OverrideKind value (package holidays are "holiday")
    name_vi: str
    name_en: str
    override_id: int | None = None  # None: from the holidays package
    unit_id: int | None = None  # the override's unit; None: national


@lru_cache(maxsize=256)
def package_holidays(year: int) -> Mapping[dt.date, tuple[str, str]]:
    """The ``holidays`` package's Vietnamese holidays of ``year``: date → (name vi, name en)."""
    vi = holidays.country_holidays("VN", years=year, language="vi")
    en = holidays.country_holidays("VN", years=year, language="en_US")
    return {day: (name, en.get(day, name)) for day, name in sorted(vi.items())}


class UnitCalendar:
    """A unit's calendar, built from plain data; implements ``arithmetic.WorkCalendar``.

    ``periods`` are tried in order (nearest unit first); ``overrides`` holds at most one active
    override per date, already resolved to the nearest scope.
    """

    def __init__(
        self,
        *,
        periods: Sequence[SchedulePeriod] = (),
        overrides: Mapping[dt.date, SpecialDay] | None = None,
        default: SchedulePeriod = DEFAULT_PERIOD,
        use_package: bool = True,
    ) -> None:
        self.periods = tuple(periods)
        self.overrides = dict(overrides or {})
        self.default = default
        self.use_package = use_package
        self._workdays: dict[dt.date, WorkDay] = {}

    def period_on(self, day: dt.date) -> SchedulePeriod:
        for period in self.periods:
            if period.covers(day):
                return period
        return self.default

    def package_holiday(self, day: dt.date) -> SpecialDay | None:
        if not self.use_package or (day.month, day.day) in SWITCHABLE_PACKAGE_DATES:
            return None
        names = package_holidays(day.year).get(day)
        return None if names is None else SpecialDay(day, OverrideKind.HOLIDAY, *names)

    def special_day(self, day: dt.date) -> SpecialDay | None:
        """Why ``day`` differs from the ordinary week, or None. ``holiday_off`` rows give None."""
        override = self.overrides.get(day)
        if override is not None:
            return None if override.kind == OverrideKind.HOLIDAY_OFF else override
        return self.package_holiday(day)

    def workday(self, day: dt.date) -> WorkDay:
        cached = self._workdays.get(day)
        if cached is None:
            cached = self._workdays[day] = self._decide(day)
        return cached

    def _decide(self, day: dt.date) -> WorkDay:
        special = self.special_day(day)
        if special is not None and special.kind in DAY_OFF_KINDS:
            return DAY_OFF
        period = self.period_on(day)
        weekday = day.weekday()
        if special is not None and special.kind == OverrideKind.MAKEUP_WORKDAY:
            return period.makeup if weekday >= 5 else period.workdays[weekday]
        return DAY_OFF if weekday >= 5 else period.workdays[weekday]

    def daily_working_time(self, day: dt.date) -> dt.timedelta:
        return self.period_on(day).daily

    def special_days(self, year: int) -> list[SpecialDay]:
        """Days off (holidays, swapped days off, including those on a weekend) and make-up days
        of ``year``, in date order."""
        result: dict[dt.date, SpecialDay] = {}
        for day in package_holidays(year) if self.use_package else ():
            special = self.special_day(day)
            if special is not None:
                result[day] = special
        for day, override in self.overrides.items():
            if day.year == year:
                if override.kind == OverrideKind.HOLIDAY_OFF:
                    result.pop(day, None)
                else:
                    result[day] = override
        return [result[day] for day in sorted(result)]


# --- Building from the database ---------------------------------------------------------------------


def period_from_schedule(schedule: OfficeSchedule) -> SchedulePeriod:
    """The pure form of a schedule; its sessions must be prefetched (or are one query)."""
    week: list[list[Session]] = [[] for _ in range(5)]
    for session in sorted(schedule.sessions.all(), key=lambda s: (s.weekday, s.start)):
        week[session.weekday].append((session.start, session.end))
    return SchedulePeriod(
        schedule.pk,
        schedule.unit_id,
        schedule.valid_from,
        schedule.valid_to,
        schedule.season_range,
        tuple(tuple(day) for day in week),
        schedule.cutoff,
    )


def build_calendar(unit: Unit) -> UnitCalendar:
    """Read a unit's schedules and overrides (four queries) into a :class:`UnitCalendar`."""
    lineage = unit_lineage(unit=unit)
    rank = {u.pk: i for i, u in enumerate(lineage)}
    schedules = OfficeSchedule.objects.filter(unit_id__in=rank).prefetch_related("sessions")
    periods = sorted(
        (period_from_schedule(s) for s in schedules),
        key=lambda p: (rank[p.unit_id or 0], p.valid_from or dt.date.min, p.schedule_id or 0),
    )
    chosen: dict[dt.date, tuple[int, SpecialDay]] = {}
    rows = CalendarOverride.objects.filter(is_active=True).filter(Q(unit__isnull=True) | Q(unit_id__in=rank))
    for row in rows:
        priority = len(lineage) if row.unit_id is None else rank[row.unit_id]
        current = chosen.get(row.date)
        if current is None or priority < current[0]:
            special = SpecialDay(
                row.date, row.kind, row.name_vi, row.name_en or row.name_vi, row.pk, row.unit_id
            )
            chosen[row.date] = (priority, special)
    return UnitCalendar(periods=periods, overrides={day: special for day, (_, special) in chosen.items()})


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.token: str | None = None
        self.calendars: OrderedDict[str, UnitCalendar] = OrderedDict()


_cache = _Cache()


def calendar_revision() -> str:
    """The current revision token (one primary-key read)."""
    return CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def calendar_for_unit(unit: Unit) -> UnitCalendar:
    """The unit's calendar, from this process's cache unless the calendar data changed."""
    token = calendar_revision()
    key = unit.path or f"#{unit.pk}"
    with _cache.lock:
        if token != _cache.token:
            _cache.calendars.clear()
            _cache.token = token
        calendar = _cache.calendars.get(key)
        if calendar is not None:
            _cache.calendars.move_to_end(key)
            return calendar
    calendar = build_calendar(unit)
    with _cache.lock:
        if _cache.token == token:
            _cache.calendars[key] = calendar
            while len(_cache.calendars) > CACHE_SIZE:
                _cache.calendars.popitem(last=False)
    return calendar


def forget_calendars() -> None:
    """Drop this process's cached calendars."""
    with _cache.lock:
        _cache.calendars.clear()
        _cache.token = None


def calendar_changed() -> None:
    """Give the calendar a new revision token. Services call it inside their transaction: other
    processes rebuild once it commits, this one at once and again after the commit."""
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
    forget_calendars()
    transaction.on_commit(forget_calendars)
