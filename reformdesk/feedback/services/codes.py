"""Feedback codes: ``<receiving unit code>-PA-<YYMMDD of receipt>-<NNNN>``, e.g.
``000.30.31.H41-PA-251201-0007``.

Built like a dossier code (the unit that recorded it, the day it was received, its number that
day) with ``PA`` (phản ánh) between, so that an official or a citizen tells a feedback code from a
dossier code at a glance and neither can be typed into the other's lookup by mistake. NNNN counts
the unit's cases received that day from 0001; a letter entered late takes the next number of the
day it was received. The counter row is locked inside the caller's transaction, so concurrent
intakes queue on it and a rolled-back intake takes its number back with it: no gaps, no duplicates.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.db import transaction
from django.db.models import F

from reformdesk.feedback.models import FeedbackCounter
from reformdesk.org.models import Unit

CODE_INFIX = "PA"
CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-PA-\d{6}-\d{4}$")
# Unambiguous characters for the lookup secret (no 0/O, 1/I/L).
_SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # noqa: S105 - an alphabet, not a secret
SECRET_LENGTH = 8


def format_code(unit_code: str, day: dt.date, number: int) -> str:
    return f"{unit_code}-{CODE_INFIX}-{day:%y%m%d}-{number:04d}"


def next_number(*, unit: Unit, day: dt.date) -> int:
    """Take the unit's next number for ``day``. Must run inside the intake's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the intake's transaction")
    FeedbackCounter.objects.bulk_create([FeedbackCounter(unit=unit, day=day, last=0)], ignore_conflicts=True)
    counter = FeedbackCounter.objects.select_for_update().get(unit=unit, day=day)
    FeedbackCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return counter.last + 1


def new_code(*, unit: Unit, day: dt.date) -> str:
    return format_code(unit.code, day, next_number(unit=unit, day=day))


def new_secret() -> str:
    return "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
