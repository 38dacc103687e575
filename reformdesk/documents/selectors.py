"""Reads on the document registers: the unit-scoped registers with their filters, and one entry.

Staff read the registers of the units where they hold ``Perm.VIEW_DOCUMENTS``. A confidential
entry (mật, tối mật, tuyệt mật) is read only by:

- its handler (an incoming document) or its signer (an outgoing one);
- whoever keeps the unit's registers (``Perm.REGISTER_DOCUMENTS``: the clerk, Decree
  30/2020/NĐ-CP, Article 6.3, registers and hands over every document, confidential ones included);
- the unit's leaders (``Perm.VIEW_CONFIDENTIAL_DOCUMENTS``), who direct its handling (Article 23)
  and decide who may read state secrets (Law on Protection of State Secrets 2018, Article 11).

Everyone else does not see it at all, in lists or by its address (404). Every read of a
confidential entry, in a list or alone, writes an access-log row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import Actor, access_record, access_records, subject_of
from reformdesk.documents.choices import CONFIDENTIAL, Confidentiality, Register
from reformdesk.documents.models import DocumentEvent, IncomingDocument, OutgoingDocument
from reformdesk.documents.models.search import SearchEntry
from reformdesk.documents.searchtext import MIN_NAME_PART, query_terms
from reformdesk.documents.services.common import peek_number
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter

Entry = TypeVar("Entry", IncomingDocument, OutgoingDocument)


def _confidential_readers(user: AnyUser, person_field: str) -> Q:
    readers = unit_filter(user, Perm.REGISTER_DOCUMENTS, "unit") | unit_filter(
        user, Perm.VIEW_CONFIDENTIAL_DOCUMENTS, "unit"
    )
    if user.is_authenticated:
        readers |= Q(**{f"{person_field}__user_id": user.pk})
    return readers


def visible_incoming(*, user: AnyUser) -> QuerySet[IncomingDocument]:
    """Incoming entries ``user`` may read (see the module's docstring)."""
    rows = IncomingDocument.objects.filter(unit_filter(user, Perm.VIEW_DOCUMENTS, "unit"))
    return rows.filter(Q(confidentiality=Confidentiality.NORMAL) | _confidential_readers(user, "handler"))


def visible_outgoing(*, user: AnyUser) -> QuerySet[OutgoingDocument]:
    """Outgoing entries ``user`` may read (see the module's docstring)."""
    rows = OutgoingDocument.objects.filter(unit_filter(user, Perm.VIEW_DOCUMENTS, "unit"))
    return rows.filter(Q(confidentiality=Confidentiality.NORMAL) | _confidential_readers(user, "signer"))


def search_entries(*, register: str, query: str) -> QuerySet[SearchEntry]:
    """The search rows of ``register`` ("incoming" or "outgoing") matching ``query``: every word
    of the query (``searchtext.query_terms``: folded, no diacritics) begins a word of the entry's
    metadata or of its file's text, or — three characters or more — is part of a name on it (the
    sender, the signer). Empty query: every row.

    The same rule on both databases, on their own indexes (``models.search``): PostgreSQL's
    full-text search (``simple`` configuration, prefix queries) and a trigram index on the names;
    SQLite's FTS5 tables (``unicode61`` and ``trigram``)."""
    rows = SearchEntry.objects.filter(register=register)
    postgres = connection.vendor == "postgresql"
    for term in query_terms(query):
        if postgres:
            match = Q(
                id__in=RawSQL(
                    "SELECT id FROM documents_searchentry WHERE "
                    "to_tsvector('simple'::regconfig, words) @@ to_tsquery('simple'::regconfig, %s)",
                    [f"{term}:*"],
                )
            )
            if len(term) >= MIN_NAME_PART:
                match |= Q(names__contains=term)
        else:
            # Each term is letters and digits only (query_terms), so quoting it is enough.
            match = Q(
                id__in=RawSQL(
                    "SELECT rowid FROM documents_search_words WHERE documents_search_words MATCH %s",
                    [f'"{term}"*'],
                )
            )
            if len(term) >= MIN_NAME_PART:
                match |= Q(
                    id__in=RawSQL(
                        "SELECT rowid FROM documents_search_names WHERE documents_search_names MATCH %s",
                        [f'"{term}"'],
                    )
                )
        rows = rows.filter(match)
    return rows


def _filtered(
    rows: QuerySet[Entry], *, unit: Unit | None, year: int | None, doc_type: str, search: str
) -> QuerySet[Entry]:
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if year is not None:
        rows = rows.filter(year=year)
    if doc_type:
        rows = rows.filter(doc_type=doc_type)
    return matching(rows, search)


def matching(rows: QuerySet[Entry], query: str) -> QuerySet[Entry]:
    """``rows`` (incoming or outgoing entries) narrowed to those :func:`search_entries` finds for
    ``query``; all of them for an empty query."""
    if not query_terms(query):
        return rows
    register = Register.INCOMING if rows.model is IncomingDocument else Register.OUTGOING
    field = "incoming_id" if register == Register.INCOMING else "outgoing_id"
    return rows.filter(pk__in=search_entries(register=register, query=query).values(field))


def incoming_list(
    *,
    user: AnyUser,
    unit: Unit | None = None,
    year: int | None = None,
    doc_type: str = "",
    search: str = "",
    handler_is_me: bool = False,
) -> QuerySet[IncomingDocument]:
    """The incoming register as ``user`` may read it, newest number first; ``unit`` limits to a
    unit and its subtree; ``search`` matches the symbol, the sender and the summary, ignoring
    diacritics and case."""
    rows = _filtered(visible_incoming(user=user), unit=unit, year=year, doc_type=doc_type, search=search)
    if handler_is_me:
        rows = rows.filter(handler__user_id=user.pk) if user.is_authenticated else rows.none()
    return rows.select_related("unit", "handler").order_by("-year", "-number", "-id")


def outgoing_list(
    *,
    user: AnyUser,
    unit: Unit | None = None,
    year: int | None = None,
    doc_type: str = "",
    search: str = "",
    status: str = "",
) -> QuerySet[OutgoingDocument]:
    """The outgoing register as ``user`` may read it, newest first; ``search`` matches the
    symbol, the summary and the recipients, ignoring diacritics and case."""
    rows = _filtered(visible_outgoing(user=user), unit=unit, year=year, doc_type=doc_type, search=search)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("unit", "signer").order_by("-year", "-series", "-number", "-id")


def log_confidential_reads(
    *, actor: Actor, rows: Iterable[IncomingDocument | OutgoingDocument], purpose: str
) -> int:
    """One access-log row per confidential entry among ``rows`` (a list page or an API page),
    written in one query; nothing when there is none."""
    subjects = [subject_of(row) for row in rows if row.confidentiality in CONFIDENTIAL]
    return access_records(actor=actor, subjects=subjects, purpose=purpose) if subjects else 0


@dataclass(frozen=True)
class IncomingDetail:
    document: IncomingDocument
    events: list[DocumentEvent]
    can_assign: bool
    # The tasks assigned from this entry (``assignments.Task.source_document``), read through the
    # reverse relation so that the registers do not import the task app.
    tasks: list[Any]
    can_assign_task: bool


@dataclass(frozen=True)
class OutgoingDetail:
    document: OutgoingDocument
    events: list[DocumentEvent]
    can_cancel: bool
    # The tasks reported done with this document as their result (``assignments.Task``).
    tasks: list[Any]


def _events(rows: QuerySet[DocumentEvent]) -> list[DocumentEvent]:
    return list(rows.select_related("actor_official", "from_official", "to_official").order_by("at", "id"))


def incoming_get(*, user: AnyUser, pk: int, purpose: str = "view") -> IncomingDocument:
    """One incoming entry ``user`` may read, else 404 (another commune's entry, or a confidential
    one they are not cleared for, looks the same as none). A confidential read is logged."""
    document = (
        visible_incoming(user=user).select_related("unit", "handler", "registered_by").filter(pk=pk).first()
    )
    if document is None:
        raise Http404(_("Không tìm thấy văn bản đến."))
    if document.is_confidential:
        access_record(actor=user, subject=document, purpose=purpose)
    return document


def outgoing_get(*, user: AnyUser, pk: int, purpose: str = "view") -> OutgoingDocument:
    """One outgoing entry ``user`` may read, else 404; a confidential read is logged."""
    document = (
        visible_outgoing(user=user)
        .select_related("unit", "signer", "registered_by", "cancelled_by")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404(_("Không tìm thấy văn bản đi."))
    if document.is_confidential:
        access_record(actor=user, subject=document, purpose=purpose)
    return document


def incoming_detail(*, user: AnyUser, pk: int, purpose: str = "view") -> IncomingDetail:
    document = incoming_get(user=user, pk=pk, purpose=purpose)
    return IncomingDetail(
        document=document,
        events=_events(DocumentEvent.objects.filter(incoming=document)),
        can_assign=has_perm(user, Perm.ASSIGN_DOCUMENTS, document.unit),
        tasks=list(document.tasks.select_related("assignee").order_by("assigned_at", "id")),
        can_assign_task=has_perm(user, Perm.ASSIGN_DOCUMENTS, document.unit)
        and has_perm(user, Perm.ASSIGN_TASKS, document.unit),
    )


def outgoing_detail(*, user: AnyUser, pk: int, purpose: str = "view") -> OutgoingDetail:
    document = outgoing_get(user=user, pk=pk, purpose=purpose)
    return OutgoingDetail(
        document=document,
        events=_events(DocumentEvent.objects.filter(outgoing=document)),
        can_cancel=not document.is_cancelled and has_perm(user, Perm.REGISTER_DOCUMENTS, document.unit),
        tasks=list(document.result_of_tasks.select_related("assignee").order_by("done_at", "id")),
    )


def next_outgoing_number(*, unit: Unit, on: dt.date, confidential: bool = False) -> int:
    """The number the next outgoing registration of ``unit`` would take for a document issued
    ``on`` (shown on the form and sent back as its expected number; not reserved)."""
    register = Register.OUTGOING_CONFIDENTIAL if confidential else Register.OUTGOING
    return peek_number(unit=unit, register=register, year=on.year)
