"""Who may open the catalog's staff pages.

Reading (lists, the procedure page) needs ``Perm.VIEW_STAFF_AREA``; the edit forms need
``Perm.MANAGE_CATALOG`` over a subtree (the catalog is provincial reference data); publishing
needs it on the unit chosen, so the unit list holds only the units the user may act on. The
services check again: a view's check decides what is shown, the service's what is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from reformdesk.org.models import Unit
from reformdesk.org.permissions import (
    ROLE_PERMISSIONS,
    AnyUser,
    Perm,
    grants,
    has_perm,
    is_superuser,
    unit_filter,
)

View = Callable[..., HttpResponse]


def _requiring(perm: Perm) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_perm(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


staff_required = _requiring(Perm.VIEW_STAFF_AREA)
editor_required = _requiring(Perm.MANAGE_CATALOG)


def can_edit(user: AnyUser) -> bool:
    return has_perm(user, Perm.MANAGE_CATALOG)


def may_publish_somewhere(user: AnyUser) -> bool:
    """Whether the user holds the catalog permission on at least one unit (no query)."""
    return is_superuser(user) or any(
        Perm.MANAGE_CATALOG in ROLE_PERMISSIONS.get(g.role, frozenset()) for g in grants(user)
    )


def publishable_units(user: AnyUser) -> QuerySet[Unit]:
    """The units in force today at which the user may post or withdraw procedures."""
    return Unit.objects.active().filter(unit_filter(user, Perm.MANAGE_CATALOG)).order_by("path")


class StaffListMixin(LoginRequiredMixin):
    """List pages: open to every staff member."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_perm(request.user, Perm.VIEW_STAFF_AREA):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["can_edit"] = can_edit(self.request.user)  # type: ignore[attr-defined]
        return context
