"""manage.py backup while intakes run, then manage.py restore into an empty database: the copy is one
consistent moment, every row and file comes back, and the checksums guard the restore.

On the suite's engine: SQLite when the suite runs on SQLite, PostgreSQL (pg_dump, pg_restore) when
DATABASE_URL names PostgreSQL. The databases are the test's own, not the suite's test database."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from reformdesk.core.tests.processes import ROOT, child_env, copy_sqlite, manage, pg_database

ENGINE = connection.vendor
pytestmark = pytest.mark.skipif(
    ENGINE == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump and pg_restore are not installed",
)


@contextlib.contextmanager
def database(tmp_path: Path, name: str, migrated: Path | None) -> Iterator[tuple[dict[str, str], str]]:
    """The environment of a child using a database of its own (migrated, or empty), and where to
    read that database (a SQLite file or a PostgreSQL URL)."""
    var_dir = tmp_path / name
    media = str(tmp_path / f"{name}-media")
    if ENGINE == "sqlite":
        if migrated is not None:
            copy_sqlite(migrated, var_dir)
        yield child_env(var_dir, MEDIA_ROOT=media), str(var_dir / "reformdesk.sqlite3")
        return
    with pg_database() as url:
        env = child_env(var_dir, MEDIA_ROOT=media, DATABASE_URL=url)
        if migrated is not None:
            manage(env, "migrate", "--no-input", "-v", "0")
        yield env, url


def table_counts(where: str) -> dict[str, int]:
    if ENGINE == "sqlite":
        with contextlib.closing(sqlite3.connect(where)) as conn:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
    import psycopg

    with psycopg.connect(where) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchall()
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}  # type: ignore[index]  # noqa: S608


def tokens(where: str) -> set[str]:
    query = "SELECT client_token FROM dossiers_dossier"
    if ENGINE == "sqlite":
        with contextlib.closing(sqlite3.connect(where)) as conn:
            return {str(r[0]).replace("-", "") for r in conn.execute(query)}
    import psycopg

    with psycopg.connect(where) as conn:
        return {r[0].hex for r in conn.execute(query).fetchall()}


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.django_db
def test_a_backup_taken_during_intakes_restores_every_row_and_file(migrated_sqlite, tmp_path):
    """GIVEN three threads recording dossiers (a media file, then the dossier) WHEN manage.py backup
    runs meanwhile THEN the backup is one moment: every table the intakes do not touch comes back
    with the source's row count, those they touch with a count between before and after the
    backup, every restored dossier with its tracking-book entry and its media file; the media
    files come back with the manifest's SHA-256; a second restore into the now full database is
    refused and changes nothing; a tampered backup is refused."""
    backup = tmp_path / "backup"
    with database(tmp_path, "source", migrated_sqlite) as (source_env, source):
        stop = tmp_path / "stop"
        load = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from reformdesk.core.tests.intake_load import main; main()",
            ],
            cwd=ROOT,
            env={**source_env, "INTAKE_STOP_FILE": str(stop)},
            stdout=subprocess.PIPE,
            stderr=(tmp_path / "intake.log").open("w"),  # a file: the log of each intake would fill a pipe
            text=True,
        )
        try:
            assert load.stdout is not None
            for line in load.stdout:  # the shell may print a line of its own first
                if line.strip() == "ready":
                    break
            before = table_counts(source)
            out = manage(source_env, "backup", str(backup)).stdout
            assert "Backup of the" in out
        finally:
            stop.touch()
            stdout, _ = load.communicate(timeout=300)
        assert load.returncode == 0, (tmp_path / "intake.log").read_text()[-3000:]
        after = table_counts(source)
        recorded = int(stdout.split()[-1])
        source_media = Path(source_env["MEDIA_ROOT"])
    assert after["dossiers_dossier"] == recorded
    assert recorded > before["dossiers_dossier"] >= 1  # intakes ran on while the backup was taken

    manifest = (backup / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    database_file = "database.sqlite3" if ENGINE == "sqlite" else "database.pgdump"
    assert {line.split("  ", 1)[1] for line in manifest} >= {"backup.json", database_file}
    with database(tmp_path, "restored", None) as (target_env, target):
        out = manage(target_env, "restore", str(backup)).stdout
        assert "checksums verified" in out
        restored = table_counts(target)
        touched = {name for name in after if after[name] != before.get(name)}
        assert {"dossiers_dossier", "dossiers_trackingentry"} <= touched
        assert {n: restored[n] for n in after if n not in touched} == {
            n: after[n] for n in after if n not in touched
        }
        for name in touched:
            assert before[name] <= restored[name] <= after[name], name
        assert restored["dossiers_trackingentry"] == restored["dossiers_dossier"]
        assert before["dossiers_dossier"] <= restored["dossiers_dossier"] <= recorded

        restored_media = Path(target_env["MEDIA_ROOT"])
        files = digests(restored_media)
        backed_up = {
            line.split("  ", 1)[1][len("media/") :]: line[:64] for line in manifest if "  media/" in line
        }
        assert files == backed_up
        assert {f"intake/{token}.txt" for token in tokens(target)} <= set(files)
        source_files = digests(source_media)
        assert {name: source_files[name] for name in files} == files

        refused = manage(target_env, "restore", str(backup), check=False)
        assert refused.returncode == 1
        assert "The database is not empty" in refused.stderr
        assert table_counts(target) == restored

        (backup / "media" / next(iter(files))).write_bytes(b"tampered")
        tampered = manage(target_env, "restore", "--force", str(backup), check=False)
        assert tampered.returncode == 1
        assert "Checksum mismatch: media/" in tampered.stderr
        assert table_counts(target) == restored
        assert digests(restored_media) == files


@pytest.mark.django_db
def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old").write_text("x")
    result = manage(child_env(tmp_path / "var"), "backup", str(tmp_path), check=False)
    assert result.returncode == 1
    assert f"{tmp_path} is not empty." in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old", "var"]
