"""make bench, second part: the one-stop desk on PostgreSQL with 1,000,000 dossiers.

What it does, in one run (reusing scripts/bench.py's servers, wrk runner, checks and table):

1. Prepares the database: ``DATABASE_URL`` when set, else ``reformdesk_bench_dossiers`` on
   127.0.0.1:5432 (created here when missing). Migrate, load_demo (the demo year of about 30,000
   dossiers up to the day of the run, played through the services' rules), collectstatic, then
   tops the dossiers up to 1,000,000 with one ``INSERT … SELECT generate_series`` per batch. The
   synthetic dossiers are spread over the seven demo communes and the demo year (codes numbered
   from 1001 each unit and day, so they never meet the demo's), mostly delivered, 1.5 % still
   processing (overdue today), 1 % ready; due moments are calendar offsets, not the worktime
   arithmetic (the bench measures reads). Steps and events are generated only where a measured
   path reads them: three events (received, result ready, delivered) for the dossiers of the
   lookup set that have none. Run again the same day, it finds the rows there and adds nothing;
   its own database holding an earlier day's year is dropped and built again (a DATABASE_URL
   database is only warned about), since the year's dates follow the day (scripts/bench_data.py).
2. (a) The public lookup ``GET /api/v1/public/dossiers/{code}?secret=…`` under gunicorn with 32
   wrk connections, rotating over 20,000 delivered dossiers whose lookup is still open (a day
   from now, by the lookup's own rule), spread over the year, next to the framework ceiling at 32
   connections in the same run. The lookup's own limit (20 a minute per client) stays in force:
   each request comes "from" its own client through one trusted proxy hop (X-Forwarded-For), so
   the counter runs on every request without refusing any.
3. (b) The overdue worklist ``/staff/dossiers/?list=overdue`` of a commune chair, in process with
   Django's test client (no network): p95 over 200 requests, and its SQL queries next to the same
   page narrowed to one dossier (the count must not depend on the rows). The baseline of the p95
   is the officials page, measured the same way.
4. (c) Monthly statistics of all units (the province and everything under it, the demo year):
   ``dossiers.statistics.dossier_statistics`` next to hand-written SQL computing the same
   aggregates over the same rows, median of 7 runs each, after checking that both agree.
5. Prints the rows like bench.py and writes them to build/bench_dossiers.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import statistics
import sys
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import bench  # scripts/bench.py: servers, wrk, checks, table
import bench_common  # scripts/bench_common.py: the bench database, child processes
import bench_data  # scripts/bench_data.py: the data sets valid on the day of the run
from bench import BENCH_DIR, BUILD, HOST, ROOT, BenchError, Row
from bench_common import create_database, drop_database, setup_django
from bench_lua import CHECK_AND_REPORT  # scripts/bench_lua.py: the checks and the report

DATABASE = "reformdesk_bench_dossiers"
TOTAL = 1_000_000
BATCH = 100_000
LOOKUP_SAMPLE = 20_000
LOOKUP_CONNECTIONS = 32
LOOKUP_NEEDLE = '"timeline"'
LOOKUP_LIST = BENCH_DIR / "dossiers" / "lookup.txt"
LEADER = bench.DEMO_USER  # chair of Xã Tân Kỳ
WORKLIST_PATH = "/staff/dossiers/?list=overdue"
WORKLIST_ROUNDS = 200
STATISTICS_ROUNDS = 7
PROVINCE = "000.00.00.H41"

# Rotates over the lookup paths (each wrk thread its own stride) and gives every request its own
# client address behind one trusted proxy; reports like bench.py's scripts (wrk's arguments are
# the ones bench.run_wrk passes for a list of searches).
LOOKUP_LUA = (
    r"""
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function init(args)
  needle = args[1]
  paths = {}
  for line in io.lines(args[2]) do table.insert(paths, line) end
  stride = tonumber(args[5])
  at = id
  sent = 0
  bad = 0
  first_bad = ""
end
function request()
  sent = sent + 1
  at = at + stride
  if at > #paths then at = id + 1 end
  local client = string.format("10.%d.%d.%d", id % 256, math.floor(sent / 256) % 256, sent % 256)
  return wrk.format("GET", paths[at], {["X-Forwarded-For"] = client})
