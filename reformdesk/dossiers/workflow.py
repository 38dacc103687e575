"""The dossier workflow, declared once: for each action, the statuses it applies to, who may take
it, its label, its form's fields, the question asked first (if any) and the service it calls.

The staff dossier page offers what :func:`offered` returns, the API and the page run an action with
:func:`perform`, and the buttons take their labels and fields from here. The services check the
status and the user's rights again when they run (a page may be stale), with the same status sets
(``choices.OPEN_STATUSES`` and its neighbours); a test walks every action over every status to
keep the two in step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from reformdesk.catalog.choices import StepKind
from reformdesk.dossiers import services
from reformdesk.dossiers.actions import ActionData, official_by_code, paper_ids
from reformdesk.dossiers.choices import OPEN_STATUSES, WORKING_STATUSES, Status
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.selectors import DossierDetail
from reformdesk.dossiers.services.digitisation import DIGITISATION_STATUSES
from reformdesk.org.models import Official
from reformdesk.org.permissions import AnyUser

Rule = Callable[[DossierDetail, AnyUser], bool]
Run = Callable[[AnyUser, Dossier, ActionData], Dossier]


@dataclass(frozen=True)
class Action:
    """One thing staff can do to a dossier."""

    label: Any
    fields: tuple[str, ...]
    statuses: frozenset[int]
    may: Rule
    run: Run
    confirm: Callable[[Dossier], str] | None = None


def _official(user: AnyUser) -> Official | None:
    if not user.is_authenticated:
        return None
    return Official.objects.filter(user_id=user.pk).first()


# --- who may ---------------------------------------------------------------------------------------


def _desk(detail: DossierDetail, user: AnyUser) -> bool:
    return detail.can_receive


def _leader(detail: DossierDetail, user: AnyUser) -> bool:
    return detail.can_decide


def _processor(detail: DossierDetail, user: AnyUser) -> bool:
    return detail.can_process


def _on_the_step(detail: DossierDetail, user: AnyUser) -> bool:
    """The current step's work: a leader, or a processor who holds the step or finds it free."""
    step = detail.dossier.current_step
    if step is None or step.kind == StepKind.RETURN:
        return False
    if detail.can_decide:
        return True
    mine = step.assignee_id is not None and step.assignee_id == getattr(_official(user), "pk", None)
    return detail.can_process and (mine or step.assignee_id is None)


def _is_decision(detail: DossierDetail) -> bool:
    step = detail.dossier.current_step
    return step is not None and step.kind in (StepKind.APPROVE, StepKind.SIGN)


def _forwarding(detail: DossierDetail, user: AnyUser) -> bool:
    return _on_the_step(detail, user) and not _is_decision(detail)


def _approving(detail: DossierDetail, user: AnyUser) -> bool:
    return _on_the_step(detail, user) and _is_decision(detail)


def _refusing(detail: DossierDetail, user: AnyUser) -> bool:
    # A dossier guided to supplement at the desk and never received may still be refused.
    return detail.can_receive and detail.dossier.received_at is None


def _desk_or_processor(detail: DossierDetail, user: AnyUser) -> bool:
    return detail.can_receive or detail.can_process


def _apologising(detail: DossierDetail, user: AnyUser) -> bool:
    return detail.can_decide and not detail.dossier.apology_due_at


# --- what runs -------------------------------------------------------------------------------------


def _intake_flags(dossier: Dossier, data: ActionData) -> services.Digitisation:
    """The intake flags sent, the dossier's own where one is not (None)."""
    previous = dossier.reused_from.code if dossier.reused_from_id and dossier.reused_from else ""
    return services.Digitisation(
        papers_digitised=dossier.papers_digitised if data.papers_digitised is None else data.papers_digitised,
        reused_from=previous if data.reused_from is None else data.reused_from,
        population_data_used=(
            dossier.population_data_used if data.population_data_used is None else data.population_data_used
        ),
    )


