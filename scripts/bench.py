"""make bench: ReformDesk served the way production serves it, measured against the bare framework.

What it does, in one run:

1. Prepares a bench database (a fresh SQLite file under build/bench/, or the DATABASE_URL database
   if set): migrate, load_demo, collectstatic into build/bench/static, a personal access token.
2. Measures in one process (no server running): due dates per second from the pure working-time
   module with the unit's calendar already built; and the seconds to import a workbook of 5,000
   procedures (catalog_import_5000), next to the seconds the database needs to bulk-insert the
   same rows without any checking. The imported procedures stay: the public search is measured
   over them and the demo catalog.
3. Serves, one after the other, the baseline (scripts/bench_baseline: one view, no middleware, no
   database) and ReformDesk under the same gunicorn settings (2 sync workers, loopback, production
   settings, debug off), and loads each from a separate wrk process: a warm-up, then a fixed run.
   The public procedure search is loaded with 32 connections and compared with the baseline under
   32 connections too; its rate limit is raised out of reach (its counting still runs). Three
   loads (scripts/bench_search.py): what citizens send (common searches, weighted by rank, with
   one request in five a search never sent before; filters, second pages, htmx requests among
   them), every request a search never sent before (nothing cached but the filter lists), and
   the one search of earlier runs ("dang ky") over and over.
4. Prints the figures next to the baseline and writes the same rows to build/bench.json.

Every response wrk receives is checked (status 200 and an expected piece of content) by a small Lua
script; a single other answer aborts the run, so no number is ever measured on error pages or
redirects to the login form. Every server started here is stopped again, also on failure.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import bench_data  # scripts/bench_data.py: the data sets valid on the day of the run
import bench_search  # scripts/bench_search.py: the public search's load

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
BENCH_DIR = BUILD / "bench"
HOST = "127.0.0.1"

DEMO_USER = "chutich.tanky"  # chair of Xã Tân Kỳ: sees the commune's officials
DEMO_PASSWORD = "reformdesk-demo"  # noqa: S105 - the published demo password (org/demo_data.py)
DUE_UNIT = "000.71.00.H41"  # Xã Tân Kỳ
DUE_DAYS = 15
OFFICIALS_PATH = "/staff/officials/"

SEARCH_PATH = "/procedures/?" + urlencode({"q": "dang ky"})  # diacritic-free: "đăng ký" in the names
SEARCH_NEEDLE = 'class="procedure-item'  # a result row: only on a page that found something
SEARCH_CONNECTIONS = 32
CATALOG_SIZE = 5000
BULK_CODE_PREFIX = "8."  # the bulk floor's procedures (no real or synthetic import code starts with 8)

GUNICORN_WORKERS = 2

# Counts every response that is not a 200 carrying the expected text, and reports the figures in a
# form this script parses. Threads each run their own Lua state; done() adds up their counters.
CHECK_LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  needle = args[1]
  bad = 0
  first_bad = ""
end
function response(status, headers, body)
  if status ~= 200 or (needle and not string.find(body or "", needle, 1, true)) then
    bad = bad + 1
    if first_bad == "" then first_bad = tostring(status) .. " " .. string.sub(body or "", 1, 120) end
  end
end
function done(summary, latency, requests)
  local total_bad, sample = 0, ""
  for _, t in ipairs(threads) do
    total_bad = total_bad + t:get("bad")
    if sample == "" then sample = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p99_us=%d bad=%d ", summary.requests,
    summary.duration, latency:percentile(99.0), total_bad))
  io.write(string.format("connect=%d read=%d write=%d timeout=%d status=%d\n", e.connect, e.read,
    e.write, e.timeout, e.status))
  io.write("BENCH_SAMPLE " .. string.gsub(sample, "\n", " ") .. "\n")
end
"""


class BenchError(Exception):
    """A condition that makes the figures meaningless: the run stops with this message."""


@dataclass
class Load:
    """One wrk run: requests per second and the 99th-percentile latency."""

    requests: int
    seconds: float
    p99_ms: float
    socket_errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


@dataclass
class Row:
    name: str
    value: float
    unit: str
    baseline: float

    @property
    def ratio(self) -> float:
        return self.value / self.baseline

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": round(self.value, 2),
            "unit": self.unit,
            "baseline": round(self.baseline, 2),
            "ratio": round(self.ratio, 4),
        }


