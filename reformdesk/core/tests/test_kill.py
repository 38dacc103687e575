"""The kill test: a gunicorn worker killed with SIGKILL under load loses nothing it acknowledged.

make serve's server command (``manage.py serve_all --gunicorn``, production settings, WORKERS sync
workers and the task worker) serves a PostgreSQL database of the test's own. INTAKE_THREADS
clients record dossiers through the API while ATTLOG_THREADS attendance devices upload punches,
and a worker is killed with ``kill -9`` in the middle of it: no signal handler, no rollback in
Python, its connections (the client's and PostgreSQL's) simply drop. Each client does what a
real one does: a request cut off or answered with a 5xx is sent again, the same request (the same
``client_token``, the same lines), until it is answered.

Afterwards every 201 is a dossier with the ``client_token`` sent and the code answered, every
``OK:n`` batch is n punches, nothing else was stored, no ``client_token`` made two dossiers, and
each unit's codes of a day run 0001..n without a gap, as do the tracking book's numbers.

On PostgreSQL only, which CI runs the whole suite on (.ci/run). The counts are printed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

from reformdesk.attendance.models import Device, Punch
from reformdesk.attendance.receiver import VN_TZ, format_local_time
from reformdesk.attendance.simulator import HttpTransport
from reformdesk.attendance.tests.factories import attlog_line
from reformdesk.core.tests.processes import HOST, ROOT, child_env, free_port, manage, pg_database, stop_group
from reformdesk.dossiers.models import DailyCounter, Dossier, TrackingCounter, TrackingEntry
from reformdesk.org.models import Unit

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the kill test runs on PostgreSQL, the database several gunicorn workers share in "
    "production (DATABASE_URL=postgres://…; CI runs the suite there)",
)

WORKERS = 2
INTAKE_THREADS = 6
ATTLOG_THREADS = 4
LINES_PER_BATCH = 10
DOUBLE_EVERY = 5  # every fifth intake is sent twice at once, as a double-clicked form
# Progress wanted before the first kill and again once the killed worker was replaced: counted in
# answers, not seconds, so that a slow machine only makes the test longer.
ACKED_BEFORE = {"intakes": 24, "batches": 12}
ACKED_AFTER = {"intakes": 24, "batches": 12}
LOAD_AFTER_SECONDS = 2  # at the least, after the replacement worker appeared
MAX_KILLS = 5  # a worker killed between two requests cuts none: another is killed then
MAX_ATTEMPTS = 100  # sends of one request before the client gives up (a failure of the test)
RETRY_PAUSE = 0.1
TIMEOUT = 90  # seconds a client waits for an answer: above gunicorn's 30 s worker timeout
POLLS = 1200  # waits of POLL seconds for a condition (a server start, a respawn, progress)
POLL = 0.1

SERVER_ENV = {
    "REFORMDESK_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": "kill-test-only-7Rb2Nw9Qx4Lp8Ks1Vm6Tz3Hc5Jd0Fg2Ye4Ua9",
    "ALLOWED_HOSTS": HOST,
    # TLS ends at the reverse proxy; the clients here talk to gunicorn directly.
    "SECURE_SSL_REDIRECT": "false",
}


@dataclass
class Tally:
    """What the clients sent and were answered, shared by their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    intakes: dict[str, str] = field(default_factory=dict)  # client_token (hex) -> code answered
    lines: set[tuple[str, str, str]] = field(default_factory=set)  # (serial, PIN, local time) acknowledged
    batches: int = 0
    doubled: int = 0
    retries: int = 0
    connection_errors: int = 0
    cut: Counter[str] = field(default_factory=Counter)  # connection errors by kind of request
    server_errors: Counter[int] = field(default_factory=Counter)  # by status
    failures: list[str] = field(default_factory=list)

    def progress(self) -> dict[str, int]:
        with self.lock:
            return {"intakes": len(self.intakes), "batches": self.batches}


def until_answered(send: Callable[[], tuple[int, str]], kind: str, tally: Tally) -> tuple[int, str]:
    """Send until the server answers below 500, as a client that must not lose its request does."""
    for _attempt in range(MAX_ATTEMPTS):
        try:
            status, text = send()
        except (OSError, http.client.HTTPException):
            with tally.lock:
                tally.connection_errors += 1
                tally.cut[kind] += 1
                tally.retries += 1
        else:
            if status < 500:
                return status, text
            with tally.lock:
                tally.server_errors[status] += 1
                tally.retries += 1
        time.sleep(RETRY_PAUSE)
    raise AssertionError(f"no answer below 500 after {MAX_ATTEMPTS} attempts")


