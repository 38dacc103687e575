"""Explanations of a day with a missing punch, lateness or early leave: requested (automatically
when the day closes, or by a leader), answered by the official, accepted or rejected by a leader.
An accepted explanation marks the record excused: the day no longer counts as a violation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.attendance.choices import ExplanationStatus
from reformdesk.attendance.models import DailyRecord, Explanation
from reformdesk.attendance.models.days import TO_EXPLAIN
from reformdesk.attendance.services.actors import as_user, is_self
from reformdesk.core.services.audit import Actor, audit_created, audit_record
from reformdesk.core.uploads import check_upload
from reformdesk.org.permissions import Perm, require

MAX_ANSWER = 2000


def _check_record(record: DailyRecord) -> None:
    if record.status not in TO_EXPLAIN:
        raise ValidationError(
            _("Ngày này không cần giải trình (%(status)s).") % {"status": record.get_status_display()}
        )
    if Explanation.objects.filter(record=record).exists():
        raise ValidationError(_("Ngày này đã có yêu cầu giải trình."))


@transaction.atomic
def explanation_request(*, actor: Actor, record: DailyRecord) -> Explanation:
    """A leader of the unit asks the official to explain the day (``actor`` None: the system)."""
    if actor is not None:
        require(as_user(actor), Perm.DECIDE_ATTENDANCE, record.unit)
    _check_record(record)
    row = Explanation.objects.create(
        record=record,
        official_id=record.official_id,
        unit_id=record.unit_id,
        requested_by=actor if isinstance(actor, User) else None,
    )
    audit_created(actor=actor, obj=row, fields=["record", "official", "status"], action="explanation.request")
    return row


def explanations_for_closed(*, records: Iterable[DailyRecord]) -> int:
    """Ask for an explanation of every just-closed day that needs one (and has none yet)."""
    wanted = [r for r in records if r.status in TO_EXPLAIN and not r.excused]
    if not wanted:
        return 0
    have = set(Explanation.objects.filter(record__in=wanted).values_list("record_id", flat=True))
    created = 0
    for record in wanted:
        if record.pk in have:
            continue
        row = Explanation.objects.create(
            record=record, official_id=record.official_id, unit_id=record.unit_id
        )
        audit_created(
            actor=None, obj=row, fields=["record", "official", "status"], action="explanation.request"
        )
        created += 1
    return created


def explanations_withdraw(*, actor: Actor, official_id: int, start: dt.date, end: dt.date) -> int:
    """Requests still unanswered for days that no longer need explaining (leave approved after
    the day closed) are withdrawn, one audit row each."""
    rows = list(
        Explanation.objects.select_for_update()
        .filter(
            official_id=official_id,
            record__day__range=(start, end),
            status=ExplanationStatus.REQUESTED,
        )
        .exclude(record__status__in=TO_EXPLAIN)
    )
    for row in rows:
        row.status = ExplanationStatus.WITHDRAWN
        row.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="explanation.withdraw",
            obj=row,
            changes={"status": [ExplanationStatus.REQUESTED, ExplanationStatus.WITHDRAWN]},
        )
    return len(rows)


def _locked(explanation: Explanation, status: str) -> Explanation:
    row = (
        Explanation.objects.select_for_update()
        .select_related("record", "unit", "official")
        .get(pk=explanation.pk)
    )
    if row.status != status:
        raise ValidationError(
            _("Giải trình này đang ở trạng thái “%(status)s”, không thực hiện được thao tác này.")
            % {"status": row.get_status_display()}
        )
    return row


@transaction.atomic
def explanation_answer(
    *, actor: Actor, explanation: Explanation, answer: str, attachment: UploadedFile | None = None
) -> Explanation:
    """The official answers, in words and optionally with a PDF, JPEG or PNG (checked by content)."""
    if not is_self(actor, explanation.official):
        raise PermissionDenied(_("Chỉ cán bộ được yêu cầu mới giải trình được."))
    answer = answer.strip()
    if not answer:
        raise ValidationError(_("Cần ghi nội dung giải trình."))
    if len(answer) > MAX_ANSWER:
        raise ValidationError(_("Nội dung giải trình quá %(limit)s ký tự.") % {"limit": MAX_ANSWER})
    checked = check_upload(attachment) if attachment is not None else None
    row = _locked(explanation, ExplanationStatus.REQUESTED)
    row.answer = answer
    row.answered_at = timezone.now()
    row.status = ExplanationStatus.ANSWERED
    fields = ["answer", "answered_at", "status"]
    if checked is not None:
        row.sha256 = checked.sha256
        row.attachment_type = checked.content_type
        row.attachment.save(checked.sha256[:16], checked.upload, save=False)
        fields += ["sha256", "attachment_type", "attachment"]
    row.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="explanation.answer",
        obj=row,
        changes={
            "status": [ExplanationStatus.REQUESTED, ExplanationStatus.ANSWERED],
            "attachment": row.attachment.name or None,
        },
    )
    return row


def _decide(*, actor: Actor, explanation: Explanation, accept: bool, note: str) -> Explanation:
    require(as_user(actor), Perm.DECIDE_ATTENDANCE, explanation.unit)
    note = note.strip()
    if not accept and not note:
        raise ValidationError(_("Cần ghi lý do không chấp nhận."))
    row = _locked(explanation, ExplanationStatus.ANSWERED)
    row.status = ExplanationStatus.ACCEPTED if accept else ExplanationStatus.REJECTED
    row.decided_by = actor if isinstance(actor, User) else None
    row.decided_at = timezone.now()
    row.decision_note = note[:500]
    row.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if accept:
        DailyRecord.objects.filter(pk=row.record_id).update(excused=True)
        row.record.excused = True
    audit_record(
        actor=actor,
        action="explanation.accept" if accept else "explanation.reject",
        obj=row,
        changes={"status": [ExplanationStatus.ANSWERED, row.status], "decision_note": row.decision_note},
    )
    return row


@transaction.atomic
def explanation_accept(*, actor: Actor, explanation: Explanation, note: str = "") -> Explanation:
    return _decide(actor=actor, explanation=explanation, accept=True, note=note)


@transaction.atomic
def explanation_reject(*, actor: Actor, explanation: Explanation, note: str) -> Explanation:
    return _decide(actor=actor, explanation=explanation, accept=False, note=note)
