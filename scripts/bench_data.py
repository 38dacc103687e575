"""The bench's data sets, chosen for the day the bench runs (scripts/bench*.py and their test).

The demo year ends where the run day starts (``dossiers.demo_data.window``), so every date the
bench reads or sends is taken from that window or from the clock, never written down: the
statistics period, the span of the synthetic dossiers, the receipt the due-date figures start
from, the month of attendance recomputed, and the dossiers the public lookup rotates over (only
those whose lookup is still open, by the lookup's own rule). The functions need Django set up;
they import the project inside so that the scripts can import this module before that.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reformdesk.dossiers.demo_data import Window
    from reformdesk.org.models import Unit

# The lookup set must still open when the load runs, minutes or hours after it was chosen.
LOOKUP_MARGIN = dt.timedelta(days=1)
DUE_HOUR = dt.time(10)


def demo_window(today: dt.date | None = None) -> Window:
    """The demo year of a run on ``today`` (default: today in Vietnam, by the project's clock)."""
    from django.utils import timezone

    from reformdesk.dossiers.demo_data import window

    return window(today or timezone.localdate())


def statistics_period(window: Window) -> tuple[dt.date, dt.date]:
    """The monthly statistics are measured over the whole demo year."""
    return window.start, window.end


def due_start(*, unit: Unit, window: Window) -> dt.datetime:
    """A receipt whose deadline crosses Tết: 10:00 on ``unit``'s last working day before the latest
    Tết break that began by the end of the window (a year of 365 days may hold no Tết at all)."""
    from reformdesk.worktime.calendar import calendar_for_unit
    from reformdesk.worktime.selectors import lunar_new_year

    calendar = calendar_for_unit(unit)
    tets = [lunar_new_year(year=year) for year in (window.end.year - 1, window.end.year)]
    tet = max(day for day in tets if day is not None and day <= window.end)
    day = tet - dt.timedelta(days=1)
    while not calendar.workday(day).is_working:
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, DUE_HOUR, tzinfo=window.now.tzinfo)


def due_cases(window: Window, count: int = 233) -> list[tuple[dt.datetime, int]]:
    """Receipt moments across the demo year, in and out of office hours, with 1–30 working days."""
    first = dt.datetime.combine(window.start, dt.time(6, 45), tzinfo=window.now.tzinfo)
    return [(first + dt.timedelta(hours=37 * i + (i % 7) * 0.25), 1 + i % 30) for i in range(count)]


def lookup_sample(*, size: int, at: dt.datetime | None = None) -> list[tuple[int, str, str]]:
    """Up to ``size`` delivered dossiers (id, code, secret) spread evenly over the ids of those a
    citizen can still look up a margin after ``at`` (default: now)."""
    from django.utils import timezone

    from reformdesk.dossiers.choices import Status
    from reformdesk.dossiers.selectors import dossier_list_lookup_open

    moment = (at or timezone.now()) + LOOKUP_MARGIN
    rows = list(
        dossier_list_lookup_open(at=moment)
        .filter(status=Status.DELIVERED)
        .order_by("id")
        .values_list("id", "code", "secret")
    )
    return rows[:: max(len(rows) // size, 1)][:size] if size > 0 else []


def lookup_failures(sample: list[tuple[int, str, str]]) -> list[str]:
    """The codes of ``sample`` the public lookup does not open (the load's check, in process)."""
    from reformdesk.dossiers.selectors import dossier_lookup

    return [code for _pk, code, secret in sample if dossier_lookup(code=code, secret=secret) is None]


def recompute_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last full month before ``today``: attendance records of past days are recomputed."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def version_ids(procedures: list[Any], on: dt.date) -> list[int]:
    """The version of each procedure in force on ``on`` (the synthetic dossiers' first day)."""
    versions = [procedure.version_on(on) for procedure in procedures]
    missing = [p.national_code for p, v in zip(procedures, versions, strict=True) if v is None]
    if missing:
        raise SystemExit(f"no version in force on {on:%d/%m/%Y} for {', '.join(missing)}")
    return [version.pk for version in versions]
