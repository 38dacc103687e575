"""Forms of the accounts pages: sign-in, second factor, passwords, access tokens.

Forms parse and validate input; the decisions (throttling, codes, tokens) are made by
``core.services``. Every form gets Bootstrap classes and marks invalid fields with ``is-invalid``;
Django links each error to its field with ``aria-describedby`` (``<id>_error``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.core.dates import DayField
from reformdesk.core.middleware import client_ip
from reformdesk.core.services import auth as auth_services


class BootstrapMixin:
    """Bootstrap 5 classes on every widget, and ``is-invalid`` on fields with errors."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        for name in getattr(self, "_errors", None) or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class LoginForm(BootstrapMixin, auth_forms.AuthenticationForm):
    """User name and password; refused unchecked while the throttle holds."""

    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["username"].error_messages["required"] = _("Vui lòng nhập tên đăng nhập.")
        self.fields["password"].error_messages["required"] = _("Vui lòng nhập mật khẩu.")

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        ip = client_ip(self.request) if self.request is not None else None
        attempt = auth_services.login_attempt_start(username=username, ip=ip)
        if attempt.throttle.limited:
            # Refused before the password is even checked: guessing gains nothing here.
            raise ValidationError(auth_services.throttle_message(attempt.throttle), code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                auth_services.login_failure_record(username=username, ip=ip, attempt=attempt)
            else:
                auth_services.login_attempt_release(attempt=attempt)
            raise
        auth_services.login_attempt_release(attempt=attempt)
        return cleaned


class CodeForm(BootstrapMixin, forms.Form):
    """A six-digit code from the authenticator app."""

    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        min_length=6,
        max_length=7,  # "123 456" as some apps show it
        error_messages={
            "required": _("Vui lòng nhập mã xác thực."),
            "min_length": _("Mã xác thực gồm 6 chữ số."),
            "max_length": _("Mã xác thực gồm 6 chữ số."),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if len(code) != 6 or not code.isdigit():
            raise ValidationError(_("Mã xác thực gồm 6 chữ số."), code="format")
        return code


class TokenCreateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Ví dụ: Đồng bộ phần mềm một cửa của tỉnh."),
        error_messages={
            "required": _("Vui lòng đặt tên cho mã truy cập."),
            "max_length": _("Tên dài tối đa %(limit_value)d ký tự."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_on = DayField(
        label=_("Hết hạn sau ngày"),
        required=False,
        help_text=_("Để trống nếu không đặt hạn. Mã dùng được đến hết ngày đã chọn."),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Vui lòng đặt tên cho mã truy cập."), code="required")
        return name

    def clean_expires_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("expires_on")
        if value is not None and value < timezone.localdate():
            raise ValidationError(_("Ngày hết hạn phải từ hôm nay trở đi."), code="past")
        return value

    def expires_at(self) -> dt.datetime | None:
        """The end of the chosen day, local time."""
        value = self.cleaned_data.get("expires_on")
        if value is None:
            return None
        next_day = dt.datetime.combine(value + dt.timedelta(days=1), dt.time.min)
        return timezone.make_aware(next_day)


class PasswordChangeForm(BootstrapMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _("Mật khẩu hiện tại không đúng."),
            "password_mismatch": _("Hai lần nhập mật khẩu mới không khớp."),
        }


class SetPasswordForm(BootstrapMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _("Hai lần nhập mật khẩu mới không khớp."),
        }


class PasswordResetForm(BootstrapMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = _("Địa chỉ email của tài khoản")
        field.error_messages = {
            **field.error_messages,
            "required": _("Vui lòng nhập địa chỉ email."),
            "invalid": _("Địa chỉ email không hợp lệ."),
        }
