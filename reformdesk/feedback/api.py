"""Staff API at /api/v1/feedback: record a case from a staff channel, worklists, one case with its
due moments and timeline, and actions on it.

Errors: 422 with per-field messages for bad input, 409 for an action the case's status does not
allow, 403 for a role that may not act, 404 for a case the caller may not see; in each case nothing
changes. Strings are bounded loosely here and checked to their real limits by the services, whose
refusals are translated.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate

from reformdesk.core.api import (
    ApiError,
    Digits,
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
from reformdesk.feedback import selectors, services, workflow
from reformdesk.feedback.choices import Channel, EventKind, Kind, Status
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.models.case import MAX_CALL_SECONDS
from reformdesk.feedback.selectors import Worklist
from reformdesk.feedback.workflow import WORKFLOW, ActionData
from reformdesk.org.api import unit_param
from reformdesk.org.models import Official, ReceptionSlot, Unit
from reformdesk.org.permissions import Perm, units_with_perm

router = Router()
MAX_LIMIT = 100


class FeedbackCitizenIn(Schema):
    name: Text = Field("", max_length=400, description="At most 200 characters")
    phone: Digits = Field("", max_length=40)
    email: Text = Field("", max_length=254)
    address: Text = Field("", max_length=600, description="At most 300 characters")
    anonymous: bool = Field(False, description="Anonymous: no name, no contact, no personal answer")


class FeedbackIn(Schema):
    unit: Text | None = Field(None, description="Receiving unit code; needed when you record at several")
    kind: Literal["regulation", "official", "dossier", "public_service"]
    channel: Literal["box", "hotline", "in_person", "email"]
    subject: Text = Field(max_length=400, description="At most 200 characters")
    content: LongText = Field(max_length=20_000, description="At most 10,000 characters")
    place: Text = Field("", max_length=600, description="At most 300 characters")
    received_at: dt.datetime | None = Field(
        None,
        description="When it was received (a letter: when the box was opened; a call: when it came); "
        "not in the future; without an offset, Vietnam time; by default now",
    )
    citizen: FeedbackCitizenIn
    related_dossier: Text = Field("", max_length=40, description="Code of the dossier it is about")
    related_official: Text = Field("", max_length=20, description="Employee code of the official it is about")
    caller_phone: Digits = Field("", max_length=40, description="Hotline calls: the number that called")
    call_seconds: int | None = Field(None, ge=1, le=MAX_CALL_SECONDS, description="Hotline calls: duration")
    reception_slot: Id | None = Field(None, description="In person: the unit's reception slot")
    client_token: uuid.UUID | None = Field(None, description="Repeat it to make a retried request harmless")
    note: LongText = Field("", max_length=8000)


class FeedbackDeadlinesOut(Schema):
    refuse_by: dt.datetime | None
    clarify_by: dt.datetime | None
    answer_by: dt.datetime | None
    publish_by: dt.datetime | None


class FeedbackEventOut(Schema):
    at: dt.datetime
    kind: str
    label: str
    from_status: str
    to_status: str
    by: str | None
    from_official: str | None
    to_official: str | None
    note: str
    data: dict[str, Any]


class FeedbackFileOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int


class FeedbackCitizenOut(Schema):
    name: str
    phone: str
    email: str
    address: str
    anonymous: bool


class FeedbackItemOut(Schema):
    code: str
    kind: str
    kind_label: str
    channel: str
    channel_label: str
    status: str
    status_label: str
    subject: str
    unit: str
    receiving_unit: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    paused: bool
    handler: str | None


class FeedbackOut(FeedbackItemOut):
    secret: str
    content: str
    place: str
    citizen: FeedbackCitizenOut
    related_dossier: str | None
    related_official: str | None
    caller_phone: str
    call_seconds: int | None
    box_opened_on: dt.date | None
    deadlines: FeedbackDeadlinesOut
    paused_since: dt.datetime | None
    clarification_count: int
    refusal_reason: str
    duplicate_of: str | None
    possible_duplicate_of: str | None = Field(
        description="flagged at intake: an open case from the same contact with a similar text in "
        "the 30 days before; staff merge it by refusing this case as a duplicate of that one"
    )
    answer: str
    approved_by: str | None
    answered_at: dt.datetime | None
    answered_on_time: bool | None
    published_at: dt.datetime | None
    published_question: str
    rating: str
    reopened_at: dt.datetime | None
    closed_at: dt.datetime | None
    events: list[FeedbackEventOut]
    files: list[FeedbackFileOut]


class FeedbackActionIn(Schema):
    note: LongText = Field("", max_length=8000)
    reason: Literal["", "out_of_competence", "no_content", "duplicate"] = ""
    duplicate_of: Text = Field("", max_length=40, description="refuse: the open case that continues")
    handler: Text = Field("", max_length=20, description="assign: employee code of the new handler")
    question: LongText = Field("", max_length=8000, description="ask_clarification")
    answer: LongText = Field("", max_length=20_000, description="draft_answer: at most 10,000 characters")
    template: Id | None = Field(None, description="draft_answer: the answer template it started from")
    satisfaction: Literal["", "satisfied", "dissatisfied"] = ""
    comment: LongText = Field("", max_length=8000, description="rate: the citizen's words")


def _name(official: Official | None) -> str | None:
    return official.full_name if official is not None else None


def _item(case: FeedbackCase) -> dict[str, Any]:
    return {
        "code": case.code,
        "kind": case.kind,
        "kind_label": str(Kind(case.kind).label),
        "channel": case.channel,
        "channel_label": str(Channel(case.channel).label),
        "status": case.status,
        "status_label": str(Status(case.status).label),
        "subject": case.subject,
        "unit": case.unit.code,
        "receiving_unit": case.receiving_unit.code,
        "received_at": local_time(case.received_at),
        "due_at": local_time(case.due_at),
        "paused": case.paused_at is not None,
        "handler": _name(case.handler),
    }


def _detail(detail: selectors.FeedbackDetail) -> dict[str, Any]:
    case, deadlines = detail.case, detail.deadlines
    return {
        **_item(case),
        "secret": case.secret,
        "content": case.content,
        "place": case.place,
        "citizen": {
            "name": case.citizen_name,
            "phone": case.citizen_phone,
            "email": case.citizen_email,
            "address": case.citizen_address,
            "anonymous": case.is_anonymous,
        },
        "related_dossier": case.related_dossier.code if case.related_dossier else None,
        "related_official": case.related_official.employee_code if case.related_official else None,
        "caller_phone": case.caller_phone,
        "call_seconds": case.call_seconds,
        "box_opened_on": case.box_opened_on,
        "deadlines": {
            "refuse_by": local_time(deadlines.refuse_by),
            "clarify_by": local_time(deadlines.clarify_by),
            "answer_by": local_time(deadlines.answer_by),
            "publish_by": local_time(deadlines.publish_by),
        },
        "paused_since": local_time(case.paused_at),
        "clarification_count": case.clarification_count,
        "refusal_reason": case.refusal_reason,
        "duplicate_of": case.duplicate_of.code if case.duplicate_of else None,
        "possible_duplicate_of": case.possible_duplicate_of.code if case.possible_duplicate_of else None,
        "answer": case.answer,
        "approved_by": _name(case.approved_by),
        "answered_at": local_time(case.answered_at),
        "answered_on_time": case.answered_on_time,
        "published_at": local_time(case.published_at),
        "published_question": case.published_question,
        "rating": case.rating,
        "reopened_at": local_time(case.reopened_at),
        "closed_at": local_time(case.closed_at),
        "events": [
            {
                "at": local_time(e.at),
                "kind": e.kind,
                "label": str(EventKind(e.kind).label),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "by": _name(e.actor_official),
                "from_official": _name(e.from_official),
                "to_official": _name(e.to_official),
                "note": e.note,
                "data": e.data,
            }
            for e in detail.events
        ],
        "files": [
            {
                "id": f.pk,
                "kind": f.kind,
                "name": f.original_name,
                "content_type": f.content_type,
                "size": f.size,
            }
            for f in detail.files
        ],
    }


def _receiving_unit(request: HttpRequest, code: str | None) -> Unit:
    if code:
        return unit_param(code)
    units = units_with_perm(request.user, Perm.RECEIVE_FEEDBACK)
    if len(units) != 1:
        raise field_error(
            "unit",
            _("Bạn tiếp nhận phản ánh tại nhiều đơn vị: hãy ghi mã đơn vị tiếp nhận."),
            "unit_required",
        )
    return units[0]


def _official(code: str) -> Official | None:
    code = code.strip()
    if not code:
        return None
    official = Official.objects.filter(employee_code=code, is_active=True).first()
    if official is None:
        raise field_error(
            "related_official", _("Không có cán bộ mã «%(code)s».") % {"code": code[:20]}, "unknown_official"
        )
    return official


def _slot(slot_id: int | None) -> ReceptionSlot | None:
    if slot_id is None:
        return None
    slot = ReceptionSlot.objects.filter(pk=slot_id).first()
    if slot is None:
        raise field_error(
            "reception_slot", _("Không có buổi tiếp công dân số %(id)s.") % {"id": slot_id}, "unknown_slot"
        )
    return slot


def _not_allowed(call: Callable[[], FeedbackCase]) -> FeedbackCase:
    try:
        return call()
    except services.ActionNotAllowed as exc:
        raise ApiError(409, exc.message, "action_not_allowed") from exc


@router.post(
    "",
    response={201: FeedbackOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Record feedback received through a staff channel",
)
def create_feedback(request: HttpRequest, payload: FeedbackIn) -> HttpStatus[dict[str, Any]]:
    """A suggestion-box letter, a hotline call (``caller_phone`` and ``call_seconds``), a visit
    or an e-mail, received at ``unit`` at ``received_at``. A case about an official is handled by
    that official's leader's unit; about a dossier, by the dossier's processing unit."""
    unit = _receiving_unit(request, payload.unit)
    related_official = _official(payload.related_official)
    slot = _slot(payload.reception_slot)
    received_at = payload.received_at
    if received_at is not None and timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    call = None
    if payload.channel == Channel.HOTLINE or payload.caller_phone or payload.call_seconds is not None:
        call = services.Call(caller_phone=payload.caller_phone, seconds=payload.call_seconds or 0)
    with transaction.atomic():
        case = services.feedback_receive(
            actor=request.user,
            unit=unit,
            kind=payload.kind,
            channel=payload.channel,
            subject=payload.subject,
            content=payload.content,
            citizen=services.Citizen(**payload.citizen.dict()),
            received_at=received_at,
            place=payload.place,
            related_dossier_code=payload.related_dossier,
            related_official=related_official,
            call=call,
            reception_slot=slot,
            client_token=payload.client_token,
            note=payload.note,
        )
    return HttpStatus(
        201, _detail(selectors.feedback_detail(user=request.user, code=case.code, purpose="create"))
    )


