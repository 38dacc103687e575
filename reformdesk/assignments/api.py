"""Staff API at /api/v1/tasks: the lists, a new task, one task with its due moment, timeline and
(once evaluated) timeliness, and actions on it.

Errors: 422 with per-field messages for bad input, 409 for an action the task's status does not
allow, 403 for someone who may not take it, 404 for a task the caller may not see (another
commune's); in each case nothing changes. Files (attachments, evidence) are sent through the
pages; the API reports completion with an evidence text.
"""

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate

from reformdesk.assignments import selectors, services, workflow
from reformdesk.assignments.choices import EventKind, Status
from reformdesk.assignments.models import MAX_DEADLINE_DAYS, Task
from reformdesk.assignments.selectors import TaskList
from reformdesk.assignments.workflow import WORKFLOW, ActionData
from reformdesk.core.api import (
    ApiError,
    ErrorOut,
    Id,
    LongText,
    Text,
    ValidationErrorOut,
    field_error,
    local_time,
)
from reformdesk.core.pagination import LimitOffset
from reformdesk.documents import selectors as documents
from reformdesk.org.api import unit_param
from reformdesk.org.models import Official

router = Router()
MAX_LIMIT = 100


class TaskIn(Schema):
    title: Text = Field(max_length=600, description="At most 300 characters")
    expected_output: LongText = Field(max_length=8000, description="At most 4,000 characters")
    assignee: Text = Field("", max_length=20, description="Employee code of the official who does it")
    assignee_unit: Text = Field("", max_length=20, description="Or the code of the unit that does it")
    co_handlers: list[Text] = Field([], max_length=50, description="Employee codes of co-handlers")
    deadline_days: int | None = Field(None, ge=1, le=MAX_DEADLINE_DAYS, description="Due in working days")
    deadline_date: dt.date | None = Field(None, description="Or due at the end of this working day")
    priority: Literal["normal", "high", "urgent"] = "normal"
    source_kind: Literal["none", "incoming_document", "meeting", "inspection"] = "none"
    source_reference: Text = Field("", max_length=600, description="The source's number or name")
    parent: Id | None = Field(None, description="The parent task, for a subtask")
    source_document: Id | None = Field(
        None,
        description="The incoming register entry the task is assigned from; its assignee becomes its handler",
    )


class TaskEventOut(Schema):
    at: dt.datetime
    kind: str
    label: str
    from_status: str
    to_status: str
    by: str | None
    note: str
    percent: int | None
    data: dict[str, Any]


class TaskFileOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int


class TaskItemOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    priority: str
    unit: str
    assignee: str | None
    assignee_unit: str | None
    assigner: str | None
    assigned_at: dt.datetime
    due_at: dt.datetime
    percent: int


class TaskOut(TaskItemOut):
    expected_output: str
    source_kind: str
    source_reference: str
    source_document: int | None
    result_document: int | None
    co_handlers: list[str]
    parent: int | None
    deadline_days: int | None
    deadline_date: dt.date | None
    first_due_at: dt.datetime
    extension: str
    extension_due_at: dt.datetime | None
    returns_count: int
    done_at: dt.datetime | None
    evidence: str
    timeliness: str | None = Field(description="early, on_time or late; once evaluated")
    quality: int | None
    quality_label: str | None
    evaluation_comment: str
    evaluated_at: dt.datetime | None
    events: list[TaskEventOut]
    files: list[TaskFileOut]


class TaskActionIn(Schema):
    note: LongText = Field("", max_length=8000)
    question: LongText = Field("", max_length=8000, description="ask_clarification")
    percent: int | None = Field(None, ge=0, le=99, description="report_progress")
    evidence: LongText = Field("", max_length=8000, description="report_done: the result or document")
    result_symbol: Text = Field(
        "", max_length=120, description="report_done: number and symbol of an outgoing document of the unit"
    )
    until: dt.date | None = Field(None, description="request_extension: the new due day")
    reason: LongText = Field("", max_length=8000, description="request_extension")
    grant: bool | None = Field(None, description="decide_extension")
    quality: Literal[1, 2, 3, 4] | None = Field(None, description="evaluate: 4 excellent … 1 not done")
    comment: LongText = Field("", max_length=8000, description="evaluate")


def _name(official: Official | None) -> str | None:
    return official.full_name if official is not None else None


def _item(task: Task) -> dict[str, Any]:
    return {
        "id": task.pk,
        "title": task.title,
        "status": task.status,
        "status_label": str(Status(task.status).label),
        "priority": task.priority,
        "unit": task.unit.code,
        "assignee": task.assignee.employee_code if task.assignee else None,
        "assignee_unit": task.assignee_unit.code if task.assignee_unit else None,
        "assigner": _name(task.assigner),
        "assigned_at": local_time(task.assigned_at),
        "due_at": local_time(task.due_at),
        "percent": task.percent,
    }


