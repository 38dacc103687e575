"""Step 1: assigning a task, and cancelling it.

A leader assigns to an official of a unit where they hold ``Perm.ASSIGN_TASKS`` (their unit, or
its subtree with a subtree scope; ``org.permissions``), or to a unit below them. The due moment is
computed once, at assignment, on the task unit's working calendar (``worktime.selectors``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.assignments.choices import (
    CLOSED_STATUSES,
    EventKind,
    FileKind,
    Priority,
    SourceKind,
    Status,
)
from reformdesk.assignments.models import (
    MAX_DEADLINE_DAYS,
    MAX_DEADLINE_SPAN,
    TITLE_MAX_CHARS,
    Recurrence,
    Task,
)
from reformdesk.assignments.services.base import (
    check_assigner,
    expect,
    locked,
    moment,
    official_of,
    record,
    store_files,
    text,
    transition,
)
from reformdesk.core.uploads import MAX_FILES, CheckedFile
from reformdesk.documents.models import IncomingDocument
from reformdesk.documents.services import incoming_assign_handler
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm
from reformdesk.worktime import selectors as worktime

Errors = dict[str, list[str]]


def due_moment(
    *, unit: Unit, start: dt.datetime, days: int | None = None, on: dt.date | None = None
) -> dt.datetime:
    """The due moment of a task of ``unit`` assigned at ``start``: ``days`` working days later
    (``worktime``: weekends, holidays and swapped days skipped), or the end of the last office
    session of the working day ``on``. Raises ``ValidationError`` for a day the office does not
    work."""
    if days is not None:
        return worktime.due_at(unit=unit, start=start, days=days)
    assert on is not None
    sessions = worktime.work_clock(unit=unit).sessions(day=on)
    if not sessions:
        raise ValidationError(
            {"deadline_date": _("Ngày %(day)s không phải ngày làm việc.") % {"day": on.strftime("%d/%m/%Y")}}
        )
    return dt.datetime.combine(on, sessions[-1][1], tzinfo=worktime.VN_TZ)


def _assignee_unit(actor: AnyUser, official: Official, on: dt.date) -> Unit | None:
    """The unit of ``official`` (the primary one first) where ``actor`` may assign, if any."""
    memberships = (
        Membership.objects.active_on(on)
        .filter(official=official)
        .select_related("unit")
        .order_by("-is_primary", "id")
    )
    for membership in memberships:
        if has_perm(actor, Perm.ASSIGN_TASKS, membership.unit):
            return membership.unit
    return None


def _leads(official: Official | None, unit: Unit, on: dt.date) -> bool:
    if official is None:
        return False
    return Membership.objects.active_on(on).filter(official=official, unit=unit, role=Role.LEADER).exists()


@transaction.atomic
def task_assign(
    *,
    actor: AnyUser,
    title: str,
    expected_output: str,
    assignee: Official | None = None,
    assignee_unit: Unit | None = None,
    deadline_days: int | None = None,
    deadline_date: dt.date | None = None,
    priority: str = Priority.NORMAL,
    source_kind: str = SourceKind.NONE,
    source_reference: str = "",
    co_handlers: Sequence[Official] = (),
    parent: Task | None = None,
    files: Sequence[CheckedFile] = (),
    recurrence: Recurrence | None = None,
    period: dt.date | None = None,
    source_document: IncomingDocument | None = None,
    at: dt.datetime | None = None,
) -> Task:
    """Assign a task to one official (``assignee``) or to a unit (``assignee_unit``), due in
    ``deadline_days`` working days or at the end of the working day ``deadline_date``.

    Refused (``ValidationError`` by field, nothing saved): a deadline already past, an assignee
    or co-handler outside the assigner's authority, oneself as assignee or co-handler. Refused
    with ``PermissionDenied``: an actor who may assign nowhere.

    With ``source_document`` (an incoming register entry the caller read through
    ``documents.selectors``), the task is assigned from that entry: its source is the document,
    it goes to an official of the receiving unit, and that official becomes the entry's handler
    with the task's due day as the handling deadline (``documents.services``, its own event row),
    so the register and the task never disagree on who handles the document by when.
    """
    if not has_perm(actor, Perm.ASSIGN_TASKS):
        raise PermissionDenied(_("Bạn không có quyền giao nhiệm vụ."))
    at = moment(at)
    today = timezone.localtime(at).date()
    me = official_of(actor)
    errors: Errors = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    def checked(value: str, **kwargs: object) -> str:
        try:
            return text(value, **kwargs)  # type: ignore[arg-type]
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
            return ""

    title = checked(
        title, name="title", required=_("Cần ghi tên nhiệm vụ."), multiline=False, limit=TITLE_MAX_CHARS
    )
    expected_output = checked(
        expected_output, name="expected_output", required=_("Cần ghi kết quả, sản phẩm yêu cầu.")
    )
    source_reference = checked(source_reference, name="source_reference", multiline=False, limit=300)
    if source_document is not None:
        source_kind = SourceKind.INCOMING_DOCUMENT
        source_reference = source_reference or _document_reference(source_document)
        if not has_perm(actor, Perm.ASSIGN_DOCUMENTS, source_document.unit):
            add(
                "source_document",
                _("Bạn không có quyền giao xử lý văn bản đến của %(unit)s.")
                % {"unit": source_document.unit.name},
            )
        if assignee is None:
            add("assignee", _("Nhiệm vụ từ văn bản đến giao cho một cán bộ, người đó xử lý văn bản."))
    if priority not in Priority.values:
        add("priority", _("Mức độ không hợp lệ."))
    if source_kind not in SourceKind.values:
        add("source_kind", _("Nguồn giao việc không hợp lệ."))
    elif source_kind != SourceKind.NONE and not source_reference and "source_reference" not in errors:
        add(
            "source_reference",
            _("Cần ghi số, ký hiệu văn bản hoặc cuộc họp, cuộc kiểm tra là nguồn của nhiệm vụ."),
        )

    unit: Unit | None = None
    if (assignee is None) == (assignee_unit is None):
        add("assignee", _("Cần chọn một người thực hiện hoặc một đơn vị thực hiện."))
    elif assignee is not None:
        if me is not None and assignee.pk == me.pk:
            add("assignee", _("Không tự giao nhiệm vụ cho mình."))
        elif not assignee.is_active:
            add("assignee", _("Cán bộ %(name)s không còn công tác.") % {"name": assignee.full_name})
        else:
            unit = _assignee_unit(actor, assignee, today)
            if unit is None:
                add(
                    "assignee",
                    _("Cán bộ %(name)s không thuộc đơn vị bạn được giao việc.")
                    % {"name": assignee.full_name},
                )
    elif assignee_unit is not None:
        if not has_perm(actor, Perm.ASSIGN_TASKS, assignee_unit) or _leads(me, assignee_unit, today):
            add(
                "assignee_unit",
                _("Đơn vị %(unit)s không thuộc phạm vi bạn được giao việc.") % {"unit": assignee_unit.name},
            )
        else:
            unit = assignee_unit

    helpers = list(dict.fromkeys(co_handlers))
    for helper in helpers:
        if me is not None and helper.pk == me.pk:
            add("co_handlers", _("Không ghi chính mình là người phối hợp."))
        elif assignee is not None and helper.pk == assignee.pk:
            add("co_handlers", _("Người thực hiện không đồng thời là người phối hợp."))
        elif _assignee_unit(actor, helper, today) is None:
            add(
                "co_handlers",
                _("Cán bộ %(name)s không thuộc đơn vị bạn được giao việc.") % {"name": helper.full_name},
            )

    if parent is not None:
        if parent.status in CLOSED_STATUSES:
            add("parent", _("Nhiệm vụ cha đã kết thúc."))
        elif actor.pk != parent.assigned_by_id and (me is None or me.pk != parent.assignee_id):
            add("parent", _("Chỉ người giao hoặc người thực hiện nhiệm vụ cha mới giao nhiệm vụ con."))

    due_at = None
    if (deadline_days is None) == (deadline_date is None):
        add("deadline_days", _("Cần ghi thời hạn: số ngày làm việc hoặc ngày hoàn thành."))
    elif deadline_days is not None and not 1 <= deadline_days <= MAX_DEADLINE_DAYS:
        add(
            "deadline_days",
            _("Thời hạn từ 1 đến %(limit)d ngày làm việc.") % {"limit": MAX_DEADLINE_DAYS},
        )
    elif deadline_date is not None and deadline_date < today:
        add("deadline_date", _("Hạn hoàn thành đã qua."))
    elif deadline_date is not None and deadline_date > today + MAX_DEADLINE_SPAN:
        add("deadline_date", _("Hạn hoàn thành quá xa: tối đa một năm kể từ ngày giao."))
    elif unit is not None:
        try:
            due_at = due_moment(unit=unit, start=at, days=deadline_days, on=deadline_date)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        except worktime.NoWorkingTimeError:
            add("deadline_days", _("Lịch làm việc của đơn vị không còn ngày làm việc để tính hạn."))
        else:
            if due_at <= at:
                add("deadline_date", _("Hạn hoàn thành đã qua."))
    if len(files) > MAX_FILES:
        add("files", _("Chỉ được gửi tối đa %(limit)d tệp.") % {"limit": MAX_FILES})
    if errors:
        raise ValidationError({k: [ValidationError(m) for m in v] for k, v in errors.items()})
    assert unit is not None and due_at is not None and isinstance(actor, User)

    task = Task.objects.create(
        title=title,
        expected_output=expected_output,
        status=Status.ASSIGNED,
        priority=priority,
        source_kind=source_kind,
        source_reference=source_reference,
        unit=unit,
        assigned_by=actor,
        assigner=me,
        assignee=assignee,
        assignee_unit=assignee_unit,
        parent=parent,
        assigned_at=at,
        deadline_days=deadline_days,
        deadline_date=deadline_date,
        first_due_at=due_at,
        due_at=due_at,
        recurrence=recurrence,
        period=period,
        source_document=source_document,
    )
    if helpers:
        task.co_handlers.set(helpers)
    event = record(
        task=task,
        kind=EventKind.ASSIGNED,
        actor=actor,
        at=at,
        from_status="",
        data={
            "due_at": timezone.localtime(due_at).isoformat(),
            "deadline_days": deadline_days,
            "deadline_date": deadline_date.isoformat() if deadline_date else None,
            "co_handlers": [h.pk for h in helpers],
            **({"recurrence": recurrence.pk, "period": period.isoformat()} if recurrence and period else {}),
            **({"source_document": source_document.pk} if source_document else {}),
        },
    )
    store_files(task=task, event=event, kind=FileKind.ATTACHMENT, files=files)
    if source_document is not None and assignee is not None:
        _hand_document(actor=actor, document=source_document, task=task, handler=assignee)
    return task


def _document_reference(document: IncomingDocument) -> str:
    return _("%(symbol)s (số đến %(number)d/%(year)d)") % {
        "symbol": document.original_symbol,
        "number": document.number,
        "year": document.year,
    }


def _hand_document(*, actor: AnyUser, document: IncomingDocument, task: Task, handler: Official) -> None:
    """Make the task's assignee the document's handler, due the task's due day (Decree
    30/2020/NĐ-CP, Article 23.2: whoever directs the handling names the handler and the deadline).
    The register's refusal (the official does not work at the receiving unit, no right to direct
    the handling) refuses the whole assignment: the caller's transaction rolls back."""
    due_on = timezone.localtime(task.due_at).date()
    current = (
        IncomingDocument.objects.filter(pk=document.pk).values_list("handler_id", "handling_due_on").get()
    )
    if current == (handler.pk, due_on):
        return
    try:
        incoming_assign_handler(
            actor=actor,
            document=document,
            handler=handler,
            due_on=due_on,
            note=_("Giao nhiệm vụ #%(id)d: %(title)s") % {"id": task.pk, "title": task.title},
        )
    except ValidationError as exc:
        renamed = {"handler": "assignee", "handling_due_on": "deadline_date"}
        raise ValidationError(
            {renamed.get(name, name): messages for name, messages in exc.message_dict.items()}
        ) from exc


@transaction.atomic
def task_cancel(*, actor: AnyUser, task: Task, note: str, at: dt.datetime | None = None) -> Task:
    """The assigner withdraws a task that is not evaluated yet, with the reason."""
    task = locked(task)
    check_assigner(actor, task)
    expect(
        task,
        {s for s in Status if s not in CLOSED_STATUSES},
        _("Nhiệm vụ đã kết thúc, không hủy được."),
    )
    note = text(note, name="note", required=_("Cần ghi lý do hủy nhiệm vụ."))
    at = moment(at)
    transition(
        task,
        kind=EventKind.CANCELLED,
        actor=actor,
        at=at,
        status=Status.CANCELLED,
        fields={"cancelled_at": at},
        note=note,
    )
    return task