end
"""
    + CHECK_AND_REPORT
)


# --- the database --------------------------------------------------------------------------------


GENERATE_SQL = """
INSERT INTO dossiers_dossier (
    code, secret, procedure_id, version_id, receiving_unit_id, processing_unit_id, channel, status,
    applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_email,
    applicant_address, representative_name, representative_id_number, search_text, submitted_at,
    received_at, time_limit_days, due_at, supplement_count, assignee_id, finished_at, result_kind,
    outcome, delivered_at, delivery_method, collected_by, closed_at, updated_at
)
SELECT
    c.unit_code || '-' || to_char(c.day, 'YYMMDD') || '-' || lpad((1001 + c.n)::text, 4, '0'),
    upper(substr(md5(g::text), 1, 8)),
    (%(procedures)s::int[])[1 + g %% %(procedure_count)s],
    (%(versions)s::int[])[1 + g %% %(procedure_count)s],
    c.unit_id, c.unit_id,
    CASE WHEN g %% 4 = 0 THEN 2 WHEN g %% 50 = 1 THEN 3 ELSE 1 END,
    c.status,
    'person',
    (%(names)s::text[])[1 + g %% %(name_count)s],
    '040' || (g %% 2)::text || lpad((g %% 100)::text, 2, '0') || lpad((g %% 1000000)::text, 6, '0'),
    '09' || lpad((g %% 100000000)::text, 8, '0'),
    '', 'Tân Kỳ, Nghệ An', '', '',
    lower(c.unit_code || '-' || to_char(c.day, 'YYMMDD') || '-' || lpad((1001 + c.n)::text, 4, '0')),
    c.received, c.received, 3, c.received + interval '3 days', 0,
    CASE WHEN c.status = 4 THEN (%(officials)s::int[])[1 + (g %% 7)] END,
    CASE WHEN c.status >= 9 THEN c.received + (g %% 60) * interval '1 hour' END,
    CASE WHEN c.status >= 9 THEN 'granted' ELSE '' END,
    CASE WHEN c.status < 9 THEN '' WHEN g %% 20 = 0 THEN 'late'
         WHEN g %% 3 = 0 THEN 'on_time' ELSE 'early' END,
    CASE WHEN c.status = 10 THEN c.received + (g %% 60 + 20) * interval '1 hour' END,
    CASE WHEN c.status = 10 THEN 'counter' ELSE '' END,
    CASE WHEN c.status = 10 THEN (%(names)s::text[])[1 + g %% %(name_count)s] ELSE '' END,
    CASE WHEN c.status = 10 THEN c.received + (g %% 60 + 20) * interval '1 hour' END,
    now()