def _detail(detail: selectors.TaskDetail) -> dict[str, Any]:
    task = detail.task
    evaluated = task.status == Status.EVALUATED
    return {
        **_item(task),
        "expected_output": task.expected_output,
        "source_kind": task.source_kind,
        "source_reference": task.source_reference,
        "source_document": task.source_document_id,
        "result_document": task.result_document_id,
        "co_handlers": [h.employee_code for h in detail.co_handlers],
        "parent": task.parent_id,
        "deadline_days": task.deadline_days,
        "deadline_date": task.deadline_date,
        "first_due_at": local_time(task.first_due_at),
        "extension": task.extension,
        "extension_due_at": local_time(task.extension_due_at),
        "returns_count": task.returns_count,
        "done_at": local_time(task.done_at),
        "evidence": task.evidence,
        "timeliness": task.timeliness if evaluated else None,
        "quality": task.quality,
        "quality_label": task.get_quality_display() if task.quality else None,
        "evaluation_comment": task.evaluation_comment,
        "evaluated_at": local_time(task.evaluated_at),
        "events": [
            {
                "at": local_time(e.at),
                "kind": e.kind,
                "label": str(EventKind(e.kind).label),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "by": _name(e.actor_official),
                "note": e.note,
                "percent": e.percent,
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


def _official(code: str, field: str) -> Official:
    official = Official.objects.filter(employee_code=code.strip()[:20]).first()
    if official is None:
        raise field_error(
            field, _("Không có cán bộ mã «%(code)s».") % {"code": code[:20]}, "unknown_official"
        )
    return official


@router.post(
    "",
    response={201: TaskOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Assign a task",
)
def create_task(request: HttpRequest, payload: TaskIn) -> HttpStatus[dict[str, Any]]:
    """To one official (``assignee``) or a unit (``assignee_unit``), due in ``deadline_days``
    working days or at the end of the working day ``deadline_date``."""
    assignee = _official(payload.assignee, "assignee") if payload.assignee.strip() else None
    assignee_unit = (
        unit_param(payload.assignee_unit, "assignee_unit") if payload.assignee_unit.strip() else None
    )
    helpers = [_official(code, "co_handlers") for code in payload.co_handlers]
    parent = None
    if payload.parent is not None:
        parent = selectors.visible_tasks(user=request.user).filter(pk=payload.parent).first()
        if parent is None:
            raise field_error("parent", _("Không tìm thấy nhiệm vụ cha."), "unknown_parent")
    document = None
    if payload.source_document is not None:
        try:
            document = documents.incoming_get(
                user=request.user, pk=payload.source_document, purpose="assign_task"
            )
        except Http404:
            raise field_error(
                "source_document", _("Không tìm thấy văn bản đến."), "unknown_document"
            ) from None
    with transaction.atomic():
        task = services.task_assign(
            actor=request.user,
            title=payload.title,
            expected_output=payload.expected_output,
            assignee=assignee,
            assignee_unit=assignee_unit,
            co_handlers=helpers,
            deadline_days=payload.deadline_days,
            deadline_date=payload.deadline_date,
            priority=payload.priority,
            source_kind=payload.source_kind,
            source_reference=payload.source_reference,
            parent=parent,
            source_document=document,
        )
    return HttpStatus(201, _detail(selectors.task_detail(user=request.user, task_id=task.pk)))


class _Items:
    """The list as the paginator slices it, each row converted to what the API returns."""

    def __init__(self, queryset: Any) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [_item(task) for task in self.queryset[window]]


@router.get("", response=list[TaskItemOut], summary="Lists of tasks")
@paginate(LimitOffset, max_limit=MAX_LIMIT)
def list_tasks(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    list: Literal["all", "mine", "assigned_by_me"] = "all",
    unit: Text = "",
    status: Text = "",
):
    """Tasks the caller may read, the soonest due first. ``list``: all (the default), mine (given
    to me, to a unit I lead, or co-handled), assigned_by_me; ``unit`` limits to a unit and its
    subtree; ``status`` to one status code."""
    if status and status not in Status.values:
        raise field_error(
            "status",
            _("Giá trị «%(value)s» không hợp lệ; dùng một trong: %(values)s.")
            % {"value": status[:30], "values": ", ".join(Status.values)},
            "invalid_status",
        )
    scope = unit_param(unit) if unit else None
    rows = selectors.task_list(user=request.user, task_list=TaskList.ALL, unit=scope, status=status)
    if list == "mine":
        rows = rows.filter(selectors.mine_q(request.user))
    elif list == "assigned_by_me":
        rows = rows.filter(assigned_by_id=request.user.pk)
    return _Items(rows)


@router.get("/{task_id}", response={200: TaskOut, 404: ErrorOut}, summary="One task with its timeline")
def get_task(request: HttpRequest, task_id: Id) -> dict[str, Any]:
    return _detail(selectors.task_detail(user=request.user, task_id=task_id))


@router.post(
    "/{task_id}/actions/{action}",
    response={200: TaskOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    summary="Act on a task",
)
def act(request: HttpRequest, task_id: Id, action: Text, body: TaskActionIn | None = None) -> dict[str, Any]:
    """``action``: acknowledge, report_progress (``percent``, ``note``), report_done
    (``evidence``), ask_clarification (``question``), request_extension (``until``, ``reason``),
    decide_extension (``grant``, ``note``), evaluate (``quality``, ``comment``), return
    (``note``), cancel (``note``)."""
    if action not in WORKFLOW:
        raise ApiError(404, _("Không có thao tác «%(action)s».") % {"action": action[:30]}, "unknown_action")
    task = selectors.visible_tasks(user=request.user).filter(pk=task_id).first()
    if task is None:
        raise ApiError(404, _("Không tìm thấy nhiệm vụ."), "not_found")
    data = ActionData(**(body or TaskActionIn.model_validate({})).dict())
    try:
        with transaction.atomic():
            workflow.perform(action, user=request.user, task=task, data=data)
    except services.ActionNotAllowed as exc:
        raise ApiError(409, exc.message, "action_not_allowed") from exc
    return _detail(selectors.task_detail(user=request.user, task_id=task_id))
