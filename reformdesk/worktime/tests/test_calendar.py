"""The unit calendar: package holidays + overrides = the official calendar; inheritance; cache."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from reformdesk.org.tests.factories import make_unit
from reformdesk.worktime import selectors, services
from reformdesk.worktime.arithmetic import add_working_time
from reformdesk.worktime.calendar import calendar_for_unit, package_holidays
from reformdesk.worktime.choices import OverrideKind, Season
from reformdesk.worktime.models import CalendarOverride, CalendarRevision
from reformdesk.worktime.tests.helpers import vn

# The marker (not only the db fixture under `tree`) opens the database before autouse fixtures run.
pytestmark = pytest.mark.django_db

T = dt.time
DATA = Path(__file__).resolve().parent.parent / "data" / "vn-civil-service-calendar.csv"


def _official_rows(year: int) -> set[tuple[dt.date, str, str, str]]:
    with open(DATA, encoding="utf-8", newline="") as handle:
        return {
            (dt.date.fromisoformat(row["date"]), row["kind"], row["name_vi"], row["name_en"])
            for row in csv.DictReader(handle)
            if row["date"].startswith(str(year)) and "UNCONFIRMED" not in row["source"]
        }


@pytest.mark.parametrize("year", [2025, 2026])
def test_package_plus_overrides_is_exactly_the_official_calendar(tree, official_calendar, year):
    days = selectors.calendar_year(unit=tree.commune_a, year=year)
    assert {(d.date, d.kind, d.name_vi, d.name_en) for d in days} == _official_rows(year)
    assert [d.date for d in days] == sorted(d.date for d in days)
    assert len(days) == {2025: 13, 2026: 16}[year]


def test_package_dates_the_overrides_correct():
    # What the holidays package (0.109) says on its own, which the overrides correct.
    assert dt.date(2025, 2, 1) in package_holidays(2025)  # a Saturday, not an official Tết day
    assert dt.date(2026, 11, 24) in package_holidays(2026)  # 24/11, not confirmed
    assert dt.date(2026, 1, 2) not in package_holidays(2026)  # the 2/1 ↔ 10/1 swap is missing
    assert dt.date(2026, 1, 10) not in package_holidays(2026)


def test_migration_loaded_unconfirmed_rows_inactive(official_calendar):
    inactive = CalendarOverride.objects.filter(is_active=False, unit__isnull=True)
    assert sorted(str(o.date) for o in inactive) == [
        "2026-11-24",
        "2027-01-01",
        "2027-02-06",
        "2027-04-16",
        "2027-04-30",
        "2027-05-01",
        "2027-05-03",
        "2027-09-02",
        "2027-11-24",
    ]
    # 0002's 2025–2027 rows (0003 adds the 2018–2024 swaps, tested in test_calendar_2019_2024).
    active = CalendarOverride.objects.filter(is_active=True, unit__isnull=True, date__year__gte=2025)
    assert active.count() == 30
    row = CalendarOverride.objects.get(date=dt.date(2026, 1, 2))
    assert row.kind == OverrideKind.SWAPPED_DAY_OFF
    assert "12729/VPCP-KGVX" in row.source


def test_2027_comes_from_the_package_until_announced(tree, official_calendar):
    days = {d.date: d for d in selectors.calendar_year(unit=tree.commune_a, year=2027)}
    assert days[dt.date(2027, 2, 8)].override_id is None  # mùng 3 Tết, a Monday, from the package
    assert days[dt.date(2027, 2, 8)].kind == OverrideKind.HOLIDAY
    assert dt.date(2027, 11, 24) not in days


def test_switching_on_24_11_makes_it_a_day_off(tree, nghe_an):
    start = vn(2026, 11, 23, 9)  # Mon 23/11, winter: 09:00–12:00 3 h + 13:00–16:30 3.5 h = 6.5 h
    assert selectors.due_at(unit=tree.commune_a, start=start, days=1) == vn(2026, 11, 24, 9)
    culture_day = CalendarOverride.objects.get(date=dt.date(2026, 11, 24), unit__isnull=True)
    services.override_set_active(actor=None, override=culture_day, is_active=True)
    # 24/11 is now off: Wed 25/11 07:30 + 1.5 h = 09:00.
    assert selectors.due_at(unit=tree.commune_a, start=start, days=1) == vn(2026, 11, 25, 9)
    names = [d.name_en for d in selectors.calendar_year(unit=tree.commune_a, year=2026)]
    assert "Vietnam Culture Day (Tuesday)" in names


def test_unit_override_wins_inside_its_subtree_only(tree, nghe_an):
    other_province = make_unit(name="Tỉnh Hà Tĩnh", kind="province", code="000.00.00.H42")
    # A provincial day off on Mon 9/3/2026 for Nghệ An, and Nghệ An works 2/9/2026 (for the test).
    services.override_create(
        actor=None,
        date=dt.date(2026, 3, 9),
        kind=OverrideKind.HOLIDAY,
        name_vi="Nghỉ riêng",
        unit=tree.province,
    )
    services.override_create(
        actor=None,
        date=dt.date(2026, 9, 2),
        kind=OverrideKind.HOLIDAY_OFF,
        name_vi="Làm việc",
        unit=tree.province,
    )
    commune = calendar_for_unit(tree.commune_a)
    assert not commune.workday(dt.date(2026, 3, 9)).is_working
    assert commune.workday(dt.date(2026, 9, 2)).is_working
    elsewhere = calendar_for_unit(other_province)
    assert elsewhere.workday(dt.date(2026, 3, 9)).is_working
    assert not elsewhere.workday(dt.date(2026, 9, 2)).is_working
    dates = [d.date for d in selectors.calendar_year(unit=tree.commune_a, year=2026)]
    assert dt.date(2026, 3, 9) in dates
    assert dt.date(2026, 9, 2) not in dates


def test_schedules_are_inherited_from_the_nearest_ancestor(tree, nghe_an):
    services.schedule_set(
        actor=None,
        unit=tree.district,
        name_vi="Giờ làm việc mùa hè của huyện",
        season=Season.SUMMER,
        season_start=(5, 1),
        season_end=(8, 31),
        valid_from=dt.date(2026, 1, 1),
        sessions=dict.fromkeys(range(5), ((T(7, 15), T(11, 15)), (T(13, 15), T(17, 15)))),
    )
    summer = selectors.effective_schedule(unit=tree.commune_a, on=dt.date(2026, 6, 1))
    assert summer.source_unit == tree.district
    assert summer.inherited is True
    assert summer.week[0] == ("Thứ Hai", ((T(7, 15), T(11, 15)), (T(13, 15), T(17, 15))))
    assert summer.cutoff is None
    # Outside the district's season (and before 1/5) the province's schedules apply.
    april = selectors.effective_schedule(unit=tree.commune_a, on=dt.date(2026, 4, 20))
    assert april.source_unit == tree.province
    assert april.schedule.name_vi == "Giờ làm việc mùa hè"
    assert april.cutoff == T(16, 30)
    winter = selectors.effective_schedule(unit=tree.province, on=dt.date(2026, 12, 1))
    assert (winter.schedule.name_vi, winter.inherited, winter.daily) == (
        "Giờ làm việc mùa đông",
        False,
        dt.timedelta(hours=8),
    )


def test_without_any_schedule_the_national_default_applies(tree, official_calendar):
    hours = selectors.effective_schedule(unit=tree.commune_b, on=dt.date(2026, 3, 9))
    assert hours.is_default
    assert hours.source_unit is None
    assert hours.week[4][1] == ((T(8), T(12)), (T(13), T(17)))
    # Mon 9/3 08:00 + 1 day (8 h) = 17:00.
    assert selectors.due_at(unit=tree.commune_b, start=vn(2026, 3, 9, 8), days=1) == vn(2026, 3, 9, 17)


def test_repeated_due_dates_read_only_the_revision(tree, nghe_an, django_assert_num_queries):
    start = vn(2026, 2, 13, 10)
    with django_assert_num_queries(5):  # revision, lineage, schedules, sessions, overrides
        selectors.due_at(unit=tree.commune_a, start=start, days=3)
    for _ in range(3):
        with django_assert_num_queries(1):  # the revision token only
            assert selectors.due_at(unit=tree.commune_a, start=start, days=3) == vn(2026, 2, 25, 10)
    calendar = calendar_for_unit(tree.commune_a)
    with django_assert_num_queries(0):  # a batch reuses one calendar object
        for day in range(1, 28):
            add_working_time(calendar, vn(2026, 2, day, 9), days=5)


def test_a_write_from_another_process_is_seen(tree, nghe_an):
    start = vn(2026, 3, 6, 9)  # Fri 6/3, winter: 09:00–16:30 = 6.5 h; Mon 9/3 07:30 + 1.5 h = 09:00
    assert selectors.due_at(unit=tree.commune_a, start=start, days=1) == vn(2026, 3, 9, 9)
    # Another process adds a day off and changes the revision; this process's cache must notice.
    CalendarOverride.objects.create(
        date=dt.date(2026, 3, 9), kind=OverrideKind.HOLIDAY, name_vi="Nghỉ đột xuất"
    )
    CalendarRevision.objects.filter(pk=1).update(token="written-by-another-process")
    assert selectors.due_at(unit=tree.commune_a, start=start, days=1) == vn(2026, 3, 10, 9)


def test_moving_a_unit_changes_its_calendar(tree, nghe_an):
    from reformdesk.org.services import unit_move

    other_province = make_unit(name="Tỉnh Hà Tĩnh", kind="province", code="000.00.00.H42")
    assert calendar_for_unit(tree.commune_a).period_on(dt.date(2026, 3, 9)).schedule_id is not None
    unit_move(actor=None, unit=tree.commune_a, new_parent=other_province)
    # New path, new cache key: the commune now has only the national default hours.
    assert calendar_for_unit(tree.commune_a).period_on(dt.date(2026, 3, 9)).is_default
