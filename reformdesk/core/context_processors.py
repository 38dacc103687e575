from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from reformdesk.core.navigation import items_for
from reformdesk.core.services.auth import two_factor_passed


def shell(request: HttpRequest) -> dict[str, object]:
    """What the page shell needs on every page: menus and deployment facts."""
    return {
        "nav_public": items_for(request, "public"),
        # While a second factor is still owed, staff links would only bounce back to the code page.
        "nav_staff": items_for(request, "staff")
        if two_factor_passed(session=request.session, user=request.user)
        else [],
        "production": settings.PRODUCTION,
    }
