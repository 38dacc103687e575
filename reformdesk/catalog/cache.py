"""The catalog's version: a token that changes on every write to the catalog or the unit tree.

Pages built from the catalog (the public search, its filter lists) are cached under keys that
carry this token, so a write makes every cached copy unreachable at once, in every process: the
token lives in the shared ``catalog`` cache (Redis when ``REDIS_URL`` is set; with SQLite, whose
processes share one host, a file, so that a cached page needs no database connection; else the
database cache), and each process keeps its copies of pages in its own ``portal`` cache.

``catalog_changed()`` is called by every write. Writes through a model's ``save()`` or ``delete()``
reach it by the signals connected in :func:`watch_catalog_writes`; writes that bypass signals
(``bulk_create``, ``QuerySet.update``/``delete`` without per-row signals) must call it themselves.
Inside a transaction, the token changes at once (the writer's own next read sees the change) and
again once the transaction commits, so no other process keeps a page it built from the rows as
they were before the commit.
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "reformdesk:catalog:version"

# Whether this thread read the token since it last changed it: a write inside a transaction needs
# to change the token at once only if something was built from it since (one cascade of deletes
# then costs one cache write, not one per row).
_local = threading.local()


def _cache() -> Any:
    return caches["catalog"]


def _new_token() -> str:
    return secrets.token_hex(8)


def catalog_version() -> str:
    """The current token; a missing one (first use, evicted, cache cleared) is replaced by a new one."""
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_token()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    _local.read = True
    return str(version)


def _bump() -> None:
    _cache().set(VERSION_KEY, _new_token(), timeout=None)
    _local.read = False


def catalog_changed() -> None:
    """Mark every page built from the catalog as out of date: at once, and again when the current
    transaction commits (other processes see the new rows only then)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump()
        return
    if getattr(_local, "read", True):
        _bump()
    if all(entry[1] is not _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump)


def _on_write(sender: type, **kwargs: Any) -> None:
    if not kwargs.get("raw"):  # fixtures loaded with loaddata are not catalog edits
        catalog_changed()


def watch_catalog_writes() -> None:
    """Connect the signals of every model a public catalog page shows: the catalog's own and units."""
    from reformdesk.catalog.models import (
        Field,
        FilingMethod,
        Procedure,
        ProcedureCase,
        ProcedureVersion,
        Publication,
        RequiredPaper,
        StepTemplate,
    )
    from reformdesk.org.models import Unit
    from reformdesk.org.signals import units_moved

    models = (
        Field,
        Procedure,
        ProcedureVersion,
        ProcedureCase,
        FilingMethod,
        RequiredPaper,
        StepTemplate,
        Publication,
        Unit,
    )
    units_moved.connect(_on_write, sender=Unit, dispatch_uid="catalog-version:units-moved")
    for model in models:
        uid = f"catalog-version:{model._meta.label}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + ":delete")
