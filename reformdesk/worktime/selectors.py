"""Reads: due dates, working time, a unit's year calendar and its office hours in force.

This is the worktime app's public read API: other apps read working time here, never from
``worktime.arithmetic`` or ``worktime.calendar`` directly (a test walks the imports of the apps
that use it). Everything goes through the unit's cached calendar (``worktime.calendar``): a due
date costs one primary-key query (the calendar revision) once the unit's calendar is built, and a
:class:`WorkClock` answers any number of them for one unit with no further query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from reformdesk.org.models import Unit
from reformdesk.worktime import arithmetic
from reformdesk.worktime.calendar import SpecialDay, calendar_for_unit, package_holidays
from reformdesk.worktime.choices import OverrideKind, WorkWeekday
from reformdesk.worktime.models import CalendarOverride, OfficeSchedule

Session = tuple[dt.time, dt.time]

VN_TZ = arithmetic.VN_TZ
"""Vietnam time, the fixed offset +07:00 every moment of the arithmetic is given in."""

NoWorkingTimeError = arithmetic.NoWorkingTimeError


def to_vn(moment: dt.datetime) -> dt.datetime:
    """``moment`` in Vietnam time (+07:00); raises ``ValueError`` on a naive datetime."""
    return arithmetic.to_vn(moment)


@dataclass(frozen=True)
class WorkClock:
    """One unit's working time, read once: deadlines and durations with no query per call.

    For a batch on one unit (a receipt's appointment and its steps' due moments, the moments a
    resumed clock moves, a demo year), where each module-level selector below would read the
    calendar revision again. It answers from the calendar as it was when :func:`work_clock` made
    it: use it for one piece of work, don't keep it across requests."""

    calendar: arithmetic.WorkCalendar

    def due_at(
        self,
        *,
        start: dt.datetime,
        days: float | None = None,
        hours: float | None = None,
        duration: dt.timedelta | None = None,
        cutoff: bool = True,
    ) -> dt.datetime:
        """:func:`due_at` on this clock's calendar (also ``duration``: an exact working time)."""
        return arithmetic.add_working_time(
            self.calendar, start, days=days, hours=hours, duration=duration, cutoff=cutoff
        )

    def due_moments(
        self, *, start: dt.datetime, days: Sequence[float], cutoff: bool = True
    ) -> list[dt.datetime]:
        """:func:`due_moments` on this clock's calendar."""
        computed: dict[float, dt.datetime] = {}
        for amount in days:
            if float(amount) not in computed:
                computed[float(amount)] = self.due_at(start=start, days=float(amount), cutoff=cutoff)
        return [computed[float(amount)] for amount in days]

    def counting_start_at(self, *, received_at: dt.datetime) -> dt.datetime:
        """:func:`counting_start_at` on this clock's calendar."""
        return arithmetic.counting_start(self.calendar, received_at)

    def working_time(
        self,
        *,
        start: dt.datetime,
        end: dt.datetime,
        pauses: Iterable[tuple[dt.datetime, dt.datetime]] = (),
    ) -> dt.timedelta:
        """:func:`working_time` on this clock's calendar."""
        return arithmetic.working_time_between(self.calendar, start, end, pauses=pauses)

    def is_working_day(self, *, day: dt.date) -> bool:
        """Whether the office works on ``day`` (not a weekend, holiday or swapped day off)."""
        return self.calendar.workday(day).is_working

    def sessions(self, *, day: dt.date) -> tuple[Session, ...]:
        """The office sessions of ``day`` in order, ``(start, end)``; none on a day off."""
        return self.calendar.workday(day).sessions


def work_clock(*, unit: Unit) -> WorkClock:
    """``unit``'s working time for a batch of reads (one query, the calendar revision)."""
    return WorkClock(calendar_for_unit(unit))


def due_at(
    *,
    unit: Unit,
    start: dt.datetime,
    days: float | None = None,
    hours: float | None = None,
    duration: dt.timedelta | None = None,
    cutoff: bool = True,
) -> dt.datetime:
    """The deadline of something received by ``unit`` at ``start`` and due in ``days`` working
    days, ``hours`` working hours or ``duration`` of working time (exactly one), in Vietnam time
    (+07:00). ``cutoff=False`` counts from ``start`` even after the unit's daily cut-off hour (a
    clock already running, or a horizon, not a receipt).

    Raises ``ValueError`` on a naive ``start`` or a bad amount, :data:`NoWorkingTimeError` when
    the unit's calendar has no working time left.
    """
    return work_clock(unit=unit).due_at(start=start, days=days, hours=hours, duration=duration, cutoff=cutoff)


