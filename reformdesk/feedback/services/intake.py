"""Receiving feedback from every channel, and deciding whether to handle it.

A case is recorded with its code, its lookup secret, its competent unit and its four due moments
in the same transaction as its first event: no case exists without them. Staff then accept it
(a case about an official goes straight to that official's leader), refuse it with a reason, or
assign a handler.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.text import clean_text, fold
from reformdesk.core.uploads import MAX_FILES, CheckedFile
from reformdesk.core.validators import validate_text
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.validators import normalize_phone, validate_vn_phone
from reformdesk.feedback.choices import (
    STAFF_CHANNELS,
    Channel,
    DeadlineStep,
    EventKind,
    FileKind,
    Kind,
    RefusalReason,
    Status,
)
from reformdesk.feedback.models import FeedbackCase, FeedbackEvent, FeedbackFile
from reformdesk.feedback.models.case import CONTENT_MAX_CHARS, MAX_CALL_SECONDS, SUBJECT_MAX_CHARS
from reformdesk.feedback.services.codes import new_code, new_secret
from reformdesk.feedback.services.deadlines import current_due, receipt_deadlines, rules_on
from reformdesk.feedback.services.duplicates import possible_duplicate
from reformdesk.feedback.services.events import record
from reformdesk.feedback.services.guards import check_staff, expect, locked, moment, transition
from reformdesk.feedback.services.routing import competent_unit, unit_leader
from reformdesk.org.models import Membership, Official, ReceptionSlot, Unit
from reformdesk.org.permissions import AnyUser, Perm, require

NOTE_MAX_CHARS = 4000

Errors = dict[str, list[str]]


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError({k: [ValidationError(m) for m in v] for k, v in errors.items()})


def _one_line(value: str) -> str:
    return " ".join(clean_text(value).split())


def _text(errors: Errors, name: str, value: str, *, multiline: bool = False) -> None:
    """Refuse characters no text may hold (``core.validators``: control and bidirectional
    characters, invisible-only values), whichever door the text came in by."""
    try:
        validate_text(value, multiline=multiline)
    except ValidationError as exc:
        _add(errors, name, exc.messages[0])


@dataclass(frozen=True)
class Citizen:
    """Who gave the feedback. An anonymous citizen leaves no name and no contact, and so gets no
    personal answer (the answer is published); anyone else gives a name and at least one way to
    send the answer: a phone, an e-mail or a postal address."""

    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    anonymous: bool = False

    def validated(self) -> Citizen:
        """A copy with normalised values; raises ``ValidationError`` keyed by field on bad input."""
        errors: Errors = {}
        name, address = _one_line(self.name), _one_line(self.address)
        phone, email = self.phone.strip(), self.email.strip()
        _text(errors, "citizen_name", name)
        _text(errors, "citizen_address", address)
        if self.anonymous:
            if name or phone or email or address:
                _add(
                    errors,
                    "anonymous",
                    _(
                        "Phản ánh ẩn danh không nhận được trả lời riêng: hãy bỏ họ tên và thông tin "
                        "liên hệ, hoặc bỏ chọn ẩn danh."
                    ),
                )
            _raise(errors)
            return Citizen(anonymous=True)
        if not name:
            _add(errors, "citizen_name", _("Cần ghi họ tên người phản ánh, hoặc chọn ẩn danh."))
        elif len(name) > 200:
            _add(errors, "citizen_name", _("Họ tên dài quá 200 ký tự."))
        if not (phone or email or address):
            _add(
                errors,
                "citizen_phone",
                _("Cần ít nhất một cách liên hệ để gửi trả lời: điện thoại, thư điện tử hoặc địa chỉ."),
            )
        if phone:
            try:
                validate_vn_phone(phone)
            except ValidationError as exc:
                errors.setdefault("citizen_phone", []).extend(exc.messages)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                _add(errors, "citizen_email", _("Địa chỉ thư điện tử không hợp lệ."))
            if len(email) > 254:
                _add(errors, "citizen_email", _("Địa chỉ thư điện tử dài quá 254 ký tự."))
        if len(address) > 300:
            _add(errors, "citizen_address", _("Địa chỉ dài quá 300 ký tự."))
        _raise(errors)
        return Citizen(name=name, phone=normalize_phone(phone) if phone else "", email=email, address=address)


@dataclass(frozen=True)
class Call:
    """A hotline call as the official who answered it logs it."""

    caller_phone: str
    seconds: int


def _received_moment(at: dt.datetime | None, errors: Errors) -> dt.datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now:
        _add(
            errors,
            "received_at",
            _("Thời điểm tiếp nhận không được sau thời điểm hiện tại: chỉ ghi được thời điểm đã qua."),
        )
    return at


def _text_errors(*, subject: str, content: str, place: str, errors: Errors) -> tuple[str, str, str]:
    subject, place, content = _one_line(subject), _one_line(place), clean_text(content).strip()
    _text(errors, "subject", subject)
    _text(errors, "content", content, multiline=True)
    _text(errors, "place", place)
    if not subject:
        _add(errors, "subject", _("Cần ghi tiêu đề phản ánh."))
    elif len(subject) > SUBJECT_MAX_CHARS:
        _add(errors, "subject", _("Tiêu đề dài quá %(limit)d ký tự.") % {"limit": SUBJECT_MAX_CHARS})
    if not content:
        _add(errors, "content", _("Cần ghi nội dung phản ánh, kiến nghị."))
    elif len(content) > CONTENT_MAX_CHARS:
        _add(errors, "content", _("Nội dung dài quá %(limit)d ký tự.") % {"limit": CONTENT_MAX_CHARS})
    if len(place) > 300:
        _add(errors, "place", _("Địa điểm dài quá 300 ký tự."))
    return subject, content, place


def _channel_errors(
    *, channel: str, unit: Unit, call: Call | None, slot: ReceptionSlot | None, errors: Errors
) -> None:
    if channel == Channel.HOTLINE:
        if call is None:
            _add(errors, "caller_phone", _("Cuộc gọi đường dây nóng cần ghi số gọi đến và thời lượng."))
        else:
            if not call.caller_phone.strip():
                _add(errors, "caller_phone", _("Cần ghi số điện thoại gọi đến."))
            else:
                try:
                    validate_vn_phone(call.caller_phone.strip())
                except ValidationError as exc:
                    errors.setdefault("caller_phone", []).extend(exc.messages)
            if not 1 <= call.seconds <= MAX_CALL_SECONDS:
                _add(
                    errors,
                    "call_seconds",
                    _("Thời lượng cuộc gọi phải từ 1 giây đến %(hours)d giờ.")
                    % {"hours": MAX_CALL_SECONDS // 3600},
                )
    elif call is not None:
        _add(errors, "caller_phone", _("Chỉ cuộc gọi đường dây nóng mới ghi số gọi đến và thời lượng."))
    if slot is not None:
        if channel != Channel.IN_PERSON:
            _add(errors, "reception_slot", _("Chỉ phản ánh trực tiếp mới gắn với buổi tiếp công dân."))
        elif slot.unit_id != unit.pk:
            _add(errors, "reception_slot", _("Buổi tiếp công dân không thuộc đơn vị tiếp nhận."))


def _search_text(case: FeedbackCase) -> str:
    return fold(f"{case.code} {case.subject}")[:300]


@transaction.atomic
def feedback_receive(
    *,
    actor: AnyUser | None,
    unit: Unit,
    kind: str,
    channel: str,
    subject: str,
    content: str,
    citizen: Citizen,
    received_at: dt.datetime | None = None,
    place: str = "",
    related_dossier_code: str = "",
    related_official: Official | None = None,
    call: Call | None = None,
    reception_slot: ReceptionSlot | None = None,
    files: Sequence[CheckedFile] = (),
    client_token: uuid.UUID | None = None,
    note: str = "",
) -> FeedbackCase:
    """Record feedback received by ``unit`` (status "received") with its code, secret, competent
    unit and due moments; nothing is saved when anything is wrong.

    Staff channels (box, hotline, in person, e-mail) need ``Perm.RECEIVE_FEEDBACK`` on ``unit``
    and may give a past ``received_at`` (a letter, a call), never a future one; online feedback
    comes from the portal without an actor. For a suggestion-box letter ``received_at`` is when the
    box was opened and ``files`` are the scans of the letter. A repeated ``client_token`` (a
    double-submitted form) returns the case already recorded.
    """
    if channel in STAFF_CHANNELS:
        require(actor or _nobody(), Perm.RECEIVE_FEEDBACK, unit)
    elif channel != Channel.ONLINE:
        raise ValidationError({"channel": _("Kênh tiếp nhận này không nhập tay được.")})
    return receive_unchecked(
        actor=actor,
        unit=unit,
        kind=kind,
        channel=channel,
        subject=subject,
        content=content,
        citizen=citizen,
        received_at=received_at,
        place=place,
        related_dossier_code=related_dossier_code,
        related_official=related_official,
        call=call,
        reception_slot=reception_slot,
        files=files,
        client_token=client_token,
        note=note,
    )


@transaction.atomic
def receive_unchecked(
    *,
    actor: AnyUser | None,
    unit: Unit,
    kind: str,
    channel: str,
    subject: str,
    content: str,
    citizen: Citizen,
    received_at: dt.datetime | None = None,
    place: str = "",
    related_dossier_code: str = "",
    related_official: Official | None = None,
    call: Call | None = None,
    reception_slot: ReceptionSlot | None = None,
    files: Sequence[CheckedFile] = (),
    client_token: uuid.UUID | None = None,
    note: str = "",
) -> FeedbackCase:
    """``feedback_receive`` without its check of who may record on which channel: for the
    channels that arrive by themselves (a dissatisfied rating, a partner app), whose callers
    have checked their source."""
    if client_token is not None:
        existing = FeedbackCase.objects.filter(client_token=client_token).first()
        if existing is not None:
            return existing
    errors: Errors = {}
    at = _received_moment(received_at, errors)
    if kind not in Kind.values:
        _add(errors, "kind", _("Loại phản ánh không hợp lệ."))
    subject, content, place = _text_errors(subject=subject, content=content, place=place, errors=errors)
    if channel == Channel.HOTLINE and call is not None and not citizen.anonymous and not citizen.phone:
        citizen = Citizen(
            name=citizen.name, phone=call.caller_phone, email=citizen.email, address=citizen.address
        )
    try:
        citizen = citizen.validated()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    dossier = None
    code = related_dossier_code.strip()
    if code:
        dossier = Dossier.objects.select_related("processing_unit").filter(code=code[:32]).first()
        if dossier is None:
            _add(errors, "related_dossier", _("Không có hồ sơ mã «%(code)s».") % {"code": code[:40]})
    elif kind == Kind.DOSSIER:
        _add(errors, "related_dossier", _("Phản ánh về việc giải quyết hồ sơ cần ghi mã hồ sơ."))
    if kind == Kind.OFFICIAL and related_official is None:
        _add(errors, "related_official", _("Phản ánh về cán bộ cần chọn cán bộ bị phản ánh."))
    _channel_errors(channel=channel, unit=unit, call=call, slot=reception_slot, errors=errors)
    if len(files) > MAX_FILES:
        _add(errors, "files", _("Đính kèm tối đa %(limit)d tệp.") % {"limit": MAX_FILES})
    note = clean_text(note).strip()
    if len(note) > NOTE_MAX_CHARS:
        _add(errors, "note", _("Nội dung dài quá %(limit)d ký tự.") % {"limit": NOTE_MAX_CHARS})
    _text(errors, "note", note, multiline=True)
    _raise(errors)

    day = timezone.localtime(at).date()
    rules = rules_on(day=day)
    handling = competent_unit(receiving=unit, kind=kind, dossier=dossier, official=related_official, on=day)
    refuse_by, clarify_by, answer_by = receipt_deadlines(unit=handling, received_at=at, rules=rules)
    case = FeedbackCase(
        code=new_code(unit=unit, day=day),
        secret=new_secret(),
        kind=kind,
        channel=channel,
        status=Status.RECEIVED,
        receiving_unit=unit,
        unit=handling,
        subject=subject,
        content=content,
        place=place,
        related_dossier=dossier,
        related_official=related_official,
        is_anonymous=citizen.anonymous,
        citizen_name=citizen.name,
        citizen_phone=citizen.phone,
        citizen_email=citizen.email,
        citizen_address=citizen.address,
        caller_phone=normalize_phone(call.caller_phone) if call is not None else "",
        call_seconds=call.seconds if call is not None else None,
        box_opened_on=day if channel == Channel.BOX else None,
        reception_slot=reception_slot,
        received_at=at,
        refuse_due_at=refuse_by,
        clarify_due_at=clarify_by,
        answer_due_at=answer_by,
        client_token=client_token,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    case.due_at = current_due(case)
    case.search_text = _search_text(case)
    case.possible_duplicate_of = possible_duplicate(
        phone=case.citizen_phone or case.caller_phone,
        email=case.citizen_email,
        subject=subject,
        content=content,
        received_at=at,
    )
    case.save()
    event = record(
        case=case,
        kind=EventKind.RECEIVED,
        actor=actor,
        at=at,
        from_status="",
        note=note,
        data={
            "rules": {step: str(rules[step]) for step in DeadlineStep.values},
            "files": len(files),
            **(
                {"possible_duplicate_of": case.possible_duplicate_of.code}
                if case.possible_duplicate_of
                else {}
            ),
        },
    )
    kind_of_file = FileKind.SCAN if channel == Channel.BOX else FileKind.ATTACHMENT
    feedback_attach(case=case, event=event, files=files, kind=kind_of_file)
    return case


def feedback_attach(
    *, case: FeedbackCase, event: FeedbackEvent | None, files: Sequence[CheckedFile], kind: str
) -> list[FeedbackFile]:
    """Store checked uploads (``core.uploads.check_upload``) on ``case``, beside ``event``."""
    stored = []
    for checked in files:
        row = FeedbackFile(
            case=case,
            event=event,
            kind=kind,
            original_name=(checked.upload.name or "")[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        row.file.save(checked.upload.name or "file", checked.upload, save=False)
        row.save()
        stored.append(row)
    return stored


def _nobody() -> AnyUser:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _note(note: str, *, required: str = "", name: str = "note") -> str:
    """A staff member's free text (a note, a question, reasons), checked; ``required`` is the
    message when it is empty."""
    note = clean_text(note).strip()
    if required and not note:
        raise ValidationError({name: required})
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError({name: _("Nội dung dài quá %(limit)d ký tự.") % {"limit": NOTE_MAX_CHARS}})
    errors: Errors = {}
    _text(errors, name, note, multiline=True)
    _raise(errors)
    return note


# --- accepting, refusing, assigning ------------------------------------------------------------


@transaction.atomic
def feedback_accept(
    *, actor: AnyUser, case: FeedbackCase, note: str = "", at: dt.datetime | None = None
) -> FeedbackCase:
    """Accept a received case for handling. A case about an official goes at once to that
    official's leader (status "assigned"); any other waits for a leader to assign it."""
    case = locked(case)
    check_staff(actor, Perm.HANDLE_FEEDBACK, case)
    expect(case, (Status.RECEIVED,), _("Chỉ thụ lý được phản ánh mới tiếp nhận."))
    note = _note(note)
    at = moment(at)
    leader = None
    if case.related_official is not None:
        leader = unit_leader(unit=case.unit, on=timezone.localtime(at).date(), besides=case.related_official)
    status = Status.ASSIGNED if leader is not None else Status.ACCEPTED
    return transition(
        case,
        kind=EventKind.ACCEPTED,
        actor=actor,
        at=at,
        status=status,
        fields={"handler": leader},
        note=note,
        to_official=leader,
    )


