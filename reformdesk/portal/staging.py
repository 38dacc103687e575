"""Files attached to an online filing that came back with errors, kept until it goes through.

A citizen who mistyped a phone number must not have to choose every scanned paper again: each file
that passed the checks is kept in the default storage under ``staging/<filing token>/``, and shown
on the form as already attached (with a box to take it off). The files' descriptions live in the
citizen's session, so nobody can claim them by guessing a token. They are released into the dossier
when the filing succeeds; whatever is left is deleted once older than ``MAX_AGE``, at the next
staging of anyone's file.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from reformdesk.core.uploads import CheckedFile

STAGING_DIR = "staging"
SESSION_KEY = "portal.staged_uploads"
MAX_AGE = dt.timedelta(days=1)


@dataclass(frozen=True)
class StagedFile:
    """One checked file waiting for its filing: ``key`` names it on the form."""

    key: str
    paper_id: int
    name: str
    path: str
    content_type: str
    size: int
    sha256: str
    staged_at: str


def _all(session: SessionBase) -> dict[str, list[dict[str, Any]]]:
    stored = session.get(SESSION_KEY)
    return stored if isinstance(stored, dict) else {}


def staged_files(session: SessionBase, token: str) -> list[StagedFile]:
    """The files kept for the filing ``token`` in this session, oldest first."""
    return [StagedFile(**row) for row in _all(session).get(token, [])]


def stage(session: SessionBase, token: str, paper_id: int, checked: CheckedFile) -> StagedFile:
    """Keep ``checked`` for the filing ``token``, attached to the paper ``paper_id``."""
    _prune_old_files()
    key = secrets.token_hex(8)
    name = (checked.upload.name or "tep")[:120]
    checked.upload.seek(0)
    path = default_storage.save(f"{STAGING_DIR}/{token}/{key}", checked.upload)
    staged = StagedFile(
        key=key,
        paper_id=paper_id,
        name=name,
        path=path,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        staged_at=timezone.now().isoformat(),
    )
    everything = _all(session)
    everything.setdefault(token, []).append(asdict(staged))
    session[SESSION_KEY] = everything
    return staged


def unstage(session: SessionBase, token: str, keys: set[str]) -> None:
    """Take the files ``keys`` off the filing ``token`` and delete them."""
    everything = _all(session)
    kept = []
    for row in everything.get(token, []):
        if row["key"] in keys:
            default_storage.delete(row["path"])
        else:
            kept.append(row)
    if kept:
        everything[token] = kept
    else:
        everything.pop(token, None)
    session[SESSION_KEY] = everything


def release(session: SessionBase, token: str) -> None:
    """The filing went through (its files are copied into the dossier): forget and delete them."""
    unstage(session, token, {f.key for f in staged_files(session, token)})


def as_checked(staged: StagedFile) -> CheckedFile:
    """A staged file, opened, in the shape the filing service takes."""
    handle = default_storage.open(staged.path, "rb")
    upload = UploadedFile(file=handle, name=staged.name, content_type=staged.content_type, size=staged.size)
    return CheckedFile(
        upload=upload, content_type=staged.content_type, sha256=staged.sha256, size=staged.size
    )


def _prune_old_files() -> None:
    """Delete the staging folders of filings abandoned more than ``MAX_AGE`` ago."""
    if not default_storage.exists(STAGING_DIR):
        return
    limit = timezone.now() - MAX_AGE
    folders, _files = default_storage.listdir(STAGING_DIR)
    for folder in folders:
        base = f"{STAGING_DIR}/{folder}"
        _subfolders, names = default_storage.listdir(base)
        stale = [n for n in names if default_storage.get_modified_time(f"{base}/{n}") < limit]
        for name in stale:
            default_storage.delete(f"{base}/{name}")
