"""Where a case goes: the competent unit and, for a case about an official, that official's leader.

Issue 11: "A case about an official goes to that official's leader, never to the official." The
official's leader is the head (``Unit.leader``, else another leader) of the unit of their primary
membership in force; when the official *is* that head, the head of the unit above. A case about a
dossier (and no official) goes to the unit that processes the dossier. Anything else stays with the unit that
received it (it may refuse it as out of its competence).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reformdesk.dossiers.models import Dossier
from reformdesk.feedback.choices import Kind
from reformdesk.feedback.models import KindRoute
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit


def official_unit(*, official: Official, on: dt.date) -> Unit | None:
    """The unit an official works in on ``on``: their primary membership's, else any in force."""
    membership = (
        Membership.objects.active_on(on)
        .filter(official=official)
        .select_related("unit")
        .order_by("-is_primary", "unit__path", "pk")
        .first()
    )
    return membership.unit if membership is not None else None


def official_leader(*, official: Official, on: dt.date) -> tuple[Unit, Official | None]:
    """The unit whose leader answers for ``official``, and that leader: the unit's head, else
    another of its leaders; the unit above when the official heads the unit. None when no leader
    is on record (the unit's leaders then assign the case)."""
    unit = official_unit(official=official, on=on)
    if unit is None:
        raise ValidationError(
            {
                "related_official": _("Cán bộ %(name)s không công tác tại đơn vị nào.")
                % {"name": official.full_name}
            }
        )
    while unit.leader_id == official.pk and unit.parent is not None:
        unit = unit.parent
    return unit, unit_leader(unit=unit, on=on, besides=official)


def unit_leader(*, unit: Unit, on: dt.date, besides: Official | None = None) -> Official | None:
    """Who a reopened case is escalated to: the unit's head, else one of its leaders (never
    ``besides``, the official the case is about)."""
    if unit.leader_id is not None and (besides is None or unit.leader_id != besides.pk):
        return unit.leader
    rows = (
        Membership.objects.active_on(on)
        .filter(unit=unit, role=Role.LEADER, official__is_active=True)
        .select_related("official")
        .order_by("official__full_name", "pk")
    )
    for membership in rows:
        if besides is None or membership.official_id != besides.pk:
            return membership.official
    return None


def default_handling_unit(*, receiving: Unit, kind: str) -> Unit | None:
    """The default handling unit for ``kind`` set on ``receiving`` or the nearest unit above it,
    or None when its tree sets none (one query)."""
    route = (
        KindRoute.objects.filter(unit_id__in=[*receiving.ancestor_ids(), receiving.pk], kind=kind)
        .select_related("handling_unit")
        .order_by("-unit__depth")
        .first()
    )
    return route.handling_unit if route is not None else None


def competent_unit(
    *, receiving: Unit, kind: str, dossier: Dossier | None, official: Official | None, on: dt.date
) -> Unit:
    """The unit that handles a new case: the leader's unit for a case about an official, the
    processing unit for a case about a dossier, the kind's default handling unit, else the
    processing unit of a dossier it names, else the unit that received it."""
    if official is not None:
        return official_leader(official=official, on=on)[0]
    if dossier is not None and kind == Kind.DOSSIER:
        return dossier.processing_unit
    default = default_handling_unit(receiving=receiving, kind=kind)
    if default is not None:
        return default
    if dossier is not None:
        return dossier.processing_unit
    return receiving
