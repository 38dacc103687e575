"""Step 3: the assigner decides on an extension, evaluates the reported result or returns it for
rework.

Only the one who assigned a task decides on it, and never on a task of their own
(``base.check_assigner``). Timeliness is computed here, once, from the moment completion was
reported and the due moment in force (``rules.timeliness_of``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.assignments.choices import CLOSED_STATUSES, EventKind, Extension, Quality, Status
from reformdesk.assignments.models import Task
from reformdesk.assignments.rules import timeliness_of
from reformdesk.assignments.services.base import (
    ActionNotAllowed,
    check_assigner,
    expect,
    locked,
    moment,
    text,
    transition,
)
from reformdesk.org.permissions import AnyUser


@transaction.atomic
def task_decide_extension(
    *, actor: AnyUser, task: Task, grant: bool, note: str = "", at: dt.datetime | None = None
) -> Task:
    """Grant the requested extension (the due moment moves to the one asked for) or refuse it."""
    task = locked(task)
    check_assigner(actor, task)
    if task.status in CLOSED_STATUSES or task.extension != Extension.ASKED:
        raise ActionNotAllowed(_("Không có đề nghị gia hạn nào đang chờ quyết định."))
    note = text(note, name="note", required="" if grant else _("Cần ghi lý do không đồng ý gia hạn."))
    if grant:
        assert task.extension_due_at is not None
        before = task.due_at
        transition(
            task,
            kind=EventKind.EXTENSION_GRANTED,
            actor=actor,
            at=moment(at),
            status=task.status,
            fields={"extension": Extension.GRANTED, "due_at": task.extension_due_at},
            note=note,
            data={
                "due_before": timezone.localtime(before).isoformat(),
                "due_after": timezone.localtime(task.extension_due_at).isoformat(),
            },
        )
    else:
        transition(
            task,
            kind=EventKind.EXTENSION_REFUSED,
            actor=actor,
            at=moment(at),
            status=task.status,
            fields={"extension": Extension.REFUSED},
            note=note,
        )
    return task


@transaction.atomic
def task_evaluate(
    *, actor: AnyUser, task: Task, quality: int | None, comment: str = "", at: dt.datetime | None = None
) -> Task:
    """Rate the reported result on the four levels (``choices.Quality``) with a comment; the
    timeliness is computed, not chosen."""
    task = locked(task)
    check_assigner(actor, task)
    expect(task, (Status.REPORTED,), _("Chỉ đánh giá được nhiệm vụ đã báo cáo hoàn thành."))
    if task.extension == Extension.ASKED:
        raise ActionNotAllowed(_("Cần quyết định đề nghị gia hạn trước khi đánh giá."))
    if quality not in Quality.values:
        raise ValidationError({"quality": _("Cần chọn mức chất lượng.")})
    comment = text(comment, name="comment")
    assert task.done_at is not None
    timeliness = timeliness_of(done_at=task.done_at, due_at=task.due_at)
    at = moment(at)
    transition(
        task,
        kind=EventKind.EVALUATED,
        actor=actor,
        at=at,
        status=Status.EVALUATED,
        fields={
            "quality": quality,
            "timeliness": timeliness,
            "evaluation_comment": comment,
            "evaluated_at": at,
        },
        note=comment,
        data={"quality": quality, "timeliness": str(timeliness)},
    )
    return task


@transaction.atomic
def task_return(*, actor: AnyUser, task: Task, note: str, at: dt.datetime | None = None) -> Task:
    """Send a reported result back for rework, saying what is missing; the returns are counted.
    The due moment stays: rework is done within it."""
    task = locked(task)
    check_assigner(actor, task)
    expect(task, (Status.REPORTED,), _("Chỉ trả lại được nhiệm vụ đã báo cáo hoàn thành."))
    note = text(note, name="note", required=_("Cần ghi nội dung yêu cầu làm lại."))
    transition(
        task,
        kind=EventKind.RETURNED,
        actor=actor,
        at=moment(at),
        status=Status.RETURNED,
        fields={"returns_count": task.returns_count + 1, "done_at": None},
        note=note,
        data={"returns": task.returns_count + 1},
    )
    return task
