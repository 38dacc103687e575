"""Leave, business trips, training and approved absences: requested, approved or rejected by a
leader of the official's unit, cancelled. Approving (or cancelling an approved one) recomputes the
official's daily records over the range, closed days included."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.attendance.choices import DaySession, ExceptionKind, ExceptionStatus
from reformdesk.attendance.models import AttendanceException
from reformdesk.attendance.services.actors import as_user, is_self
from reformdesk.attendance.services.days import daily_records_compute
from reformdesk.attendance.services.explanations import explanations_withdraw
from reformdesk.core.services.audit import Actor, audit_created, audit_record
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import Perm, has_perm, require

MAX_DAYS = 366
FIELDS = ["official", "unit", "kind", "start", "end", "session", "reason", "status"]


def official_unit(*, official: Official, day: dt.date | None = None) -> Unit | None:
    """The unit whose attendance the official belongs to: the primary membership in force, else
    the first one."""
    row = (
        Membership.objects.active_on(day or timezone.localdate())
        .filter(official=official)
        .select_related("unit")
        .order_by("-is_primary", "pk")
        .first()
    )
    return row.unit if row else None


def overlapping(
    *, official: Official, start: dt.date, end: dt.date, session: str, exclude: int | None = None
) -> AttendanceException | None:
    """An approved exception of the official sharing a day and a session with the given range."""
    qs = AttendanceException.objects.filter(
        official=official, status=ExceptionStatus.APPROVED, start__lte=end, end__gte=start
    )
    if session:
        qs = qs.filter(Q(session=DaySession.ALL_DAY) | Q(session=session))
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("start", "pk").first()


def _refuse_overlap(row: AttendanceException | None) -> None:
    if row is not None:
        raise ValidationError(
            _("Trùng với đơn đã duyệt: %(kind)s từ %(start)s đến %(end)s.")
            % {"kind": row.get_kind_display(), "start": f"{row.start:%d/%m/%Y}", "end": f"{row.end:%d/%m/%Y}"}
        )


@transaction.atomic
def exception_request(
    *,
    actor: Actor,
    official: Official,
    kind: str,
    start: dt.date,
    end: dt.date,
    reason: str,
    session: str = DaySession.ALL_DAY,
) -> AttendanceException:
    """An official asks for leave (or a leader or reform officer of the unit enters it for them)."""
    unit = official_unit(official=official)
    if unit is None:
        raise ValidationError(_("Cán bộ không thuộc đơn vị nào đang hoạt động."))
    if not is_self(actor, official):
        require(as_user(actor), Perm.ENTER_ATTENDANCE_EXCEPTIONS, unit)
    errors = []
    if kind not in ExceptionKind.values:
        errors.append(_("Loại nghỉ, vắng không hợp lệ."))
    if session not in DaySession.values:
        errors.append(_("Buổi không hợp lệ."))
    if end < start:
        errors.append(_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
    elif (end - start).days >= MAX_DAYS:
        errors.append(_("Một đơn không được quá %(days)s ngày.") % {"days": MAX_DAYS})
    reason = reason.strip()
    if not reason:
        errors.append(_("Cần ghi lý do."))
    if errors:
        raise ValidationError(errors)
    _refuse_overlap(overlapping(official=official, start=start, end=end, session=session))
    row = AttendanceException.objects.create(
        official=official,
        unit=unit,
        kind=kind,
        start=start,
        end=end,
        session=session,
        reason=reason[:1000],
        requested_by=actor if isinstance(actor, User) else None,
    )
    audit_created(actor=actor, obj=row, fields=FIELDS, action="attendance_exception.request")
    return row


def _recompute(row: AttendanceException) -> int:
    return daily_records_compute(
        unit=row.unit, start=row.start, end=row.end, officials=[row.official_id], reopen=True
    )


def _locked_pending(row: AttendanceException) -> AttendanceException:
    locked = AttendanceException.objects.select_for_update().select_related("unit", "official").get(pk=row.pk)
    if locked.status != ExceptionStatus.PENDING:
        raise ValidationError(
            _("Đơn này đã được xử lý (%(status)s).") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def exception_approve(*, actor: Actor, exception: AttendanceException, note: str = "") -> AttendanceException:
    """A leader of the official's unit approves; overlapping approved exceptions are refused."""
    require(as_user(actor), Perm.DECIDE_ATTENDANCE, exception.unit)
    row = _locked_pending(exception)
    _refuse_overlap(
        overlapping(official=row.official, start=row.start, end=row.end, session=row.session, exclude=row.pk)
    )
    row.status = ExceptionStatus.APPROVED
    row.decided_by = actor if isinstance(actor, User) else None
    row.decided_at = timezone.now()
    row.decision_note = note.strip()[:500]
    row.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    recomputed = _recompute(row)
    explanations_withdraw(actor=actor, official_id=row.official_id, start=row.start, end=row.end)
    audit_record(
        actor=actor,
        action="attendance_exception.approve",
        obj=row,
        changes={
            "status": [ExceptionStatus.PENDING, ExceptionStatus.APPROVED],
            "days_recomputed": recomputed,
        },
    )
    return row


@transaction.atomic
def exception_reject(*, actor: Actor, exception: AttendanceException, note: str) -> AttendanceException:
    require(as_user(actor), Perm.DECIDE_ATTENDANCE, exception.unit)
    note = note.strip()
    if not note:
        raise ValidationError(_("Cần ghi lý do không duyệt."))
    row = _locked_pending(exception)
    row.status = ExceptionStatus.REJECTED
    row.decided_by = actor if isinstance(actor, User) else None
    row.decided_at = timezone.now()
    row.decision_note = note[:500]
    row.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        action="attendance_exception.reject",
        obj=row,
        changes={"status": [ExceptionStatus.PENDING, ExceptionStatus.REJECTED], "decision_note": note[:500]},
    )
    return row


@transaction.atomic
def exception_cancel(*, actor: Actor, exception: AttendanceException) -> AttendanceException:
    """A pending request is withdrawn by its official or whoever may enter leave at the unit; an
    approved one only by a leader (the days are recomputed without it)."""
    row = (
        AttendanceException.objects.select_for_update()
        .select_related("unit", "official")
        .get(pk=exception.pk)
    )
    before = row.status
    if before == ExceptionStatus.APPROVED:
        require(as_user(actor), Perm.DECIDE_ATTENDANCE, row.unit)
    elif before == ExceptionStatus.PENDING:
        if not is_self(actor, row.official) and not has_perm(
            as_user(actor), Perm.ENTER_ATTENDANCE_EXCEPTIONS, row.unit
        ):
            raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này tại đơn vị này."))
    else:
        raise ValidationError(_("Đơn này đã được xử lý (%(status)s).") % {"status": row.get_status_display()})
    row.status = ExceptionStatus.CANCELLED
    row.save(update_fields=["status"])
    recomputed = _recompute(row) if before == ExceptionStatus.APPROVED else 0
    audit_record(
        actor=actor,
        action="attendance_exception.cancel",
        obj=row,
        changes={"status": [before, ExceptionStatus.CANCELLED], "days_recomputed": recomputed},
    )
    return row
