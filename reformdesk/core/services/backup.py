"""Backups that restore: a consistent copy of the database and the media files, with checksums.

A backup is a folder::

    database.sqlite3 | database.pgdump   the database, copied while the app serves
    media/...                            every file under MEDIA_ROOT
    backup.json                          engine, time, and what it holds
    SHA256SUMS                           one line per file above (``sha256sum -c SHA256SUMS`` reads it)

SQLite is copied through its online-backup API in one step, which reads one snapshot under a read
transaction (WAL lets writers go on meanwhile); PostgreSQL through ``pg_dump --format=custom``,
which reads one snapshot too. Media files are copied after the database: a row never names a file
that the copy lacks (files are written before their rows commit), at worst the copy holds a few
files no row names yet.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

MANIFEST = "SHA256SUMS"
METADATA = "backup.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    media_files: int


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            sha.update(block)
    return sha.hexdigest()


def _files(root: Path) -> Iterator[Path]:
    for folder, _dirs, names in os.walk(root):
        for name in sorted(names):
            yield Path(folder) / name


def _engine(settings_dict: dict[str, Any]) -> str:
    vendor = settings_dict["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        return "sqlite"
    if vendor in {"postgresql", "postgis"}:
        return "postgresql"
    raise BackupError(f"No backup for the database engine {settings_dict['ENGINE']}.")


def _pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for pg_dump and pg_restore: the password never shows in a process list."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def backup_create(*, destination: Path, media_root: Path) -> BackupResult:
    """Write a backup of the default database and ``media_root`` into ``destination`` (a new or
    empty folder)."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty.")
    destination.mkdir(parents=True, exist_ok=True)
    engine = _engine(connection.settings_dict)
    database_file = destination / DATABASE_FILES[engine]
    if engine == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(database_file)
        try:
            # pages=-1: the whole database in one step, so one read transaction and one snapshot.
            connection.connection.backup(target, pages=-1)
        finally:
            target.close()
    else:
        settings_dict = connection.settings_dict
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={database_file}",
                settings_dict["NAME"],
            ],
            _pg_environment(settings_dict),
        )
    media_files = 0
    if media_root.is_dir():
        for source in _files(media_root):
            target_path = destination / MEDIA / source.relative_to(media_root)
            target_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target_path)
            media_files += 1
    metadata = {
        "format": FORMAT,
        "engine": engine,
        "database": database_file.name,
        "created_at": timezone.now().isoformat(),
        "media_files": media_files,
    }
    (destination / METADATA).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    lines = [f"{_digest(path)}  {path.relative_to(destination).as_posix()}" for path in _files(destination)]
    (destination / MANIFEST).write_text(
        "\n".join(sorted(lines, key=lambda x: x[66:])) + "\n", encoding="utf-8"
    )
    return BackupResult(path=destination, engine=engine, media_files=media_files)


def backup_verify(*, source: Path) -> dict[str, str]:
    """Check every file of the backup in ``source`` against its manifest; returns the manifest
    (relative path → SHA-256). A missing, changed or unlisted file is an error."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} has no {MANIFEST}: not a backup.")
    manifest: dict[str, str] = {}
    for line in manifest_path.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise BackupError(f"{MANIFEST} has a malformed line: {line[:80]!r}")
        manifest[name] = digest
    present = {path.relative_to(source).as_posix() for path in _files(source)} - {MANIFEST}
    if missing := sorted(set(manifest) - present):
        raise BackupError(f"Missing from the backup: {', '.join(missing[:5])}")
    if unlisted := sorted(present - set(manifest)):
        raise BackupError(f"Not in {MANIFEST}: {', '.join(unlisted[:5])}")
    if changed := sorted(name for name, digest in manifest.items() if _digest(source / name) != digest):
        raise BackupError(f"Checksum mismatch: {', '.join(changed[:5])}")
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def backup_restore(*, source: Path, media_root: Path, force: bool = False) -> BackupResult:
    """Restore the backup in ``source`` into the default database and ``media_root``, both empty
    unless ``force`` (which replaces what they hold). The checksums are verified before anything
    is touched, and the media files again once copied."""
    manifest = backup_verify(source=source)
    metadata = json.loads((source / METADATA).read_text(encoding="utf-8"))
    if metadata.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {metadata.get('format')!r}.")
    engine = _engine(connection.settings_dict)
    if metadata["engine"] != engine:
        raise BackupError(f"A {metadata['engine']} backup cannot be restored into {engine}.")
    media_present = media_root.is_dir() and any(media_root.iterdir())
    if not force and not _database_is_empty():
        raise BackupError("The database is not empty (restore --force replaces it).")
    if not force and media_present:
        raise BackupError(f"{media_root} is not empty (restore --force replaces it).")
    database_file = source / metadata["database"]
    if engine == "sqlite":
        connection.ensure_connection()
        backup_source = sqlite3.connect(database_file)
        try:
            # Through the live connection: the file's other connections see the restored pages.
            backup_source.backup(connection.connection, pages=-1)
        finally:
            backup_source.close()
    else:
        settings_dict = connection.settings_dict
        if force:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        connection.close()  # pg_restore's own session must not wait on ours
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={settings_dict['NAME']}",
                str(database_file),
            ],
            _pg_environment(settings_dict),
        )
    if media_present:
        shutil.rmtree(media_root)
    media_files = 0
    prefix = f"{MEDIA}/"
    for name, digest in manifest.items():
        if not name.startswith(prefix):
            continue
        target = media_root / name[len(prefix) :]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, target)
        if _digest(target) != digest:
            raise BackupError(f"Checksum mismatch after copying {name}.")
        media_files += 1
    return BackupResult(path=source, engine=engine, media_files=media_files)
