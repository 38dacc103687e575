"""make bench, third part: attendance devices pushing to the receiver (ZKTeco push protocol).

What it does, in one run (reusing scripts/bench.py's servers, wrk runner, checks and table):

1. Prepares the database: ``DATABASE_URL`` when set, else ``reformdesk_bench_attendance`` on
   127.0.0.1:5432 (created here when missing). Migrate, then one bench unit with 300 officials
   (PINs 1–300 mapped on the unit) and 203 approved devices (200 for the realtime load, 3 for the
   backlog). Run again, it finds them there and adds nothing; each run's punches use times of
   its own (the minute of the run picks them), so nothing is a resend.
2. Serves the baseline (scripts/bench_baseline) and ReformDesk under the same gunicorn settings
   and loads each from wrk with 200 connections:
   (a) the framework ceiling at 200 connections;
   (b) 200 devices pushing realtime punches at once: every request a ``POST /iclock/cdata?SN=…
       &table=ATTLOG`` of one new punch, each device its own serial, checked for ``OK:1``;
   (c) the same 200 devices uploading batches of 100 lines (a device back after an outage),
       checked for ``OK:100``: lines per second.
3. One backlog of 50,000 lines from one device in one request (lines per second), then the same
   body resent (every line a duplicate, acknowledged and stored once).
4. In process: recomputing one month of daily records for the 300 officials (seconds, median of
   3), next to the seconds to read the month's punches alone. The month is the last full one
   before the day of the run (scripts/bench_data.py), its punches generated on the first run
   that needs them.
5. Prints the rows like bench.py and writes them to build/bench_attendance.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import signal
import statistics
import sys
import time
from urllib.parse import urlsplit

import bench  # scripts/bench.py: servers, wrk, checks, table
import bench_common  # scripts/bench_common.py: the bench database, child processes
import bench_data  # scripts/bench_data.py: the data sets valid on the day of the run
from bench import BUILD, HOST, ROOT, BenchError, Row
from bench_common import create_database, setup_django
from bench_lua import CHECK_AND_REPORT  # scripts/bench_lua.py: the checks and the report

DATABASE = "reformdesk_bench_attendance"
UNIT_CODE = "999.99.01.H41"
DEVICES = 200
BACKLOG_DEVICES = 3
OFFICIALS = 300
CONNECTIONS = 200
BATCH_LINES = 100
BACKLOG_LINES = 50_000
SERIAL = "BENCH{:05d}"
RECOMPUTE_ROUNDS = 3

# Each wrk thread pushes for its own devices (thread t: devices t, t+T, t+2T…), one after the
# other; a device's n-th request carries the n-th block of ``lines`` punches, seconds apart from
# ``base`` (the PIN cycles over the mapped officials), so no two requests repeat a punch. The
# arguments arrive the way bench.run_wrk passes a list of searches: the needle, then "common"
# (here ``devices,lines,base``), "unique", the percentage and the number of threads.
ATTLOG_LUA = (
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
  local devices_text, lines_text, base_text = string.match(args[2], "^(%d+),(%d+),(%d+)$")
  devices = tonumber(devices_text)
  lines = tonumber(lines_text)
  base = tonumber(base_text)
  stride = tonumber(args[5])
  mine = math.floor((devices - id - 1) / stride) + 1
  sent = 0
  bad = 0
  first_bad = ""
end
function request()
  local k = sent % mine
  local device = id + k * stride
  local block = math.floor(sent / mine)
  sent = sent + 1
  local body = {}
  for i = 0, lines - 1 do
    local s = block * lines + i
    body[#body + 1] = string.format("%d\t%s\t0\t1\t0\t0\t0\t0\t0\t0\t0", s % 300 + 1,
      os.date("!%Y-%m-%d %H:%M:%S", base + s))
  end
  local path = string.format("/iclock/cdata?SN=BENCH%05d&table=ATTLOG&Stamp=%d", device, sent)
  return wrk.format("POST", path, {["Content-Type"] = "text/plain"}, table.concat(body, "\n") .. "\n")
end
"""
    + CHECK_AND_REPORT
)


