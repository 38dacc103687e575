"""The make-up Saturdays and swapped days off of 2019–2024 (migration 0003), with their sources.

The ``holidays`` package (0.109) already gives the swapped Mondays of these years as days off but
never the Saturdays worked in exchange; without them a deadline running over 5/1/2019, 4/5/2019 or
4/5/2024 came out one working day late.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from reformdesk.worktime import selectors
from reformdesk.worktime.calendar import package_holidays
from reformdesk.worktime.choices import OverrideKind
from reformdesk.worktime.models import CalendarOverride
from reformdesk.worktime.tests.helpers import vn

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "vn-civil-service-swaps-2019-2024.csv"

SWAPS = {
    dt.date(2018, 12, 31): OverrideKind.SWAPPED_DAY_OFF,
    dt.date(2019, 1, 5): OverrideKind.MAKEUP_WORKDAY,
    dt.date(2019, 4, 29): OverrideKind.SWAPPED_DAY_OFF,
    dt.date(2019, 5, 4): OverrideKind.MAKEUP_WORKDAY,
    dt.date(2024, 4, 29): OverrideKind.SWAPPED_DAY_OFF,
    dt.date(2024, 5, 4): OverrideKind.MAKEUP_WORKDAY,
}


def test_the_swaps_are_national_active_overrides_with_their_sources(official_calendar):
    rows = CalendarOverride.objects.filter(unit__isnull=True, date__in=list(SWAPS)).order_by("date")
    assert {row.date: row.kind for row in rows} == SWAPS
    assert all(row.is_active and row.source.startswith("https://") for row in rows)
    assert "2450/VPCP-KGVX" in rows.get(date=dt.date(2024, 5, 4)).source
    with open(DATA, encoding="utf-8", newline="") as handle:
        assert [row["date"] for row in csv.DictReader(handle)] == [str(day) for day in SWAPS]


def test_the_package_lacks_the_make_up_saturdays():
    assert dt.date(2024, 4, 29) in package_holidays(2024)
    assert dt.date(2024, 5, 4) not in package_holidays(2024)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Fri 26/4/2024 09:00: 7 h that day; Mon 29/4 swapped off, 30/4 and 1/5 holidays; Thu 2/5
        # 8 h (15), Fri 3/5 8 h (23); the make-up Saturday 4/5 08:00 + 1 h = 09:00.
        pytest.param(vn(2024, 4, 26, 9), 3, vn(2024, 5, 4, 9), id="30-4-2024"),
        # Thu 2/5/2024 09:00 + 2 days: Fri 3/5 09:00, make-up Saturday 4/5 09:00.
        pytest.param(vn(2024, 5, 2, 9), 2, vn(2024, 5, 4, 9), id="make-up-saturday-2024"),
        # Fri 28/12/2018 09:00: Mon 31/12 swapped off, 1/1 New Year; Wed 2/1, Thu 3/1, Fri 4/1,
        # then the make-up Saturday 5/1/2019 09:00.
        pytest.param(vn(2018, 12, 28, 9), 4, vn(2019, 1, 5, 9), id="new-year-2019"),
        # Fri 26/4/2019 09:00: 29/4 swapped off, 30/4 and 1/5 holidays; Thu 2/5, Fri 3/5, Sat 4/5.
        pytest.param(vn(2019, 4, 26, 9), 3, vn(2019, 5, 4, 9), id="30-4-2019"),
    ],
)
def test_deadlines_count_the_make_up_saturday(tree, official_calendar, start, days, due):
    assert selectors.due_at(unit=tree.commune_a, start=start, days=days) == due


def test_2020_had_no_swap_and_the_package_gives_its_days_off(tree, official_calendar):
    """Tết Dương lịch 2020 and 2/9/2020 fell mid-week with no swap; Tết 23–29/1/2020."""
    days = selectors.calendar_year(unit=tree.commune_a, year=2020)
    assert [d.kind for d in days if d.kind != OverrideKind.HOLIDAY] == []
    assert selectors.due_at(unit=tree.commune_a, start=vn(2020, 1, 22, 9), days=2) == vn(2020, 1, 31, 9)
