"""Writing the audit trail. Services call these inside their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from reformdesk.core.context import current_origin
from reformdesk.core.models import AccessLog, AuditEvent

Actor = User | AnonymousUser | None


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def _actor_fields(actor: Actor) -> dict[str, Any]:
    if actor is None or not actor.is_authenticated:
        return {"actor": None, "actor_label": "" if actor is None else "anonymous"}
    return {"actor": actor, "actor_label": actor.get_username()}


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` on ``obj``, for a later :func:`diff`."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def diff(before: Mapping[str, Any], obj: models.Model) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields of ``before`` whose value changed on ``obj``."""
    changes = {}
    for name, old in before.items():
        new = _jsonable(getattr(obj, name))
        if new != old:
            changes[name] = [old, new]
    return changes


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. ``action`` is ``<entity>.<verb>``, e.g. ``unit.update``."""
    origin = current_origin()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        **_actor_fields(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        changes={k: _jsonable(v) for k, v in (changes or {}).items()},
        ip=origin.ip,
        channel=origin.channel,
    )


def audit_created(*, actor: Actor, obj: models.Model, fields: Iterable[str], action: str) -> AuditEvent:
    """Audit a creation: every listed field as ``[None, value]``."""
    return audit_record(
        actor=actor,
        action=action,
        obj=obj,
        changes={name: [None, _jsonable(getattr(obj, name))] for name in fields},
    )


def access_records(*, actor: Actor, subjects: Iterable[tuple[str, str, str]], purpose: str = "view") -> int:
    """Record, in one query, that ``actor`` read the personal data of several subjects shown
    together (a list page): ``subjects`` are ``(type label, id, text)``. Returns the rows written."""
    origin = current_origin()
    rows = [
        AccessLog(
            **_actor_fields(actor),
            subject_type=subject_type,
            subject_id=subject_id,
            subject_repr=subject_repr[:255],
            purpose=purpose,
            ip=origin.ip,
            channel=origin.channel,
        )
        for subject_type, subject_id, subject_repr in subjects
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def subject_of(obj: models.Model) -> tuple[str, str, str]:
    """``(type label, id, text)`` of a model instance, as :func:`access_records` takes them."""
    return obj._meta.label_lower, str(obj.pk), str(obj)


def access_record(*, actor: Actor, subject: models.Model, purpose: str = "view") -> AccessLog:
    """Record that ``actor`` read the personal data of ``subject``."""
    origin = current_origin()
    return AccessLog.objects.create(
        **_actor_fields(actor),
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_repr=str(subject)[:255],
        purpose=purpose,
        ip=origin.ip,
        channel=origin.channel,
    )
