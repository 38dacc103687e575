"""The unit a signed-in official is working in (the unit switcher), kept in the session."""

from __future__ import annotations

from django.http import HttpRequest

from reformdesk.org.models import Membership, Unit
from reformdesk.org.permissions import Perm, grants, units_with_perm

SESSION_KEY = "reformdesk_unit_id"


def switchable_units(request: HttpRequest) -> list[Unit]:
    cached: list[Unit] | None = getattr(request, "_switchable_units", None)
    if cached is None:
        cached = units_with_perm(request.user, Perm.VIEW_STAFF_AREA)
        request._switchable_units = cached  # type: ignore[attr-defined]
    return cached


def current_unit(request: HttpRequest) -> Unit | None:
    """The unit chosen in the switcher, else the primary membership's unit, else the first one.

    Computed once per request: the page shell and the view both ask for it.
    """
    if not hasattr(request, "_current_unit"):
        request._current_unit = _find_current_unit(request)  # type: ignore[attr-defined]
    return request._current_unit  # type: ignore[attr-defined,no-any-return]


def _find_current_unit(request: HttpRequest) -> Unit | None:
    if not request.user.is_authenticated:
        return None
    units = switchable_units(request)
    if not units:
        return None
    by_id = {u.pk: u for u in units}
    chosen = request.session.get(SESSION_KEY)
    if chosen in by_id:
        return by_id[chosen]
    primary_ids = set(
        Membership.objects.filter(official__user=request.user, is_primary=True).values_list(
            "unit_id", flat=True
        )
    )
    for unit in units:
        if unit.pk in primary_ids:
            return unit
    return units[0]


def set_current_unit(request: HttpRequest, unit_id: int) -> Unit | None:
    """Switch to ``unit_id`` if the user works there; returns the unit or None when refused."""
    for unit in switchable_units(request):
        if unit.pk == unit_id:
            request.session[SESSION_KEY] = unit.pk
            request._current_unit = unit  # type: ignore[attr-defined]
            return unit
    return None


def roles_in(request: HttpRequest, unit: Unit | None) -> list[str]:
    if unit is None:
        return []
    return sorted({g.role for g in grants(request.user) if g.unit_id == unit.pk})
