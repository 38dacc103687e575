"""Step 2: the assignee acknowledges, asks for clarification, reports progress and completion,
and may ask once for an extension.

Each action locks the task row, checks the status it applies to (else ``ActionNotAllowed``, HTTP
409) and that the actor is the assignee (else ``PermissionDenied``), changes the task and writes
one event row — or changes nothing at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.assignments.choices import (
    OPEN_STATUSES,
    WORKING_STATUSES,
    EventKind,
    Extension,
    FileKind,
    Status,
)
from reformdesk.assignments.models import MAX_DEADLINE_SPAN, Task
from reformdesk.assignments.services.assigning import due_moment
from reformdesk.assignments.services.base import (
    ActionNotAllowed,
    check_assignee,
    expect,
    locked,
    moment,
    record,
    store_files,
    text,
    transition,
)
from reformdesk.core.uploads import MAX_FILES, CheckedFile
from reformdesk.documents.choices import OutgoingStatus
from reformdesk.documents.models import OutgoingDocument
from reformdesk.org.permissions import AnyUser


def _not_acknowledged() -> ActionNotAllowed:
    return ActionNotAllowed(_("Cần xác nhận đã nhận nhiệm vụ trước khi báo cáo."))


@transaction.atomic
def task_acknowledge(*, actor: AnyUser, task: Task, note: str = "", at: dt.datetime | None = None) -> Task:
    """The assignee confirms they received the task."""
    task = locked(task)
    check_assignee(actor, task)
    expect(task, (Status.ASSIGNED,), _("Nhiệm vụ đã được xác nhận nhận trước đó."))
    note = text(note, name="note")
    at = moment(at)
    transition(
        task,
        kind=EventKind.ACKNOWLEDGED,
        actor=actor,
        at=at,
        status=Status.ACKNOWLEDGED,
        fields={"acknowledged_at": at},
        note=note,
    )
    return task


@transaction.atomic
def task_ask_clarification(
    *, actor: AnyUser, task: Task, question: str, at: dt.datetime | None = None
) -> Task:
    """The assignee asks the assigner what is meant. The clock does not stop (issue 13): the
    status and the due moment stay as they are; the question is on the timeline."""
    task = locked(task)
    check_assignee(actor, task)
    expect(task, OPEN_STATUSES, _("Chỉ đề nghị làm rõ được khi nhiệm vụ đang thực hiện."))
    question = text(question, name="question", required=_("Cần ghi nội dung cần làm rõ."))
    record(
        task=task,
        kind=EventKind.CLARIFICATION,
        actor=actor,
        at=moment(at),
        from_status=task.status,
        note=question,
    )
    return task


def _percent(value: int | None, *, name: str = "percent") -> int:
    if value is None or not 0 <= value <= 99:
        raise ValidationError(
            {name: _("Tiến độ là một số từ 0 đến 99 (%); khi xong, hãy báo cáo hoàn thành.")}
        )
    return value


@transaction.atomic
def task_report_progress(
    *, actor: AnyUser, task: Task, percent: int | None, note: str = "", at: dt.datetime | None = None
) -> Task:
    """The assignee reports how far the work is (0–99 %) and what was done."""
    task = locked(task)
    check_assignee(actor, task)
    if task.status == Status.ASSIGNED:
        raise _not_acknowledged()
    expect(task, WORKING_STATUSES, _("Chỉ báo cáo tiến độ được khi nhiệm vụ đang thực hiện."))
    percent = _percent(percent)
    note = text(note, name="note")
    transition(
        task,
        kind=EventKind.PROGRESS,
        actor=actor,
        at=moment(at),
        status=Status.IN_PROGRESS,
        fields={"percent": percent},
        note=note,
        percent=percent,
    )
    return task


def _outgoing_result(task: Task, symbol: str) -> OutgoingDocument | None:
    """The outgoing register entry of the task's unit with ``symbol``, or a refusal naming it."""
    symbol = " ".join(symbol.split())
    if not symbol:
        return None
    document = (
        OutgoingDocument.objects.filter(
            unit=task.unit, symbol__iexact=symbol, status=OutgoingStatus.REGISTERED
        )
        .order_by("-year", "-id")
        .first()
    )
    if document is None:
        raise ValidationError(
            {
                "result_symbol": _("Sổ văn bản đi của %(unit)s không có văn bản số %(symbol)s.")
                % {"unit": task.unit.name, "symbol": symbol[:60]}
            }
        )
    return document


