"""Sign-in, the second-factor step, sign-out."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from reformdesk.core.forms import CodeForm, LoginForm
from reformdesk.core.middleware import client_ip
from reformdesk.core.services import auth as auth_services


def safe_next(request: HttpRequest, default: str | None = None) -> str:
    """The ``next`` URL if it stays on this site, else ``default`` (None: the post-login page)."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL) if default is None else default


def _with_next(url: str, target: str) -> str:
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: target})}" if target else url


class LoginView(auth_views.LoginView):
    """Password sign-in; sends users with a second factor on to its step."""

    template_name = "core/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        user = form.get_user()
        response = super().form_valid(form)  # signs in; user_logged_in prepares the session
        auth_services.login_success_record(user=user)
        step = auth_services.two_factor_step(user=user)
        if step is None or auth_services.two_factor_passed(session=self.request.session, user=user):
            return response
        name = (
            "core:two_factor_verify"
            if step == auth_services.TwoFactorStep.VERIFY
            else "core:two_factor_enrol"
        )
        return HttpResponseRedirect(_with_next(reverse(name), safe_next(self.request, "")))


class LogoutView(auth_views.LogoutView):
    """Sign-out (POST only, as in Django), audited."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        auth_services.logout_record(user=request.user)  # type: ignore[arg-type]
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Bạn đã đăng xuất."))
        return response


@method_decorator([sensitive_post_parameters("code"), csrf_protect, never_cache], name="dispatch")
class TwoFactorVerifyView(View):
    """The second step of signing in: a code from the authenticator app."""

    template_name = "core/two_factor_verify.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("core:login")
        step = auth_services.two_factor_step(user=request.user)
        if step is None or auth_services.two_factor_passed(session=request.session, user=request.user):
            return HttpResponseRedirect(safe_next(request))
        if step == auth_services.TwoFactorStep.ENROL:
            return HttpResponseRedirect(_with_next(reverse("core:two_factor_enrol"), safe_next(request, "")))
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        next_url = safe_next(request, "")
        return render(request, self.template_name, {"form": form, "next": next_url}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                auth_services.totp_verify(
                    user=request.user,  # type: ignore[arg-type]
                    code=form.cleaned_data["code"],
                    ip=client_ip(request),
                )
            except ValidationError as error:
                form.add_error("code", error)
            else:
                auth_services.two_factor_mark_passed(session=request.session, user=request.user)
                request.session.cycle_key()
                return HttpResponseRedirect(safe_next(request))
        return self._render(request, form)