# --- in-process modes ----------------------------------------------------------------------------


def setup_main() -> None:
    """The bench unit, its officials (PIN = number) and approved devices; idempotent."""
    setup_django()
    from django.utils import timezone

    from reformdesk.attendance.choices import DeviceLocation, DeviceStatus, PersonSource
    from reformdesk.attendance.models import Device, DevicePerson
    from reformdesk.org.choices import OfficialCategory, Role, UnitKind
    from reformdesk.org.models import Official, Unit
    from reformdesk.org.services.officials import official_create
    from reformdesk.org.services.units import unit_create

    unit = Unit.objects.filter(code=UNIT_CODE).first() or unit_create(
        actor=None, parent=None, code=UNIT_CODE, name_vi="Xã Đo Hiệu Năng", kind=UnitKind.COMMUNE
    )
    have = Official.objects.filter(employee_code__startswith="BENCHATT").count()
    for number in range(have + 1, OFFICIALS + 1):
        official_create(
            actor=None,
            unit=unit,
            role=Role.SPECIALIST,
            employee_code=f"BENCHATT{number:03d}",
            full_name=f"Cán bộ thử {number:03d}",
            position="Công chức",
            category=OfficialCategory.CIVIL_SERVANT,
        )
    officials = dict(
        Official.objects.filter(employee_code__startswith="BENCHATT").values_list("employee_code", "pk")
    )
    DevicePerson.objects.bulk_create(
        [
            DevicePerson(
                unit=unit, pin=str(n), official_id=officials[f"BENCHATT{n:03d}"], source=PersonSource.HAND
            )
            for n in range(1, OFFICIALS + 1)
        ],
        ignore_conflicts=True,
    )
    now = timezone.now()
    Device.objects.bulk_create(
        [
            Device(
                serial=SERIAL.format(n),
                unit=unit,
                location=DeviceLocation.ENTRANCE,
                status=DeviceStatus.APPROVED,
                approved_at=now,
                last_contact_at=now,
            )
            for n in range(DEVICES + BACKLOG_DEVICES)
        ],
        ignore_conflicts=True,
    )
    print(json.dumps({"devices": Device.objects.filter(serial__startswith="BENCH").count(), "unit": unit.pk}))


def recompute_main(rounds: int) -> None:
    """Seconds to recompute a month of records for the bench unit's officials (their punches of
    the last full month generated once), next to reading that month's punches alone."""
    setup_django()
    from django.utils import timezone

    from reformdesk.attendance.models import DailyRecord, Device, Punch
    from reformdesk.attendance.receiver import VN_TZ
    from reformdesk.attendance.selectors import officials_of_unit
    from reformdesk.attendance.services.days import daily_records_compute
    from reformdesk.org.models import Unit

    unit = Unit.objects.get(code=UNIT_CODE)
    device = Device.objects.get(serial=SERIAL.format(DEVICES))
    start, end = bench_data.recompute_month(timezone.localdate())
    officials = list(officials_of_unit(unit=unit).values_list("pk", flat=True))
    month = Punch.objects.filter(
        unit=unit,
        punched_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=VN_TZ),
        punched_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ),
    )
    if not month.exists():
        rows, day = [], start
        while day <= end:
            if day.weekday() < 5:
                for index, official in enumerate(officials):
                    arrive = dt.datetime.combine(day, dt.time(7, 40), tzinfo=VN_TZ) + dt.timedelta(
                        minutes=(index * 7 + day.day * 3) % 45
                    )
                    leave = dt.datetime.combine(day, dt.time(17, 0), tzinfo=VN_TZ) + dt.timedelta(
                        minutes=(index * 5) % 20
                    )
                    for moment in (arrive, leave) if (index + day.day) % 17 else (arrive,):
                        rows.append(
                            Punch(
                                device=device,
                                unit=unit,
                                pin=str(index + 1),
                                official_id=official,
                                punched_at=moment,
                                raw_line="bench",
                            )
                        )
            day += dt.timedelta(days=1)
        Punch.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    DailyRecord.objects.filter(unit=unit, day__range=(start, end)).update(is_closed=False)
    timings, reads = [], []
    for _round in range(rounds):
        began = time.perf_counter()
        written = daily_records_compute(unit=unit, start=start, end=end)
        timings.append(time.perf_counter() - began)
        began = time.perf_counter()
        read = len(list(month.values_list("official_id", "punched_at")))
        reads.append(time.perf_counter() - began)
    print(
        json.dumps(
            {
                "seconds": statistics.median(timings),
                "read_seconds": statistics.median(reads),
                "records": written,
                "punches": read,
                "officials": len(officials),
            }
        )
    )