FROM generate_series(%(first)s, %(last)s) AS g
CROSS JOIN LATERAL (
    SELECT
        (%(unit_ids)s::int[])[1 + g %% 7] AS unit_id,
        (%(unit_codes)s::text[])[1 + g %% 7] AS unit_code,
        %(first_day)s::date + ((g / 7) / 400)::int AS day,
        (g / 7) %% 400 AS n,
        %(first_receipt)s::timestamptz + ((g / 7) / 400) * interval '1 day'
            + ((g / 7) %% 400) * interval '1 minute' AS received,
        CASE WHEN g %% 1000 < 15 THEN 4 WHEN g %% 1000 < 25 THEN 9 ELSE 10 END AS status
) AS c
"""

EVENTS_SQL = """
INSERT INTO dossiers_dossierevent (dossier_id, kind, at, from_status, to_status, to_unit_id, note, data)
SELECT d.id, e.kind, e.at, e.from_status, e.to_status, d.processing_unit_id, '', '{}'::jsonb
FROM dossiers_dossier d
CROSS JOIN LATERAL (VALUES
    ('received', d.received_at, NULL::smallint, 2::smallint),
    ('result_ready', d.finished_at, 2::smallint, 9::smallint),
    ('delivered', d.delivered_at, 9::smallint, 10::smallint)
) AS e(kind, at, from_status, to_status)
WHERE d.id = ANY(%(ids)s) AND e.at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM dossiers_dossierevent o WHERE o.dossier_id = d.id)
"""


def synthetic_params(window: Any) -> dict[str, Any]:
    """GENERATE_SQL's parameters but the range of ``g``: the demo's procedures, communes and staff,
    and the first day of the demo year of the run."""
    from reformdesk.catalog.models import Procedure
    from reformdesk.dossiers.demo import demo_units
    from reformdesk.org import demo_data as org_data
    from reformdesk.org.choices import Role
    from reformdesk.org.models import Membership

    units = demo_units()
    procedures = list(
        Procedure.objects.filter(
            national_code__in=["1.001193", "1.004873", "2.000635", "1.013978", "1.001776"]
        )
    )
    officials = [
        Membership.objects.filter(unit=unit, role=Role.SPECIALIST).order_by("official_id").first().official_id
        for unit in units
    ]
    names = [
        f"{f} {m} {g}"
        for f in org_data.FAMILY_NAMES[:12]
        for m, g in zip(org_data.MALE_MIDDLE, org_data.MALE_GIVEN, strict=False)
    ]
    return {
        "procedures": [p.pk for p in procedures],
        "versions": bench_data.version_ids(procedures, window.start),
        "procedure_count": len(procedures),
        "names": names,
        "name_count": len(names),
        "officials": officials,
        "unit_ids": [u.pk for u in units],
        "unit_codes": [u.code for u in units],
        "first_day": window.start,
        "first_receipt": dt.datetime.combine(window.start, dt.time(7, 30), tzinfo=window.now.tzinfo),
    }


def generate_main(total: int) -> None:
    """Child: top the dossiers up to ``total``; events for the lookup sample; the lookup paths."""
    setup_django()
    from django.db import connection, transaction

    from reformdesk.dossiers.models import Dossier, DossierEvent

    started = time.perf_counter()
    window = bench_data.demo_window()
    have = Dossier.objects.count()
    synthetic_first = Dossier.objects.filter(code__regex=r"-1[0-9]{3}$").count()
    missing = missing_at_start = total - have
    params = synthetic_params(window)
    with connection.cursor() as cursor:
        first = synthetic_first
        while missing > 0:
            size = min(BATCH, missing)
            with transaction.atomic():
                cursor.execute(GENERATE_SQL, {**params, "first": first, "last": first + size - 1})
            first += size
            missing -= size
        generated = time.perf_counter() - started
        sample = bench_data.lookup_sample(size=LOOKUP_SAMPLE)
        if len(sample) < LOOKUP_SAMPLE:
            raise SystemExit(f"only {len(sample)} delivered dossiers can still be looked up")
        with transaction.atomic():
            cursor.execute(EVENTS_SQL, {"ids": [row[0] for row in sample]})
        cursor.execute("ANALYZE dossiers_dossier")
        cursor.execute("ANALYZE dossiers_dossierevent")
    if missing_at_start > 0:
        # The top-up wrote around the services: the rollups the statistics read follow it.
        from reformdesk.dossiers.services.rollups import rollups_rebuild

        rollups_rebuild()
    failures = bench_data.lookup_failures(sample[:200])
    if failures:
        raise SystemExit(f"the lookup set holds dossiers the lookup does not open: {failures[:5]}")
    rng = random.Random(window.seed)  # noqa: S311 - a repeatable order, not a secret
    rng.shuffle(sample)
    LOOKUP_LIST.parent.mkdir(parents=True, exist_ok=True)
    LOOKUP_LIST.write_text(
        "".join(
            f"/api/v1/public/dossiers/{code}?{urlencode({'secret': secret})}\n"
            for _id, code, secret in sample
        )
    )
    print(
        json.dumps(
            {
                "dossiers": Dossier.objects.count(),
                "events": DossierEvent.objects.count(),
                "added": total - have if have < total else 0,
                "seconds": round(generated, 1),
                "lookup_paths": len(sample),
            }
        )
    )


# --- (b) the overdue worklist, in process -----------------------------------------------------------


def _timed(client: Any, path: str, needle: str, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200 or needle not in response.content.decode():
            raise SystemExit(f"GET {path}: {response.status_code} without {needle!r}")
    return times


def _queries(client: Any, connection: Any, path: str, needle: str) -> int:
    """The SQL queries of one request, from the connection's debug log (Django clears the log when
    a request starts, so what is in it afterwards is that request's)."""
    connection.force_debug_cursor = True
    try:
        response = client.get(path)
        count = len(connection.queries_log)
    finally:
        connection.force_debug_cursor = False
    if response.status_code != 200 or needle not in response.content.decode():
        raise SystemExit(f"GET {path}: {response.status_code} without {needle!r}")
    return count


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def window_main() -> None:
    """Child: today's demo year, and whether the database holds another day's."""
    setup_django()
    from reformdesk.dossiers.demo import demo_units, loaded_window
    from reformdesk.dossiers.models import Dossier

    window = bench_data.demo_window()
    loaded = loaded_window()
    written = Dossier.objects.filter(receiving_unit__in=demo_units()).exists()
    print(
        json.dumps(
            {
                "start": window.start.isoformat(),
                "end": window.end.isoformat(),
                "loaded_end": loaded[1].isoformat() if loaded else None,
                "stale": written and (loaded is None or loaded[1] != window.end),
            }
        )
    )


