"""The pure arithmetic on small hand-made calendars: rules, boundaries and refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from reformdesk.worktime.arithmetic import (
    DAY_OFF,
    VN_TZ,
    NoWorkingTimeError,
    WeeklyCalendar,
    WorkDay,
    add_working_time,
    counting_start,
    is_working_time,
    next_working_moment,
    to_vn,
    working_time_between,
)
from reformdesk.worktime.tests.helpers import vn

T = dt.time
H = dt.timedelta(hours=1)
# Monday 2/3/2026 … Friday 6/3/2026; 08:00–12:00 and 13:00–17:00.
WEEK = {d: [(T(8), T(12)), (T(13), T(17))] for d in range(5)}
CAL = WeeklyCalendar(WEEK)
CUTOFF_CAL = WeeklyCalendar(WEEK, cutoff=T(16))


def test_results_are_in_vietnam_time_whatever_the_input_offset():
    paris = dt.timezone(dt.timedelta(hours=1))
    start = dt.datetime(2026, 3, 2, 2, 0, tzinfo=paris)  # = 08:00 +07:00
    due = add_working_time(CAL, start, hours=1)
    assert due == vn(2026, 3, 2, 9)
    assert due.isoformat() == "2026-03-02T09:00:00+07:00"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_time(CAL, dt.datetime(2026, 3, 2, 8), hours=1)
    with pytest.raises(ValueError, match="timezone-aware"):
        to_vn(dt.datetime(2026, 3, 2, 8))


@pytest.mark.parametrize(
    "amount",
    [{}, {"days": 1, "hours": 1}, {"days": -1}, {"hours": float("nan")}, {"hours": float("inf")}],
)
def test_bad_amounts_are_refused(amount):
    with pytest.raises(ValueError):
        add_working_time(CAL, vn(2026, 3, 2, 8), **amount)


def test_amount_must_be_a_number():
    with pytest.raises(TypeError):
        add_working_time(CAL, vn(2026, 3, 2, 8), days="1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        add_working_time(CAL, vn(2026, 3, 2, 8), days=True)


def test_session_end_is_not_working_time_but_start_is():
    assert is_working_time(CAL, vn(2026, 3, 2, 8))
    assert not is_working_time(CAL, vn(2026, 3, 2, 12))
    assert is_working_time(CAL, vn(2026, 3, 2, 11, 59))
    assert next_working_moment(CAL, vn(2026, 3, 2, 12)) == vn(2026, 3, 2, 13)
    # Friday evening → Monday morning.
    assert next_working_moment(CAL, vn(2026, 3, 6, 17)) == vn(2026, 3, 9, 8)


def test_deadline_on_a_session_end_stays_there():
    # 08:00 + 4 h = 12:00, not 13:00; + 8 h = 17:00 the same day, not 08:00 the next.
    assert add_working_time(CAL, vn(2026, 3, 2, 8), hours=4) == vn(2026, 3, 2, 12)
    assert add_working_time(CAL, vn(2026, 3, 2, 8), days=1) == vn(2026, 3, 2, 17)
    # A second more goes on in the next session.
    assert add_working_time(CAL, vn(2026, 3, 2, 8), duration=4 * H + dt.timedelta(seconds=1)) == dt.datetime(
        2026, 3, 2, 13, 0, 1, tzinfo=VN_TZ
    )


def test_zero_gives_the_moment_the_clock_starts():
    assert add_working_time(CAL, vn(2026, 3, 2, 9), hours=0) == vn(2026, 3, 2, 9)
    assert add_working_time(CAL, vn(2026, 3, 2, 12, 30), days=0) == vn(2026, 3, 2, 13)


def test_cutoff_applies_to_receipts_only():
    # 16:00 is the cut-off: the clock starts Tuesday 08:00, 1 h → 09:00.
    assert add_working_time(CUTOFF_CAL, vn(2026, 3, 2, 16), hours=1) == vn(2026, 3, 3, 9)
    # Continuing a running clock ignores the cut-off: 16:00 + 1 h = 17:00.
    assert add_working_time(CUTOFF_CAL, vn(2026, 3, 2, 16), hours=1, cutoff=False) == vn(2026, 3, 2, 17)
    # Before the cut-off nothing changes: 15:59 + 1 h = 16:59.
    assert add_working_time(CUTOFF_CAL, vn(2026, 3, 2, 15, 59), hours=1) == vn(2026, 3, 2, 16, 59)
    # On a day off the cut-off plays no part: Saturday 18:00 → Monday 08:00.
    assert counting_start(CUTOFF_CAL, vn(2026, 3, 7, 18)) == vn(2026, 3, 9, 8)


def test_days_off_and_extra_workdays():
    cal = WeeklyCalendar(
        WEEK,
        days_off=frozenset({dt.date(2026, 3, 3)}),
        extra_workdays=frozenset({dt.date(2026, 3, 7)}),
    )
    # Mon 2/3 16:00–17:00 = 1 h; Tue 3/3 off; Wed 4/3 08:00–12:00 4 h (5), 13:00–17:00 (9): 1 day
    # = 8 h ends Wed 16:00.
    assert add_working_time(cal, vn(2026, 3, 2, 16), days=1) == vn(2026, 3, 4, 16)
    # Fri 6/3 16:00–17:00 = 1 h; Sat 7/3 extra working day with Monday's sessions → 08:00 + 2 h.
    assert add_working_time(cal, vn(2026, 3, 6, 16), hours=3) == vn(2026, 3, 7, 10)


def test_daily_working_time_is_the_weekly_average():
    # Friday afternoon off: (4 × 8 h + 4 h) / 5 = 7.2 h a day.
    week = {**WEEK, 4: [(T(8), T(12))]}
    cal = WeeklyCalendar(week)
    assert cal.daily_working_time(dt.date(2026, 3, 2)) == dt.timedelta(hours=7, minutes=12)
    # Mon 08:00 + 7.2 h = 08:00–12:00 (4 h) + 13:00 + 3 h 12 min = 16:12.
    assert add_working_time(cal, vn(2026, 3, 2, 8), days=1) == vn(2026, 3, 2, 16, 12)


def test_calendar_without_working_time_raises():
    cal = WeeklyCalendar({})
    with pytest.raises(NoWorkingTimeError):
        next_working_moment(cal, vn(2026, 3, 2, 8))
    with pytest.raises(NoWorkingTimeError):
        add_working_time(cal, vn(2026, 3, 2, 8), hours=1)
    # A calendar that stops working after a while runs out part-way.
    only_march = WeeklyCalendar(
        WEEK, days_off=frozenset(dt.date(2026, 3, 9) + dt.timedelta(days=i) for i in range(500))
    )
    with pytest.raises(NoWorkingTimeError):
        add_working_time(only_march, vn(2026, 3, 2, 8), days=10)


@pytest.mark.parametrize(
    ("sessions", "message"),
    [
        (((T(12), T(8)),), "end after"),
        (((T(8), T(8)),), "end after"),
        (((T(8), T(12)), (T(11), T(14))), "overlap"),
        (((T(13), T(17)), (T(8), T(12))), "in order"),
    ],
)
def test_workday_refuses_bad_sessions(sessions, message):
    with pytest.raises(ValueError, match=message):
        WorkDay(sessions)


def test_workday_totals():
    assert WorkDay(((T(7, 30), T(12)), (T(13), T(16, 30)))).total == 8 * H
    assert DAY_OFF.total == dt.timedelta(0)
    assert not DAY_OFF.is_working


def test_between_is_zero_when_reversed_and_refuses_bad_pauses():
    assert working_time_between(CAL, vn(2026, 3, 3, 8), vn(2026, 3, 2, 8)) == dt.timedelta(0)
    with pytest.raises(ValueError, match="pause"):
        working_time_between(
            CAL, vn(2026, 3, 2, 8), vn(2026, 3, 3, 8), pauses=[(vn(2026, 3, 2, 10), vn(2026, 3, 2, 9))]
        )


def test_between_over_a_week_and_with_overlapping_pauses():
    # Mon 08:00 → next Mon 08:00 = five 8-hour days.
    assert working_time_between(CAL, vn(2026, 3, 2, 8), vn(2026, 3, 9, 8)) == 40 * H
    # Pauses Tue 10:00–14:00 and Tue 11:00–15:00 overlap: together 10:00–15:00 = 2 h + 2 h = 4 h.
    pauses = [(vn(2026, 3, 3, 10), vn(2026, 3, 3, 14)), (vn(2026, 3, 3, 11), vn(2026, 3, 3, 15))]
    assert working_time_between(CAL, vn(2026, 3, 2, 8), vn(2026, 3, 9, 8), pauses=pauses) == 36 * H
    # A pause entirely at night or at the weekend takes nothing.
    night = [(vn(2026, 3, 3, 18), vn(2026, 3, 4, 7)), (vn(2026, 3, 7, 0), vn(2026, 3, 8, 23))]
    assert working_time_between(CAL, vn(2026, 3, 2, 8), vn(2026, 3, 9, 8), pauses=night) == 40 * H