# --- over HTTP -----------------------------------------------------------------------------------


def post_attlog(port: int, serial: str, body: str, stamp: int) -> tuple[str, float]:
    """One upload, with a timeout long enough for a backlog; the reply and the seconds it took."""
    connection = http.client.HTTPConnection(HOST, port, timeout=300)
    began = time.perf_counter()
    try:
        connection.request(
            "POST",
            f"/iclock/cdata?SN={serial}&table=ATTLOG&Stamp={stamp}",
            body=body.encode(),
            headers={"Content-Type": "text/plain"},
        )
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    seconds = time.perf_counter() - began
    if response.status != 200:
        raise BenchError(f"ATTLOG upload from {serial} answered {response.status}: {text[:300]}")
    return text.strip(), seconds


def backlog_body(base: dt.datetime, lines: int) -> str:
    return "".join(
        f"{n % OFFICIALS + 1}\t{base + dt.timedelta(seconds=n):%Y-%m-%d %H:%M:%S}\t0\t1\t0\t0\t0\n"
        for n in range(lines)
    )


def run(args: argparse.Namespace) -> list[Row]:
    load = bench.LoadSettings(bench.ensure_wrk(), args.duration, args.warmup, args.threads, CONNECTIONS)
    env = bench.bench_env()
    url = bench_common.database_url(DATABASE)
    env["DATABASE_URL"] = url
    if "DATABASE_URL" not in os.environ:
        create_database(url)
    print(
        f"ReformDesk attendance bench: PostgreSQL {urlsplit(url).path.lstrip('/')}, {DEVICES} devices, "
        f"{CONNECTIONS} connections",
        flush=True,
    )
    bench.manage(env, "migrate", "--no-input", "-v", "0")
    made = bench_common.child(__file__, env, "--setup")
    print(f"  ({made['devices']} bench devices)", flush=True)

    # Punch times of this run: today's (a realtime punch, maybe flagged as ahead of the clock,
    # never a late upload that queues a recomputation), in an hour of its own picked by the
    # minute of the run, so never a resend of an earlier run's; warm-ups and measured runs take
    # separate minutes of that hour. The backlog is a past day of its own.
    now = int(time.time())
    slot = (now // 60) % 20
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    epoch = int(dt.datetime.combine(today, dt.time(slot), tzinfo=dt.UTC).timestamp())
    backlog_day = dt.date(2020, 1, 1) + dt.timedelta(days=(now // 60) % 1800)

    def mix(lines: int, offset: int) -> bench.SearchMix:
        return bench.SearchMix(f"{DEVICES},{lines},{epoch + offset}", "-", 0)

    bench.bench_search.SEARCH_LUA = ATTLOG_LUA  # run_wrk writes this script for a "list of searches"
    print("Measuring:", flush=True)
    with bench.gunicorn(
        "baseline", "bench_baseline.wsgi:application", ROOT / "scripts", env, "bench_baseline.settings"
    ) as port:
        bench.expect_page(bench.request(port, "GET", "/"), "baseline GET /", "bench baseline: ok")
        ceiling = bench.measure(
            load, f"framework_ceiling_{CONNECTIONS}c", port, "/", "bench baseline: ok", {}
        )
    with bench.gunicorn(
        "reformdesk", "reformdesk.wsgi:application", ROOT, env, "reformdesk.settings"
    ) as port:
        handshake = bench.request(
            port, "GET", f"/iclock/cdata?SN={SERIAL.format(0)}&options=all&pushver=2.4.1"
        )
        bench.expect_page(handshake, "GET /iclock/cdata (handshake)", "GET OPTION FROM")
        realtime = bench.measure(
            load, "attlog_realtime", port, "/", "OK:1", {}, mix=mix(1, 600), warmup_mix=mix(1, 0)
        )
        batch = bench.measure(
            load,
            "attlog_batch_100",
            port,
            "/",
            f"OK:{BATCH_LINES}",
            {},
            mix=mix(BATCH_LINES, 2400),
            warmup_mix=mix(BATCH_LINES, 1200),
        )
        body = backlog_body(dt.datetime.combine(backlog_day, dt.time(0, 0)), BACKLOG_LINES)
        serial = SERIAL.format(DEVICES + 1)
        reply, backlog_seconds = post_attlog(port, serial, body, 1)
        if reply != f"OK:{BACKLOG_LINES}":
            raise BenchError(f"the backlog upload answered {reply!r}")
        reply, resend_seconds = post_attlog(port, serial, body, 2)
        if reply != f"OK:{BACKLOG_LINES}":
            raise BenchError(f"the backlog resend answered {reply!r}")
        print(
            f"  {'attlog_backlog':<20} {BACKLOG_LINES / backlog_seconds:9.1f} lines/s"
            f" ({backlog_seconds:.1f} s; resent: {BACKLOG_LINES / resend_seconds:.1f} lines/s)",
            flush=True,
        )
    recompute = bench_common.child(__file__, env, "--recompute", str(RECOMPUTE_ROUNDS))
    print(
        f"  {'recompute_month':<20} {recompute['seconds']:9.2f} s for {recompute['records']:,} records"
        f" of {recompute['officials']} officials ({recompute['punches']:,} punches read in"
        f" {recompute['read_seconds']:.2f} s)",
        flush=True,
    )
    return [
        Row(f"framework_ceiling_{CONNECTIONS}c", ceiling.rate, "req/s", ceiling.rate),
        Row(f"attlog_realtime_{DEVICES}_devices", realtime.rate, "req/s", ceiling.rate),
        Row(f"attlog_realtime_{DEVICES}_devices_p99", realtime.p99_ms, "ms", ceiling.p99_ms),
        # Lines per second of 100-line batches, next to the ceiling's requests per second.
        Row(f"attlog_batch_{BATCH_LINES}_lines", batch.rate * BATCH_LINES, "lines/s", ceiling.rate),
        # One 50,000-line backlog, next to the same lines resent (all duplicates).
        Row(
            "attlog_backlog_50000",
            BACKLOG_LINES / backlog_seconds,
            "lines/s",
            BACKLOG_LINES / resend_seconds,
        ),
        # Recomputing a month for 300 officials, next to reading the month's punches alone.
        Row(
            f"recompute_month_{OFFICIALS}_officials",
            recompute["seconds"],
            "s",
            recompute["read_seconds"],
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=bench.bounded(1, 120), default=10, help="seconds of load (10)")
    parser.add_argument("--warmup", type=bench.bounded(1, 60), default=3, help="warm-up seconds (3)")
    parser.add_argument("--threads", type=bench.bounded(1, 16), default=2, help="wrk threads (2)")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--recompute", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup_main()
        return 0
    if args.recompute is not None:
        recompute_main(args.recompute)
        return 0

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    output = BUILD / "bench_attendance.json"
    output.unlink(missing_ok=True)
    try:
        rows = run(args)
    except BenchError as error:
        print(f"\nmake bench: attendance figures aborted, none written: {error}", file=sys.stderr)
        return 1
    bench.print_table(rows)
    output.write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")
    print(f"\nWritten to {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
