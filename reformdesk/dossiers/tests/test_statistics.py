"""The dashboard's statistics selector: exact figures on a hand-built set of dossiers, few queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reformdesk.catalog.choices import Channel
from reformdesk.dossiers.choices import EventKind, Outcome, Status
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.services.rollups import rollups_record_event
from reformdesk.dossiers.statistics import Figures, dossier_statistics, dossier_statistics_scan
from reformdesk.dossiers.tests.factories import desk_procedure, vn
from reformdesk.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db

MARCH, APRIL_END = dt.date(2026, 3, 1), dt.date(2026, 4, 30)
STATISTICS_QUERIES = 5  # from the rollups: units, their tree, procedures, their names, months


def make_dossier(
    unit,
    desk,
    received_at,
    *,
    finished_at=None,
    outcome="",
    channel=Channel.IN_PERSON,
    number=[0],  # noqa: B006 - a counter shared by the calls, for unique codes
):
    """A dossier row as the services leave it: received (and finished, with its outcome), and
    counted in the rollups as the receipt's and the result's events count it."""
    number[0] += 1
    status = Status.PROCESSING if finished_at is None else Status.RESULT_READY
    dossier = Dossier.objects.create(
        code=f"{unit.code}-{received_at:%y%m%d}-{number[0]:04d}",
        secret="ABCDEFGH",
        procedure=desk.procedure,
        version=desk.version,
        receiving_unit=unit,
        processing_unit=unit,
        channel=channel,
        status=status,
        applicant_name="Hoàng Văn Bình",
        submitted_at=received_at,
        received_at=received_at,
        time_limit_days=Decimal(3),
        due_at=received_at + dt.timedelta(days=3),
        finished_at=finished_at,
        outcome=outcome,
    )
    rollups_record_event(dossier=dossier, kind=EventKind.RECEIVED)
    if finished_at is not None:
        rollups_record_event(dossier=dossier, kind=EventKind.RESULT_READY)
    return dossier


def build_dossiers(tree):
    """Commune A: 4 received in March–April (2 online), 3 finished (1 late). Commune B: 2 received
    and finished (1 late, one of them for a second procedure). The district itself: 1 received.
    Outside: one received the day after the period, one the day before (finished in it), one at
    the province."""
    birth = desk_procedure(units=[tree.commune_a, tree.commune_b, tree.district])
    marriage = desk_procedure(units=[tree.commune_b], code="1.004873", name="Thủ tục cấp Giấy xác nhận")
    a, b = tree.commune_a, tree.commune_b
    make_dossier(a, birth, vn(2026, 3, 2), finished_at=vn(2026, 3, 3), outcome=Outcome.EARLY)
    make_dossier(
        a, birth, vn(2026, 3, 10), finished_at=vn(2026, 4, 2), outcome=Outcome.LATE, channel=Channel.ONLINE
    )
    make_dossier(a, birth, vn(2026, 4, 1), channel=Channel.ONLINE)
    make_dossier(a, birth, vn(2026, 2, 27), finished_at=vn(2026, 3, 2), outcome=Outcome.ON_TIME)
    make_dossier(a, birth, vn(2026, 4, 30, 23, 30))
    make_dossier(a, birth, vn(2026, 5, 1, 0, 10))
    make_dossier(b, birth, vn(2026, 3, 5), finished_at=vn(2026, 3, 6), outcome=Outcome.ON_TIME, channel=3)
    make_dossier(b, marriage, vn(2026, 3, 6), finished_at=vn(2026, 3, 20), outcome=Outcome.LATE)
    make_dossier(tree.district, birth, vn(2026, 3, 9))
    make_dossier(tree.province, birth, vn(2026, 3, 9), finished_at=vn(2026, 3, 10), outcome=Outcome.EARLY)
    return birth, marriage


@pytest.fixture
def dossiers(tree):
    return build_dossiers(tree)


@pytest.fixture(params=["rollups", "scan"])
def statistics(request):
    """Each figure twice: from the rollups (the page's path) and from the dossier rows."""
    return {"rollups": dossier_statistics, "scan": dossier_statistics_scan}[request.param]


def test_totals_count_receipts_and_results_in_the_period(tree, dossiers, statistics):
    stats = statistics(unit=tree.district, start=MARCH, end=APRIL_END)
    assert stats.total == Figures(received=7, online=2, finished=5, on_time=3, late=2)
    assert stats.total.online_share == Decimal("28.6")
    assert stats.total.on_time_share == Decimal("60.0")


def test_units_under_the_chosen_one_each_get_a_row_and_its_own_dossiers_come_first(
    tree, dossiers, statistics
):
    stats = statistics(unit=tree.district, start=MARCH, end=APRIL_END)
    rows = [(r.unit.code, r.own, r.figures) for r in stats.by_unit]
    assert rows == [
        ("000.00.30.H41", True, Figures(received=1)),
        ("000.30.31.H41", False, Figures(received=4, online=2, finished=3, on_time=2, late=1)),
        ("000.30.32.H41", False, Figures(received=2, online=0, finished=2, on_time=1, late=1)),
    ]


def test_a_deeper_unit_is_rolled_up_into_the_child_it_belongs_to(tree, dossiers, statistics):
    hamlet_office = make_unit(name="Bộ phận Một cửa xã Phú Sơn", parent=tree.commune_a, code="000.30.31.H99")
    make_dossier(
        hamlet_office, dossiers[0], vn(2026, 3, 3), finished_at=vn(2026, 3, 4), outcome=Outcome.EARLY
    )
    stats = statistics(unit=tree.district, start=MARCH, end=APRIL_END)
    commune_a = next(r for r in stats.by_unit if r.unit == tree.commune_a)
    assert commune_a.figures == Figures(received=5, online=2, finished=4, on_time=3, late=1)
    assert stats.total.received == 8


def test_procedures_are_listed_busiest_first(tree, dossiers, statistics):
    stats = statistics(unit=tree.district, start=MARCH, end=APRIL_END)
    assert [(r.code, r.figures) for r in stats.by_procedure] == [
        ("1.001193", Figures(received=6, online=2, finished=4, on_time=3, late=1)),
        ("1.004873", Figures(received=1, online=0, finished=1, on_time=0, late=1)),
    ]


def test_months_count_receipts_by_the_month_received_and_results_by_the_month_finished(
    tree, dossiers, statistics
):
    stats = statistics(unit=tree.district, start=MARCH, end=APRIL_END)
    assert [(r.month, r.figures) for r in stats.by_month] == [
        (dt.date(2026, 3, 1), Figures(received=5, online=1, finished=4, on_time=3, late=1)),
        (dt.date(2026, 4, 1), Figures(received=2, online=1, finished=1, on_time=0, late=1)),
    ]


def test_a_period_without_dossiers_has_every_month_and_no_shares(tree, dossiers, statistics):
    stats = statistics(unit=tree.commune_b, start=dt.date(2026, 6, 15), end=dt.date(2026, 8, 2))
    assert stats.total == Figures()
    assert stats.total.online_share is None and stats.total.on_time_share is None
    assert stats.by_unit == [] and stats.by_procedure == []
    assert [r.month for r in stats.by_month] == [
        dt.date(2026, 6, 1),
        dt.date(2026, 7, 1),
        dt.date(2026, 8, 1),
    ]


def test_the_number_of_queries_does_not_grow_with_the_rows(tree, dossiers):
    with CaptureQueriesContext(connection) as few:
        dossier_statistics(unit=tree.province, start=MARCH, end=APRIL_END)
    for day in range(2, 28):
        make_dossier(
            tree.commune_b, dossiers[1], vn(2026, 4, day), finished_at=vn(2026, 4, day, 15), outcome="early"
        )
    with CaptureQueriesContext(connection) as many:
        stats = dossier_statistics(unit=tree.province, start=MARCH, end=APRIL_END)
    assert len(few.captured_queries) == len(many.captured_queries) == STATISTICS_QUERIES
    assert stats.total.received == 8 + 26
