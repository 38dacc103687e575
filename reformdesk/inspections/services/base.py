"""What every inspection service shares: the refusals, the locked row, checked text, who is on
the team, and writing a change's event row with its audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record
from reformdesk.core.text import clean_text
from reformdesk.core.validators import validate_text
from reformdesk.inspections.choices import EDITABLE_STATUSES, SIGNED_STATUSES
from reformdesk.inspections.models import Finding, Inspection, InspectionEvent, TeamMember
from reformdesk.org.models import Official
from reformdesk.org.permissions import AnyUser

Errors = dict[str, list[str]]


class ActionNotAllowed(Exception):
    """The action does not apply to the inspection in its current status (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def raise_errors(errors: Errors) -> None:
    if errors:
        raise ValidationError({k: [ValidationError(m) for m in v] for k, v in errors.items()})


def official_of(actor: AnyUser | None) -> Official | None:
    if actor is None or not actor.is_authenticated:
        return None
    return Official.objects.filter(user_id=actor.pk, is_active=True).first()


def moment(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("target_unit", "inspecting_unit", "template")
        .get(pk=inspection.pk)
    )


def text(value: str, *, name: str, required: str = "", multiline: bool = True, limit: int = 2000) -> str:
    """Free text a person typed, in NFC and checked (``core.validators``); ``required`` is the
    message when it is empty."""
    value = clean_text(value or "").strip()
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


def team_member(actor: AnyUser, inspection: Inspection) -> TeamMember | None:
    me = official_of(actor)
    if me is None:
        return None
    return TeamMember.objects.filter(inspection=inspection, official=me).first()


def check_team(actor: AnyUser, inspection: Inspection, *, leader: bool = False) -> Official:
    """Only the team writes the inspection; some steps only its leader."""
    member = team_member(actor, inspection)
    if member is None:
        raise PermissionDenied(_("Chỉ thành viên đoàn kiểm tra mới ghi kết quả cuộc kiểm tra này."))
    if leader and not member.is_leader:
        raise PermissionDenied(_("Chỉ trưởng đoàn kiểm tra mới thực hiện được việc này."))
    return member.official


def expect(inspection: Inspection, statuses: Collection[str], message: str) -> None:
    if inspection.status not in statuses:
        raise ActionNotAllowed(message)


def expect_editable(inspection: Inspection) -> None:
    """A signed record never changes (issue 14: "changing a signed record")."""
    if inspection.status in SIGNED_STATUSES:
        raise ActionNotAllowed(_("Biên bản kiểm tra đã ký, không được sửa đổi."))
    expect(inspection, EDITABLE_STATUSES, _("Cuộc kiểm tra không còn ghi kết quả được."))


def record(
    *,
    inspection: Inspection,
    kind: str,
    actor: AnyUser | None,
    at: dt.datetime,
    from_status: str = "",
    finding: Finding | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> InspectionEvent:
    """Write the event row of a change and its audit row, after the rows were saved."""
    user = actor if isinstance(actor, User) and actor.is_authenticated else None
    to_status = finding.status if finding is not None else inspection.status
    event = InspectionEvent.objects.create(
        inspection=inspection,
        finding=finding,
        kind=kind,
        at=at,
        actor=user,
        actor_official=official_of(actor),
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
    audited: dict[str, Any] = dict(changes or {})
    if from_status != to_status:
        audited["status"] = [from_status or None, to_status]
    if note:
        audited["note"] = [None, note]
    target = finding if finding is not None else inspection
    audit_record(actor=actor, action=f"inspection.{kind}", obj=target, changes=audited)
    return event


def transition(
    inspection: Inspection,
    *,
    kind: str,
    actor: AnyUser,
    at: dt.datetime,
    status: str,
    fields: dict[str, Any] | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> InspectionEvent:
    """Move the locked ``inspection`` to ``status`` with ``fields`` set and write its event."""
    previous = inspection.status
    changes: dict[str, Any] = {}
    for name, value in (fields or {}).items():
        old = getattr(inspection, name)
        if old != value:
            changes[name] = [old, value]
        setattr(inspection, name, value)
    inspection.status = status
    inspection.save(update_fields=["status", *(fields or {}), "updated_at"])
    return record(
        inspection=inspection,
        kind=kind,
        actor=actor,
        at=at,
        from_status=previous,
        note=note,
        data=data,
        changes=changes,
    )


def checked(errors: Errors, value: str, *, name: str, **kwargs: Any) -> str:
    """:func:`text`, its refusal added to ``errors`` by field instead of raised."""
    try:
        return text(value, name=name, **kwargs)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
        return ""


def add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)
