"""Writes on officials and their memberships."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import Actor, audit_created, audit_record, diff, snapshot
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import Perm, forget_grants, has_perm, is_superuser, require

OFFICIAL_EDITABLE_FIELDS = (
    "user",
    "employee_code",
    "full_name",
    "position",
    "job_title",
    "category",
    "phone",
    "email",
    "photo",
    "on_hotline_board",
    "is_active",
)


def _primary_units(official: Official) -> list[Unit]:
    return [m.unit for m in official.memberships.select_related("unit").all()]


def _require_on_any(actor: Actor, perm: Perm, units: list[Unit]) -> None:
    """Allow when ``actor`` holds ``perm`` on at least one of the official's units."""
    if actor is None:
        return
    if not units:
        require(actor, perm, None)
    elif not any(has_perm(actor, perm, unit) for unit in units):
        require(actor, perm, units[0])


@transaction.atomic
def official_create(
    *,
    actor: Actor,
    unit: Unit,
    role: str,
    scope: str = "unit",
    valid_from: dt.date | None = None,
    **fields: Any,
) -> Official:
    """Create an official together with the primary membership that places them in ``unit``."""
    unknown = set(fields) - set(OFFICIAL_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown official fields: {sorted(unknown)}")
    if actor is not None:
        require(actor, Perm.MANAGE_OFFICIAL, unit)
    official = Official(**fields)
    official.full_clean()
    official.save()
    audit_created(
        actor=actor,
        obj=official,
        fields=("employee_code", "full_name", "position", "category"),
        action="official.create",
    )
    membership_add(
        actor=actor,
        official=official,
        unit=unit,
        role=role,
        scope=scope,
        is_primary=True,
        valid_from=valid_from,
    )
    return official


@transaction.atomic
def official_update(*, actor: Actor, official: Official, **fields: Any) -> Official:
    unknown = set(fields) - set(OFFICIAL_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown official fields: {sorted(unknown)}")
    _require_on_any(actor, Perm.MANAGE_OFFICIAL, _primary_units(official))
    before = snapshot(official, fields)
    for name, value in fields.items():
        setattr(official, name, value)
    official.full_clean()
    changes = diff(before, official)
    if changes:
        official.save(update_fields=list(fields))
        audit_record(actor=actor, action="official.update", obj=official, changes=changes)
    return official


@transaction.atomic
def membership_add(
    *,
    actor: Actor,
    official: Official,
    unit: Unit,
    role: str,
    scope: str = "unit",
    is_primary: bool = False,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Membership:
    """Give ``official`` a role in ``unit``. A subtree scope needs the same power over the subtree."""
    if actor is not None:
        require(actor, Perm.MANAGE_MEMBERSHIP, unit)
        if role == Role.ADMIN and not is_superuser(actor):
            raise ValidationError(_("Chỉ quản trị viên tối cao mới được giao vai trò quản trị hệ thống."))
    membership = Membership(
        official=official,
        unit=unit,
        role=role,
        scope=scope,
        is_primary=is_primary,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    membership.full_clean()
    if is_primary:
        official.memberships.filter(is_primary=True).update(is_primary=False)
    membership.save()
    if official.user is not None:
        forget_grants(official.user)
    audit_created(
        actor=actor,
        obj=membership,
        fields=("official", "unit", "role", "scope", "valid_from", "valid_to"),
        action="membership.create",
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Actor, membership: Membership, on: dt.date | None = None) -> Membership:
    """End a membership on ``on`` (today by default); the row stays for history."""
    if actor is not None:
        require(actor, Perm.MANAGE_MEMBERSHIP, membership.unit)
    end = on or timezone.localdate()
    if membership.valid_from and end < membership.valid_from:
        raise ValidationError({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    before = snapshot(membership, ["valid_to"])
    membership.valid_to = end
    membership.save(update_fields=["valid_to"])
    audit_record(actor=actor, action="membership.end", obj=membership, changes=diff(before, membership))
    return membership