@router.get("", response=list[FeedbackItemOut], summary="Worklists and search")
@paginate(LimitOffset, max_limit=MAX_LIMIT)
def list_feedback(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    list: Worklist = Worklist.OPEN,
    unit: Text = "",
    status: Text = "",
    kind: Text = "",
    channel: Text = "",
    search: SearchText = "",
):
    """Cases the caller may read. ``list``: open (the default), to_accept, mine, due_soon (within
    one working day), overdue, awaiting_citizen, all; ``unit`` limits to a unit and its subtree;
    ``status``, ``kind`` and ``channel`` filter by their codes; ``search`` matches the code and the
    subject, ignoring diacritics and case."""
    for name, value, values in (
        ("status", status, Status.values),
        ("kind", kind, Kind.values),
        ("channel", channel, Channel.values),
    ):
        if value and value not in values:
            raise field_error(
                name,
                _("Giá trị «%(value)s» không hợp lệ; dùng một trong: %(values)s.")
                % {"value": value[:30], "values": ", ".join(values)},
                f"invalid_{name}",
            )
    scope = unit_param(unit) if unit else None
    rows = selectors.feedback_worklist(
        user=request.user,
        worklist=list,
        unit=scope,
        status=status,
        kind=kind,
        channel=channel,
        search=search[:200],
    )
    return _Items(rows)


