"""Writes on the unit tree. Each checks permissions, validates, saves and audits in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import Actor, audit_created, audit_record, diff, snapshot
from reformdesk.org.models import ReceptionSlot, Unit, UnitSuccession
from reformdesk.org.models.units import path_segment
from reformdesk.org.permissions import Perm, require
from reformdesk.org.signals import units_moved

UNIT_EDITABLE_FIELDS = (
    "code",
    "statistical_code",
    "kind",
    "name_vi",
    "name_en",
    "short_name",
    "address",
    "phone",
    "hotline",
    "email",
    "leader",
    "valid_from",
    "valid_to",
    "sort_order",
)


def _check_system(actor: Actor, perm: Perm, unit: Unit | None) -> None:
    # actor=None is the system itself (demo loader, migrations, management commands).
    if actor is not None:
        require(actor, perm, unit)


@transaction.atomic
def unit_create(*, actor: Actor, parent: Unit | None, **fields: Any) -> Unit:
    """Create a unit under ``parent`` (a root when None) and give it its path."""
    unknown = set(fields) - set(UNIT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    _check_system(actor, Perm.MANAGE_UNIT, parent)
    unit = Unit(parent=parent, **fields)
    unit.full_clean(exclude=["path"])
    unit.path = ""
    unit.depth = 0 if parent is None else parent.depth + 1
    unit.save()
    unit.path = (parent.path if parent else "") + path_segment(unit.pk)
    unit.save(update_fields=["path"])
    audit_created(actor=actor, obj=unit, fields=("code", "name_vi", "kind", "parent"), action="unit.create")
    return unit


@transaction.atomic
def unit_update(*, actor: Actor, unit: Unit, **fields: Any) -> Unit:
    """Change a unit's own fields (not its place in the tree: see :func:`unit_move`)."""
    unknown = set(fields) - set(UNIT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    _check_system(actor, Perm.MANAGE_UNIT, unit)
    before = snapshot(unit, fields)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean(exclude=["path"])
    changes = diff(before, unit)
    if changes:
        unit.save(update_fields=list(fields))
        audit_record(actor=actor, action="unit.update", obj=unit, changes=changes)
    return unit


@transaction.atomic
def unit_move(*, actor: Actor, unit: Unit, new_parent: Unit | None) -> Unit:
    """Re-hang ``unit`` (and its subtree) under ``new_parent`` with two UPDATE statements."""
    _check_system(actor, Perm.MANAGE_UNIT, unit)
    if new_parent is not None:
        _check_system(actor, Perm.MANAGE_UNIT, new_parent)
        if new_parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("Không thể đặt đơn vị làm cấp dưới của chính nó.")})
    old_path, old_parent_id, old_depth = unit.path, unit.parent_id, unit.depth
    new_path = (new_parent.path if new_parent else "") + path_segment(unit.pk)
    depth_shift = (0 if new_parent is None else new_parent.depth + 1) - old_depth
    subtree = Unit.objects.filter(path__startswith=old_path)

    subtree.update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_shift,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    units_moved.send(sender=Unit, unit=unit)
    audit_record(
        actor=actor,
        action="unit.move",
        obj=unit,
        changes={"parent": [old_parent_id, new_parent.pk if new_parent else None]},
    )
    return unit


@transaction.atomic
def unit_record_succession(
    *,
    actor: Actor,
    predecessors: list[Unit],
    successor: Unit,
    kind: str,
    effective_on: dt.date,
    legal_basis: str = "",
) -> list[UnitSuccession]:
    """Record that ``successor`` took over ``predecessors`` on ``effective_on``.

    Predecessors stop being valid the day before (unless already ended earlier); their rows,
    and everything that points at them, stay for history.
    """
    _check_system(actor, Perm.MANAGE_UNIT, successor)
    rows = []
    last_day = effective_on - dt.timedelta(days=1)
    for old in predecessors:
        _check_system(actor, Perm.MANAGE_UNIT, old)
        if old.pk == successor.pk:
            if kind == "merge":
                continue  # the unit that absorbs others keeps existing
            raise ValidationError(_("Một đơn vị không thể kế thừa chính nó."))
        row, _created = UnitSuccession.objects.update_or_create(
            predecessor=old,
            successor=successor,
            defaults={"kind": kind, "effective_on": effective_on, "legal_basis": legal_basis},
        )
        rows.append(row)
        if old.valid_to is None or old.valid_to > last_day:
            unit_update(actor=actor, unit=old, valid_to=last_day)
        audit_record(
            actor=actor,
            action="unit.succession",
            obj=old,
            changes={"successor": [None, successor.pk], "effective_on": [None, effective_on]},
        )
    return rows


@transaction.atomic
def reception_slot_set(*, actor: Actor, unit: Unit, slots: list[dict[str, Any]]) -> list[ReceptionSlot]:
    """Replace the unit's citizen reception schedule with ``slots`` (all validated first)."""
    _check_system(actor, Perm.MANAGE_UNIT, unit)
    new = [ReceptionSlot(unit=unit, **slot) for slot in slots]
    for slot in new:
        slot.full_clean(exclude=["unit"])
    unit.reception_slots.all().delete()
    created = ReceptionSlot.objects.bulk_create(new)
    audit_record(
        actor=actor,
        action="unit.reception_schedule",
        obj=unit,
        changes={"slots": [None, [str(s) for s in created]]},
    )
    return created
