"""Request-wide concerns: where a request came from, session expiry, the second factor, the CSP header,
requests holding a NUL."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from reformdesk.core.context import Origin, origin
from reformdesk.core.services.auth import (
    SESSION_LAST_SEEN,
    SESSION_STARTED,
    TwoFactorStep,
    two_factor_mark_passed,
    two_factor_passed,
    two_factor_step,
)

Handler = Callable[[HttpRequest], HttpResponse]


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, trusting X-Forwarded-For only for TRUSTED_PROXY_COUNT proxies."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the client's IP and channel available to audit rows written by services."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with origin(
            Origin(
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
                channel=channel,
            )
        ):
            return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Nothing a signed-in person is shown is kept by a browser or proxy cache: staff pages,
    the admin, and any answer to a session or a bearer token get ``Cache-Control: no-store``
    (with Django's ``never_cache`` set), so the back button on a shared counter computer after
    sign-out, or a proxy, shows no citizen's data. Anonymous public pages keep their own headers."""

    PRIVATE_PREFIXES = ("/staff/", "/admin/")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.path.startswith(self.PRIVATE_PREFIXES)
            or getattr(user, "is_authenticated", False)
            or "HTTP_AUTHORIZATION" in request.META
        ):
            add_never_cache_headers(response)
        return response


def _now() -> int:
    return int(time.time())


class SessionExpiryMiddleware:
    """Logs out a session idle for SESSION_IDLE_SECONDS or older than SESSION_COOKIE_AGE.

    Django alone slides the expiry forward on every session write, so SESSION_COOKIE_AGE would
    never end an active session: the sign-in time is kept in the session and checked here, and
    the stored expiry is pinned to that absolute end.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = _now()
            started = session.get(SESSION_STARTED)
            last_seen = session.get(SESSION_LAST_SEEN)
            too_old = started is not None and now - int(started) >= settings.SESSION_COOKIE_AGE
            idle = last_seen is not None and now - int(last_seen) > settings.SESSION_IDLE_SECONDS
            if too_old or idle:
                logout(request)
            else:
                if started is None:  # a session signed in before this rule existed
                    session[SESSION_STARTED] = now
                    session.set_expiry(timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE))
                if last_seen is None or now - int(last_seen) > 60:
                    # Writing the session at most once a minute keeps reads from becoming writes.
                    session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Holds a signed-in user at the second-factor step until it is passed.

    A user with a confirmed TOTP device must enter a code after the password; a user for whom a
    second factor is required (administrators) and who has no device must enrol one. Until then
    every page redirects to that step, except sign-in, sign-out, the second-factor pages, static
    files, the health check and the language switch; API requests are treated as anonymous.
    """

    EXEMPT_PREFIXES = ("/i18n/", "/healthz")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self._exempt_paths: frozenset[str] | None = None

    def _exempt(self, path: str) -> bool:
        if self._exempt_paths is None:
            self._exempt_paths = frozenset(
                reverse(name)
                for name in ("core:login", "core:logout", "core:two_factor_verify", "core:two_factor_enrol")
            )
        if path in self._exempt_paths:
            return True
        return path.startswith((*self.EXEMPT_PREFIXES, settings.STATIC_URL or "/static/"))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not two_factor_passed(session=request.session, user=user):
            step = two_factor_step(user=user)
            if step is None:
                two_factor_mark_passed(session=request.session, user=user)
            elif request.path.startswith("/api/"):
                request.user = AnonymousUser()
            elif not self._exempt(request.path):
                name = "core:two_factor_verify" if step == TwoFactorStep.VERIFY else "core:two_factor_enrol"
                target = reverse(name)
                if request.method == "GET":
                    target += "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                if request.headers.get("HX-Request") == "true":  # django-htmx runs later in the chain
                    return HttpResponseClientRedirect(target)
                return HttpResponseRedirect(target)
        return self.get_response(request)


def _holds_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


class NulMiddleware:
    """Refuses a request whose path, query string or form body holds a NUL (``%00``) with a
    translated 400 page. PostgreSQL cannot compare a text with a NUL, so a dossier code in a path,
    a filter read from the query string or a value a view reads from its POST without a form
    (the worklist's hand-over) reached it as a 500.

    Left to others: the API, which answers per parameter (``core.api.Text``, a 422 naming it),
    and the devices' uploads, whose bodies are not forms (a photo holds NUL bytes). A form's
    text field with a NUL is refused here too, before its form could say so beside the field:
    no keyboard types a NUL."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return self.get_response(request)
        holds_nul = "\x00" in request.path or _holds_nul(request.GET)
        if not holds_nul and request.method == "POST" and not request.path.startswith("/iclock/"):
            # Parsed once for the whole request: the CSRF check and the view read the same.
            holds_nul = _holds_nul(request.POST)
        if holds_nul:
            context = {
                "status": 400,
                "title": _("Yêu cầu không hợp lệ"),
                "message": _("Yêu cầu chứa ký tự NUL (U+0000), không thể xử lý."),
            }
            return render(request, "core/error.html", context, status=400)
        return self.get_response(request)


CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Sends a strict CSP in production: every asset is served by the app itself."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CSP
        return response