# --- environment ---------------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise BenchError(
            "wrk (the load generator) is not installed; install the Debian package: "
            "sudo apt-get install -y wrk"
        )
    print("Installing wrk (apt-get install -y wrk) …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"]
    if subprocess.run(install, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True)
    found = shutil.which("wrk")
    if not found:
        raise BenchError("apt-get did not install wrk")
    return found


def bench_env() -> dict[str, str]:
    """Production settings for the bench: debug off, a fresh secret, loopback only, no TLS redirect."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REFORMDESK_"))}
    env.update(
        {
            "REFORMDESK_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "REFORMDESK_VAR_DIR": str(BENCH_DIR / "var"),
            "STATIC_ROOT": str(BENCH_DIR / "static"),
            "PYTHONUNBUFFERED": "1",
            # wrk loads public pages from one address: lift the per-address limit out of reach
            # (the counter in the shared cache is still updated on every request).
            "PUBLIC_RATE_LIMIT_PER_MINUTE": str(10**9),
        }
    )
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "reformdesk.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare_database(env: dict[str, str]) -> str:
    """Migrate and load the demo into the bench database; returns a fresh API token."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if "DATABASE_URL" in env:
        print("Database: DATABASE_URL", flush=True)
    else:
        sqlite = BENCH_DIR / "var" / "reformdesk.sqlite3"
        for leftover in (
            sqlite,
            sqlite.with_name(sqlite.name + "-wal"),
            sqlite.with_name(sqlite.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        print(f"Database: {sqlite.relative_to(ROOT)}", flush=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_demo", "--in-production")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    words = manage(env, "issue_token", DEMO_USER, "--name", "make bench").split()
    if not words:
        raise BenchError("manage.py issue_token printed nothing")
    return words[-1]


# --- servers -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def gunicorn(name: str, app: str, cwd: Path, env: dict[str, str], settings_module: str) -> Iterator[int]:
    """Serve ``app`` with the bench's gunicorn settings (the same for every target) in its own
    process group; yields the port once it answers, and stops the whole group on the way out."""
    port = free_port()
    log = BENCH_DIR / f"{name}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        f"--bind={HOST}:{port}",
        f"--workers={GUNICORN_WORKERS}",
        "--worker-class=sync",
        "--timeout=30",
        "--graceful-timeout=5",
        "--log-level=warning",
        f"--error-logfile={log}",
    ]
    log.unlink(missing_ok=True)
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**env, "DJANGO_SETTINGS_MODULE": settings_module},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the master and both workers stop together
    )
    try:
        wait_until_listening(process, port, log)
        yield port
    finally:
        stop(process)


def wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{tail(log)}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not listen on {HOST}:{port} within {limit:.0f} s:\n{tail(log)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# --- HTTP checks ---------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: str

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    def cookies(self) -> dict[str, str]:
        found = {}
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                cookie_name, _, cookie_value = pair.partition("=")
                found[cookie_name.strip()] = cookie_value.strip()
        return found


def request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: str = ""
) -> Answer:
    connection = http.client.HTTPConnection(HOST, port, timeout=15)
    try:
        connection.request(method, path, body=body.encode() if body else None, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.getheaders(), response.read().decode("utf-8", "replace"))
    finally:
        connection.close()


def expect_page(answer: Answer, what: str, needle: str) -> None:
    if answer.status != 200 or needle not in answer.body:
        location = answer.header("Location")
        raise BenchError(
            f"{what}: expected 200 with {needle!r}, got {answer.status}"
            + (f" → {location}" if location else "")
            + f"\n{answer.body[:400]}"
        )


