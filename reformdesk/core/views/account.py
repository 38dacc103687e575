"""The signed-in user's own account: overview, password, two-factor device, access tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from reformdesk.core import access
from reformdesk.core.forms import CodeForm, PasswordChangeForm, TokenCreateForm
from reformdesk.core.middleware import client_ip
from reformdesk.core.models import ApiToken
from reformdesk.core.services import auth as auth_services
from reformdesk.core.services import tokens as token_services
from reformdesk.core.views.auth import safe_next

ACCOUNT_TOKENS_SHOWN = 10  # the account page's short list; the tokens page lists them all


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here is behind login_required
    return request.user


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    tokens = token_services.token_list(user=user)
    return render(
        request,
        "core/account.html",
        {
            "page_title": _("Tài khoản của tôi"),
            "device": auth_services.totp_confirmed_device(user=user),
            "two_factor_required": access.two_factor_required(user),
            "active_tokens": list(tokens.filter(revoked_at__isnull=True)[:ACCOUNT_TOKENS_SHOWN]),
            "active_token_count": tokens.filter(revoked_at__isnull=True).count(),
        },
    )


def _grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new secret (QR code and text) and turn the second factor on with a first code."""
    user = _user(request)
    step = auth_services.two_factor_step(user=user)
    if step == auth_services.TwoFactorStep.VERIFY:
        if not auth_services.two_factor_passed(session=request.session, user=user):
            return redirect("core:two_factor_verify")
        messages.info(request, _("Xác thực hai lớp đã được bật."))
        return redirect("core:account")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            auth_services.totp_enrolment_confirm(
                user=user, code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            auth_services.two_factor_mark_passed(session=request.session, user=user)
            messages.success(request, _("Đã bật xác thực hai lớp. Từ nay, mỗi lần đăng nhập cần thêm mã."))
            return HttpResponseRedirect(safe_next(request, reverse("core:account")))
    device = auth_services.totp_enrolment_start(user=user)
    return render(
        request,
        "core/two_factor_enrol.html",
        {
            "page_title": _("Bật xác thực hai lớp"),
            "form": form,
            "qr_data_uri": auth_services.qr_data_uri(
                content=auth_services.totp_provisioning_uri(device=device)
            ),
            "secret": _grouped(device.secret),
            "forced": step == auth_services.TwoFactorStep.ENROL,
            "next": safe_next(request, ""),
        },
    )


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if auth_services.totp_confirmed_device(user=user) is None:
        messages.info(request, _("Tài khoản chưa bật xác thực hai lớp."))
        return redirect("core:account")
    required = access.two_factor_required(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            auth_services.totp_disable(user=user, code=form.cleaned_data["code"], ip=client_ip(request))
        except ValidationError as error:
            form.add_error(None if error.code == "required" else "code", error)
        else:
            messages.success(request, _("Đã tắt xác thực hai lớp."))
            return redirect("core:account")
    return render(
        request,
        "core/two_factor_disable.html",
        {"page_title": _("Tắt xác thực hai lớp"), "form": form, "required": required},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("core:account")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        revoked = auth_services.password_changed_record(
            user=form.user, reset=False, revoke_tokens=form.cleaned_data["revoke_tokens"]
        )
        messages.success(self.request, _("Đã đổi mật khẩu."))
        if revoked:
            messages.info(
                self.request,
                ngettext(
                    "Đã thu hồi %(count)d mã truy cập API.", "Đã thu hồi %(count)d mã truy cập API.", revoked
                )
                % {"count": revoked},
            )
        return response


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens and a form for a new one; the new secret is shown in this response only."""
    user = _user(request)
    form = TokenCreateForm(request.POST or None)
    secret = None
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = token_services.token_create(
                actor=user, user=user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenCreateForm()
    return render(
        request,
        "core/tokens.html",
        {
            "page_title": _("Mã truy cập API"),
            "form": form,
            "tokens": token_services.token_list(user=user),
            "secret": secret,
            "created": created,
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    already = token.revoked_at is not None
    token_services.token_revoke(actor=user, token=token)
    if already:
        messages.info(request, _("Mã truy cập “%(name)s” đã bị thu hồi trước đó.") % {"name": token.name})
    else:
        messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("core:token_list")
