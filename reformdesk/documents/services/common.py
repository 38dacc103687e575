"""What the register services share: numbering, the event and audit rows of a change, and the
checks on typed text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.core.text import clean_text, fold
from reformdesk.core.validators import validate_text
from reformdesk.documents.models import DocumentEvent, IncomingDocument, OutgoingDocument, RegisterCounter
from reformdesk.documents.models.registers import SEARCH_MAX_CHARS
from reformdesk.org.models import Official, Unit

Errors = dict[str, list[str]]


class ActionNotAllowed(Exception):
    """The action does not apply to the entry as it stands (HTTP 409), e.g. cancelling a number
    already cancelled."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def raise_errors(errors: Errors) -> None:
    if errors:
        raise ValidationError({k: [ValidationError(m) for m in v] for k, v in errors.items()})


def one_line(
    errors: Errors, name: str, value: str, *, limit: int, required: str = "", multiline: bool = False
) -> str:
    """``value`` in NFC, trimmed (runs of spaces collapsed on one line), checked for characters no
    text may hold, for its length and, with ``required``, for being there."""
    value = clean_text(value).strip() if multiline else " ".join(clean_text(value).split())
    try:
        validate_text(value, multiline=multiline)
    except ValidationError as exc:
        add(errors, name, exc.messages[0])
        return value
    if required and not value:
        add(errors, name, required)
    elif len(value) > limit:
        add(errors, name, _("Nội dung dài quá %(limit)d ký tự.") % {"limit": limit})
    return value


def search_text(*parts: str) -> str:
    return fold(" ".join(p for p in parts if p))[:SEARCH_MAX_CHARS]


def local_year(at: dt.datetime) -> int:
    """The calendar year of ``at`` in Vietnam time (``TIME_ZONE``): a document that arrives at
    00:00 on 1 January, Vietnam time, opens the new year's register although it is still 31
    December in UTC."""
    return timezone.localtime(at).year


def next_number(*, unit: Unit, register: str, year: int) -> int:
    """Take the next number of ``unit``'s ``register`` for ``year``; must run inside the
    registering transaction, which holds the counter row's lock until it commits (Decree
    30/2020/NĐ-CP, Article 15.1: numbers from 01 each year, unique within the year)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the registering transaction")
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(unit=unit, register=register, year=year, last=0)], ignore_conflicts=True
    )
    counter = RegisterCounter.objects.select_for_update().get(unit=unit, register=register, year=year)
    RegisterCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return counter.last + 1


def peek_number(*, unit: Unit, register: str, year: int) -> int:
    """The number the next registration would take now (shown on the form; not reserved)."""
    last = (
        RegisterCounter.objects.filter(unit=unit, register=register, year=year)
        .values_list("last", flat=True)
        .first()
    )
    return (last or 0) + 1


def official_of(actor: Actor) -> Official | None:
    if actor is None or isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return None
    return Official.objects.filter(user_id=actor.pk).first()


def record(
    *,
    document: IncomingDocument | OutgoingDocument,
    kind: str,
    actor: Actor,
    at: dt.datetime,
    changes: dict[str, Any],
    from_official: Official | None = None,
    to_official: Official | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> DocumentEvent:
    """The event row of a change and its audit row, after the entry's row was saved."""
    user = actor if isinstance(actor, User) else None
    field = "incoming" if isinstance(document, IncomingDocument) else "outgoing"
    target: dict[str, IncomingDocument | OutgoingDocument] = {field: document}
    event = DocumentEvent.objects.create(
        **target,
        kind=kind,
        at=at,
        actor=user,
        actor_official=official_of(actor),
        from_official=from_official,
        to_official=to_official,
        note=note,
        data=data or {},
    )
    audit_record(actor=actor, action=f"documents.{kind}", obj=document, changes=changes)
    return event
