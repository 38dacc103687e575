"""The task actions, declared once: for each, the statuses it applies to, who takes it (the
assignee or the assigner), its label, its form's fields and the service it calls.

The task page offers what :func:`offered` returns; the page and the API run an action with
:func:`perform`. The services check the status and the actor again when they run (a page may be
stale); a test walks every action over every status this table leaves out and finds its service
refusing there too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from reformdesk.assignments import services
from reformdesk.assignments.choices import CLOSED_STATUSES, OPEN_STATUSES, WORKING_STATUSES, Extension, Status
from reformdesk.assignments.models import Task
from reformdesk.assignments.selectors import TaskDetail
from reformdesk.core.uploads import CheckedFile
from reformdesk.org.permissions import AnyUser


@dataclass
class ActionData:
    """What a person sends with an action, read the same way from a page's form and an API body."""

    note: str = ""
    question: str = ""
    percent: int | None = None
    evidence: str = ""
    result_symbol: str = ""
    until: dt.date | None = None
    reason: str = ""
    grant: bool | None = None
    quality: int | None = None
    comment: str = ""
    files: Sequence[CheckedFile] = field(default_factory=tuple)


Run = Callable[[AnyUser, Task, ActionData], Task]


@dataclass(frozen=True)
class Action:
    label: Any
    fields: tuple[str, ...]
    statuses: frozenset[str]
    by_assigner: bool  # else by the assignee
    run: Run
    applies: Callable[[Task], bool] = lambda task: True


_NOT_CLOSED = frozenset(s for s in Status if s not in CLOSED_STATUSES)


def _decide(user: AnyUser, task: Task, data: ActionData) -> Task:
    if data.grant is None:
        raise ValidationError({"grant": _("Cần chọn đồng ý hoặc không đồng ý gia hạn.")})
    return services.task_decide_extension(actor=user, task=task, grant=data.grant, note=data.note)


# The order is the order the task page shows the actions in.
WORKFLOW: dict[str, Action] = {
    "acknowledge": Action(
        pgettext_lazy("task action", "Xác nhận đã nhận"),
        ("note",),
        frozenset({Status.ASSIGNED}),
        False,
        lambda user, task, data: services.task_acknowledge(actor=user, task=task, note=data.note),
    ),
    "report_progress": Action(
        pgettext_lazy("task action", "Báo cáo tiến độ"),
        ("percent", "note"),
        WORKING_STATUSES,
        False,
        lambda user, task, data: services.task_report_progress(
            actor=user, task=task, percent=data.percent, note=data.note
        ),
    ),
    "report_done": Action(
        pgettext_lazy("task action", "Báo cáo hoàn thành"),
        ("result_symbol", "evidence", "attachments"),
        WORKING_STATUSES,
        False,
        lambda user, task, data: services.task_report_done(
            actor=user, task=task, evidence=data.evidence, files=data.files, result_symbol=data.result_symbol
        ),
    ),
    "ask_clarification": Action(
        pgettext_lazy("task action", "Đề nghị làm rõ"),
        ("question",),
        OPEN_STATUSES,
        False,
        lambda user, task, data: services.task_ask_clarification(
            actor=user, task=task, question=data.question
        ),
    ),
    "request_extension": Action(
        pgettext_lazy("task action", "Đề nghị gia hạn"),
        ("until", "reason"),
        OPEN_STATUSES,
        False,
        lambda user, task, data: services.task_request_extension(
            actor=user, task=task, until=data.until, reason=data.reason
        ),
        applies=lambda task: task.extension == Extension.NONE,
    ),
    "decide_extension": Action(
        pgettext_lazy("task action", "Quyết định gia hạn"),
        ("grant", "note"),
        _NOT_CLOSED,
        True,
        _decide,
        applies=lambda task: task.extension == Extension.ASKED,
    ),
    "evaluate": Action(
        pgettext_lazy("task action", "Đánh giá"),
        ("quality", "comment"),
        frozenset({Status.REPORTED}),
        True,
        lambda user, task, data: services.task_evaluate(
            actor=user, task=task, quality=data.quality, comment=data.comment
        ),
        applies=lambda task: task.extension != Extension.ASKED,
    ),
    "return": Action(
        pgettext_lazy("task action", "Trả lại để làm lại"),
        ("note",),
        frozenset({Status.REPORTED}),
        True,
        lambda user, task, data: services.task_return(actor=user, task=task, note=data.note),
    ),
    "cancel": Action(
        pgettext_lazy("task action", "Hủy nhiệm vụ"),
        ("note",),
        _NOT_CLOSED,
        True,
        lambda user, task, data: services.task_cancel(actor=user, task=task, note=data.note),
    ),
}


def offered(detail: TaskDetail) -> list[str]:
    """The actions the task page offers the user now, in the page's order."""
    task = detail.task
    own = detail.is_assignee or any(
        h.user_id is not None and h.user_id == detail.task.assigned_by_id for h in detail.co_handlers
    )
    return [
        name
        for name, action in WORKFLOW.items()
        if task.status in action.statuses
        and action.applies(task)
        and ((detail.is_assigner and not own) if action.by_assigner else detail.is_assignee)
    ]


def perform(action: str, *, user: AnyUser, task: Task, data: ActionData) -> Task:
    """Run ``action`` on ``task``. Raises what the service raises (ActionNotAllowed,
    PermissionDenied, ValidationError); ``ValueError`` for an unknown action."""
    if action not in WORKFLOW:
        raise ValueError(action)
    return WORKFLOW[action].run(user, task, data)