class _Items:
    """The worklist as the paginator slices it, each row converted to what the API returns."""

    def __init__(self, queryset: Any) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [_item(case) for case in self.queryset[window]]


@router.get(
    "/{code}",
    response={200: FeedbackOut, 404: ErrorOut},
    summary="One case with its due moments and timeline",
)
def get_feedback(request: HttpRequest, code: Text) -> dict[str, Any]:
    return _detail(selectors.feedback_detail(user=request.user, code=code))


@router.post(
    "/{code}/actions/{action}",
    response={200: FeedbackOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    summary="Act on a case",
)
def act(
    request: HttpRequest, code: Text, action: Text, body: FeedbackActionIn | None = None
) -> dict[str, Any]:
    """``action``: accept, refuse (``reason``, ``duplicate_of``, ``note``), assign (``handler``),
    ask_clarification (``question``), clarification_received (``note``), draft_answer
    (``answer``), approve_answer, send, publish, rate (``satisfaction``, ``comment``), close."""
    if action not in WORKFLOW:
        raise ApiError(404, _("Không có thao tác «%(action)s».") % {"action": action[:30]}, "unknown_action")
    case = selectors.visible_cases(user=request.user).filter(code=code[:40]).first()
    if case is None:
        raise ApiError(404, _("Không tìm thấy phản ánh."), "not_found")
    data = ActionData(**(body or FeedbackActionIn()).dict())
    with transaction.atomic():
        _not_allowed(lambda: workflow.perform(action, user=request.user, case=case, data=data))
    return _detail(selectors.feedback_detail(user=request.user, code=code, purpose=f"action:{action}"))