@transaction.atomic
def task_report_done(
    *,
    actor: AnyUser,
    task: Task,
    evidence: str = "",
    files: Sequence[CheckedFile] = (),
    result_symbol: str = "",
    at: dt.datetime | None = None,
) -> Task:
    """The assignee reports completion with evidence: files (checked by content), a text naming
    the result, or the number and symbol of an outgoing document registered by the task's unit
    (``result_symbol``, e.g. "12/BC-UBND": the newest registered, not cancelled, entry with that
    symbol), which the task then links to."""
    task = locked(task)
    check_assignee(actor, task)
    if task.status == Status.ASSIGNED:
        raise _not_acknowledged()
    expect(task, WORKING_STATUSES, _("Chỉ báo cáo hoàn thành được khi nhiệm vụ đang thực hiện."))
    evidence = text(evidence, name="evidence")
    result = _outgoing_result(task, result_symbol)
    if result is not None and not evidence:
        evidence = result.symbol
    if not evidence and not files:
        raise ValidationError(
            {"evidence": _("Cần gửi minh chứng kết quả: tệp kết quả hoặc số, ký hiệu văn bản đã ban hành.")}
        )
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("Chỉ được gửi tối đa %(limit)d tệp.") % {"limit": MAX_FILES}})
    at = moment(at)
    event = transition(
        task,
        kind=EventKind.REPORTED,
        actor=actor,
        at=at,
        status=Status.REPORTED,
        fields={"percent": 100, "done_at": at, "evidence": evidence, "result_document": result},
        note=evidence,
        percent=100,
        data={
            "files": len(files),
            "due_at": timezone.localtime(task.due_at).isoformat(),
            **({"result_document": result.pk} if result is not None else {}),
        },
    )
    store_files(task=task, event=event, kind=FileKind.EVIDENCE, files=files)
    return task


@transaction.atomic
def task_request_extension(
    *, actor: AnyUser, task: Task, until: dt.date | None, reason: str, at: dt.datetime | None = None
) -> Task:
    """The assignee asks once to move the due moment to the end of the working day ``until``;
    a second request is refused, whatever became of the first."""
    task = locked(task)
    check_assignee(actor, task)
    expect(task, OPEN_STATUSES, _("Chỉ đề nghị gia hạn được khi nhiệm vụ đang thực hiện."))
    if task.extension != Extension.NONE:
        raise ActionNotAllowed(_("Mỗi nhiệm vụ chỉ được đề nghị gia hạn một lần."))
    reason = text(reason, name="reason", required=_("Cần ghi lý do đề nghị gia hạn."))
    if until is None:
        raise ValidationError({"until": _("Cần chọn ngày đề nghị gia hạn đến.")})
    if until > timezone.localtime(task.assigned_at).date() + MAX_DEADLINE_SPAN:
        raise ValidationError({"until": _("Ngày gia hạn quá xa: tối đa một năm kể từ ngày giao.")})
    try:
        new_due = due_moment(unit=task.unit, start=moment(at), on=until)
    except ValidationError as exc:
        raise ValidationError({"until": exc.messages}) from exc
    if new_due <= task.due_at:
        raise ValidationError({"until": _("Ngày gia hạn phải sau hạn hiện tại.")})
    transition(
        task,
        kind=EventKind.EXTENSION_ASKED,
        actor=actor,
        at=moment(at),
        status=task.status,
        fields={"extension": Extension.ASKED, "extension_due_at": new_due, "extension_reason": reason},
        note=reason,
        data={"until": timezone.localtime(new_due).isoformat()},
    )
    return task