def worklist_main(rounds: int) -> None:
    setup_django()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from reformdesk.dossiers.selectors import dossier_worklist
    from reformdesk.org.models import Unit

    user = User.objects.get(username=LEADER)
    unit = Unit.objects.get(code=bench.DUE_UNIT)
    overdue = dossier_worklist(user=user, worklist="overdue", unit=unit)
    first = overdue.first()
    if first is None:
        raise SystemExit("no overdue dossier for the leader: nothing to measure")
    total = overdue.count()
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    _timed(client, WORKLIST_PATH, first.code, 20)  # warm-up
    page = _timed(client, WORKLIST_PATH, first.code, rounds)
    full = _queries(client, connection, WORKLIST_PATH, first.code)
    narrow = _queries(client, connection, f"{WORKLIST_PATH}&{urlencode({'q': first.code})}", first.code)
    _timed(client, bench.OFFICIALS_PATH, 'data-code="NA', 20)
    baseline = _timed(client, bench.OFFICIALS_PATH, 'data-code="NA', rounds)
    print(
        json.dumps(
            {
                "overdue": total,
                "p50": statistics.median(page),
                "p95": p95(page),
                "baseline_p95": p95(baseline),
                "queries": full,
                "queries_one_row": narrow,
            }
        )
    )


# --- (c) monthly statistics, in process -----------------------------------------------------------

STATISTICS_SQL = [
    """SELECT d.processing_unit_id,
        count(*) FILTER (WHERE d.received_at >= %(low)s AND d.received_at < %(high)s),
        count(*) FILTER (WHERE d.received_at >= %(low)s AND d.received_at < %(high)s AND d.channel = 2),
        count(*) FILTER (WHERE d.finished_at >= %(low)s AND d.finished_at < %(high)s),
        count(*) FILTER (WHERE d.finished_at >= %(low)s AND d.finished_at < %(high)s
                         AND d.outcome IN ('early', 'on_time')),
        count(*) FILTER (WHERE d.finished_at >= %(low)s AND d.finished_at < %(high)s AND d.outcome = 'late')
    FROM dossiers_dossier d JOIN org_unit u ON u.id = d.processing_unit_id
    WHERE u.path LIKE %(path)s
      AND ((d.received_at >= %(low)s AND d.received_at < %(high)s)
           OR (d.finished_at >= %(low)s AND d.finished_at < %(high)s))
    GROUP BY 1""",
    """SELECT d.procedure_id,
        count(*) FILTER (WHERE d.received_at >= %(low)s AND d.received_at < %(high)s),
        count(*) FILTER (WHERE d.received_at >= %(low)s AND d.received_at < %(high)s AND d.channel = 2),
        count(*) FILTER (WHERE d.finished_at >= %(low)s AND d.finished_at < %(high)s),
        count(*) FILTER (WHERE d.finished_at >= %(low)s AND d.finished_at < %(high)s
                         AND d.outcome IN ('early', 'on_time')),
        count(*) FILTER (WHERE d.finished_at >= %(low)s AND d.finished_at < %(high)s AND d.outcome = 'late')
    FROM dossiers_dossier d JOIN org_unit u ON u.id = d.processing_unit_id
    WHERE u.path LIKE %(path)s
      AND ((d.received_at >= %(low)s AND d.received_at < %(high)s)
           OR (d.finished_at >= %(low)s AND d.finished_at < %(high)s))
    GROUP BY 1""",
    """SELECT date_trunc('month', d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'), count(*),
        count(*) FILTER (WHERE d.channel = 2)
    FROM dossiers_dossier d JOIN org_unit u ON u.id = d.processing_unit_id
    WHERE u.path LIKE %(path)s AND d.received_at >= %(low)s AND d.received_at < %(high)s
    GROUP BY 1""",
    """SELECT date_trunc('month', d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh'), count(*),
        count(*) FILTER (WHERE d.outcome IN ('early', 'on_time')), count(*) FILTER (WHERE d.outcome = 'late')
    FROM dossiers_dossier d JOIN org_unit u ON u.id = d.processing_unit_id
    WHERE u.path LIKE %(path)s AND d.finished_at >= %(low)s AND d.finished_at < %(high)s
    GROUP BY 1""",
]


