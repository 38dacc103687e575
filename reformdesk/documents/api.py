"""Staff API at /api/v1/documents: the incoming and outgoing registers (list with filters, register,
one entry with its history), passing an incoming document to a handler, and cancelling an
outgoing number.

Errors: 422 with per-field messages for bad input, 409 for a number already cancelled, 403 for a
role that may not register, 404 for an entry the caller may not read (another commune's, or a
confidential one they are not cleared for); in each case nothing changes. Scans and signed PDFs
are uploaded on the staff pages. Reads of confidential entries are logged.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate

from reformdesk.core.api import (
    ApiError,
    ErrorOut,
    Id,
    LongText,
    SearchText,
    Text,
    ValidationErrorOut,
    field_error,
    local_time,
)
from reformdesk.core.pagination import LimitOffset
from reformdesk.documents import selectors, services
from reformdesk.documents.choices import DocumentType, EventKind, OutgoingStatus
from reformdesk.documents.models import DocumentEvent, IncomingDocument, OutgoingDocument
from reformdesk.org.api import unit_param
from reformdesk.org.models import Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, units_with_perm

router = Router()
Year = Annotated[int, Field(ge=1900, le=9999, description="A register year")]
MAX_LIMIT = 100

DocType = Literal[tuple(DocumentType.values)]  # type: ignore[valid-type]
UrgencyCode = Literal["normal", "urgent", "very_urgent", "flash"]
SecrecyCode = Literal["normal", "secret", "top_secret", "absolute"]


class IncomingIn(Schema):
    unit: Text | None = Field(None, description="Receiving unit code; needed when you register at several")
    arrived_at: dt.datetime | None = Field(
        None,
        description="When it arrived; not in the future; without an offset, Vietnam time; by default now",
    )
    sender: Text = Field(max_length=500, description="At most 255 characters")
    original_symbol: Text = Field(
        max_length=120, description="The document's own number and symbol, e.g. 125/UBND-VP"
    )
    document_date: dt.date
    doc_type: DocType  # type: ignore[valid-type]
    summary: Text = Field(max_length=1000, description="Trích yếu; at most 500 characters")
    urgency: UrgencyCode = "normal"
    confidentiality: SecrecyCode = "normal"
    handler: Text = Field("", max_length=20, description="Employee code of the handler")
    handling_due_on: dt.date | None = None
    note: LongText = Field("", max_length=4000)


class IncomingHandlerIn(Schema):
    handler: Text = Field(max_length=20, description="Employee code of an official of the receiving unit")
    due_on: dt.date | None = Field(None, description="Handling deadline; not in the past")
    note: LongText = Field("", max_length=4000)


class OutgoingIn(Schema):
    unit: Text | None = Field(None, description="Issuing unit code; needed when you register at several")
    doc_type: DocType  # type: ignore[valid-type]
    drafting_unit: Text = Field("", max_length=20, description="Công văn only: the drafting unit, e.g. VP")
    summary: Text = Field(max_length=1000, description="Trích yếu; at most 500 characters")
    issued_on: dt.date = Field(description="Date of issue; not in the future; its year is the number's year")
    signer: Text = Field(max_length=20, description="Employee code of the signing leader")
    recipients: LongText = Field(max_length=4000, description="Nơi nhận; at most 2,000 characters")
    urgency: UrgencyCode = "normal"
    confidentiality: SecrecyCode = Field(
        "normal", description="mật and above are numbered in their own series"
    )
    number: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The number you expect; refused (422) if it is not the next one"
    )


class OutgoingCancelIn(Schema):
    reason: LongText = Field(
        max_length=4000, description="Why the number is cancelled; at most 2,000 characters"
    )


class DocumentEventOut(Schema):
    at: dt.datetime
    kind: str
    label: str
    by: str | None
    from_official: str | None
    to_official: str | None
    note: str


class IncomingItemOut(Schema):
    id: int
    unit: str
    year: int
    number: int
    arrived_at: dt.datetime
    sender: str
    original_symbol: str
    document_date: dt.date
    doc_type: str
    doc_type_label: str
    summary: str
    urgency: str
    confidentiality: str
    handler: str | None
    handling_due_on: dt.date | None
    has_scan: bool


class IncomingOut(IncomingItemOut):
    events: list[DocumentEventOut]


class OutgoingItemOut(Schema):
    id: int
    unit: str
    year: int
    series: str
    number: int
    symbol: str
    doc_type: str
    doc_type_label: str
    summary: str
    issued_on: dt.date
    signer: str
    recipients: str
    urgency: str
    confidentiality: str
    status: str
    status_label: str
    cancel_reason: str
    cancelled_at: dt.datetime | None
    has_signed_pdf: bool


class OutgoingOut(OutgoingItemOut):
    events: list[DocumentEventOut]


def _name(official: Official | None) -> str | None:
    return official.full_name if official is not None else None


def _events(events: list[DocumentEvent]) -> list[dict[str, Any]]:
    return [
        {
            "at": local_time(e.at),
            "kind": e.kind,
            "label": str(EventKind(e.kind).label),
            "by": _name(e.actor_official),
            "from_official": _name(e.from_official),
            "to_official": _name(e.to_official),
            "note": e.note,
        }
        for e in events
    ]


def _incoming(d: IncomingDocument) -> dict[str, Any]:
    return {
        "id": d.pk,
        "unit": d.unit.code,
        "year": d.year,
        "number": d.number,
        "arrived_at": local_time(d.arrived_at),
        "sender": d.sender,
        "original_symbol": d.original_symbol,
        "document_date": d.document_date,
        "doc_type": d.doc_type,
        "doc_type_label": str(DocumentType(d.doc_type).label),
        "summary": d.summary,
        "urgency": d.urgency,
        "confidentiality": d.confidentiality,
        "handler": _name(d.handler),
        "handling_due_on": d.handling_due_on,
        "has_scan": bool(d.scan),
    }


def _outgoing(d: OutgoingDocument) -> dict[str, Any]:
    return {
        "id": d.pk,
        "unit": d.unit.code,
        "year": d.year,
        "series": d.series,
        "number": d.number,
        "symbol": d.symbol,
        "doc_type": d.doc_type,
        "doc_type_label": str(DocumentType(d.doc_type).label),
        "summary": d.summary,
        "issued_on": d.issued_on,
        "signer": d.signer.full_name,
        "recipients": d.recipients,
        "urgency": d.urgency,
        "confidentiality": d.confidentiality,
        "status": d.status,
        "status_label": str(OutgoingStatus(d.status).label),
        "cancel_reason": d.cancel_reason,
        "cancelled_at": local_time(d.cancelled_at),
        "has_signed_pdf": bool(d.signed_pdf),
    }


def _unit(request: HttpRequest, code: str | None) -> Unit:
    if code:
        return unit_param(code)
    units = units_with_perm(request.user, Perm.REGISTER_DOCUMENTS)
    if len(units) != 1:
        raise field_error(
            "unit", _("Bạn đăng ký văn bản tại nhiều đơn vị: hãy ghi mã đơn vị."), "unit_required"
        )
    return units[0]


def _official(code: str, field: str) -> Official | None:
    code = code.strip()
    if not code:
        return None
    official = Official.objects.filter(employee_code=code[:20], is_active=True).first()
    if official is None:
        raise field_error(
            field, _("Không có cán bộ mã «%(code)s».") % {"code": code[:20]}, "unknown_official"
        )
    return official


class _Page:
    """A register as the paginator slices it: the served rows converted, and one access-log row
    per confidential entry among them."""

    def __init__(self, queryset: Any, *, actor: AnyUser, convert: Any) -> None:
        self.queryset, self.actor, self.convert = queryset, actor, convert

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        rows = list(self.queryset[window])
        selectors.log_confidential_reads(actor=self.actor, rows=rows, purpose="list")
        return [self.convert(row) for row in rows]


def _filters(request: HttpRequest, unit: str, doc_type: str) -> Unit | None:
    if doc_type and doc_type not in DocumentType.values:
        raise field_error(
            "type",
            _("Giá trị «%(value)s» không hợp lệ; dùng một trong: %(values)s.")
            % {"value": doc_type[:30], "values": ", ".join(DocumentType.values)},
            "invalid_type",
        )
    return unit_param(unit) if unit else None


# --- incoming ------------------------------------------------------------------------------------


@router.get("/incoming", response=list[IncomingItemOut], summary="The incoming register")
@paginate(LimitOffset, max_limit=MAX_LIMIT)
def list_incoming(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    unit: Text = "",
    year: Year | None = None,
    type: Text = "",
    search: SearchText = "",
    mine: bool = False,
):
    """Entries the caller may read, newest number first. ``unit`` limits to a unit and its subtree;
    ``year`` to a register year; ``type`` to a document type code; ``search`` matches the symbol,
    the sender and the summary, ignoring diacritics and case; ``mine`` to documents given to the
    caller."""
    scope = _filters(request, unit, type)
    rows = selectors.incoming_list(
        user=request.user, unit=scope, year=year, doc_type=type, search=search[:200], handler_is_me=mine
    )
    return _Page(rows, actor=request.user, convert=_incoming)


@router.post(
    "/incoming",
    response={201: IncomingOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Register an incoming document",
)
def create_incoming(request: HttpRequest, payload: IncomingIn) -> HttpStatus[dict[str, Any]]:
    """Enter a document in the receiving unit's register with the next number of the year of its
    arrival (Decree 30/2020/NĐ-CP, Article 22)."""
    unit = _unit(request, payload.unit)
    handler = _official(payload.handler, "handler")
    with transaction.atomic():
        document = services.incoming_register(
            actor=request.user,
            unit=unit,
            arrived_at=payload.arrived_at,
            sender=payload.sender,
            original_symbol=payload.original_symbol,
            document_date=payload.document_date,
            doc_type=payload.doc_type,
            summary=payload.summary,
            urgency=payload.urgency,
            confidentiality=payload.confidentiality,
            handler=handler,
            handling_due_on=payload.handling_due_on,
            note=payload.note,
        )
    detail = selectors.incoming_detail(user=request.user, pk=document.pk, purpose="create")
    return HttpStatus(201, {**_incoming(detail.document), "events": _events(detail.events)})


@router.get(
    "/incoming/{document_id}", response={200: IncomingOut, 404: ErrorOut}, summary="One incoming entry"
)
def get_incoming(request: HttpRequest, document_id: Id) -> dict[str, Any]:
    detail = selectors.incoming_detail(user=request.user, pk=document_id)
    return {**_incoming(detail.document), "events": _events(detail.events)}


@router.post(
    "/incoming/{document_id}/handler",
    response={200: IncomingOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Give an incoming document to a handler",
)
def assign_incoming(request: HttpRequest, document_id: Id, payload: IncomingHandlerIn) -> dict[str, Any]:
    """The official of the receiving unit who handles it, and by when (Article 23)."""
    document = selectors.incoming_get(user=request.user, pk=document_id, purpose="assign")
    handler = _official(payload.handler, "handler")
    if handler is None:
        raise field_error("handler", _("Cần chọn người xử lý."), "handler_required")
    with transaction.atomic():
        services.incoming_assign_handler(
            actor=request.user, document=document, handler=handler, due_on=payload.due_on, note=payload.note
        )
    detail = selectors.incoming_detail(user=request.user, pk=document_id, purpose="assign")
    return {**_incoming(detail.document), "events": _events(detail.events)}


# --- outgoing ------------------------------------------------------------------------------------


@router.get("/outgoing", response=list[OutgoingItemOut], summary="The outgoing register")
@paginate(LimitOffset, max_limit=MAX_LIMIT)
def list_outgoing(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    unit: Text = "",
    year: Year | None = None,
    type: Text = "",
    status: Literal["", "registered", "cancelled"] = "",
    search: SearchText = "",
):
    """Entries the caller may read, newest first; filters as for the incoming register, and
    ``status`` (registered, cancelled)."""
    scope = _filters(request, unit, type)
    rows = selectors.outgoing_list(
        user=request.user, unit=scope, year=year, doc_type=type, search=search[:200], status=status
    )
    return _Page(rows, actor=request.user, convert=_outgoing)


@router.post(
    "/outgoing",
    response={201: OutgoingOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Number and register an outgoing document",
)
def create_outgoing(request: HttpRequest, payload: OutgoingIn) -> HttpStatus[dict[str, Any]]:
    """Give a signed document the issuing unit's next number of the year and its symbol
    ("12/QĐ-UBND", Decree 30/2020/NĐ-CP, Article 15 and Appendix III)."""
    unit = _unit(request, payload.unit)
    signer = _official(payload.signer, "signer")
    if signer is None:
        raise field_error("signer", _("Cần chọn người ký."), "signer_required")
    with transaction.atomic():
        document = services.outgoing_register(
            actor=request.user,
            unit=unit,
            doc_type=payload.doc_type,
            drafting_unit=payload.drafting_unit,
            summary=payload.summary,
            issued_on=payload.issued_on,
            signer=signer,
            recipients=payload.recipients,
            urgency=payload.urgency,
            confidentiality=payload.confidentiality,
            expected_number=payload.number,
        )
    detail = selectors.outgoing_detail(user=request.user, pk=document.pk, purpose="create")
    return HttpStatus(201, {**_outgoing(detail.document), "events": _events(detail.events)})


@router.get(
    "/outgoing/{document_id}", response={200: OutgoingOut, 404: ErrorOut}, summary="One outgoing entry"
)
def get_outgoing(request: HttpRequest, document_id: Id) -> dict[str, Any]:
    detail = selectors.outgoing_detail(user=request.user, pk=document_id)
    return {**_outgoing(detail.document), "events": _events(detail.events)}


@router.post(
    "/outgoing/{document_id}/cancel",
    response={200: OutgoingOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    summary="Cancel an outgoing number",
)
def cancel_outgoing(request: HttpRequest, document_id: Id, payload: OutgoingCancelIn) -> dict[str, Any]:
    """The entry stays in the register as cancelled, with the reason; its number is never given
    again."""
    document = selectors.outgoing_get(user=request.user, pk=document_id, purpose="cancel")
    try:
        with transaction.atomic():
            services.outgoing_cancel(actor=request.user, document=document, reason=payload.reason)
    except services.ActionNotAllowed as exc:
        raise ApiError(409, exc.message, "action_not_allowed") from exc
    detail = selectors.outgoing_detail(user=request.user, pk=document_id, purpose="cancel")
    return {**_outgoing(detail.document), "events": _events(detail.events)}
