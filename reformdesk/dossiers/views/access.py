"""Who may open the one-stop desk's pages: staff holding a dossier permission somewhere.

The view's check decides what is shown; the selectors and services check again per unit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from reformdesk.org.permissions import Perm, has_perm

View = Callable[..., HttpResponse]


def desk_staff_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_perm(request.user, Perm.VIEW_DOSSIERS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def receiver_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_perm(request.user, Perm.RECEIVE_DOSSIERS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)
