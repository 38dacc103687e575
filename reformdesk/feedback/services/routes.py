"""Setting the default handling unit of a kind of feedback on a unit tree (reform officers)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record
from reformdesk.feedback.choices import ROUTABLE_KINDS, Kind
from reformdesk.feedback.models import KindRoute
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, require


@transaction.atomic
def feedback_route_set(
    *, actor: AnyUser, unit: Unit, kind: str, handling_unit: Unit | None
) -> KindRoute | None:
    """Cases of ``kind`` received at ``unit`` or below go to ``handling_unit`` from now on;
    ``None`` removes the route (the cases stay where they are received). Cases already received
    keep their unit. Needs ``Perm.MANAGE_UNIT`` on both units; writes an audit row."""
    require(actor, Perm.MANAGE_UNIT, unit)
    if kind not in ROUTABLE_KINDS:
        message = (
            _("Phản ánh về cán bộ luôn được chuyển lãnh đạo trực tiếp của cán bộ đó.")
            if kind == Kind.OFFICIAL
            else _("Phản ánh về hồ sơ luôn được chuyển cơ quan giải quyết hồ sơ đó.")
            if kind == Kind.DOSSIER
            else _("Loại phản ánh không hợp lệ.")
        )
        raise ValidationError({"kind": message})
    route = KindRoute.objects.select_for_update().filter(unit=unit, kind=kind).first()
    before = route.handling_unit_id if route is not None else None
    if handling_unit is None:
        if route is None:
            return None
        route.delete()
        audit_record(
            actor=actor,
            action="feedback_route.delete",
            object_type="feedback.kindroute",
            object_id=f"{unit.pk}:{kind}",
            object_repr=f"{unit.code} {kind}",
            changes={"handling_unit": [before, None]},
        )
        return None
    require(actor, Perm.MANAGE_UNIT, handling_unit)
    if not handling_unit.is_active_on(timezone.localdate()):
        raise ValidationError(
            {"handling_unit": _("Đơn vị %(name)s đã thôi hoạt động.") % {"name": handling_unit.name}}
        )
    if route is None:
        route = KindRoute(unit=unit, kind=kind)
    elif before == handling_unit.pk:
        return route
    route.handling_unit = handling_unit
    route.full_clean()
    route.save()
    audit_record(
        actor=actor,
        action="feedback_route.save",
        obj=route,
        changes={"handling_unit": [before, handling_unit.pk]},
    )
    return route
