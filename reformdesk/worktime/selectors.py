"""Reads: due dates, working time, a unit's year calendar and its office hours in force.

Everything goes through the unit's cached calendar (``worktime.calendar``): a due date costs one
primary-key query (the calendar revision) once the unit's calendar is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from reformdesk.org.models import Unit
from reformdesk.worktime import arithmetic
from reformdesk.worktime.calendar import SpecialDay, calendar_for_unit, package_holidays
from reformdesk.worktime.choices import OverrideKind, WorkWeekday
from reformdesk.worktime.models import CalendarOverride, OfficeSchedule

Session = tuple[dt.time, dt.time]


def due_at(
    *,
    unit: Unit,
    start: dt.datetime,
    days: float | None = None,
    hours: float | None = None,
    cutoff: bool = True,
) -> dt.datetime:
    """The deadline of something received by ``unit`` at ``start`` and due in ``days`` working
    days or ``hours`` working hours (exactly one), in Vietnam time (+07:00). ``cutoff=False``
    counts from ``start`` even after the unit's daily cut-off hour (a horizon, not a receipt).

    Raises ``ValueError`` on a naive ``start`` or a bad amount, ``arithmetic.NoWorkingTimeError``
    when the unit's calendar has no working time left.
    """
    return arithmetic.add_working_time(calendar_for_unit(unit), start, days=days, hours=hours, cutoff=cutoff)


def counting_start_at(*, unit: Unit, received_at: dt.datetime) -> dt.datetime:
    """When the clock starts for something ``unit`` received at ``received_at``."""
    return arithmetic.counting_start(calendar_for_unit(unit), received_at)


def working_time(
    *,
    unit: Unit,
    start: dt.datetime,
    end: dt.datetime,
    pauses: Iterable[tuple[dt.datetime, dt.datetime]] = (),
) -> dt.timedelta:
    """Working time of ``unit`` between ``start`` and ``end``, minus ``pauses``."""
    return arithmetic.working_time_between(calendar_for_unit(unit), start, end, pauses=pauses)


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
