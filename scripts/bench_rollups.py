"""make bench, rollups part: the leader's dossier dashboard, the 766 index and the rollup rebuild
on PostgreSQL with 1,000,000 dossiers.

1. Prepares the dossier bench's database (scripts/bench_dossiers.py: ``DATABASE_URL`` when set,
   else ``reformdesk_bench_dossiers``): migrate, load_demo, then the same ``INSERT … SELECT
   generate_series`` top-up to ``--total`` dossiers (default 1,000,000). The top-up writes around
   the services, so the rollups are rebuilt next (and that rebuild is measured).
2. The rollup rebuild (``dossiers.services.rollups.rollups_rebuild``: delete, then one
   ``INSERT … SELECT`` aggregate) next to one hand-written SQL aggregate computing the same rows
   (PostgreSQL's ``CROSS JOIN LATERAL (VALUES …)``, read back as a count), median of 3 each, after
   checking that both give the same rows and total.
3. The dashboard ``/staff/statistics/dossiers/`` of the province for the demo year, in process
   with Django's test client as the provincial reform officer: p95 over 50 requests, next to the
   officials page measured the same way; and the old computation from the dossier rows
   (``dossier_statistics_scan``), median of 3, for the record.
4. The 766 index API ``/api/v1/indices/766?unit=<province>&period=<year>`` (the province and the
   communes under it), the slowest of 3 requests. It reads dossier rows (its timeliness rule needs each
   dossier's supplement events and the in-progress ones), not the rollups.
5. Prints the rows like bench.py and writes them to build/bench_rollups.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import bench  # scripts/bench.py: servers, checks, table
import bench_common  # scripts/bench_common.py: the bench database, child processes
import bench_data  # scripts/bench_data.py: the data sets valid on the day of the run
import bench_dossiers  # scripts/bench_dossiers.py: its database and its 1M top-up
from bench import BUILD, HOST, ROOT, BenchError, Row
from bench_common import create_database, setup_django

TOTAL = bench_dossiers.TOTAL
PROVINCE = bench_dossiers.PROVINCE
REFORM_OFFICER = "cchc.tinh"  # the province's reform officer (org/demo_data.py)
DASHBOARD_ROUNDS = 50
INDEX_ROUNDS = 3  # each reads the year's dossier rows: seconds, not milliseconds
REBUILD_ROUNDS = 3

# The same rows as the rebuild, as one hand-written aggregate in PostgreSQL's dialect.
HAND_SQL = """
SELECT count(*), sum(n) FROM (
    SELECT d.processing_unit_id, d.procedure_id, (f.at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, f.measure,
        count(*) AS n
    FROM dossiers_dossier d
    CROSS JOIN LATERAL (VALUES
        ('received', d.received_at),
        ('online', CASE WHEN d.channel = 2 THEN d.received_at END),
        (CASE d.outcome WHEN 'early' THEN 'early' WHEN 'on_time' THEN 'on_time' WHEN 'late' THEN 'late'
             ELSE 'unrated' END, d.finished_at),
        ('declined', CASE WHEN d.result_kind = 'declined' THEN d.finished_at END),
        ('refused', CASE WHEN d.status = 3 THEN d.closed_at END),
        ('withdrawn', CASE WHEN d.status = 7 THEN d.closed_at END),
        ('stopped', CASE WHEN d.status = 8 THEN d.closed_at END),
        ('delivered', d.delivered_at)
    ) AS f(measure, at)
    WHERE f.at IS NOT NULL
    GROUP BY 1, 2, 3, 4
) AS rows
"""


def _median_ms(run: Any, rounds: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(rounds):
        began = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def rebuild_main() -> None:
    """Child: the rebuild next to the hand-written aggregate."""
    setup_django()
    from django.db import connection
    from django.db.models import Sum

    from reformdesk.dossiers.models import DossierRollup
    from reformdesk.dossiers.services.rollups import rollups_rebuild

    def by_sql() -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL)
            return cursor.fetchone()

    rebuild_ms, rows = _median_ms(rollups_rebuild, REBUILD_ROUNDS)
    sql_ms, (sql_rows, sql_total) = _median_ms(by_sql, REBUILD_ROUNDS)
    total = DossierRollup.objects.aggregate(total=Sum("count"))["total"]
    if (rows, total) != (sql_rows, sql_total):
        raise SystemExit(f"the rebuild and the SQL disagree: {rows} rows, {total} vs {sql_rows}, {sql_total}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dossiers_dossierrollup")
    print(json.dumps({"rebuild_ms": rebuild_ms, "sql_ms": sql_ms, "rows": rows, "facts": total}))


def _timed(client: Any, path: str, needle: str, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200 or needle not in response.content.decode():
            raise SystemExit(f"GET {path}: {response.status_code} without {needle!r}")
    return times


def pages_main() -> None:
    """Child: the dashboard and the 766 index of the province for the demo year."""
    setup_django()
    from django.contrib.auth.models import User
    from django.test import Client

    from reformdesk.dossiers.statistics import dossier_statistics, dossier_statistics_scan
    from reformdesk.org.models import Unit

    window = bench_data.demo_window()
    start, end = bench_data.statistics_period(window)
    province = Unit.objects.get(code=PROVINCE)
    stats = dossier_statistics(unit=province, start=start, end=end)
    scan_ms, scanned = _median_ms(lambda: dossier_statistics_scan(unit=province, start=start, end=end), 3)
    if scanned != stats:
        raise SystemExit("the dashboard's figures from the rollups differ from those from the dossiers")
    client = Client(HTTP_HOST=HOST)
    client.force_login(User.objects.get(username=REFORM_OFFICER))
    dashboard = "/staff/statistics/dossiers/?" + urlencode(
        {"unit": PROVINCE, "start": start.isoformat(), "end": end.isoformat()}
    )
    needle = 'id="table-units"'
    _timed(client, dashboard, needle, 5)
    page = _timed(client, dashboard, needle, DASHBOARD_ROUNDS)
    _timed(client, bench.OFFICIALS_PATH, "<table", 5)
    baseline = _timed(client, bench.OFFICIALS_PATH, "<table", DASHBOARD_ROUNDS)
    print(
        json.dumps(
            {
                "dashboard_p95": bench_dossiers.p95(page),
                "dashboard_p50": statistics.median(page),
                "baseline_p95": bench_dossiers.p95(baseline),
                "scan_ms": scan_ms,
                "received": stats.total.received,
                "year": f"{start.isoformat()}..{end.isoformat()}",
            }
        )
    )


def index_main() -> None:
    """Child: the 766 index API of the province for the demo year's calendar year."""
    setup_django()
    from django.contrib.auth.models import User
    from django.test import Client

    from reformdesk.org.models import Unit

    end = bench_data.statistics_period(bench_data.demo_window())[1]
    province = Unit.objects.get(code=PROVINCE)
    client = Client(HTTP_HOST=HOST)
    client.force_login(User.objects.get(username=REFORM_OFFICER))
    index = "/api/v1/indices/766?" + urlencode({"unit": PROVINCE, "period": str(end.year)})
    times = _timed(client, index, '"groups"', INDEX_ROUNDS)
    communes = Unit.objects.filter(
        path__startswith=province.path, kind__in=["commune", "ward", "town"]
    ).count()
    print(json.dumps({"index_max": max(times), "index_p50": statistics.median(times), "communes": communes}))


def run(args: argparse.Namespace) -> list[Row]:
    env = bench.bench_env()
    url = bench_common.database_url(bench_dossiers.DATABASE)
    env["DATABASE_URL"] = url
    if "DATABASE_URL" not in os.environ:
        create_database(url)
    print(
        f"ReformDesk rollup bench: PostgreSQL {urlsplit(url).path.lstrip('/')}, {args.total:,} dossiers",
        flush=True,
    )
    bench.manage(env, "migrate", "--no-input", "-v", "0")
    bench.manage(env, "load_demo", "--in-production")
    bench.manage(env, "collectstatic", "--no-input", "-v", "0")
    made = bench_common.child(bench_dossiers.__file__, env, "--generate", str(args.total), timeout=3600)
    print(f"  ({made['dossiers']:,} dossiers, {made['added']:,} added in {made['seconds']} s)", flush=True)
    if made["dossiers"] < args.total:
        raise BenchError(f"only {made['dossiers']} dossiers in the database")
    print("Measuring:", flush=True)
    rebuild = bench_common.child(__file__, env, "--rebuild", timeout=3600)
    print(
        f"  {'rollup_rebuild':<20} {rebuild['rebuild_ms']:.0f} ms,"
        f" hand-written SQL {rebuild['sql_ms']:.0f} ms"
        f" ({rebuild['rows']:,} rows, {rebuild['facts']:,} facts)",
        flush=True,
    )
    pages = bench_common.child(__file__, env, "--pages")
    print(
        f"  {'dossier_dashboard':<20} p50 {pages['dashboard_p50']:.1f} ms"
        f"  p95 {pages['dashboard_p95']:.1f} ms (from the dossier rows: {pages['scan_ms']:.0f} ms;"
        f" {pages['received']:,} received {pages['year']})",
        flush=True,
    )
    index = bench_common.child(__file__, env, "--index", timeout=3600)
    print(
        f"  {'index_766':<20} p50 {index['index_p50']:.0f} ms  max {index['index_max']:.0f} ms"
        f" ({index['communes']} communes under the province)",
        flush=True,
    )
    return [
        Row("rollup_rebuild_1m", rebuild["rebuild_ms"], "ms", rebuild["sql_ms"]),
        # In process: the officials page is the baseline of an ordinary signed-in page.
        Row("dossier_dashboard_province_year_p95", pages["dashboard_p95"], "ms", pages["baseline_p95"]),
        Row("dossier_statistics_from_rows", pages["scan_ms"], "ms", pages["baseline_p95"]),
        Row("index_766_province_year_max_of_3", index["index_max"], "ms", pages["baseline_p95"]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--total", type=bench.bounded(10_000, TOTAL), default=TOTAL, help="dossiers (1,000,000)"
    )
    parser.add_argument("--rebuild", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pages", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--index", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rebuild:
        rebuild_main()
        return 0
    if args.pages:
        pages_main()
        return 0
    if args.index:
        index_main()
        return 0
    output = BUILD / "bench_rollups.json"
    output.unlink(missing_ok=True)
    try:
        rows = run(args)
    except BenchError as error:
        print(f"\nmake bench: rollup figures aborted, none written: {error}", file=sys.stderr)
        return 1
    bench.print_table(rows)
    output.write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")
    print(f"\nWritten to {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
