from __future__ import annotations

from django.http import HttpRequest

from reformdesk.org.choices import Role
from reformdesk.org.current import current_unit, roles_in, switchable_units


def units(request: HttpRequest) -> dict[str, object]:
    if not request.user.is_authenticated:
        return {}
    unit = current_unit(request)
    labels = dict(Role.choices)
    return {
        "current_unit": unit,
        "switchable_units": switchable_units(request),
        "current_roles": [labels[r] for r in roles_in(request, unit) if r in labels],
    }