def statistics_runs(province: Any, start: dt.date, end: dt.date) -> tuple[Any, Any]:
    """The selector and the hand-written SQL over ``start``–``end``, as two callables, after checking
    that they agree (PostgreSQL: the SQL is its dialect)."""
    from django.db import connection

    from reformdesk.dossiers.statistics import dossier_statistics, period_bounds

    low, high = period_bounds(start, end)
    params = {"low": low, "high": high, "path": province.path + "%"}

    def by_selector() -> Any:
        return dossier_statistics(unit=province, start=start, end=end)

    def by_sql() -> list[list[tuple[Any, ...]]]:
        with connection.cursor() as cursor:
            results = []
            for sql in STATISTICS_SQL:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
            return results

    stats, rows = by_selector(), by_sql()
    received = sum(r[1] for r in rows[0])
    late = sum(r[5] for r in rows[0])
    # The selector lists every month of the period, the SQL those with receipts: a year ending
    # on a day off has a last month without any.
    by_month = {row.month: row.figures.received for row in stats.by_month if row.figures.received}
    months = {month.date(): count for month, count, _online in rows[2]}
    if (stats.total.received, stats.total.late) != (received, late) or by_month != months:
        raise SystemExit(
            f"the selector and the SQL disagree: {stats.total} vs received={received} late={late},"
            f" months {by_month} vs {months}"
        )
    return by_selector, by_sql


def statistics_main(rounds: int) -> None:
    setup_django()
    from reformdesk.org.models import Unit

    province = Unit.objects.get(code=PROVINCE)
    by_selector, by_sql = statistics_runs(province, *bench_data.statistics_period(bench_data.demo_window()))
    stats = by_selector()
    timings: dict[str, list[float]] = {"selector": [], "sql": []}
    for _ in range(rounds):
        for name, run in (("selector", by_selector), ("sql", by_sql)):
            began = time.perf_counter()
            run()
            timings[name].append((time.perf_counter() - began) * 1000)
    print(
        json.dumps(
            {
                "selector_ms": statistics.median(timings["selector"]),
                "sql_ms": statistics.median(timings["sql"]),
                "received": stats.total.received,
                "finished": stats.total.finished,
                "months": len(stats.by_month),
                "units": len(stats.by_unit),
            }
        )
    )


