"""Running manage.py and servers as separate processes, as production and the Makefile do.

Used by the tests of make run, make serve and the backups: each gets a database of its own (a
migrated SQLite file, or a PostgreSQL database made for it), never the suite's test database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
HOST = "127.0.0.1"
# The variables of the suite's own run that must not reach a child: pytest's marker would give it
# the test settings, and the database, cache and environment are chosen per child.
_NOT_INHERITED = {"PYTEST_VERSION", "PYTEST_CURRENT_TEST", "DATABASE_URL", "REDIS_URL", "REFORMDESK_ENV"}


def child_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update({"REFORMDESK_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1", **extra})
    return env


def manage(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def get(url: str, headers: dict[str, str] | None = None) -> int:
    """The status of GET ``url``, 0 while nothing answers."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback only
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return 0


def wait_for(
    url: str, process: subprocess.Popen[str], headers: dict[str, str] | None = None, log: Path | None = None
) -> int:
    """Poll ``url`` until it answers (bounded by attempts, not by a time assertion: collectstatic
    and migrate may run first on a busy two-core machine)."""
    for _ in range(900):
        if process.poll() is not None:
            output = log.read_text(errors="replace")[-3000:] if log else ""
            raise AssertionError(f"the server exited with {process.returncode}\n{output}")
        status = get(url, headers)
        if status:
            return status
        time.sleep(0.2)
    raise AssertionError(
        f"nothing answered at {url}\n{log.read_text(errors='replace')[-3000:] if log else ''}"
    )


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_group(process: subprocess.Popen[str]) -> None:
    """Make sure nothing of ``process``'s group is left when a test ends, passed or failed."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def pg_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reformdesk")
    return base.rsplit("/", 1)[0] + "/" + name


@contextlib.contextmanager
def pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database next to the suite's; yields its URL and drops it after."""
    import psycopg

    name = f"reformdesk_t_{uuid.uuid4().hex[:10]}"
    admin = pg_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url(name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_sqlite(source: Path, var_dir: Path) -> None:
    var_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, var_dir / "reformdesk.sqlite3")
