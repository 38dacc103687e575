"""The demo and the bench's data sets on the day they run, today and a year ahead.

The demo once wrote a fixed year (1/12/2025–27/11/2026) and the bench chose its lookup set from
it: on 7/12/2026 the bench failed (receipts closed more than a year earlier no longer open) and
every page showed a frozen past. Here the clock is set to a run day (every read of "now" in the
project goes through ``django.utils.timezone.now``), the whole demo is loaded (the last weeks,
under the test settings) and the bench's own selections and checks (scripts/bench_data.py,
scripts/bench_dossiers.py) are run on it: not its timings.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from reformdesk.attendance.models import AttendanceException, DailyRecord, Punch
from reformdesk.dossiers import demo
from reformdesk.dossiers import demo_data as data
from reformdesk.dossiers.choices import Outcome, Status
from reformdesk.dossiers.models import Dossier, DossierEvent
from reformdesk.dossiers.selectors import dossier_list_lookup_open, dossier_lookup, dossier_worklist
from reformdesk.dossiers.services.rollups import rollups_rebuild
from reformdesk.dossiers.statistics import dossier_statistics, period_bounds
from reformdesk.org.models import Unit
from reformdesk.surveys.models import Rating
from reformdesk.worktime import selectors as worktime
from reformdesk.worktime.arithmetic import VN_TZ, to_vn

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
# scripts/ is not a package: its modules are found through the path above.
import bench
import bench_data
import bench_dossiers

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Sets the project's clock: ``set(moment)`` makes ``timezone.now()`` (and so ``localdate()``,
    which reads it) answer ``moment`` until the test ends."""

    def set_to(moment: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


# (run day, the receipt before Tết the due-date figures start from and its due moment 15 working
# days later, the month of attendance the bench recomputes)
DAYS = {
    # The day the bench failed: Tết 2026 from the official notice (days off 14–22/2).
    "today": (
        dt.date(2026, 12, 7),
        dt.datetime(2026, 2, 13, 10, tzinfo=VN_TZ),
        dt.datetime(2026, 3, 13, 10, tzinfo=VN_TZ),
        (dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
    ),
    # A year ahead: past the confirmed calendar data (2027's rows are inactive), so Tết 2027 is
    # the holidays package's 4–10/2.
    "a year ahead": (
        dt.date(2027, 12, 7),
        dt.datetime(2027, 2, 3, 10, tzinfo=VN_TZ),
        dt.datetime(2027, 3, 3, 10, tzinfo=VN_TZ),
        (dt.date(2027, 11, 1), dt.date(2027, 11, 30)),
    ),
}


@pytest.mark.parametrize("when", DAYS)
def test_the_demo_and_the_bench_data_follow_the_run_day(when, clock, settings, tmp_path, capsys):
    run_day, due_start, due, month = DAYS[when]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    clock(dt.datetime.combine(run_day, dt.time(10), tzinfo=VN_TZ))
    call_command("load_demo", stdout=io.StringIO())
    window = bench_data.demo_window()
    assert window == data.window(run_day)
    assert (window.end, window.now) == (
        run_day - dt.timedelta(days=1),
        dt.datetime(*run_day.timetuple()[:3], tzinfo=VN_TZ),
    )

    # The demo's year: its last weeks up to the run day, nothing ahead of its "now".
    first = window.end - dt.timedelta(days=data.TEST_DAYS)
    assert demo.loaded_window() == (first, window.end)
    low, high = period_bounds(first, window.end)
    assert (
        Dossier.objects.count()
        == Dossier.objects.filter(submitted_at__gte=low, submitted_at__lt=high).count()
    )
    assert not DossierEvent.objects.filter(at__gte=window.now).exists()
    assert not Rating.objects.filter(created_at__gte=window.now).exists()
    assert Rating.objects.exists()
    assert Dossier.objects.filter(status__in=(Status.RECEIVED, Status.PROCESSING)).count() > 50
    # Attendance: the three weeks before the run day.
    punches = Punch.objects.order_by("punched_at")
    assert punches.first().punched_at.astimezone(VN_TZ).date() >= run_day - dt.timedelta(days=21)
    assert punches.last().punched_at < window.now
    days = DailyRecord.objects.order_by("day").values_list("day", flat=True)
    assert (days.first(), days.last()) == (run_day - dt.timedelta(days=21), window.end)
    assert AttendanceException.objects.filter(start__lt=run_day - dt.timedelta(days=21)).count() == 0

    # bench.py: the due-date figures start before the year's Tết and cross it.
    unit = Unit.objects.get(code=bench.DUE_UNIT)
    assert bench_data.due_start(unit=unit, window=window) == due_start
    assert worktime.due_at(unit=unit, start=due_start, days=bench.DUE_DAYS) == due
    # Its in-process run (no time to measure) hands the API check that receipt and due moment.
    bench.inprocess_main(0)
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (figures["start"], figures["due"]) == (due_start.isoformat(), due.isoformat())
    cases = bench_data.due_cases(window)
    assert (cases[0][0].date(), len(cases)) == (window.start, 233)
    assert cases[-1][0].date() <= window.end

    if connection.vendor == "postgresql":
        # bench_dossiers.py's synthetic dossiers (its SQL is PostgreSQL's): the first and the last
        # of the million fall inside the demo year, and the ones still processing are overdue.
        params = bench_dossiers.synthetic_params(window)
        with connection.cursor() as cursor:
            for first, last in ((0, 2799), (bench_dossiers.TOTAL - 2800, bench_dossiers.TOTAL - 1)):
                cursor.execute(bench_dossiers.GENERATE_SQL, {**params, "first": first, "last": last})
        synthetic = Dossier.objects.filter(code__regex=r"-1[0-9]{3}$")
        assert synthetic.count() == 5600
        days = {to_vn(moment).date() for moment in synthetic.values_list("submitted_at", flat=True)}
        assert min(days) == window.start and max(days) <= window.end
        assert synthetic.filter(status=Status.PROCESSING).count() == 75
        # Bulk SQL bypasses the event writer that keeps the rollups; the bench rebuilds them too.
        rollups_rebuild()

    # bench_dossiers.py (a): every dossier of the lookup set opens, a day from now too.
    sample = bench_data.lookup_sample(size=40)
    assert len(sample) == 40
    statuses = Dossier.objects.filter(pk__in=[r[0] for r in sample]).values_list("status", flat=True)
    assert set(statuses) == {Status.DELIVERED}
    assert bench_data.lookup_failures(sample) == []
    # A receipt closed a year and a day ago is left out, as the lookup refuses it.
    old = Dossier.objects.get(pk=sample[0][0])
    Dossier.objects.filter(pk=old.pk).update(closed_at=timezone.now() - dt.timedelta(days=366))
    assert dossier_lookup(code=old.code, secret=old.secret) is None
    assert not dossier_list_lookup_open(at=timezone.now()).filter(pk=old.pk).exists()
    assert old.pk not in [row[0] for row in bench_data.lookup_sample(size=40)]

    # (b) the chair's overdue worklist has rows, and the page shows the first.
    leader = User.objects.get(username=bench_dossiers.LEADER)
    overdue = dossier_worklist(user=leader, worklist="overdue", unit=unit)
    assert overdue.exists()
    client = Client(HTTP_HOST=bench.HOST)
    client.force_login(leader)
    assert len(bench_dossiers._timed(client, bench_dossiers.WORKLIST_PATH, overdue.first().code, 1)) == 1

    # (c) the statistics period is the demo year, and the selector agrees with the SQL.
    start, end = bench_data.statistics_period(window)
    assert (start, end) == (window.start, window.end)
    province = Unit.objects.get(code=bench_dossiers.PROVINCE)
    stats = dossier_statistics(unit=province, start=start, end=end)
    low, high = period_bounds(start, end)
    assert stats.total.received == Dossier.objects.filter(received_at__gte=low, received_at__lt=high).count()
    assert (
        stats.total.late
        == Dossier.objects.filter(finished_at__gte=low, finished_at__lt=high, outcome=Outcome.LATE).count()
    )
    if connection.vendor == "postgresql":
        bench_dossiers.statistics_runs(province, start, end)

    # bench_attendance.py: the month recomputed is the last full one.
    assert bench_data.recompute_month(run_day) == month