def post_json(port: int, path: str, token: str, payload: dict[str, object]) -> tuple[int, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        conn.request("POST", path, body=json.dumps(payload).encode(), headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        conn.close()


def send_intake(
    port: int, token: str, payload: dict[str, object], tally: Tally, answers: list[tuple[int, str]]
) -> None:
    answers.append(
        until_answered(lambda: post_json(port, "/api/v1/dossiers", token, payload), "intake", tally)
    )


def intake_client(port: int, token: str, tally: Tally, stop: threading.Event) -> None:
    sent = 0
    while not stop.is_set():
        payload: dict[str, object] = {
            "procedure": "1.001193",
            "applicant": {"name": "Hoàng Văn Bình", "id_number": "040095001234", "phone": "0912345678"},
            "papers": ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"],
            "client_token": str(uuid.uuid4()),
        }
        sends = 2 if sent % DOUBLE_EVERY == DOUBLE_EVERY - 1 else 1
        answers: list[tuple[int, str]] = []
        request = (port, token, payload, tally, answers)
        twins = [threading.Thread(target=send_intake, args=request) for _ in range(sends - 1)]
        for twin in twins:
            twin.start()
        send_intake(*request)
        for twin in twins:
            twin.join()
        if len(answers) != sends or {status for status, _text in answers} != {201}:
            raise AssertionError(f"intake sent {sends} time(s) answered {answers!r}"[:1000])
        codes = {json.loads(text)["code"] for _status, text in answers}
        if len(codes) != 1:
            raise AssertionError(f"one client_token answered with two codes: {codes}")
        with tally.lock:
            tally.intakes[uuid.UUID(str(payload["client_token"])).hex] = codes.pop()
            tally.doubled += sends - 1
        sent += 1


def attlog_client(port: int, serial: str, tally: Tally, stop: threading.Event) -> None:
    device = HttpTransport(f"http://{HOST}:{port}", timeout=TIMEOUT)
    # Punches of the last hours (device local time), one second apart: each line a new punch.
    start = (dt.datetime.now(VN_TZ) - dt.timedelta(hours=3)).replace(microsecond=0)
    batch = 0
    while not stop.is_set():
        lines = []
        for i in range(LINES_PER_BATCH):
            at = start + dt.timedelta(seconds=batch * LINES_PER_BATCH + i)
            lines.append((f"{101 + i % 5}", format_local_time(at)))
        body = "\r\n".join(attlog_line(pin, local) for pin, local in lines).encode()
        params = {"SN": serial, "table": "ATTLOG", "Stamp": str(batch + 1)}
        status, text = until_answered(
            lambda p=params, b=body: device("POST", "/iclock/cdata", p, b, "text/plain"), "ATTLOG", tally
        )
        if (status, text) != (200, f"OK:{LINES_PER_BATCH}"):
            raise AssertionError(f"ATTLOG answered {status}: {text[:500]}")
        with tally.lock:
            tally.lines.update((serial, pin, local) for pin, local in lines)
            tally.batches += 1
        batch += 1


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers, when ``pid`` is its master)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # "pid (name) state ppid …": the name may hold spaces and parentheses.
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
    return found


def wait_until(condition: Callable[[], bool], what: str, server: subprocess.Popen[str], log: Path) -> None:
    for _ in range(POLLS):
        if condition():
            return
        if server.poll() is not None:
            raise AssertionError(
                f"the server exited with {server.returncode}\n{log.read_text(errors='replace')[-3000:]}"
            )
        time.sleep(POLL)
    raise AssertionError(f"{what}: still not the case\n{log.read_text(errors='replace')[-3000:]}")


@contextlib.contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[tuple[subprocess.Popen[str], int, int]]:
    """make serve's command on a free port; yields the process, the port and gunicorn's master pid
    once WORKERS workers are up and /healthz answers."""
    port = free_port()
    command = ["manage.py", "serve_all", "--gunicorn", f"--web-workers={WORKERS}", f"--bind={HOST}:{port}"]
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        started = re.compile(r"web \(pid (\d+)\)")
        wait_until(lambda: bool(started.search(log.read_text())), "serve_all started", server, log)
        master = int(started.search(log.read_text()).group(1))  # type: ignore[union-attr]
        wait_until(lambda: len(children(master)) == WORKERS, f"{WORKERS} gunicorn workers", server, log)
        transport = HttpTransport(f"http://{HOST}:{port}", timeout=10)

        def healthy() -> bool:
            with contextlib.suppress(OSError, http.client.HTTPException):
                return transport("GET", "/healthz", {})[0] == 200
            return False

        wait_until(healthy, "/healthz answers 200", server, log)
        yield server, port, master
        os.killpg(server.pid, signal.SIGINT)  # as Ctrl-C: gunicorn and the task worker stop
        server.wait(timeout=60)
    finally:
        stop_group(server)


def kill_a_worker(
    master: int, tally: Tally, stop: threading.Event, server: subprocess.Popen[str], log: Path
) -> tuple[int, int]:
    """``kill -9`` the oldest worker, wait for the master to replace it and for the load to go on;
    returns the worker's pid and the number of requests cut off meanwhile."""
    victim = min(children(master))
    errors_before = tally.connection_errors
    os.kill(victim, signal.SIGKILL)

    def replaced() -> bool:
        now = children(master)
        return victim not in now and len(now) == WORKERS

    wait_until(replaced, f"worker {victim} killed and replaced", server, log)
    replaced_at = time.monotonic()
    base = tally.progress()

    def went_on() -> bool:
        now = tally.progress()
        done = all(now[name] >= base[name] + more for name, more in ACKED_AFTER.items())
        return stop.is_set() or (done and time.monotonic() - replaced_at >= LOAD_AFTER_SECONDS)

    wait_until(went_on, "load going on after the kill", server, log)
    return victim, tally.connection_errors - errors_before


@dataclass
class Stored:
    dossiers: list[tuple[str, str]]  # (client_token hex, code)
    punches: list[tuple[str, str, str]]  # (serial, PIN, local time)
    day_counters: dict[str, int]  # "<unit code>-<YYMMDD>": last number given
    book_counters: dict[str, int]  # "<unit code> <year>": last tracking-book number given
    book_numbers: dict[str, list[int]]  # "<unit code> <volume>": the entries' numbers


def stored(url: str) -> Stored:
    """What the server's database holds, read as it is (not through the models' managers)."""
    import psycopg

    def table(model: type) -> str:
        return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]

    unit = f"(SELECT code FROM {table(Unit)} u WHERE u.id = t.unit_id)"  # noqa: S608
    with psycopg.connect(url) as conn:

        def rows(query: str) -> list[tuple]:  # type: ignore[type-arg]
            return conn.execute(query).fetchall()  # type: ignore[arg-type]

        dossiers = rows(f"SELECT client_token, code FROM {table(Dossier)}")  # noqa: S608
        punches = rows(
            f"SELECT d.serial, t.pin, t.punched_at FROM {table(Punch)} t "  # noqa: S608
            f"JOIN {table(Device)} d ON d.id = t.device_id"
        )
        days = rows(f"SELECT {unit}, t.day, t.last FROM {table(DailyCounter)} t")  # noqa: S608
        books = rows(f"SELECT {unit}, t.year, t.last FROM {table(TrackingCounter)} t")  # noqa: S608
        entries = rows(f"SELECT {unit}, t.volume, t.number FROM {table(TrackingEntry)} t")  # noqa: S608
    numbers: dict[str, list[int]] = defaultdict(list)
    for code, volume, number in entries:
        numbers[f"{code} {volume}"].append(number)
    return Stored(
        dossiers=[(token.hex if token else "", code) for token, code in dossiers],
        punches=[(serial, pin, format_local_time(at)) for serial, pin, at in punches],
        day_counters={f"{code}-{day:%y%m%d}": last for code, day, last in days},
        book_counters={f"{code} {year}": last for code, year, last in books},
        book_numbers={key: sorted(values) for key, values in numbers.items()},
    )