def due_moments(
    *, unit: Unit, start: dt.datetime, days: Sequence[float], cutoff: bool = True
) -> list[dt.datetime]:
    """:func:`due_at` for each amount of working ``days`` from the same ``start``, in order, on
    one reading of the calendar; an amount given twice is computed once (a receipt's appointment
    and the due moment of its last step are usually the same sum)."""
    return work_clock(unit=unit).due_moments(start=start, days=days, cutoff=cutoff)


def counting_start_at(*, unit: Unit, received_at: dt.datetime) -> dt.datetime:
    """When the clock starts for something ``unit`` received at ``received_at``."""
    return work_clock(unit=unit).counting_start_at(received_at=received_at)


def working_time(
    *,
    unit: Unit,
    start: dt.datetime,
    end: dt.datetime,
    pauses: Iterable[tuple[dt.datetime, dt.datetime]] = (),
) -> dt.timedelta:
    """Working time of ``unit`` between ``start`` and ``end``, minus ``pauses``."""
    return work_clock(unit=unit).working_time(start=start, end=end, pauses=pauses)


def calendar_year(*, unit: Unit, year: int) -> list[SpecialDay]:
    """The unit's days off (holidays, swapped days off, holidays falling on a weekend) and
    make-up working days of ``year``, in date order, each with its kind and names."""
    return calendar_for_unit(unit).special_days(year)


def calendar_switchable(*, unit: Unit, year: int) -> QuerySet[CalendarOverride]:
    """Inactive overrides of ``year`` that apply to the unit (national or of its lineage):
    days on record that an administrator can switch on, e.g. 24/11 before it is confirmed."""
    lineage = [*unit.ancestor_ids(), unit.pk]
    return CalendarOverride.objects.filter(
        Q(unit__isnull=True) | Q(unit_id__in=lineage), date__year=year, is_active=False
    ).order_by("date", "kind", "id")


@dataclass(frozen=True)
class EffectiveSchedule:
    """The office hours a unit works on a date and where they come from."""

    on: dt.date
    schedule: OfficeSchedule | None  # None: no schedule anywhere up the tree, the national default
    source_unit: Unit | None  # the unit that set the schedule
    inherited: bool  # set by an ancestor, not by the unit itself
    week: tuple[tuple[str, tuple[Session, ...]], ...]  # (weekday label, sessions), Monday–Friday
    cutoff: dt.time | None
    daily: dt.timedelta

    @property
    def is_default(self) -> bool:
        return self.schedule is None

    @property
    def daily_hours(self) -> float:
        return self.daily.total_seconds() / 3600


def effective_schedule(*, unit: Unit, on: dt.date) -> EffectiveSchedule:
    """The schedule in force for ``unit`` on ``on``: its own covering that date, else the nearest
    ancestor's, else the national default (08:00–12:00, 13:00–17:00)."""
    period = calendar_for_unit(unit).period_on(on)
    schedule = None
    if period.schedule_id is not None:
        schedule = OfficeSchedule.objects.select_related("unit").filter(pk=period.schedule_id).first()
    return EffectiveSchedule(
        on=on,
        schedule=schedule,
        source_unit=schedule.unit if schedule is not None else None,
        inherited=schedule is not None and schedule.unit_id != unit.pk,
        week=tuple(
            (str(label), sessions)
            for (_, label), sessions in zip(WorkWeekday.choices, period.week, strict=True)
        ),
        cutoff=period.cutoff,
        daily=period.daily,
    )


def schedules_of(*, unit: Unit) -> QuerySet[OfficeSchedule]:
    """The schedules set by ``unit`` itself, sessions prefetched."""
    return OfficeSchedule.objects.filter(unit=unit).prefetch_related("sessions")


def lunar_new_year(*, year: int) -> dt.date | None:
    """Mùng 1 Tết of ``year`` as the ``holidays`` package computes it (Vietnamese lunar calendar)."""
    for day, (_vi, en) in package_holidays(year).items():
        if en == "Lunar New Year":
            return day
    return None


def tet_confirmed(*, year: int) -> bool:
    """Whether ``year`` has at least one active national holiday override within a week of
    Lunar New Year: the sign that the year's Tết notice has been entered."""
    tet = lunar_new_year(year=year)
    if tet is None:  # the package no longer names it: accept any holiday in January–February
        window = (dt.date(year, 1, 1), dt.date(year, 2, 28))
    else:
        window = (tet - dt.timedelta(days=7), tet + dt.timedelta(days=7))
    return CalendarOverride.objects.filter(
        unit__isnull=True, is_active=True, kind=OverrideKind.HOLIDAY, date__range=window
    ).exists()


def calendar_year_to_check(*, on: dt.date) -> int | None:
    """The year whose overrides should be in place by ``on``: the next year from 1 October, the
    current year until its Lunar New Year, otherwise none."""
    if on >= dt.date(on.year, 10, 1):
        return on.year + 1
    tet = lunar_new_year(year=on.year)
    if tet is not None and on <= tet:
        return on.year
    return None
