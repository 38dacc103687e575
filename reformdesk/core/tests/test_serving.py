"""make run and make serve start the web server and the task worker together and stop both; the
systemd units under deploy/ parse and run commands that exist."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from reformdesk.core.tests.processes import (
    HOST,
    ROOT,
    child_env,
    copy_sqlite,
    free_port,
    group_alive,
    stop_group,
    wait_for,
)

DEPLOY = ROOT / "deploy"


def make_commands(target: str) -> list[str]:
    """The commands ``make TARGET`` runs, as make prints them (prerequisites taken as built)."""
    # Run from inside make (CI's `make pytest`), a nested make would print "Entering directory"
    # lines around the commands: it is told not to, and inherits none of the outer make's state.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    command = ["make", "-n", "--no-print-directory", "-o", ".venv/.base-installed", "-o", "vendor/.installed"]
    result = subprocess.run(  # noqa: S603
        [*command, target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_make_run_serves_with_the_worker_beside_it():
    assert make_commands("run")[-1].endswith("manage.py serve_all --bind 127.0.0.1:8000")


def test_serve_all_starts_the_worker_and_ctrl_c_stops_both(migrated_sqlite, tmp_path):
    """GIVEN the command make run ends with WHEN it starts THEN /healthz answers 200 and a db_worker
    process runs beside the server; WHEN it gets SIGINT (Ctrl-C) THEN it exits and neither the
    server nor the worker (nor runserver's reloader) is left."""
    copy_sqlite(migrated_sqlite, tmp_path / "var")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve_all", "--bind", f"{HOST}:{port}"],
        cwd=ROOT,
        env=child_env(tmp_path / "var"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        started = re.search(r"web \(pid (\d+)\).* worker \(pid (\d+)\)", process.stdout.readline())
        assert started is not None
        web, worker = int(started.group(1)), int(started.group(2))
        assert wait_for(f"http://{HOST}:{port}/healthz", process) == 200
        assert b"db_worker" in Path(f"/proc/{worker}/cmdline").read_bytes()
        assert group_alive(web) and group_alive(worker)

        os.kill(process.pid, signal.SIGINT)
        assert process.wait(timeout=60) == 0
        assert not group_alive(web)
        assert not group_alive(worker)
    finally:
        stop_group(process)


PRODUCTION = {
    "REFORMDESK_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": "serve-test-only-4Jq8Lm2Xv7Bn1Rt9Yw3Zp6Dk0Sh5Gc2Ea7Uo1",
    "ALLOWED_HOSTS": HOST,
}


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_serve_reaches_healthz_in_production(migrated_sqlite, tmp_path):
    """GIVEN the production settings WHEN make serve runs (migrate, collectstatic, gunicorn and the
    worker) THEN /healthz answers 200 through a proxy's HTTPS header, and SIGINT stops it."""
    copy_sqlite(migrated_sqlite, tmp_path / "var")
    port = free_port()
    env = child_env(tmp_path / "var", STATIC_ROOT=str(tmp_path / "static"), **PRODUCTION)
    log = tmp_path / "serve.log"
    process = subprocess.Popen(  # noqa: S603
        [
            *("make", "-s", "-o", ".venv/.base-installed", "-o", "vendor/.installed", "serve"),
            *(f"HOST={HOST}", f"PORT={port}", "WEB_WORKERS=1", f"BIN={Path(sys.executable).parent}"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        proxy = {"X-Forwarded-Proto": "https"}  # as the reverse proxy sends it; else a redirect to HTTPS
        assert wait_for(f"http://{HOST}:{port}/healthz", process, proxy, log=log) == 200
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)
        assert wait_gone(port)
    finally:
        stop_group(process)


def wait_gone(port: int) -> bool:
    from reformdesk.core.tests.processes import get

    return get(f"http://{HOST}:{port}/healthz") == 0


# --- systemd units -------------------------------------------------------------------------------


def unit_entries(path: Path) -> dict[str, list[tuple[str, str]]]:
    """``{section: [(key, value), ...]}`` of a unit file; keys may repeat (ExecStart of a oneshot)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        assert current is not None and "=" in line, f"{path.name}: {line!r}"
        key, _, value = line.partition("=")
        current.append((key.strip(), value.strip()))
    return sections


def values(sections: dict[str, list[tuple[str, str]]], section: str, key: str) -> list[str]:
    return [v for k, v in sections.get(section, []) if k == key]


UNITS = sorted(DEPLOY.glob("reformdesk-*.*"))
SERVICES = [u for u in UNITS if u.suffix == ".service"]
TIMERS = [u for u in UNITS if u.suffix == ".timer"]


def test_the_units_are_there():
    assert {u.name for u in SERVICES} >= {"reformdesk-web.service", "reformdesk-worker.service"}
    assert {t.stem for t in TIMERS} <= {s.stem for s in SERVICES}
    assert len(TIMERS) == 5


@pytest.mark.parametrize("service", SERVICES, ids=lambda p: p.name)
def test_each_service_runs_commands_that_exist(service: Path):
    """Every ExecStart* line runs the checkout's venv, and each manage.py command exists and
    accepts its arguments; gunicorn serves reformdesk.wsgi."""
    sections = unit_entries(service)
    assert values(sections, "Unit", "Description")
    assert values(sections, "Service", "WorkingDirectory") == ["/opt/reformdesk"]
    assert values(sections, "Service", "EnvironmentFile") == ["/etc/reformdesk/env"]
    lines = [v for k, v in sections["Service"] if k.startswith("ExecStart")]
    assert lines
    commands = get_commands()
    for line in lines:
        words = line.split()
        if words[0] == "/opt/reformdesk/.venv/bin/python":
            assert words[1] == "manage.py", line
            name, arguments = words[2], words[3:]
            assert name in commands, line
            load_command_class(commands[name], name).create_parser("manage.py", name).parse_args(arguments)
        elif words[0] == "/opt/reformdesk/.venv/bin/gunicorn":
            assert words[1] == "reformdesk.wsgi", line
        elif words[0] == "/bin/sh":
            assert "manage.py backup " in line, line
        else:
            assert words[0] in {"/bin/kill", "/usr/bin/find"}, line


@pytest.mark.parametrize("timer", TIMERS, ids=lambda p: p.name)
def test_each_timer_has_a_calendar(timer: Path):
    sections = unit_entries(timer)
    assert len(values(sections, "Timer", "OnCalendar")) == 1
    assert values(sections, "Install", "WantedBy") == ["timers.target"]


def test_the_timers_run_every_command_the_readme_schedules():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("Scheduler (cron or systemd timers)") :]
    scheduled = set(re.findall(r"\| `manage\.py ([^`]+)`", table))
    in_units = {
        " ".join(line.split()[2:])
        for service in SERVICES
        for k, line in unit_entries(service)["Service"]
        if k == "ExecStart" and line.startswith("/opt/reformdesk/.venv/bin/python manage.py")
    }
    # The backup runs through /bin/sh, which names its folder by the date.
    assert "backup DEST" in scheduled
    backup = unit_entries(DEPLOY / "reformdesk-backup.service")
    assert 'manage.py backup "/var/backups/reformdesk/' in values(backup, "Service", "ExecStart")[0]
    assert scheduled - {"backup DEST"} <= in_units, scheduled - in_units


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verifies_the_units(tmp_path):
    """systemd's own parser, with /opt/reformdesk pointed at this checkout (it checks that each
    command is an executable file)."""
    for unit in UNITS:
        text = unit.read_text(encoding="utf-8").replace(
            "/opt/reformdesk/.venv/bin", str(Path(sys.executable).parent)
        )
        (tmp_path / unit.name).write_text(text.replace("/opt/reformdesk", str(ROOT)), encoding="utf-8")
    result = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
