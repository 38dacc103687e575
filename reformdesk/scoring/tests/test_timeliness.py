"""The 766 timeliness indicator on a hand-built set of dossiers, with the numbers worked by hand.

Commune A, March 2026, scored at Fri 20/3/2026 12:00 (the month still running). 1/3/2026 is a
Sunday, so Mon 2, Fri 6, Sat 7, Sun 8, Mon 9, Wed 11, Fri 13, Sat 14, Sun 15, Mon 16, Wed 18 …

Each dossier: received → appointment of the receipt; what happened; the 766 verdict at 20/3 12:00.

1. Mon 16/3 09:00 → Tue 24/3 17:00; in processing. In time (20/3 12:00 ≤ 24/3 17:00): counts.
2. Mon 9/3 09:00 → Thu 12/3 17:00; in processing. Overdue since 12/3: lost.
3. Mon 2/3 09:00 → Fri 6/3 17:00; two supplement requests, finished Thu 5/3 16:00. The second
   request loses the point, though the result came early: lost.
4. Wed 11/3 09:00 → Fri 13/3 17:00; papers asked Fri 13/3 10:00, brought Mon 16/3 10:00 (a wait
   of 72 h on the wall clock, the whole weekend in it), finished Mon 16/3 16:00.
   16/3 16:00 − 72 h = Fri 13/3 16:00 ≤ 13/3 17:00: counts.
5. Mon 2/3 09:00 → Thu 5/3 17:00; an apology promised Tue 10/3, finished Mon 9/3 15:00. The
   apology does not move the appointment: lost.
6. Tue 3/3 09:00 → Fri 6/3 17:00; finished Wed 4/3 10:00, early: counts.
7. Mon 16/3 09:00 → Wed 18/3 17:00; papers asked Wed 18/3 10:00, still awaited. 20/3 12:00 less
   the 50 h wait so far = 18/3 10:00 ≤ 18/3 17:00: counts.

Not counted: a dossier withdrawn by its applicant, one received in February (finished 2/3, on
time), one received after the moment of scoring, and one of commune B.

Numerator 4 (#1, #4, #6, #7), denominator 7: R = 4/7 = 0.571428… → 0.5714; score 20 × 0.5714 =
11.428 → 11.43 of 20. The dashboard's figure is another one: finished in March (#3, #4, #5, #6
and February's dossier) = 5, of them on time #4, #6 and February's = 3, i.e. 3/5 = 0.6.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.tests.factories import DeskProcedure, desk_procedure, vn
from reformdesk.scoring.choices import HowScored
from reformdesk.scoring.periods import Period
from reformdesk.scoring.rates import LATE, OVERDUE_OPEN, SECOND_SUPPLEMENT
from reformdesk.scoring.selectors import index_766
from reformdesk.scoring.tests.factories import make_dossier

pytestmark = pytest.mark.django_db

MARCH = Period("2026-03", dt.date(2026, 3, 1), dt.date(2026, 3, 31))
AT = vn(2026, 3, 20, 12)


@pytest.fixture
def dossiers(tree):
    desk = desk_procedure(units=[tree.commune_a, tree.commune_b])
    a = tree.commune_a
    made = {
        1: make_dossier(unit=a, desk=desk, received_at=vn(2026, 3, 16), due_at=vn(2026, 3, 24, 17)),
        2: make_dossier(unit=a, desk=desk, received_at=vn(2026, 3, 9), due_at=vn(2026, 3, 12, 17)),
        3: make_dossier(
            unit=a,
            desk=desk,
            received_at=vn(2026, 3, 2),
            due_at=vn(2026, 3, 6, 17),
            supplements=[(vn(2026, 3, 3, 10), vn(2026, 3, 4, 10)), (vn(2026, 3, 4, 15), vn(2026, 3, 5, 9))],
            finished_at=vn(2026, 3, 5, 16),
        ),
        4: make_dossier(
            unit=a,
            desk=desk,
            received_at=vn(2026, 3, 11),
            due_at=vn(2026, 3, 13, 17),
            supplements=[(vn(2026, 3, 13, 10), vn(2026, 3, 16, 10))],
            moved_due_at=vn(2026, 3, 17, 8),
            finished_at=vn(2026, 3, 16, 16),
        ),
        5: make_dossier(
            unit=a,
            desk=desk,
            received_at=vn(2026, 3, 2),
            due_at=vn(2026, 3, 5, 17),
            apology_due_at=vn(2026, 3, 10, 17),
            finished_at=vn(2026, 3, 9, 15),
        ),
        6: make_dossier(
            unit=a,
            desk=desk,
            received_at=vn(2026, 3, 3),
            due_at=vn(2026, 3, 6, 17),
            finished_at=vn(2026, 3, 4, 10),
        ),
        7: make_dossier(
            unit=a,
            desk=desk,
            received_at=vn(2026, 3, 16),
            due_at=vn(2026, 3, 18, 17),
            status=Status.SUPPLEMENT,
            supplements=[(vn(2026, 3, 18, 10), None)],
        ),
    }
    make_dossier(
        unit=a, desk=desk, received_at=vn(2026, 3, 2), due_at=vn(2026, 3, 5, 17), status=Status.WITHDRAWN
    )
    make_dossier(
        unit=a,
        desk=desk,
        received_at=vn(2026, 2, 27),
        due_at=vn(2026, 3, 4, 17),
        finished_at=vn(2026, 3, 2, 10),
    )
    make_dossier(unit=a, desk=desk, received_at=vn(2026, 3, 20, 13), due_at=vn(2026, 3, 25, 17))
    make_dossier(unit=tree.commune_b, desk=desk, received_at=vn(2026, 3, 9), due_at=vn(2026, 3, 12, 17))
    return made


def test_the_766_timeliness_indicator_matches_the_hand_computation(tree, dossiers):
    index = index_766(unit=tree.commune_a, period=MARCH, now=AT)
    result = index.indicator("p-on-time")
    assert result is not None
    assert result.how == HowScored.COMPUTED
    assert (result.numerator, result.denominator) == (4, 7)
    assert result.rate == Decimal("0.5714")
    assert result.score == Decimal("11.43")
    assert result.max_points == Decimal(20)
    assert {(lost.code, lost.reason) for lost in result.lost} == {
        (dossiers[2].code, str(OVERDUE_OPEN)),
        (dossiers[3].code, str(SECOND_SUPPLEMENT)),
        (dossiers[5].code, str(LATE)),
    }
    # The leader's dashboard figure (on time ÷ finished) is a different one: 3 of 5.
    assert (index.dashboard_on_time, index.dashboard_finished) == (3, 5)
    assert index.dashboard_rate == Decimal("0.6000")


def test_the_district_counts_its_communes_and_a_commune_alone_only_itself(tree, dossiers):
    district = index_766(unit=tree.district, period=MARCH, now=AT).indicator("p-on-time")
    alone = index_766(unit=tree.district, period=MARCH, now=AT, subtree=False).indicator("p-on-time")
    assert district is not None and alone is not None
    # Commune B's one dossier (received 9/3, due 12/3, still open) is overdue.
    assert (district.numerator, district.denominator) == (4, 8)
    # The district's own desk received nothing: no data, not a zero and not full marks.
    assert (alone.numerator, alone.denominator, alone.how, alone.score) == (0, 0, HowScored.NO_DATA, None)


def test_a_closed_period_is_scored_at_its_end(tree, dossiers):
    """Scored after the month, at 1/4 00:00: #1 (due 24/3) and the dossier received on 20/3 13:00
    (now counted, due 25/3) are overdue; #7 still waits for the applicant and stays in time:
    #4, #6 and #7 of 8."""
    result = index_766(unit=tree.commune_a, period=MARCH, now=vn(2026, 5, 1)).indicator("p-on-time")
    assert result is not None
    assert (result.numerator, result.denominator) == (3, 8)


def test_the_index_reads_a_fixed_number_of_queries(tree, dossiers):
    with CaptureQueriesContext(connection) as queries:
        index_766(unit=tree.commune_a, period=MARCH, now=AT)
    first = len(queries)
    desk = DeskProcedure(dossiers[1].procedure, dossiers[1].version, [])
    make_dossier(unit=tree.commune_a, desk=desk, received_at=vn(2026, 3, 17), due_at=vn(2026, 3, 30, 17))
    with CaptureQueriesContext(connection) as queries:
        index_766(unit=tree.commune_a, period=MARCH, now=AT)
    assert len(queries) == first