def log_in(port: int) -> str:
    """A real sign-in (form with its CSRF token); returns the Cookie header of the session."""
    form = request(port, "GET", "/login/?" + urlencode({"next": OFFICIALS_PATH}))
    expect_page(form, "GET /login/", "csrfmiddlewaretoken")
    csrf_cookie = form.cookies().get("csrftoken", "")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    if not csrf_cookie or not match:
        raise BenchError("the login form carried no CSRF cookie or token")
    answer = request(
        port,
        "POST",
        "/login/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Origin": f"http://{HOST}:{port}",
            "Referer": f"http://{HOST}:{port}/login/",
        },
        body=urlencode(
            {
                "csrfmiddlewaretoken": match.group(1),
                "username": DEMO_USER,
                "password": DEMO_PASSWORD,
                "next": OFFICIALS_PATH,
            }
        ),
    )
    session = answer.cookies().get("sessionid")
    if answer.status != 302 or answer.header("Location") != OFFICIALS_PATH or not session:
        raise BenchError(
            f"sign-in as {DEMO_USER} failed: {answer.status} → {answer.header('Location') or '-'}\n"
            f"{answer.body[:400]}"
        )
    return f"sessionid={session}; csrftoken={csrf_cookie}"


# --- load ----------------------------------------------------------------------------------------


@dataclass
class SearchMix:
    """Files of search paths for the search script: the common searches (``-`` for none), the
    never-sent ones, and the share of requests (percent) that take a never-sent one."""

    common: str
    unique: str
    unique_percent: int


@dataclass
class LoadSettings:
    wrk: str
    duration: int
    warmup: int
    threads: int
    connections: int


