"""Staff page: the current unit's year calendar and the office hours it works."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from reformdesk.org.current import current_unit
from reformdesk.worktime import selectors
from reformdesk.worktime.api import MAX_YEAR, MIN_YEAR
from reformdesk.worktime.calendar import SpecialDay
from reformdesk.worktime.choices import OverrideKind


def _year(raw: str | None, default: int) -> int:
    try:
        year = int(raw or default)
    except ValueError:
        return default
    return year if MIN_YEAR <= year <= MAX_YEAR else default


def _rows(days: list[SpecialDay]) -> list[dict[str, object]]:
    english = (get_language() or "vi").startswith("en")
    return [
        {
            "date": day.date,
            "kind": day.kind,
            "kind_label": OverrideKind(day.kind).label,
            "name": day.name_en if english and day.name_en else day.name_vi,
            "from_package": day.override_id is None,
        }
        for day in days
    ]


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Days off and make-up days of a year for the unit chosen in the switcher, its switchable
    days, and the office hours in force today (with the unit they are inherited from)."""
    today = timezone.localdate()
    year = _year(request.GET.get("year"), today.year)
    unit = current_unit(request)
    context: dict[str, object] = {"year": year, "unit": unit, "today": today}
    if unit is not None:
        hours = selectors.effective_schedule(unit=unit, on=today)
        context.update(
            special_days=_rows(selectors.calendar_year(unit=unit, year=year)),
            switchable=list(selectors.calendar_switchable(unit=unit, year=year)),
            hours=hours,
            source_schedules=list(selectors.schedules_of(unit=hours.source_unit))
            if hours.source_unit
            else [],
            previous_year=year - 1 if year > MIN_YEAR else None,
            next_year=year + 1 if year < MAX_YEAR else None,
        )
    return render(request, "worktime/calendar.html", context)