# --- the run ------------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> list[Row]:
    load = bench.LoadSettings(
        bench.ensure_wrk(), args.duration, args.warmup, args.threads, LOOKUP_CONNECTIONS
    )
    env = bench.bench_env()
    url = bench_common.database_url(DATABASE)
    env["DATABASE_URL"] = url
    env["TRUSTED_PROXY_COUNT"] = "1"  # wrk's requests carry their client's address (see LOOKUP_LUA)
    if "DATABASE_URL" not in os.environ:
        create_database(url)
    print(
        f"ReformDesk dossier bench: PostgreSQL {urlsplit(url).path.lstrip('/')}, {TOTAL:,} dossiers",
        flush=True,
    )
    bench.manage(env, "migrate", "--no-input", "-v", "0")
    year = bench_common.child(__file__, env, "--window")
    if year["stale"]:
        if "DATABASE_URL" in os.environ:
            print(f"Warning: the database's demo year ends on {year['loaded_end']}, not {year['end']}")
        else:
            drop_database(url)
            print(f"Database {DATABASE} dropped: its demo year is another day's", flush=True)
            create_database(url)
            bench.manage(env, "migrate", "--no-input", "-v", "0")
    bench.manage(env, "load_demo", "--in-production")
    bench.manage(env, "collectstatic", "--no-input", "-v", "0")
    made = bench_common.child(__file__, env, "--generate", str(TOTAL))
    print(
        f"  ({made['dossiers']:,} dossiers, {made['added']:,} added in {made['seconds']} s;"
        f" {made['events']:,} events; {made['lookup_paths']:,} lookup paths)",
        flush=True,
    )
    if made["dossiers"] < TOTAL:
        raise BenchError(f"only {made['dossiers']} dossiers in the database")

    print("Measuring:", flush=True)
    worklist = bench_common.child(__file__, env, "--worklist", str(WORKLIST_ROUNDS))
    print(
        f"  {'overdue_worklist':<20} p50 {worklist['p50']:.1f} ms  p95 {worklist['p95']:.1f} ms,"
        f" {worklist['queries']} queries ({worklist['queries_one_row']} for one row;"
        f" {worklist['overdue']:,} overdue)",
        flush=True,
    )
    figures = bench_common.child(__file__, env, "--statistics", str(STATISTICS_ROUNDS))
    print(
        f"  {'monthly_statistics':<20} {figures['selector_ms']:.1f} ms,"
        f" hand-written SQL {figures['sql_ms']:.1f} ms"
        f" ({figures['received']:,} received, {figures['months']} months, {figures['units']} units)",
        flush=True,
    )

    mix = bench.SearchMix(str(LOOKUP_LIST), "-", 0)
    bench.bench_search.SEARCH_LUA = LOOKUP_LUA  # run_wrk writes this script for a list of paths
    with bench.gunicorn(
        "baseline", "bench_baseline.wsgi:application", ROOT / "scripts", env, "bench_baseline.settings"
    ) as port:
        bench.expect_page(bench.request(port, "GET", "/"), "baseline GET /", "bench baseline: ok")
        ceiling = bench.measure(
            load, f"framework_ceiling_{LOOKUP_CONNECTIONS}c", port, "/", "bench baseline: ok", {}
        )
    with bench.gunicorn(
        "reformdesk", "reformdesk.wsgi:application", ROOT, env, "reformdesk.settings"
    ) as port:
        first_path = LOOKUP_LIST.read_text().split("\n", 1)[0]
        bench.expect_page(bench.request(port, "GET", first_path), f"GET {first_path}", LOOKUP_NEEDLE)
        lookup = bench.measure(load, "public_lookup", port, "/", LOOKUP_NEEDLE, {}, mix=mix, warmup_mix=mix)

    return [
        Row(f"framework_ceiling_{LOOKUP_CONNECTIONS}c", ceiling.rate, "req/s", ceiling.rate),
        Row("public_lookup_1m", lookup.rate, "req/s", ceiling.rate),
        Row("public_lookup_1m_p99", lookup.p99_ms, "ms", ceiling.p99_ms),
        # In process: the officials page is the baseline of an ordinary signed-in page.
        Row("overdue_worklist_1m_p95", worklist["p95"], "ms", worklist["baseline_p95"]),
        # Queries of the full first page next to the page narrowed to one dossier.
        Row("overdue_worklist_queries", worklist["queries"], "queries", worklist["queries_one_row"]),
        Row("monthly_statistics_1m", figures["selector_ms"], "ms", figures["sql_ms"]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=bench.bounded(1, 120), default=10, help="seconds of load (10)")
    parser.add_argument("--warmup", type=bench.bounded(1, 60), default=3, help="warm-up seconds (3)")
    parser.add_argument("--threads", type=bench.bounded(1, 16), default=2, help="wrk threads (2)")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--window", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worklist", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--statistics", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate is not None:
        generate_main(args.generate)
        return 0
    if args.window:
        window_main()
        return 0
    if args.worklist is not None:
        worklist_main(args.worklist)
        return 0
    if args.statistics is not None:
        statistics_main(args.statistics)
        return 0

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    output = BUILD / "bench_dossiers.json"
    output.unlink(missing_ok=True)
    try:
        rows = run(args)
    except BenchError as error:
        print(f"\nmake bench: dossier figures aborted, none written: {error}", file=sys.stderr)
        return 1
    bench.print_table(rows)
    output.write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")
    print(f"\nWritten to {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
