from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from reformdesk.core.navigation import items_for


def shell(request: HttpRequest) -> dict[str, object]:
    """What the page shell needs on every page: menus and deployment facts."""
    return {
        "nav_public": items_for(request, "public"),
        "nav_staff": items_for(request, "staff") if request.user.is_authenticated else [],
        "production": settings.PRODUCTION,
    }