@transaction.atomic
def feedback_refuse(
    *,
    actor: AnyUser,
    case: FeedbackCase,
    reason: str,
    note: str = "",
    duplicate_of_code: str = "",
    at: dt.datetime | None = None,
) -> FeedbackCase:
    """Decide not to handle a received case, for one of the reasons of issue 11: out of the
    unit's competence (the note says where to turn), without content, or a duplicate of an open
    case (named by its code: that case continues)."""
    case = locked(case)
    check_staff(actor, Perm.HANDLE_FEEDBACK, case)
    expect(case, (Status.RECEIVED,), _("Chỉ từ chối xử lý được phản ánh mới tiếp nhận, chưa thụ lý."))
    if reason not in RefusalReason.values:
        raise ValidationError({"reason": _("Cần chọn lý do không xử lý.")})
    required = (
        _("Cần ghi cơ quan có thẩm quyền để hướng dẫn người phản ánh.")
        if reason == RefusalReason.OUT_OF_COMPETENCE
        else ""
    )
    note = _note(note, required=required)
    original = None
    if reason == RefusalReason.DUPLICATE:
        code = duplicate_of_code.strip()[:40]
        if not code:
            raise ValidationError({"duplicate_of": _("Cần ghi mã phản ánh đang được xử lý tiếp.")})
        original = FeedbackCase.objects.filter(code=code).exclude(pk=case.pk).first()
        if original is None:
            raise ValidationError({"duplicate_of": _("Không có phản ánh mã «%(code)s».") % {"code": code}})
        if original.is_closed:
            raise ValidationError(
                {"duplicate_of": _("Phản ánh %(code)s đã kết thúc, không thể xử lý tiếp.") % {"code": code}}
            )
    elif duplicate_of_code.strip():
        raise ValidationError({"duplicate_of": _("Chỉ ghi mã phản ánh trùng khi lý do là trùng lặp.")})
    at = moment(at)
    return transition(
        case,
        kind=EventKind.REFUSED,
        actor=actor,
        at=at,
        status=Status.REFUSED,
        fields={"refusal_reason": reason, "duplicate_of": original, "closed_at": at},
        note=note,
        data={
            "reason": reason,
            "duplicate_of": original.code if original is not None else "",
            "late": at > case.refuse_due_at,
        },
    )


