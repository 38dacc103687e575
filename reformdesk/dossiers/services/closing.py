"""Fees, apologies, and the ways a dossier ends: declined, withdrawn, stopped, delivered."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.dossiers.choices import (
    OPEN_STATUSES,
    WORKING_STATUSES,
    DeliveryMethod,
    EventKind,
    Outcome,
    ResultKind,
    Status,
)
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.models.dossier import MAX_FEE_VND
from reformdesk.dossiers.services.clock import apology_in_time, apology_latest_new_date
from reformdesk.dossiers.services.events import ActionNotAllowed, record
from reformdesk.dossiers.services.processing import (
    _check_step_actor,
    _expect,
    _locked,
    _result_ready,
)
from reformdesk.org.permissions import AnyUser, Perm, require
from reformdesk.worktime import selectors as worktime


@transaction.atomic
def dossier_request_fees(
    *, actor: AnyUser, dossier: Dossier, amount_vnd: int, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Ask the applicant to pay fees or meet financial obligations (status 6)."""
    dossier = _locked(dossier)
    _expect(dossier, WORKING_STATUSES, _("Chỉ yêu cầu nộp phí được hồ sơ đang xử lý."))
    step = dossier.current_step
    assert step is not None
    _check_step_actor(actor, dossier, step)
    if amount_vnd <= 0:
        raise ValidationError({"amount_vnd": _("Số tiền phải lớn hơn 0 đồng.")})
    if amount_vnd > MAX_FEE_VND:
        message = _("Số tiền không được quá %(limit)s đồng.") % {"limit": MAX_FEE_VND}
        raise ValidationError({"amount_vnd": message})
    at = at or timezone.now()
    before = dossier.status
    dossier.status = Status.AWAITING_FEES
    dossier.fee_vnd = amount_vnd
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.FEES_REQUESTED,
        actor=actor,
        at=at,
        from_status=before,
        step=step,
        note=note,
        data={"amount_vnd": amount_vnd},
    )
    return dossier


@transaction.atomic
def dossier_fees_paid(
    *,
    actor: AnyUser,
    dossier: Dossier,
    note: str = "",
    at: dt.datetime | None = None,
    online: bool = False,
) -> Dossier:
    """The fees were paid: processing continues. ``online``: paid through an online payment
    service (the payment record the 766 index's online payment share counts)."""
    dossier = _locked(dossier)
    _expect(dossier, (Status.AWAITING_FEES,), _("Hồ sơ không ở trạng thái chờ nộp phí."))
    require(actor, Perm.PROCESS_DOSSIERS, dossier.processing_unit)
    at = at or timezone.now()
    dossier.status = Status.PROCESSING
    dossier.paid_online = bool(online)
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.FEES_PAID,
        actor=actor,
        at=at,
        from_status=Status.AWAITING_FEES,
        step=dossier.current_step,
        note=note,
        data={"amount_vnd": dossier.fee_vnd, "online": dossier.paid_online},
    )
    return dossier


@transaction.atomic
def dossier_decline(
    *, actor: AnyUser, dossier: Dossier, reasons: str, at: dt.datetime | None = None
) -> Dossier:
    """A leader declines to grant what was asked: the result is a letter with the reasons (status 9)."""
    dossier = _locked(dossier)
    _expect(dossier, WORKING_STATUSES, _("Chỉ từ chối giải quyết được hồ sơ đang xử lý."))
    require(actor, Perm.DECIDE_DOSSIERS, dossier.processing_unit)
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError({"reasons": _("Cần ghi rõ lý do từ chối giải quyết.")})
    at = at or timezone.now()
    before = dossier.status
    step = dossier.current_step
    return_step = dossier.steps.filter(kind="return").order_by("-order").first()
    if step is not None and step != return_step:
        step.finished_at = at
        step.save(update_fields=["finished_at"])
    _result_ready(dossier, at, ResultKind.DECLINED)
    if return_step is not None:
        return_step.started_at = at
        return_step.save(update_fields=["started_at"])
        dossier.current_step = return_step
        dossier.assignee = return_step.assignee
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.DECLINED,
        actor=actor,
        at=at,
        from_status=before,
        step=step,
        note=reasons,
        data={"reasons": reasons},
    )
    return dossier


def _moment(value: dt.datetime) -> str:
    """A moment as the desk writes it, in Vietnam time: ``09:00 04/12/2025``."""
    return worktime.to_vn(value).strftime("%H:%M %d/%m/%Y")