def run_wrk(
    load: LoadSettings,
    port: int,
    path: str,
    needle: str,
    headers: dict[str, str],
    seconds: int,
    mix: SearchMix | None = None,
) -> Load:
    """One wrk run on ``path``; with ``mix``, the searches come from its lists instead."""
    script = BENCH_DIR / ("search.lua" if mix else "check.lua")
    script.write_text(bench_search.SEARCH_LUA if mix else CHECK_LUA)
    command = [load.wrk, f"--threads={load.threads}", f"--connections={load.connections}"]
    command += [f"--duration={seconds}s", "--timeout=5s", f"--script={script}"]
    for key, value in headers.items():
        command += ["--header", f"{key}: {value}"]
    command += [f"http://{HOST}:{port}{path}", "--", needle]
    if mix:
        command += [mix.common, mix.unique, str(mix.unique_percent), str(load.threads)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    summary = re.search(
        r"BENCH requests=(\d+) duration_us=(\d+) p99_us=(\d+) bad=(\d+) "
        r"connect=(\d+) read=(\d+) write=(\d+) timeout=(\d+) status=(\d+)",
        result.stdout,
    )
    if result.returncode != 0 or summary is None:
        raise BenchError(f"wrk failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    requests, duration_us, p99_us, bad, *errors = (int(g) for g in summary.groups())
    if bad:
        sample = re.search(r"BENCH_SAMPLE (.*)", result.stdout)
        raise BenchError(
            f"{bad} of {requests} responses from {path} were not 200 with {needle!r}; first: "
            f"{sample.group(1) if sample else '?'}"
        )
    if requests == 0:
        raise BenchError(f"wrk completed no request to {path}")
    reused = re.search(r"BENCH_REUSED (\d+)", result.stdout)
    if reused and int(reused.group(1)):
        raise BenchError(
            f"the list of searches never sent before ran out ({reused.group(1)} sent again): "
            "make the lists longer (scripts/bench_search.py)"
        )
    return Load(requests, duration_us / 1e6, p99_us / 1000, sum(errors))


def measure(
    load: LoadSettings,
    name: str,
    port: int,
    path: str,
    needle: str,
    headers: dict[str, str],
    connections: int | None = None,
    mix: SearchMix | None = None,
    warmup_mix: SearchMix | None = None,
) -> Load:
    """A warm-up, then the measured run. With ``mix``, the warm-up sends ``warmup_mix`` (its own
    never-sent searches, so that the measured run's are still new)."""
    if connections is not None:
        load = dataclasses.replace(load, connections=connections)
    run_wrk(load, port, path, needle, headers, load.warmup, warmup_mix)
    result = run_wrk(load, port, path, needle, headers, load.duration, mix)
    errors = f", {result.socket_errors} socket errors" if result.socket_errors else ""
    print(
        f"  {name:<20} {result.rate:9.1f} req/s   p99 {result.p99_ms:7.1f} ms   "
        f"({result.requests} requests in {result.seconds:.1f} s{errors})",
        flush=True,
    )
    return result


# --- in-process arithmetic -----------------------------------------------------------------------


def inprocess_main(seconds: float) -> None:
    """Child process: due dates per second from the pure arithmetic with the calendar built once."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from reformdesk.org.models import Unit
    from reformdesk.worktime import arithmetic, selectors
    from reformdesk.worktime.calendar import calendar_for_unit

    unit = Unit.objects.get(code=DUE_UNIT)
    window = bench_data.demo_window()
    # The last working day before the demo year's Tết: the deadline crosses the holidays.
    receipt = bench_data.due_start(unit=unit, window=window)
    sample = selectors.due_at(unit=unit, start=receipt, days=DUE_DAYS)
    calendar = calendar_for_unit(unit)  # built by the call above: warm from here on
    # Receipt times across the demo year, in and out of office hours, with 1–30 working days to add.
    cases = bench_data.due_cases(window)
    for start, days in cases:  # one pass outside the clock
        arithmetic.add_working_time(calendar, start, days=days)
    count = 0
    began = time.perf_counter()
    deadline = began + seconds
    while True:
        for start, days in cases:
            arithmetic.add_working_time(calendar, start, days=days)
        count += len(cases)
        if time.perf_counter() >= deadline:
            break
    elapsed = time.perf_counter() - began
    figures = {"count": count, "seconds": elapsed, "start": receipt.isoformat(), "due": sample.isoformat()}
    print(json.dumps(figures))


def measure_inprocess(env: dict[str, str], seconds: int) -> tuple[float, str, str]:
    """Due dates per second in process; also the receipt moment it started from and its due date,
    for the API to answer the same."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--inprocess", str(seconds)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "reformdesk.settings"},
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"in-process measurement failed:\n{result.stdout}{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    rate = figures["count"] / figures["seconds"]
    print(
        f"  {'due_date_inprocess':<20} {rate:9.1f} due dates/s "
        f"({figures['count']} in {figures['seconds']:.1f} s)"
    )
    return rate, figures["start"], figures["due"]


def due_path(start: str) -> str:
    return "/api/v1/worktime/due?" + urlencode({"unit": DUE_UNIT, "start": start, "days": DUE_DAYS})


# --- in-process catalog import -------------------------------------------------------------------


def bulk_catalog_rows(n: int) -> float:
    """Bulk-insert ``n`` procedures shaped like the import's (a version, three channels, three
    papers, three steps each) with no checking at all; returns the seconds it took. The rows stay
    only if the caller's transaction commits."""
    from reformdesk.catalog.choices import Channel, PaperForm, StepKind
    from reformdesk.catalog.models import (
        Field,
        FilingMethod,
        Procedure,
        ProcedureVersion,
        RequiredPaper,
        StepTemplate,
    )
    from reformdesk.catalog.services import procedure_search_text
    from reformdesk.org.choices import Role, UnitKind

    topics = ("đăng ký", "cấp giấy xác nhận", "cấp lại", "điều chỉnh", "gia hạn", "thông báo", "hỗ trợ")
    objects = ("hộ kinh doanh", "nhà ở riêng lẻ", "tổ hợp tác", "trẻ em", "người cao tuổi", "công trình")
    started = time.perf_counter()
    fields = Field.objects.bulk_create(
        [Field(code=f"BENCH{i:02d}", name_vi=f"Lĩnh vực đo hiệu năng {i:02d}") for i in range(1, 21)]
    )
    procedures = []
    for i in range(1, n + 1):
        procedure = Procedure(
            national_code=f"{BULK_CODE_PREFIX}{i:06d}",
            name_vi=f"Thủ tục đo hiệu năng số {i}: {topics[i % 7]} {objects[(i // 7) % 6]}",
            field=fields[i % 20],
            at_commune=True,
            at_district=i % 3 == 0,
            online_level=("full", "partial", "none")[i % 3],
        )
        procedure.search_text = procedure_search_text(procedure)
        procedures.append(procedure)
    Procedure.objects.bulk_create(procedures, batch_size=500)
    day = dt.date(2025, 7, 1)
    versions = ProcedureVersion.objects.bulk_create(
        [
            ProcedureVersion(procedure=p, decision_number="1/QĐ-UBND", decision_date=day, effective_from=day)
            for p in procedures
        ],
        batch_size=500,
    )
    FilingMethod.objects.bulk_create(
        [FilingMethod(version=v, channel=c, time_limit_days=5, fee_vnd=0) for v in versions for c in Channel],
        batch_size=1000,
    )
    RequiredPaper.objects.bulk_create(
        [
            RequiredPaper(version=v, name_vi=f"Giấy tờ {k}", form=PaperForm.ORIGINAL, sort_order=k)
            for v in versions
            for k in (1, 2, 3)
        ],
        batch_size=1000,
    )
    kinds = (
        (StepKind.RECEIVE, Role.ONE_STOP),
        (StepKind.ASSESS, Role.SPECIALIST),
        (StepKind.SIGN, Role.LEADER),
    )
    StepTemplate.objects.bulk_create(
        [
            StepTemplate(
                version=v,
                order=k,
                kind=kind,
                name_vi=str(kind),
                role=role,
                unit_kind=UnitKind.COMMUNE,
                working_days=1,
            )
            for v in versions
            for k, (kind, role) in enumerate(kinds, 1)
        ],
        batch_size=1000,
    )
    return time.perf_counter() - started


def catalog_main(n: int) -> None:
    """Child process: the bulk-insert floor (rolled back), then the real import of ``n`` procedures,
    kept for the search. Without the import module, the bulk-inserted procedures are kept instead."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import transaction

    from reformdesk.catalog.models import Procedure

    try:
        from reformdesk.catalog.importing.bench import measure_import
    except ImportError:
        measure_import = None
    with transaction.atomic():
        floor = bulk_catalog_rows(n)
        transaction.set_rollback(measure_import is not None)
    imported = None
    if measure_import is not None:
        result = measure_import(n, keep=True)
        if result.procedures != n:
            raise SystemExit(f"the import created {result.procedures} procedures, not {n}")
        imported = result.seconds
    total = Procedure.objects.filter(is_active=True).count()
    print(json.dumps({"floor": floor, "import": imported, "procedures": total}))


def measure_catalog(env: dict[str, str], n: int) -> tuple[float, float | None, int]:
    """Seconds of the bulk floor and of the import (None without the import module), and the
    number of procedures in force afterwards."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--catalog", str(n)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "reformdesk.settings"},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"catalog import measurement failed:\n{result.stdout}{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["import"] is None:
        print(
            f"  {'catalog_import_' + str(n):<20} not measured: reformdesk.catalog.importing.bench is missing"
        )
    else:
        print(
            f"  {'catalog_import_' + str(n):<20} {figures['import']:9.1f} s   "
            f"(bulk insert of the same rows: {figures['floor']:.1f} s)"
        )
    return figures["floor"], figures["import"], figures["procedures"]


