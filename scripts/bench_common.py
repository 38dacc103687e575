"""What the bench scripts share besides scripts/bench.py's servers, wrk runner and table: the
bench's own PostgreSQL database, Django in a child process, and the child's JSON answer.

A script passes its own file to :func:`child` and its database name to :func:`database_url`; the
database helpers only ever create or drop the bench's own database, never ``DATABASE_URL``'s (the
scripts call them only when ``DATABASE_URL`` is not set).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import ROOT, BenchError


def database_url(name: str) -> str:
    """``DATABASE_URL`` when set, else the bench's own database ``name`` on 127.0.0.1:5432."""
    return os.environ.get("DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/{name}"


def _admin(url: str) -> tuple[str, str]:
    """The connection string of the server's ``postgres`` database, and the name in ``url``."""
    parts = urlsplit(url)
    admin = (
        f"host={parts.hostname} port={parts.port or 5432} user={parts.username or 'postgres'} dbname=postgres"
    )
    return admin, parts.path.lstrip("/")


def create_database(url: str) -> None:
    """Create the bench database when it does not exist (only the script's own, not DATABASE_URL's)."""
    import psycopg

    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Database {name} created", flush=True)


def drop_database(url: str) -> None:
    """Drop the bench's own database (never DATABASE_URL's), closing its connections."""
    import psycopg

    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_database(url: str) -> None:
    """Drop and create the bench's own database (never DATABASE_URL's): every run the same rows."""
    import psycopg

    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    print(f"Database {name} created afresh", flush=True)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def child(script: str, env: dict[str, str], *args: str, timeout: int = 1800) -> dict[str, Any]:
    """Run ``script`` in one of its in-process modes; returns the JSON it prints last."""
    result = subprocess.run(
        [sys.executable, str(Path(script).resolve()), *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "reformdesk.settings"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"{' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])