def _accept(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    ids = paper_ids(version_id=dossier.version_id, case=dossier.case, papers=data.papers)
    return services.dossier_accept(
        actor=user,
        dossier=dossier,
        submitted_papers=ids,
        note=data.note,
        digitisation=_intake_flags(dossier, data),
    )


def _refuse(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    return services.dossier_refuse(actor=user, dossier=dossier, reasons=data.reasons or data.note)


def _forward(approve: bool) -> Run:
    def run(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
        return services.dossier_forward(
            actor=user,
            dossier=dossier,
            to_official=official_by_code(data.to_official),
            note=data.note,
            approve=approve,
        )

    return run


def _send_back(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    return services.dossier_send_back(actor=user, dossier=dossier, note=data.note)


def _reassign(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    official = official_by_code(data.to_official)
    if official is None:
        raise _required("to_official", _("Cần chọn cán bộ nhận hồ sơ."))
    return services.dossier_reassign(actor=user, dossier=dossier, to_official=official, note=data.note)


def _request_supplement(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    return services.dossier_request_supplement(
        actor=user, dossier=dossier, missing=data.missing, note=data.note
    )


def _receive_supplement(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    ids = paper_ids(version_id=dossier.version_id, case=dossier.case, papers=data.papers)
    return services.dossier_receive_supplement(
        actor=user, dossier=dossier, note=data.note, submitted_papers=ids
    )


def _request_fees(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    if data.amount_vnd is None:
        raise _required("amount_vnd", _("Cần ghi số tiền phải nộp."))
    return services.dossier_request_fees(
        actor=user, dossier=dossier, amount_vnd=data.amount_vnd, note=data.note
    )


def _fees_paid(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    return services.dossier_fees_paid(actor=user, dossier=dossier, note=data.note, online=data.paid_online)


def _decline(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    return services.dossier_decline(actor=user, dossier=dossier, reasons=data.reasons or data.note)


def _apologise(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    if data.new_due_at is None:
        raise _required("new_due_at", _("Cần ghi ngày hẹn trả kết quả mới."))
    new_due_at = data.new_due_at
    if timezone.is_naive(new_due_at):  # a date and time without an offset is Vietnam time
        new_due_at = timezone.make_aware(new_due_at)
    return services.dossier_apologise(
        actor=user, dossier=dossier, reason=data.reasons or data.note, new_due_at=new_due_at
    )


def _withdraw(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    return services.dossier_withdraw(actor=user, dossier=dossier, note=data.note)


def _stop(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    return services.dossier_stop(actor=user, dossier=dossier, reason=data.reasons or data.note)


def _deliver(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    return services.dossier_deliver(
        actor=user,
        dossier=dossier,
        method=data.method,
        collected_by=data.collected_by,
        note=data.note,
        electronic_result=data.electronic_result,
    )


def _record_digitisation(user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    return services.dossier_record_digitisation(
        actor=user,
        dossier=dossier,
        papers_digitised=data.papers_digitised,
        reused_from=data.reused_from,
        population_data_used=data.population_data_used,
        electronic_result=data.electronic_result,
        note=data.note,
    )


def _required(name: str, message: str) -> ValidationError:
    return ValidationError({name: message})


def _confirm_approval(dossier: Dossier) -> str:
    step = dossier.current_step
    if step is not None and step.kind == StepKind.SIGN:
        return _("Ký duyệt kết quả hồ sơ %(code)s?") % {"code": dossier.code}
    return _("Phê duyệt hồ sơ %(code)s và chuyển bước tiếp theo?") % {"code": dossier.code}


# The flags the desk records when it receives a dossier (``services.Digitisation``).
INTAKE_FLAGS = ("papers_digitised", "reused_from", "population_data_used")

_SUBMITTED = frozenset({Status.SUBMITTED})
_SUPPLEMENT = frozenset({Status.SUPPLEMENT})
_FEES = frozenset({Status.AWAITING_FEES})
_READY = frozenset({Status.RESULT_READY})

# The order is the order the dossier page shows the actions in.
WORKFLOW: dict[str, Action] = {
    "accept": Action(
        pgettext_lazy("action", "Tiếp nhận"),
        ("papers", *INTAKE_FLAGS, "note"),
        _SUBMITTED,
        _desk,
        _accept,
    ),
    "refuse": Action(
        pgettext_lazy("action", "Từ chối tiếp nhận"),
        ("reasons",),
        _SUBMITTED | _SUPPLEMENT,
        _refusing,
        _refuse,
    ),
    "forward": Action(
        pgettext_lazy("action", "Chuyển bước tiếp theo"),
        ("to_official", "note", "attachment"),
        WORKING_STATUSES,
        _forwarding,
        _forward(approve=False),
    ),
    "approve": Action(
        pgettext_lazy("action", "Phê duyệt, chuyển bước"),
        ("to_official", "note", "attachment"),
        WORKING_STATUSES,
        _approving,
        _forward(approve=True),
        confirm=_confirm_approval,
    ),
    "send_back": Action(
        pgettext_lazy("action", "Trả lại bước trước"),
        ("note", "attachment"),
        frozenset({Status.PROCESSING}),
        _on_the_step,
        _send_back,
    ),
    "reassign": Action(
        pgettext_lazy("action", "Giao người khác"),
        ("to_official", "note"),
        WORKING_STATUSES | _READY,
        _leader,
        _reassign,
    ),
    "request_supplement": Action(
        pgettext_lazy("action", "Yêu cầu bổ sung"),
        ("missing", "note", "attachment"),
        WORKING_STATUSES,
        _on_the_step,
        _request_supplement,
    ),
    "receive_supplement": Action(
        pgettext_lazy("action", "Đã nhận hồ sơ bổ sung"),
        ("papers", "note"),
        _SUPPLEMENT,
        _desk,
        _receive_supplement,
    ),
    "request_fees": Action(
        pgettext_lazy("action", "Yêu cầu nộp phí"),
        ("amount_vnd", "note"),
        WORKING_STATUSES,
        _on_the_step,
        _request_fees,
    ),
    "fees_paid": Action(
        pgettext_lazy("action", "Đã nộp phí"), ("paid_online", "note"), _FEES, _processor, _fees_paid
    ),
    "decline": Action(
        pgettext_lazy("action", "Từ chối giải quyết"),
        ("reasons", "attachment"),
        WORKING_STATUSES,
        _leader,
        _decline,
    ),
    "apologise": Action(
        pgettext_lazy("action", "Xin lỗi, hẹn lại"),
        ("reasons", "new_due_at"),
        WORKING_STATUSES | _SUPPLEMENT | _FEES,
        _apologising,
        _apologise,
    ),
    "deliver": Action(
        pgettext_lazy("action", "Trả kết quả"),
        ("method", "collected_by", "electronic_result", "note"),
        _READY,
        _desk,
        _deliver,
    ),
    "digitisation": Action(
        pgettext_lazy("action", "Cập nhật số hóa"),
        (*INTAKE_FLAGS, "electronic_result", "note"),
        DIGITISATION_STATUSES,
        _desk_or_processor,
        _record_digitisation,
    ),
    "withdraw": Action(
        pgettext_lazy("action", "Công dân rút hồ sơ"), ("note",), OPEN_STATUSES, _desk, _withdraw
    ),
    "stop": Action(
        pgettext_lazy("action", "Dừng xử lý"), ("reasons", "attachment"), OPEN_STATUSES, _leader, _stop
    ),
}


def offered(detail: DossierDetail, user: AnyUser) -> list[str]:
    """The actions the dossier page offers ``user`` now, in the page's order."""
    status = detail.dossier.status
    return [
        name for name, action in WORKFLOW.items() if status in action.statuses and action.may(detail, user)
    ]


def perform(action: str, *, user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    """Run ``action`` on ``dossier``. Raises what the service raises (ActionNotAllowed,
    PermissionDenied, ValidationError); ``ValueError`` for an unknown action."""
    if action not in WORKFLOW:
        raise ValueError(action)
    return WORKFLOW[action].run(user, dossier, data)
