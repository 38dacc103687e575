"""Hand-computed deadlines on the real calendar of a commune of Nghệ An (see conftest.py).

Each case spells out the arithmetic: hours counted on each day until the amount is used up.
One working day = 8 h in both seasons.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reformdesk.worktime import selectors
from reformdesk.worktime.arithmetic import (
    add_working_time,
    counting_start,
    is_working_time,
    next_working_moment,
    working_time_between,
)
from reformdesk.worktime.tests.helpers import vn

# The marker (not only the db fixture under `tree`) opens the database before autouse fixtures run.
pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)

CASES = [
    pytest.param(
        # Fri 13/2 10:00–12:00 (2 h) + 13:00–16:30 (3.5 h) = 5.5 h; 14–15/2 weekend, 16–20/2 Tết,
        # 21–22/2 weekend; Mon 23/2 8 h (13.5), Tue 24/2 8 h (21.5); Wed 25/2 07:30 + 2.5 h = 10:00.
        vn(2026, 2, 13, 10),
        {"days": 3},
        vn(2026, 2, 25, 10),
        id="tet-2026",
    ),
    pytest.param(
        # Same receipt given in UTC (03:00Z = 10:00 +07:00): same answer, returned in +07:00.
        dt.datetime(2026, 2, 13, 3, tzinfo=dt.UTC),
        {"days": 3},
        vn(2026, 2, 25, 10),
        id="tet-2026-utc-input",
    ),
    pytest.param(
        # Summer. Wed 29/4 15:00–17:00 = 2 h; 30/4 and 1/5 holidays, 2–3/5 weekend;
        # Mon 4/5 07:00–11:30 (6.5 h), 13:30 + 1.5 h = 15:00.
        vn(2026, 4, 29, 15),
        {"days": 1},
        vn(2026, 5, 4, 15),
        id="30-4-and-1-5",
    ),
    pytest.param(
        # Fri 24/4 09:00–11:30 (2.5 h) + 13:30–17:00 (3.5 h) = 6 h; Sun 26/4 Hùng Kings, Mon 27/4 its
        # compensatory day off; Tue 28/4 8 h (14 h); Wed 29/4 07:00 + 2 h = 09:00.
        vn(2026, 4, 24, 9),
        {"days": 2},
        vn(2026, 4, 29, 9),
        id="hung-kings-sunday-compensated-monday",
    ),
    pytest.param(
        # Fri 28/8 14:00–17:00 = 3 h; 29–30/8 weekend, Mon 31/8 swapped day off, 1–2/9 National Day;
        # Thu 3/9 07:00–11:30 (7.5 h), 13:30 + 0.5 h = 14:00.
        vn(2026, 8, 28, 14),
        {"days": 1},
        vn(2026, 9, 3, 14),
        id="national-day-2026-with-swap",
    ),
    pytest.param(
        # Fri 21/8 16:00 (before the 16:30 cut-off) – 17:00 = 1 h; Sat 22/8 is the make-up day,
        # worked with Monday's summer sessions: 07:00 + 3 h = 10:00.
        vn(2026, 8, 21, 16),
        {"hours": 4},
        vn(2026, 8, 22, 10),
        id="makeup-saturday-22-8",
    ),
    pytest.param(
        # Winter. Fri 9/1 14:00–16:30 = 2.5 h; Sat 10/1 make-up day 07:30–12:00 (7 h), 13:00 + 1 h.
        vn(2026, 1, 9, 14),
        {"days": 1},
        vn(2026, 1, 10, 14),
        id="makeup-saturday-10-1",
    ),
    pytest.param(
        # Wed 31/12/2025 15:30–16:30 = 1 h; Thu 1/1 New Year, Fri 2/1 swapped off, weekend;
        # Mon 5/1 07:30–12:00 (5.5 h), 13:00 + 2.5 h = 15:30.
        vn(2025, 12, 31, 15, 30),
        {"days": 1},
        vn(2026, 1, 5, 15, 30),
        id="new-year-2026-swap",
    ),
    pytest.param(
        # Tue 3/3 18:45 is after hours: the clock starts Wed 4/3 07:30; 8 h end exactly at 16:30,
        # the end of the afternoon session, where the deadline stays.
        vn(2026, 3, 3, 18, 45),
        {"days": 1},
        vn(2026, 3, 4, 16, 30),
        id="after-hours-ends-on-session-end",
    ),
    pytest.param(
        # Sat 7/3 is a weekend day: the clock starts Mon 9/3 07:30; + 2 h = 09:30.
        vn(2026, 3, 7, 10),
        {"hours": 2},
        vn(2026, 3, 9, 9, 30),
        id="weekend-receipt",
    ),
    pytest.param(
        # Summer, Thu 7/5 16:45: still office hours (until 17:00) but after the 16:30 cut-off, so the
        # clock starts Fri 8/5 07:00; half a day = 4 h → 11:00.
        vn(2026, 5, 7, 16, 45),
        {"days": 0.5},
        vn(2026, 5, 8, 11),
        id="after-cutoff",
    ),
    pytest.param(
        # Exactly at the cut-off counts as after it: Fri 8/5 07:00 + 4 h.
        vn(2026, 5, 7, 16, 30),
        {"days": 0.5},
        vn(2026, 5, 8, 11),
        id="at-cutoff",
    ),
    pytest.param(
        # One minute before the cut-off: Thu 16:29–17:00 = 31 min; Fri 07:00 + 3 h 29 min = 10:29.
        vn(2026, 5, 7, 16, 29),
        {"days": 0.5},
        vn(2026, 5, 8, 10, 29),
        id="before-cutoff",
    ),
    pytest.param(
        # "Same day" (0.5 day = 4 h) from Mon 9/3 08:00: 12:00, the end of the morning session
        # (not 13:00, the start of the afternoon).
        vn(2026, 3, 9, 8),
        {"days": 0.5},
        vn(2026, 3, 9, 12),
        id="half-day-ends-at-noon",
    ),
    pytest.param(
        # Mon 9/3 14:00–16:30 = 2.5 h; Tue 10/3 07:30 + 1.5 h = 09:00.
        vn(2026, 3, 9, 14),
        {"days": 0.5},
        vn(2026, 3, 10, 9),
        id="half-day-afternoon",
    ),
    pytest.param(
        # Lunch break: Mon 9/3 12:30 starts at 13:00; + 1.5 h = 14:30.
        vn(2026, 3, 9, 12, 30),
        {"hours": 1.5},
        vn(2026, 3, 9, 14, 30),
        id="lunch-break-receipt",
    ),
    pytest.param(
        # Tue 14/4 (last winter day) 15:00–16:30 = 1.5 h; Wed 15/4 is summer: 07:00–11:30 (6 h),
        # 13:30 + 2 h = 15:30.
        vn(2026, 4, 14, 15),
        {"days": 1},
        vn(2026, 4, 15, 15, 30),
        id="winter-to-summer",
    ),
    pytest.param(
        # 2025: Fri 24/1 10:00–16:30 = 5.5 h; Tết 27–31/1 (Sat 1/2 is just a weekend day);
        # Mon 3/2 07:30 + 2.5 h = 10:00.
        vn(2025, 1, 24, 10),
        {"days": 1},
        vn(2025, 2, 3, 10),
        id="tet-2025",
    ),
    pytest.param(
        # 2025: Fri 25/4 09:00–17:00 (summer) = 6 h; Sat 26/4 make-up day 07:00 + 2 h = 09:00.
        vn(2025, 4, 25, 9),
        {"days": 1},
        vn(2025, 4, 26, 9),
        id="makeup-saturday-26-4-2025",
    ),
    pytest.param(
        # 15 working days from Mon 9/3/2026 07:30 (no holiday in between): three weeks later,
        # Fri 27/3 16:30 (8 h × 15 = 120 h = 15 full days, ending on a session end).
        vn(2026, 3, 9, 7, 30),
        {"days": 15},
        vn(2026, 3, 27, 16, 30),
        id="fifteen-days",
    ),
]


@pytest.mark.parametrize(("start", "amount", "expected"), CASES)
def test_due_date(commune_calendar, start, amount, expected):
    due = add_working_time(commune_calendar, start, **amount)
    assert due == expected
    assert due.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(("start", "amount", "expected"), CASES)
def test_due_at_selector_agrees(tree, nghe_an, start, amount, expected):
    assert selectors.due_at(unit=tree.commune_b, start=start, **amount) == expected


def test_pauses_stop_the_clock(tree, commune_calendar):
    # Mon 9/3 08:00 → Fri 13/3 12:00 (winter): Mon 7.5 h + Tue 8 + Wed 8 + Thu 8 + Fri 4.5 = 36 h.
    # Pause Tue 10:00 → Thu 15:00: Tue 2 + 3.5, Wed 8, Thu 4.5 + 2 = 20 h. A second pause inside the
    # first (Wed 09:00–18:00) and one on Sunday 8/3 take nothing more: 36 − 20 = 16 h.
    start, end = vn(2026, 3, 9, 8), vn(2026, 3, 13, 12)
    assert working_time_between(commune_calendar, start, end) == 36 * H
    pauses = [
        (vn(2026, 3, 10, 10), vn(2026, 3, 12, 15)),
        (vn(2026, 3, 11, 9), vn(2026, 3, 11, 18)),
        (vn(2026, 3, 8, 8), vn(2026, 3, 8, 17)),
    ]
    assert working_time_between(commune_calendar, start, end, pauses=pauses) == 16 * H
    assert selectors.working_time(unit=tree.commune_a, start=start, end=end, pauses=pauses) == 16 * H


def test_pause_sticking_out_of_the_interval_is_clipped(commune_calendar):
    # Mon 9/3 08:00–12:00 = 4 h; a pause from Sun 8/3 to Mon 10:00 removes 07:30–10:00 clipped to
    # 08:00–10:00 = 2 h.
    start, end = vn(2026, 3, 9, 8), vn(2026, 3, 9, 12)
    assert (
        working_time_between(commune_calendar, start, end, pauses=[(vn(2026, 3, 8), vn(2026, 3, 9, 10))])
        == 2 * H
    )


def test_working_time_across_tet(commune_calendar):
    # Fri 13/2 10:00 → Mon 23/2 10:00: Fri 5.5 h + Mon 07:30–10:00 2.5 h = 8 h (Tết week is off).
    assert working_time_between(commune_calendar, vn(2026, 2, 13, 10), vn(2026, 2, 23, 10)) == 8 * H


def test_moments_on_tet_and_makeup_days(commune_calendar):
    assert not is_working_time(commune_calendar, vn(2026, 2, 17, 9))  # mùng 1 Tết
    assert is_working_time(commune_calendar, vn(2026, 1, 10, 9))  # make-up Saturday
    assert not is_working_time(commune_calendar, vn(2026, 1, 2, 9))  # swapped day off
    assert is_working_time(commune_calendar, vn(2026, 11, 24, 9))  # 24/11: unconfirmed, not switched on
    assert next_working_moment(commune_calendar, vn(2026, 2, 16, 9)) == vn(2026, 2, 23, 7, 30)
    assert next_working_moment(commune_calendar, vn(2026, 3, 9, 12)) == vn(2026, 3, 9, 13)
    assert next_working_moment(commune_calendar, vn(2026, 3, 9, 9)) == vn(2026, 3, 9, 9)
    assert counting_start(commune_calendar, vn(2026, 5, 7, 16, 30)) == vn(2026, 5, 8, 7)
