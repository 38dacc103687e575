"""Invariants of the arithmetic, checked by hypothesis on generated calendars and moments.

Two families of calendars: random weekly timetables with random days off and cut-offs, and
Nghệ An's seasonal calendar built without the database (package holidays, the 2026 swaps).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reformdesk.worktime.arithmetic import (
    VN_TZ,
    WeeklyCalendar,
    add_working_time,
    counting_start,
    is_working_time,
    to_vn,
    working_time_between,
)
from reformdesk.worktime.calendar import SchedulePeriod, SpecialDay, UnitCalendar
from reformdesk.worktime.choices import OverrideKind

T = dt.time
FAST = settings(max_examples=150, deadline=None)

SUMMER = ((T(7), T(11, 30)), (T(13, 30), T(17)))
WINTER = ((T(7, 30), T(12)), (T(13), T(16, 30)))


def _special(day: dt.date, kind: str) -> SpecialDay:
    return SpecialDay(day, kind, "x", "x", override_id=1)


NGHE_AN = UnitCalendar(
    periods=[
        SchedulePeriod(1, 1, dt.date(2020, 1, 1), None, ((4, 15), (10, 14)), (SUMMER,) * 5, T(16, 30)),
        SchedulePeriod(2, 1, dt.date(2020, 1, 1), None, ((10, 15), (4, 14)), (WINTER,) * 5, T(16, 30)),
    ],
    overrides={
        dt.date(2026, 1, 2): _special(dt.date(2026, 1, 2), OverrideKind.SWAPPED_DAY_OFF),
        dt.date(2026, 1, 10): _special(dt.date(2026, 1, 10), OverrideKind.MAKEUP_WORKDAY),
        dt.date(2026, 8, 22): _special(dt.date(2026, 8, 22), OverrideKind.MAKEUP_WORKDAY),
    },
)


@st.composite
def day_sessions(draw: st.DrawFn) -> list[tuple[dt.time, dt.time]]:
    count = draw(st.integers(min_value=0, max_value=3))
    minutes = sorted(
        draw(st.sets(st.integers(min_value=0, max_value=1439), min_size=2 * count, max_size=2 * count))
    )
    return [
        (T(divmod(minutes[i], 60)[0], minutes[i] % 60), T(divmod(minutes[i + 1], 60)[0], minutes[i + 1] % 60))
        for i in range(0, len(minutes), 2)
    ]


@st.composite
def weekly_calendars(draw: st.DrawFn) -> WeeklyCalendar:
    week = {weekday: draw(day_sessions()) for weekday in range(7)}
    assume(any(week.values()))
    days_off = draw(st.frozensets(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), max_size=40))
    cutoff = draw(st.none() | st.times())
    return WeeklyCalendar(week, days_off=days_off, cutoff=cutoff)


calendars = st.one_of(weekly_calendars(), st.just(NGHE_AN))
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)
moments = st.builds(
    lambda naive, tz: naive.replace(tzinfo=VN_TZ).astimezone(tz),
    st.datetimes(dt.datetime(2025, 12, 1), dt.datetime(2026, 12, 31)),
    offsets,
)
durations = st.integers(min_value=1, max_value=40 * 8 * 60).map(lambda m: dt.timedelta(minutes=m))


def _inside_or_at_end(cal, moment: dt.datetime) -> bool:
    local = to_vn(moment)
    workday = cal.workday(local.date())
    t = local.timetz().replace(tzinfo=None)
    return any(start < t <= end for start, end in workday.sessions)


@FAST
@given(calendars, moments, moments, durations)
def test_monotonic_in_start(cal, s1, s2, d):
    s1, s2 = sorted((s1, s2))
    assert add_working_time(cal, s1, duration=d) <= add_working_time(cal, s2, duration=d)


@FAST
@given(calendars, moments, durations, durations)
def test_monotonic_in_duration(cal, s, d1, d2):
    d1, d2 = sorted((d1, d2))
    assert add_working_time(cal, s, duration=d1) <= add_working_time(cal, s, duration=d2)


@FAST
@given(calendars, moments, durations, durations)
def test_additive(cal, s, a, b):
    # The second leg continues a running clock, so the cut-off does not apply to it.
    first = add_working_time(cal, s, duration=a)
    assert add_working_time(cal, first, duration=b, cutoff=False) == add_working_time(cal, s, duration=a + b)


@FAST
@given(moments, st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=60))
def test_additive_in_half_days_when_every_season_has_the_same_day(s, a, b):
    # Both Nghệ An seasons last 8 h a day, so half-days add up exactly across seasons too.
    first = add_working_time(NGHE_AN, s, days=a / 2)
    assert add_working_time(NGHE_AN, first, days=b / 2, cutoff=False) == add_working_time(
        NGHE_AN, s, days=(a + b) / 2
    )


@FAST
@given(calendars, moments, durations)
def test_result_is_never_outside_office_hours(cal, s, d):
    due = add_working_time(cal, s, duration=d)
    assert due.utcoffset() == dt.timedelta(hours=7)
    assert _inside_or_at_end(cal, due)


@FAST
@given(calendars, moments, durations)
def test_between_measures_back_what_was_added(cal, s, d):
    due = add_working_time(cal, s, duration=d)
    assert working_time_between(cal, counting_start(cal, s), due) == d


@FAST
@given(weekly_calendars(), moments, durations)
def test_between_from_the_receipt_itself_without_cutoff(cal, s, d):
    cal = WeeklyCalendar(cal.week, days_off=cal.days_off)  # the same calendar without cut-off
    assert working_time_between(cal, s, add_working_time(cal, s, duration=d)) == d


@FAST
@given(calendars, moments, moments, st.lists(st.tuples(moments, moments), max_size=5))
def test_pauses_only_take_time_off_and_order_does_not_matter(cal, a, b, raw_pauses):
    pauses = [tuple(sorted(p)) for p in raw_pauses]
    plain = working_time_between(cal, a, b)
    paused = working_time_between(cal, a, b, pauses=pauses)
    assert dt.timedelta(0) <= paused <= plain
    assert working_time_between(cal, a, b, pauses=list(reversed(pauses))) == paused
    # A pause covering the whole interval leaves nothing.
    assert working_time_between(cal, a, b, pauses=[*pauses, (min(a, b), max(a, b))]) == dt.timedelta(0)


@FAST
@given(calendars, moments)
def test_counting_start_is_working_time(cal, s):
    start = counting_start(cal, s)
    assert start >= s
    assert is_working_time(cal, start)
