"""The incoming register: registering a document that arrived (Decree 30/2020/NĐ-CP, Articles
21–22) and passing it to the official who handles it, with a deadline (Article 23)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.uploads import CheckedFile
from reformdesk.documents.choices import Confidentiality, DocumentType, EventKind, Register, Urgency
from reformdesk.documents.models import IncomingDocument
from reformdesk.documents.models.registers import SENDER_MAX_CHARS, SUMMARY_MAX_CHARS, SYMBOL_MAX_CHARS
from reformdesk.documents.services.common import (
    Errors,
    add,
    local_year,
    next_number,
    one_line,
    raise_errors,
    record,
    search_text,
)
from reformdesk.documents.services.search import file_text, index_entry
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, require

NOTE_MAX_CHARS = 2000


def _choice(errors: Errors, name: str, value: str, allowed: list[str], message: str) -> None:
    if value not in allowed:
        add(errors, name, message)


def _handler_errors(
    errors: Errors, *, unit: Unit, handler: Official | None, due_on: dt.date | None, today: dt.date
) -> None:
    """A handler works at the unit now; a deadline is not in the past and needs a handler."""
    if handler is None:
        if due_on is not None:
            add(errors, "handler", _("Cần chọn người xử lý khi ghi hạn xử lý."))
        return
    works_there = (
        Membership.objects.active_on(today)
        .filter(official=handler, unit=unit, official__is_active=True)
        .exists()
    )
    if not works_there:
        add(
            errors,
            "handler",
            _("%(name)s không công tác tại %(unit)s.") % {"name": handler.full_name, "unit": unit.name},
        )
    if due_on is not None and due_on < today:
        add(errors, "handling_due_on", _("Hạn xử lý không được trước ngày hôm nay."))


def _scan_fields(scan: CheckedFile | None) -> dict[str, object]:
    if scan is None:
        return {}
    return {
        "scan_name": (scan.upload.name or "")[:255],
        "scan_content_type": scan.content_type,
        "scan_size": scan.size,
        "scan_sha256": scan.sha256,
    }


@transaction.atomic
def incoming_register(
    *,
    actor: AnyUser,
    unit: Unit,
    sender: str,
    original_symbol: str,
    document_date: dt.date,
    doc_type: str,
    summary: str,
    arrived_at: dt.datetime | None = None,
    urgency: str = Urgency.NORMAL,
    confidentiality: str = Confidentiality.NORMAL,
    scan: CheckedFile | None = None,
    handler: Official | None = None,
    handling_due_on: dt.date | None = None,
    note: str = "",
) -> IncomingDocument:
    """Enter a document received by ``unit`` in its incoming register with the next "số đến" of
    the calendar year (Vietnam time) of ``arrived_at`` (by default now; never in the future).

    Needs ``Perm.REGISTER_DOCUMENTS`` on ``unit``. ``scan`` is an upload already checked by
    content (``core.uploads.check_upload``). A ``handler`` (with an optional deadline) may be
    named at once when the clerk already knows who handles it (Article 23.1). Nothing is saved
    when anything is wrong: a ``ValidationError`` names each field.
    """
    require(actor, Perm.REGISTER_DOCUMENTS, unit)
    errors: Errors = {}
    now = timezone.now()
    at = arrived_at or now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now:
        add(errors, "arrived_at", _("Thời điểm đến không được sau thời điểm hiện tại."))
    sender = one_line(
        errors, "sender", sender, limit=SENDER_MAX_CHARS, required=_("Cần ghi nơi gửi văn bản.")
    )
    original_symbol = one_line(
        errors,
        "original_symbol",
        original_symbol,
        limit=SYMBOL_MAX_CHARS,
        required=_("Cần ghi số, ký hiệu của văn bản, ví dụ 125/UBND-VP."),
    )
    summary = one_line(
        errors, "summary", summary, limit=SUMMARY_MAX_CHARS, required=_("Cần ghi trích yếu nội dung.")
    )
    note = one_line(errors, "note", note, limit=NOTE_MAX_CHARS, multiline=True)
    if document_date > timezone.localtime(at).date():
        add(errors, "document_date", _("Ngày văn bản không được sau ngày văn bản đến."))
    _choice(errors, "doc_type", doc_type, DocumentType.values, _("Loại văn bản không hợp lệ."))
    _choice(errors, "urgency", urgency, Urgency.values, _("Mức độ khẩn không hợp lệ."))
    _choice(errors, "confidentiality", confidentiality, Confidentiality.values, _("Độ mật không hợp lệ."))
    _handler_errors(errors, unit=unit, handler=handler, due_on=handling_due_on, today=timezone.localdate())
    raise_errors(errors)

    year = local_year(at)
    document = IncomingDocument(
        unit=unit,
        year=year,
        number=next_number(unit=unit, register=Register.INCOMING, year=year),
        arrived_at=at,
        sender=sender,
        original_symbol=original_symbol,
        document_date=document_date,
        doc_type=doc_type,
        summary=summary,
        urgency=urgency,
        confidentiality=confidentiality,
        handler=handler,
        handling_due_on=handling_due_on if handler is not None else None,
        registered_by=actor if actor.is_authenticated else None,
        registered_at=now,
        search_text=search_text(original_symbol, sender, summary),
        **_scan_fields(scan),
    )
    body = file_text(scan)
    if scan is not None:
        document.scan.save(scan.upload.name or "scan", scan.upload, save=False)
    document.save()
    index_entry(document=document, body=body)
    record(
        document=document,
        kind=EventKind.INCOMING_REGISTERED,
        actor=actor,
        at=now,
        to_official=handler,
        note=note,
        changes={
            "number": [None, f"{document.number}/{year}"],
            "original_symbol": [None, original_symbol],
            "confidentiality": [None, confidentiality],
            "handler": [None, handler.pk if handler else None],
        },
        data={"due_on": handling_due_on.isoformat() if handling_due_on else None},
    )
    return document


@transaction.atomic
def incoming_assign_handler(
    *,
    actor: AnyUser,
    document: IncomingDocument,
    handler: Official,
    due_on: dt.date | None = None,
    note: str = "",
) -> IncomingDocument:
    """Give ``document`` to ``handler`` (an active official of the receiving unit) to handle by
    ``due_on`` (Decree 30/2020/NĐ-CP, Article 23.2: the person who directs the handling names
    who handles it and by when). Needs ``Perm.ASSIGN_DOCUMENTS`` on the unit; giving it again to
    the same official with the same deadline is refused, as it changes nothing."""
    document = (
        IncomingDocument.objects.select_for_update(of=("self",))
        .select_related("unit", "handler")
        .get(pk=document.pk)
    )
    require(actor, Perm.ASSIGN_DOCUMENTS, document.unit)
    errors: Errors = {}
    _handler_errors(errors, unit=document.unit, handler=handler, due_on=due_on, today=timezone.localdate())
    note = one_line(errors, "note", note, limit=NOTE_MAX_CHARS, multiline=True)
    if document.handler_id == handler.pk and document.handling_due_on == due_on:
        add(
            errors,
            "handler",
            _("%(name)s đang xử lý văn bản này với hạn đó.") % {"name": handler.full_name},
        )
    raise_errors(errors)
    previous, previous_due = document.handler, document.handling_due_on
    document.handler = handler
    document.handling_due_on = due_on
    document.save(update_fields=["handler", "handling_due_on"])
    record(
        document=document,
        kind=EventKind.HANDLER_ASSIGNED,
        actor=actor,
        at=timezone.now(),
        from_official=previous,
        to_official=handler,
        note=note,
        changes={
            "handler": [previous.pk if previous else None, handler.pk],
            "handling_due_on": [previous_due, due_on],
        },
        data={"due_on": due_on.isoformat() if due_on else None},
    )
    return document