# A leader may hand a case over again until its answer is signed.
ASSIGNABLE = frozenset({Status.ACCEPTED, Status.ASSIGNED, Status.CLARIFYING, Status.DRAFTED})


@transaction.atomic
def feedback_assign(
    *, actor: AnyUser, case: FeedbackCase, handler: Official, note: str = "", at: dt.datetime | None = None
) -> FeedbackCase:
    """A leader of the case's unit gives it to ``handler``, an official working in that unit and
    never the official the case is about. An accepted case becomes "assigned"; a case already in
    hand keeps its status and changes hands."""
    case = locked(case)
    check_staff(actor, Perm.DECIDE_FEEDBACK, case)
    expect(case, ASSIGNABLE, _("Chỉ phân công được phản ánh đã thụ lý, chưa được ký duyệt trả lời."))
    if case.related_official_id == handler.pk:
        raise ValidationError({"handler": _("Không giao phản ánh cho chính cán bộ bị phản ánh.")})
    if case.handler_id == handler.pk:
        raise ValidationError(
            {"handler": _("%(name)s đang xử lý phản ánh này.") % {"name": handler.full_name}}
        )
    at = moment(at)
    works_there = (
        Membership.objects.active_on(timezone.localtime(at).date())
        .filter(official=handler, unit=case.unit, official__is_active=True)
        .exists()
    )
    if not works_there:
        raise ValidationError(
            {
                "handler": _("%(name)s không công tác tại %(unit)s.")
                % {"name": handler.full_name, "unit": case.unit.name}
            }
        )
    note = _note(note)
    previous = case.handler
    status = Status.ASSIGNED if case.status == Status.ACCEPTED else case.status
    return transition(
        case,
        kind=EventKind.ASSIGNED,
        actor=actor,
        at=at,
        status=status,
        fields={"handler": handler},
        note=note,
        from_official=previous,
        to_official=handler,
    )
