"""What every task service shares: the errors, the locked row, checked text, and writing a
change's one event row with its audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.assignments.choices import FileKind
from reformdesk.assignments.models import TEXT_MAX_CHARS, Task, TaskEvent, TaskFile
from reformdesk.core.services.audit import audit_record
from reformdesk.core.text import clean_text
from reformdesk.core.uploads import MAX_FILES, CheckedFile
from reformdesk.core.validators import validate_text
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official
from reformdesk.org.permissions import AnyUser


class ActionNotAllowed(Exception):
    """The action does not apply to the task in its current status (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def official_of(actor: AnyUser | None) -> Official | None:
    if actor is None or not actor.is_authenticated:
        return None
    return Official.objects.filter(user_id=actor.pk, is_active=True).first()


def moment(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def locked(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("unit", "assignee", "assignee_unit", "assigner")
        .get(pk=task.pk)
    )


def expect(task: Task, statuses: Collection[str], message: str) -> None:
    if task.status not in statuses:
        raise ActionNotAllowed(message)


def text(
    value: str, *, name: str, required: str = "", multiline: bool = True, limit: int = TEXT_MAX_CHARS
) -> str:
    """Free text a person typed, in NFC and checked (``core.validators``); ``required`` is the
    message when it is empty."""
    value = clean_text(value).strip()
    if not multiline:
        value = " ".join(value.split())
    if required and not value:
        raise ValidationError({name: required})
    if len(value) > limit:
        raise ValidationError({name: _("Nội dung dài quá %(limit)d ký tự.") % {"limit": limit}})
    try:
        validate_text(value, multiline=multiline)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from exc
    return value


def is_assignee(user: AnyUser, task: Task, *, on: dt.date | None = None) -> bool:
    """Whether ``user`` answers for ``task``: its assignee, or for a task given to a unit, a
    leader of that unit (a direct membership with the leader's role)."""
    me = official_of(user)
    if me is None:
        return False
    if task.assignee_id is not None:
        return task.assignee_id == me.pk
    return (
        Membership.objects.active_on(on or timezone.localdate())
        .filter(official=me, unit_id=task.assignee_unit_id or 0, role=Role.LEADER)
        .exists()
    )


def check_assignee(actor: AnyUser, task: Task) -> Official:
    """Only the assignee reports on a task (issue 13: "reporting on a task not one's own")."""
    me = official_of(actor)
    if me is None or not is_assignee(actor, task):
        raise PermissionDenied(_("Chỉ người được giao nhiệm vụ mới báo cáo về nhiệm vụ này."))
    return me


def check_assigner(actor: AnyUser, task: Task) -> Official | None:
    """Only the one who assigned the task decides on it, and never on a task of their own."""
    if not actor.is_authenticated or actor.pk != task.assigned_by_id:
        raise PermissionDenied(_("Chỉ người giao nhiệm vụ mới được quyết định việc này."))
    me = official_of(actor)
    if me is not None and (is_assignee(actor, task) or task.co_handlers.filter(pk=me.pk).exists()):
        raise PermissionDenied(_("Không được tự đánh giá, quyết định nhiệm vụ của chính mình."))
    return me


def record(
    *,
    task: Task,
    kind: str,
    actor: AnyUser | None,
    at: dt.datetime,
    from_status: str,
    note: str = "",
    percent: int | None = None,
    data: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> TaskEvent:
    """Write the event row of a change and its audit row, after the task row was saved;
    ``actor`` is None for what the system does by itself (an escalation)."""
    user = actor if isinstance(actor, User) and actor.is_authenticated else None
    event = TaskEvent.objects.create(
        task=task,
        kind=kind,
        at=at,
        actor=user,
        actor_official=official_of(actor),
        from_status=from_status,
        to_status=task.status,
        note=note,
        percent=percent,
        data=data or {},
    )
    audited: dict[str, Any] = {"status": [from_status or None, task.status], **(changes or {})}
    if note:
        audited["note"] = [None, note]
    audit_record(actor=actor, action=f"task.{kind}", obj=task, changes=audited)
    return event


def transition(
    task: Task,
    *,
    kind: str,
    actor: AnyUser,
    at: dt.datetime,
    status: str,
    fields: dict[str, Any] | None = None,
    note: str = "",
    percent: int | None = None,
    data: dict[str, Any] | None = None,
) -> TaskEvent:
    """Move the locked ``task`` to ``status`` with ``fields`` set, save those columns, and write
    the one event row of the change."""
    previous = task.status
    changes: dict[str, Any] = {}
    for name, value in (fields or {}).items():
        old = getattr(task, name)
        if old != value:
            changes[name] = [old, value]
        setattr(task, name, value)
    task.status = status
    task.save(update_fields=["status", *(fields or {}), "updated_at"])
    return record(
        task=task,
        kind=kind,
        actor=actor,
        at=at,
        from_status=previous,
        note=note,
        percent=percent,
        data=data,
        changes=changes,
    )


def store_files(*, task: Task, event: TaskEvent, kind: FileKind, files: Sequence[CheckedFile]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("Chỉ được gửi tối đa %(limit)d tệp.") % {"limit": MAX_FILES}})
    for checked in files:
        stored = TaskFile(
            task=task,
            event=event,
            kind=kind,
            original_name=(checked.upload.name or "")[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        stored.file.save("", checked.upload, save=False)
        stored.save()