@transaction.atomic
def dossier_apologise(
    *, actor: AnyUser, dossier: Dossier, reason: str, new_due_at: dt.datetime, at: dt.datetime | None = None
) -> Dossier:
    """Issue the apology for a late dossier with its reason and a new date (form 04): once only."""
    dossier = _locked(dossier)
    _expect(
        dossier,
        (*WORKING_STATUSES, Status.SUPPLEMENT, Status.AWAITING_FEES),
        _("Chỉ xin lỗi, hẹn lại được hồ sơ đang giải quyết."),
    )
    require(actor, Perm.DECIDE_DOSSIERS, dossier.processing_unit)
    if dossier.apology_due_at is not None:
        raise ActionNotAllowed(
            _("Hồ sơ đã có văn bản xin lỗi và hẹn lại; ngày hẹn mới chỉ được đặt một lần.")
        )
    reason = reason.strip()
    at = at or timezone.now()
    errors = {}
    if not reason:
        errors["reason"] = _("Cần ghi rõ lý do chậm trả kết quả.")
    due, clock = dossier.due_at, worktime.work_clock(unit=dossier.processing_unit)
    assert due is not None and dossier.time_limit_days is not None
    # While the dossier waits for the applicant's papers the clock stands at the pause.
    counted_at = min(at, dossier.paused_at) if dossier.paused_at is not None else at
    if not apology_in_time(clock=clock, at=counted_at, due=due):
        errors["at"] = _(
            "Quá thời hạn xin lỗi, hẹn lại: văn bản xin lỗi phải được lập chậm nhất 01 ngày làm việc"
            " trước thời điểm hẹn trả kết quả (%(due)s)."
        ) % {"due": _moment(due)}
    latest = apology_latest_new_date(clock=clock, due=due, days=dossier.time_limit_days)
    if new_due_at <= due:
        errors["new_due_at"] = _("Ngày hẹn mới phải sau ngày hẹn trả kết quả hiện tại.")
    elif new_due_at > latest:
        errors["new_due_at"] = _(
            "Ngày hẹn mới không được sau %(latest)s: thời gian gia hạn không quá thời hạn giải quyết"
            " của thủ tục, tính từ ngày hẹn trả kết quả hiện tại."
        ) % {"latest": _moment(latest)}
    if errors:
        raise ValidationError(errors)
    dossier.apology_due_at = new_due_at
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.APOLOGY,
        actor=actor,
        at=at,
        from_status=dossier.status,
        step=dossier.current_step,
        note=reason,
        data={"reason": reason, "new_due_at": new_due_at.isoformat(), "due_at": due.isoformat()},
    )
    return dossier


def _close(dossier: Dossier, status: int, at: dt.datetime) -> None:
    dossier.status = status
    dossier.closed_at = at
    dossier.paused_at = None
    if dossier.current_step is not None and dossier.current_step.finished_at is None:
        dossier.current_step.finished_at = at
        dossier.current_step.save(update_fields=["finished_at"])


@transaction.atomic
def dossier_withdraw(
    *, actor: AnyUser, dossier: Dossier, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """The applicant withdraws the dossier (status 7), recorded at the desk."""
    dossier = _locked(dossier)
    _expect(dossier, OPEN_STATUSES, _("Không thể rút hồ sơ đã có kết quả hoặc đã kết thúc."))
    require(actor, Perm.RECEIVE_DOSSIERS, dossier.receiving_unit)
    at = at or timezone.now()
    before = dossier.status
    _close(dossier, Status.WITHDRAWN, at)
    dossier.save()
    record(dossier=dossier, kind=EventKind.WITHDRAWN, actor=actor, at=at, from_status=before, note=note)
    return dossier


@transaction.atomic
def dossier_stop(*, actor: AnyUser, dossier: Dossier, reason: str, at: dt.datetime | None = None) -> Dossier:
    """Stop processing (status 8) with a written notice of the reason, e.g. a court case pending."""
    dossier = _locked(dossier)
    _expect(dossier, OPEN_STATUSES, _("Không thể dừng xử lý hồ sơ đã có kết quả hoặc đã kết thúc."))
    require(actor, Perm.DECIDE_DOSSIERS, dossier.processing_unit)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi rõ lý do dừng xử lý.")})
    at = at or timezone.now()
    before = dossier.status
    _close(dossier, Status.STOPPED, at)
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.STOPPED,
        actor=actor,
        at=at,
        from_status=before,
        note=reason,
        data={"reason": reason},
    )
    return dossier


@transaction.atomic
def dossier_deliver(
    *,
    actor: AnyUser,
    dossier: Dossier,
    method: str,
    collected_by: str,
    note: str = "",
    at: dt.datetime | None = None,
    electronic_result: bool | None = None,
) -> Dossier:
    """Hand the result over (status 10), recording who collected it and how, and whether the
    result issued is electronic (None: as recorded before). A result delivered online is one."""
    dossier = _locked(dossier)
    _expect(dossier, (Status.RESULT_READY,), _("Hồ sơ chưa có kết quả để trả."))
    require(actor, Perm.RECEIVE_DOSSIERS, dossier.receiving_unit)
    collected_by = " ".join(collected_by.split())
    errors = {}
    if method not in DeliveryMethod.values:
        errors["method"] = _("Hình thức trả kết quả không hợp lệ.")
    if not collected_by:
        errors["collected_by"] = _("Cần ghi tên người nhận kết quả.")
    if electronic_result is None:
        electronic = dossier.electronic_result or method == DeliveryMethod.ONLINE
    else:
        electronic = bool(electronic_result)
    if method == DeliveryMethod.ONLINE and not electronic:
        errors["electronic_result"] = _("Kết quả trả trực tuyến là kết quả điện tử: hãy đánh dấu ô này.")
    if errors:
        raise ValidationError(errors)
    at = at or timezone.now()
    assert dossier.finished_at is not None
    if at < dossier.finished_at:
        raise ValidationError({"at": _("Thời điểm trả không được trước thời điểm có kết quả.")})
    step = dossier.current_step
    if step is not None and step.finished_at is None:
        step.finished_at = at
        step.outcome = Outcome.ON_TIME
        step.save(update_fields=["finished_at", "outcome"])
    dossier.status = Status.DELIVERED
    dossier.delivered_at = at
    dossier.closed_at = at
    dossier.delivery_method = method
    dossier.collected_by = collected_by
    dossier.electronic_result = electronic
    dossier.assignee = None
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.DELIVERED,
        actor=actor,
        at=at,
        from_status=Status.RESULT_READY,
        step=step,
        note=note,
        data={"method": method, "collected_by": collected_by, "electronic_result": electronic},
    )
    return dossier
