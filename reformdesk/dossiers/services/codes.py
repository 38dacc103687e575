"""Dossier codes: ``<receiving unit code>-<YYMMDD of receipt>-<NNNN>``, e.g. ``000.00.53.H48-220921-0099``.

NNNN counts the unit's dossiers of the day from 0001. The counter row is locked inside the
caller's transaction (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's immediate transactions
already serialise writers), so concurrent intakes queue on it, and a rolled-back intake takes
its number back with it: codes run without gaps or duplicates.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import F

from reformdesk.dossiers.models import DailyCounter
from reformdesk.org.models import Unit

# Unambiguous characters for the secret printed on the receipt (no 0/O, 1/I/L).
_SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # noqa: S105 - an alphabet, not a secret
SECRET_LENGTH = 8


def format_code(unit_code: str, day: dt.date, number: int) -> str:
    return f"{unit_code}-{day:%y%m%d}-{number:04d}"


def next_number(*, unit: Unit, day: dt.date) -> int:
    """Take the unit's next number for ``day``. Must run inside the intake's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the intake's transaction")
    # Make sure the row exists without racing: a concurrent insert of the same row is ignored.
    DailyCounter.objects.bulk_create([DailyCounter(unit=unit, day=day, last=0)], ignore_conflicts=True)
    counter = DailyCounter.objects.select_for_update().get(unit=unit, day=day)
    DailyCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return counter.last + 1


def new_code(*, unit: Unit, day: dt.date) -> str:
    return format_code(unit.code, day, next_number(unit=unit, day=day))


def new_secret() -> str:
    return "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
