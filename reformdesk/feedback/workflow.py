"""The feedback workflow, declared once: for each action, the statuses it applies to, who may take
it, its label, its form's fields and the service it calls.

The case page offers what :func:`offered` returns, the page and the API run an action with
:func:`perform`. The services check the status and the user's rights again when they run (a page
may be stale); a test walks every action over every status this table leaves out and finds its
service refusing there too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from reformdesk.feedback import services
from reformdesk.feedback.choices import Status
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.selectors import FeedbackDetail
from reformdesk.feedback.services.intake import ASSIGNABLE
from reformdesk.org.models import Official
from reformdesk.org.permissions import AnyUser


@dataclass
class ActionData:
    """What staff send with an action, read the same way from a page's form and an API body."""

    note: str = ""
    reason: str = ""
    duplicate_of: str = ""
    handler: str = ""  # employee code
    question: str = ""
    answer: str = ""
    template: int | None = None  # the answer template the draft started from
    satisfaction: str = ""
    comment: str = ""


Rule = Callable[[FeedbackDetail], bool]
Run = Callable[[AnyUser, FeedbackCase, ActionData], FeedbackCase]


@dataclass(frozen=True)
class Action:
    label: Any
    fields: tuple[str, ...]
    statuses: Callable[[FeedbackCase], frozenset[str]]
    may: Rule
    run: Run


def _always(*statuses: str) -> Callable[[FeedbackCase], frozenset[str]]:
    chosen = frozenset(statuses)
    return lambda case: chosen


# --- who may ---------------------------------------------------------------------------------------


def _handle(detail: FeedbackDetail) -> bool:
    return detail.can_handle


def _decide(detail: FeedbackDetail) -> bool:
    return detail.can_decide


def _rate(detail: FeedbackDetail) -> bool:
    return detail.can_receive


def _on_the_case(detail: FeedbackDetail) -> bool:
    """The case's handler, a leader of its unit, or anyone who may handle a case nobody holds."""
    if detail.can_decide:
        return True
    return detail.can_handle and (detail.is_handler or detail.case.handler_id is None)


def _asking(detail: FeedbackDetail) -> bool:
    case = detail.case
    return _on_the_case(detail) and not case.is_anonymous and case.clarification_count == 0


def _sending(detail: FeedbackDetail) -> bool:
    return detail.can_handle and not detail.case.is_anonymous


def _closing(detail: FeedbackDetail) -> bool:
    return detail.can_handle and detail.case.published_at is not None


# --- which statuses ------------------------------------------------------------------------------


def _publishable(case: FeedbackCase) -> frozenset[str]:
    statuses = {Status.SENT} | ({Status.RATED} if case.published_at is None else set())
    if case.is_anonymous:
        statuses.add(Status.APPROVED)
    return frozenset(statuses)


# --- what runs -----------------------------------------------------------------------------------


def _official(code: str) -> Official:
    official = (
        Official.objects.filter(employee_code=code.strip()[:20], is_active=True).first()
        if code.strip()
        else None
    )
    if official is None:
        raise ValidationError({"handler": _("Cần chọn cán bộ xử lý.")})
    return official


def _accept(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_accept(actor=user, case=case, note=data.note)


def _refuse(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_refuse(
        actor=user, case=case, reason=data.reason, note=data.note, duplicate_of_code=data.duplicate_of
    )


def _assign(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_assign(actor=user, case=case, handler=_official(data.handler), note=data.note)


def _ask(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_ask_clarification(actor=user, case=case, question=data.question or data.note)


def _clarified(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_clarification_received(actor=user, case=case, note=data.note)


def _draft(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_draft_answer(
        actor=user, case=case, answer=data.answer, template_id=data.template
    )


def _approve(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_approve_answer(actor=user, case=case, note=data.note)


def _send(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_send(actor=user, case=case)


def _publish(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_publish(actor=user, case=case)


def _rate_run(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_rate(actor=user, case=case, satisfaction=data.satisfaction, comment=data.comment)


def _close(user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    return services.feedback_close(actor=user, case=case, note=data.note)


# The order is the order the case page shows the actions in.
WORKFLOW: dict[str, Action] = {
    "accept": Action(
        pgettext_lazy("feedback action", "Thụ lý"), ("note",), _always(Status.RECEIVED), _handle, _accept
    ),
    "refuse": Action(
        pgettext_lazy("feedback action", "Không xử lý"),
        ("reason", "duplicate_of", "note"),
        _always(Status.RECEIVED),
        _handle,
        _refuse,
    ),
    "assign": Action(
        pgettext_lazy("feedback action", "Phân công xử lý"),
        ("handler", "note"),
        _always(*ASSIGNABLE),
        _decide,
        _assign,
    ),
    "ask_clarification": Action(
        pgettext_lazy("feedback action", "Đề nghị công dân bổ sung thông tin"),
        ("question",),
        _always(Status.ASSIGNED),
        _asking,
        _ask,
    ),
    "clarification_received": Action(
        pgettext_lazy("feedback action", "Đã nhận thông tin bổ sung"),
        ("note",),
        _always(Status.CLARIFYING),
        _handle,
        _clarified,
    ),
    "draft_answer": Action(
        pgettext_lazy("feedback action", "Dự thảo trả lời"),
        ("answer", "template"),
        _always(Status.ASSIGNED, Status.DRAFTED),
        _on_the_case,
        _draft,
    ),
    "approve_answer": Action(
        pgettext_lazy("feedback action", "Ký duyệt trả lời"),
        ("note",),
        _always(Status.DRAFTED),
        _decide,
        _approve,
    ),
    "send": Action(
        pgettext_lazy("feedback action", "Gửi trả lời cho công dân"),
        (),
        _always(Status.APPROVED),
        _sending,
        _send,
    ),
    "publish": Action(
        pgettext_lazy("feedback action", "Công khai trả lời"), (), _publishable, _handle, _publish
    ),
    "rate": Action(
        pgettext_lazy("feedback action", "Ghi đánh giá của công dân"),
        ("satisfaction", "comment"),
        _always(Status.SENT, Status.PUBLISHED),
        _rate,
        _rate_run,
    ),
    "close": Action(
        pgettext_lazy("feedback action", "Kết thúc"),
        ("note",),
        _always(Status.PUBLISHED, Status.RATED),
        _closing,
        _close,
    ),
}


def offered(detail: FeedbackDetail) -> list[str]:
    """The actions the case page offers now, in the page's order."""
    case = detail.case
    return [
        name
        for name, action in WORKFLOW.items()
        if case.status in action.statuses(case) and action.may(detail)
    ]


def perform(action: str, *, user: AnyUser, case: FeedbackCase, data: ActionData) -> FeedbackCase:
    """Run ``action`` on ``case``. Raises what the service raises (ActionNotAllowed,
    PermissionDenied, ValidationError); ``ValueError`` for an unknown action."""
    if action not in WORKFLOW:
        raise ValueError(action)
    return WORKFLOW[action].run(user, case, data)