# --- search lists --------------------------------------------------------------------------------


SEARCH_LISTS = BENCH_DIR / "search"


def search_lists_main() -> None:
    """Child process: the lists of searches, from the procedures in the bench database."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    print(json.dumps(bench_search.build_lists(SEARCH_LISTS)))


def prepare_search_lists(env: dict[str, str]) -> dict[str, int]:
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--search-lists"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "reformdesk.settings"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"building the search lists failed:\n{result.stdout}{result.stderr}")
    sizes: dict[str, int] = json.loads(result.stdout.strip().splitlines()[-1])
    fresh = ", ".join(
        f"{n} for {k.removeprefix('unique_')}" for k, n in sizes.items() if k.startswith("unique_")
    )
    print(f"  (searches: {sizes['common_distinct']} common ones; never sent before: {fresh})", flush=True)
    return sizes


def search_mix(name: str, *, common: bool, unique_percent: int) -> SearchMix:
    return SearchMix(
        str(SEARCH_LISTS / "common.txt") if common else "-",
        str(SEARCH_LISTS / f"unique_{name}.txt"),
        unique_percent,
    )


# --- report --------------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    header = ("figure", "value", "unit", "baseline", "ratio")
    lines = [(r.name, f"{r.value:.1f}", r.unit, f"{r.baseline:.1f}", f"{r.ratio:.3f}") for r in rows]
    widths = [max(len(x) for x in column) for column in zip(header, *lines, strict=True)]
    print()
    for line in [header, *lines]:
        print(
            "  ".join(
                cell.ljust(w) if i in (0, 2) else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            )
        )


def run(args: argparse.Namespace) -> list[Row]:
    load = LoadSettings(ensure_wrk(), args.duration, args.warmup, args.threads, args.connections)
    env = bench_env()
    print(
        f"ReformDesk bench: gunicorn {GUNICORN_WORKERS} sync workers, wrk {load.threads} threads × "
        f"{load.connections} connections, {load.warmup} s warm-up + {load.duration} s per figure, "
        f"{os.cpu_count()} CPUs shared by servers and load generator",
        flush=True,
    )
    busy = os.getloadavg()[0]
    if busy > 0.5 * (os.cpu_count() or 1):
        print(
            f"Warning: load average {busy:.1f} before the run: other work shares the CPUs, figures will vary."
        )
    token = prepare_database(env)

    print("Measuring:", flush=True)
    inprocess_rate, due_start, inprocess_due = measure_inprocess(env, args.inprocess_seconds)
    due_url = due_path(due_start)
    import_floor, import_seconds, procedures = measure_catalog(env, CATALOG_SIZE)
    prepare_search_lists(env)
    if procedures < CATALOG_SIZE:
        raise BenchError(
            f"only {procedures} procedures in force after the import; the search needs {CATALOG_SIZE}"
        )

    with gunicorn(
        "baseline", "bench_baseline.wsgi:application", ROOT / "scripts", env, "bench_baseline.settings"
    ) as port:
        expect_page(request(port, "GET", "/"), "baseline GET /", "bench baseline: ok")
        ceiling = measure(load, "framework_ceiling", port, "/", "bench baseline: ok", {})
        ceiling_32 = measure(
            load,
            f"framework_ceiling_{SEARCH_CONNECTIONS}c",
            port,
            "/",
            "bench baseline: ok",
            {},
            SEARCH_CONNECTIONS,
        )

    with gunicorn("reformdesk", "reformdesk.wsgi:application", ROOT, env, "reformdesk.settings") as port:
        health = request(port, "GET", "/healthz")
        if health.status != 200:
            raise BenchError(f"/healthz answered {health.status}: {health.body[:300]}")
        cookie = log_in(port)
        page_headers = {"Cookie": cookie}
        page_needle = 'data-code="NA'  # a row of the officials table, present only on the real page
        expect_page(request(port, "GET", OFFICIALS_PATH, page_headers), f"GET {OFFICIALS_PATH}", page_needle)
        api_headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        due = request(port, "GET", due_url, api_headers)
        expect_page(due, f"GET {due_url}", '"due"')
        api_due = json.loads(due.body)["due"]
        if dt.datetime.fromisoformat(api_due) != dt.datetime.fromisoformat(inprocess_due):
            raise BenchError(f"the API's due date {api_due} differs from the in-process one {inprocess_due}")
        page = measure(load, "authenticated_page", port, OFFICIALS_PATH, page_needle, page_headers)
        api = measure(load, "due_date_api", port, due_url, '"due"', api_headers)
        # The session must still be the signed-in one after the run (not logged out mid-way).
        expect_page(
            request(port, "GET", OFFICIALS_PATH, page_headers), f"GET {OFFICIALS_PATH} after", page_needle
        )
        # Anonymous, as a citizen: a full page of results out of the whole catalog.
        found = request(port, "GET", SEARCH_PATH)
        expect_page(found, f"GET {SEARCH_PATH}", SEARCH_NEEDLE)
        if found.body.count(SEARCH_NEEDLE) != 20 or "Tìm thấy" not in found.body:
            raise BenchError(f"GET {SEARCH_PATH} did not show a full page of 20 results:\n{found.body[:400]}")
        shown = re.search(r"Tìm thấy [0-9.,]+ thủ tục", found.body)
        print(f"  (search {SEARCH_PATH}: {shown.group(0) if shown else '?'} of {procedures} in force)")
        one = measure(load, "search_one_query", port, SEARCH_PATH, SEARCH_NEEDLE, {}, SEARCH_CONNECTIONS)
        cold = measure(
            load,
            "search_cold",
            port,
            "/procedures/",
            SEARCH_NEEDLE,
            {},
            SEARCH_CONNECTIONS,
            search_mix("cold", common=False, unique_percent=100),
            search_mix("cold_warmup", common=False, unique_percent=100),
        )
        mixed = measure(
            load,
            "search_mix",
            port,
            "/procedures/",
            SEARCH_NEEDLE,
            {},
            SEARCH_CONNECTIONS,
            search_mix("mix", common=True, unique_percent=bench_search.MIX_UNIQUE_PERCENT),
            search_mix("mix_warmup", common=True, unique_percent=bench_search.MIX_UNIQUE_PERCENT),
        )

    rows = [
        Row("framework_ceiling", ceiling.rate, "req/s", ceiling.rate),
        Row("authenticated_page", page.rate, "req/s", ceiling.rate),
        Row("due_date_api", api.rate, "req/s", ceiling.rate),
        Row("authenticated_page_p99", page.p99_ms, "ms", ceiling.p99_ms),
        Row("due_date_api_p99", api.p99_ms, "ms", ceiling.p99_ms),
        Row("due_date_inprocess", inprocess_rate, "due dates/s", ceiling.rate),
        # The search against the ceiling under the same 32 connections.
        Row(f"framework_ceiling_{SEARCH_CONNECTIONS}c", ceiling_32.rate, "req/s", ceiling_32.rate),
        # What citizens send: common searches and a share never sent before (scripts/bench_search.py).
        Row(f"public_search_{CATALOG_SIZE}", mixed.rate, "req/s", ceiling_32.rate),
        Row(f"public_search_{CATALOG_SIZE}_p99", mixed.p99_ms, "ms", ceiling_32.p99_ms),
        # Every request a search never sent before: nothing cached but the filter lists.
        Row(f"public_search_{CATALOG_SIZE}_cold", cold.rate, "req/s", ceiling_32.rate),
        Row(f"public_search_{CATALOG_SIZE}_cold_p99", cold.p99_ms, "ms", ceiling_32.p99_ms),
        # The earlier figure: one search ("dang ky", page 1) over and over.
        Row(f"public_search_{CATALOG_SIZE}_one_query", one.rate, "req/s", ceiling_32.rate),
        Row(f"public_search_{CATALOG_SIZE}_one_query_p99", one.p99_ms, "ms", ceiling_32.p99_ms),
    ]
    if import_seconds is not None:
        # Against the database's own floor: the same rows bulk-inserted without any checking.
        rows.append(Row(f"catalog_import_{CATALOG_SIZE}", import_seconds, "s", import_floor))
    return rows


def bounded(low: int, high: int) -> Any:
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value

    return parse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=bounded(1, 120), default=10, help="seconds per figure (10)")
    parser.add_argument("--warmup", type=bounded(1, 60), default=3, help="warm-up seconds per target (3)")
    parser.add_argument("--threads", type=bounded(1, 16), default=2, help="wrk threads (2)")
    parser.add_argument("--connections", type=bounded(1, 256), default=16, help="wrk connections (16)")
    parser.add_argument("--inprocess-seconds", type=bounded(1, 60), default=5, help="in-process run (5)")
    parser.add_argument("--inprocess", type=float, help=argparse.SUPPRESS)  # the child process's mode
    parser.add_argument("--catalog", type=int, help=argparse.SUPPRESS)  # the import child's mode
    parser.add_argument("--search-lists", action="store_true", help=argparse.SUPPRESS)  # a child's mode
    args = parser.parse_args()
    if args.search_lists:
        search_lists_main()
        return 0
    if args.inprocess is not None:
        inprocess_main(args.inprocess)
        return 0
    if args.catalog is not None:
        catalog_main(args.catalog)
        return 0

    # A SIGTERM (CI timeout, Ctrl-C in make) still runs the finally blocks that stop the servers.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    output = BUILD / "bench.json"
    output.unlink(missing_ok=True)  # figures of an earlier run must not pass for this one's
    try:
        rows = run(args)
    except BenchError as error:
        print(f"\nmake bench: aborted, no figures written: {error}", file=sys.stderr)
        return 1
    print_table(rows)
    output.write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")
    print(f"\nWritten to {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
