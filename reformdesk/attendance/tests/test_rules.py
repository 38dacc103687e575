"""Daily rules: windows, in and out, grace, merges, missing punches, absence, days off."""

from __future__ import annotations

import datetime as dt

import pytest

from reformdesk.attendance.choices import DayStatus
from reformdesk.attendance.rules import Rules, day_status, evaluate_day, merge_punches, windows
from reformdesk.attendance.tests.factories import vn

DAY = dt.date(2025, 9, 8)
SUMMER = ((dt.time(7, 0), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0)))
FOUR = Rules(per_session=True)


def t(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return vn(2025, 9, 8, hour, minute, second)


def test_merge_drops_punches_less_than_a_minute_apart() -> None:
    punches = [t(7, 0, 30), t(7, 0, 0), t(7, 0, 59), t(7, 1, 0), t(17, 5)]
    assert merge_punches(punches, 60) == [t(7, 0, 0), t(7, 1, 0), t(17, 5)]


def test_windows_meet_half_way_through_the_break() -> None:
    spans = [(t(7, 0), t(11, 30)), (t(13, 30), t(17, 0))]
    assert windows(spans, Rules(window_before_minutes=60, window_after_minutes=180)) == [
        (t(6, 0), t(12, 30)),
        (t(12, 30), t(20, 0)),
    ]


@pytest.mark.parametrize(
    ("punches", "status", "late", "early", "missing"),
    [
        ([t(6, 55), t(17, 2)], DayStatus.PRESENT, 0, 0, 0),
        ([t(7, 5), t(16, 55)], DayStatus.PRESENT, 0, 0, 0),  # within 5 minutes' grace
        ([t(7, 6), t(17, 0)], DayStatus.LATE, 6, 0, 0),
        ([t(6, 50), t(16, 40)], DayStatus.EARLY, 0, 20, 0),
        ([t(7, 31), t(16, 0)], DayStatus.LATE, 31, 60, 0),
        ([t(6, 58)], DayStatus.MISSING_PUNCH, 0, 0, 1),
        ([t(17, 10)], DayStatus.MISSING_PUNCH, 0, 0, 1),  # a lone late punch is the departure
        ([t(6, 58), t(6, 58, 30)], DayStatus.MISSING_PUNCH, 0, 0, 1),  # merged into one
        ([], DayStatus.ABSENT, 0, 0, 0),
        ([t(3, 0), t(23, 0)], DayStatus.ABSENT, 0, 0, 0),  # outside every window
    ],
)
def test_two_punches_a_day(punches, status, late, early, missing) -> None:
    result = evaluate_day(day=DAY, sessions=SUMMER, punches=punches)
    assert (day_status(result), result.late_minutes, result.early_minutes, result.missing_punches) == (
        status,
        late,
        early,
        missing,
    )


def test_four_punches_a_day_per_session() -> None:
    result = evaluate_day(
        day=DAY, sessions=SUMMER, punches=[t(7, 10), t(11, 31), t(13, 29), t(16, 50)], rules=FOUR
    )
    assert [(s.punch_in, s.punch_out) for s in result.sessions] == [
        (t(7, 10), t(11, 31)),
        (t(13, 29), t(16, 50)),
    ]
    assert (result.late_minutes, result.early_minutes, day_status(result)) == (10, 10, DayStatus.LATE)
    assert (result.first_in, result.last_out) == (t(7, 10), t(16, 50))


def test_four_punches_morning_only_is_not_absence() -> None:
    result = evaluate_day(day=DAY, sessions=SUMMER, punches=[t(6, 59), t(11, 35)], rules=FOUR)
    assert (day_status(result), result.missing_punches, result.absent) == (DayStatus.MISSING_PUNCH, 1, False)


def test_day_off() -> None:
    result = evaluate_day(day=DAY, sessions=(), punches=[t(8, 0)])
    assert (day_status(result), result.working, result.first_in) == (DayStatus.DAY_OFF, False, None)