def test_a_worker_killed_under_load_loses_nothing_acknowledged(tmp_path, capsys):
    """GIVEN make serve's gunicorn with WORKERS workers on PostgreSQL, clients recording dossiers
    through the API and devices uploading punches, each retrying what was cut off or answered 5xx
    WHEN a worker is killed with SIGKILL while requests run (another, if the first was between two
    requests), the master replaces it and the load goes on THEN every 201 is a dossier with the
    client_token sent and the code answered and every OK:n batch is stored, nothing else is, no
    client_token made two dossiers, and the codes and the tracking book's numbers run 1..n."""
    tally = Tally()
    stop = threading.Event()

    def client(target: Callable[..., None], *args: object) -> threading.Thread:
        def run() -> None:
            try:
                target(*args, tally, stop)
            except BaseException as exc:  # reported below: the test fails on it
                with tally.lock:
                    tally.failures.append(f"{target.__name__}: {exc!r}")
                stop.set()

        return threading.Thread(target=run, daemon=True)

    killed: list[int] = []
    cut = 0
    with pg_database() as url:
        env = child_env(tmp_path / "var", DATABASE_URL=url, MEDIA_ROOT=str(tmp_path / "media"))
        manage(env, "migrate", "--no-input", "-v", "0")
        printed = manage(
            {**env, "KILL_DEVICES": str(ATTLOG_THREADS)},
            *("shell", "-c", "from reformdesk.core.tests.kill_setup import main; main()"),
        ).stdout
        setup = json.loads(next(line for line in reversed(printed.splitlines()) if line.startswith("{")))
        log = tmp_path / "serve.log"
        server_env = {**env, **SERVER_ENV, "STATIC_ROOT": str(tmp_path / "static")}
        with serving(server_env, log) as (server, port, master):
            clients = [client(intake_client, port, setup["token"]) for _ in range(INTAKE_THREADS)]
            clients += [client(attlog_client, port, serial) for serial in setup["devices"]]
            for thread in clients:
                thread.start()

            def running() -> bool:
                now = tally.progress()
                return stop.is_set() or all(now[name] >= n for name, n in ACKED_BEFORE.items())

            wait_until(running, "load running", server, log)
            for _ in range(MAX_KILLS):
                if stop.is_set():
                    break
                victim, cut = kill_a_worker(master, tally, stop, server, log)
                killed.append(victim)
                if cut:
                    break
            stop.set()
            for thread in clients:
                thread.join(timeout=TIMEOUT * 3)
            assert not [thread for thread in clients if thread.is_alive()]
            workers_after = children(master)
        db = stored(url)

    summary = (
        f"kill test: {len(killed)} of {WORKERS} gunicorn workers killed with SIGKILL, "
        f"{cut} request(s) cut (by kind: {dict(tally.cut)}); "
        f"{len(tally.intakes)} intakes acknowledged (201, {tally.doubled} of them sent twice at once), "
        f"{len(tally.lines)} punches acknowledged in {tally.batches} OK:{LINES_PER_BATCH} batches; "
        f"{tally.retries} retries after {tally.connection_errors} connection errors "
        f"and {sum(tally.server_errors.values())} server errors {dict(tally.server_errors)}"
    )
    with capsys.disabled():
        print(f"\n{summary}")
    assert tally.failures == []
    # 503 is the devices' "server busy, retry" (attendance/views/iclock.py); a 500 is a bug.
    assert set(tally.server_errors) <= {503}, summary
    assert killed and cut >= 1, summary
    assert len(workers_after) == WORKERS and not set(killed) & workers_after

    tokens = Counter(token for token, _code in db.dossiers)
    assert [token for token, n in tokens.items() if n > 1 or not token] == []
    assert dict(db.dossiers) == tally.intakes  # each 201 stored with its code; nothing unanswered stored

    numbers: dict[str, list[int]] = defaultdict(list)
    for _token, code in db.dossiers:
        day, number = code.rsplit("-", 1)
        numbers[day].append(int(number))
    assert {day: sorted(n) for day, n in numbers.items()} == {
        day: list(range(1, len(n) + 1)) for day, n in numbers.items()
    }
    assert db.day_counters == {day: len(n) for day, n in numbers.items()}
    assert db.book_numbers == {book: list(range(1, len(n) + 1)) for book, n in db.book_numbers.items()}
    assert db.book_counters == {book: len(n) for book, n in db.book_numbers.items()}
    assert sum(db.book_counters.values()) == len(db.dossiers)

    assert len(db.punches) == len(set(db.punches))
    assert set(db.punches) == tally.lines
