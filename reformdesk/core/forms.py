"""Forms of the accounts pages (sign-in, second factor, passwords, access tokens) and the pieces
every form of the project is made of: :class:`TextInputMixin`, :class:`DigitsField`,
:class:`SearchField`, :class:`BootstrapMixin`.

Forms parse and validate input; the decisions (throttling, codes, tokens) are made by
``core.services``. Every form gets Bootstrap classes and marks invalid fields with ``is-invalid``;
Django links each error to its field with ``aria-describedby`` (``<id>_error``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.core.dates import DayField
from reformdesk.core.middleware import client_ip
from reformdesk.core.services import auth as auth_services
from reformdesk.core.text import ascii_digits, clean_text, search_text
from reformdesk.core.validators import validate_multiline_text, validate_single_line_text


class DigitsField(forms.CharField):
    """A number people type as text: a phone number, a personal identification number, a tax code.

    Fullwidth digits (``０９１２``, typed by Vietnamese and East Asian input methods) and other
    scripts' digits (Arabic-Indic ``٠٩١٢``…) are read as the ASCII digits they mean
    (:func:`core.text.ascii_digits`) before any validator sees them, so what is checked, stored and
    compared is ASCII. Letters stay letters, for the validators to refuse."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return ascii_digits(value).strip() if isinstance(value, str) else value


class SearchField(forms.CharField):
    """A search box. Its query is cleaned (:func:`core.text.search_text`: compatibility forms,
    ASCII digits, no control or invisible characters), never refused for what it holds: it is
    matched, not stored, and a refusal would only stand between a citizen and the results."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return " ".join(search_text(value).split()) if isinstance(value, str) else value


TextKind = Literal["line", "multiline"]


def text_field_kind(name: str, field: forms.Field) -> TextKind | None:
    """How :class:`TextInputMixin` treats a field: ``"line"`` or ``"multiline"`` (a ``Textarea``)
    for text that is normalised and checked, ``None`` for what is left exactly as sent:

    - fields that are not text (choices, dates, numbers, files);
    - passwords (a ``PasswordInput`` or a name with "password"): a password is compared with
      what was set, byte for byte, and may hold any character its owner chose;
    - hidden fields: tokens the page itself wrote (the intake's ``client_token``), compared as
      written;
    - search boxes (:class:`SearchField`), which clean their own query."""
    if not isinstance(field, forms.CharField) or isinstance(field, SearchField):
        return None
    if isinstance(field.widget, forms.PasswordInput | forms.HiddenInput) or "password" in name:
        return None
    return "multiline" if isinstance(field.widget, forms.Textarea) else "line"


class TextBoundField(forms.BoundField):
    """A bound field whose text arrives in NFC (:func:`core.text.clean_text`): the field's own
    checks (``max_length`` counts a decomposed "ễ" as three characters), ``clean_<name>()``, the
    model and the page shown again all see the stored form."""

    @property
    def data(self) -> Any:
        value = super().data
        if isinstance(value, str) and text_field_kind(self.name, self.field):
            return clean_text(value)
        return value


class TextInputMixin:
    """Every text a form reads is stored in NFC and checked by ``core.validators``: no control
    characters (line breaks and tabs only in a ``Textarea``), no bidirectional formatting, not
    only invisible characters. Each refusal is shown beside its field.

    Every form of the project has it among its bases (a test walks them); the fields it leaves
    alone are listed in :func:`text_field_kind`. Fields added in ``__init__`` are covered too:
    the validators are attached when the form is cleaned."""

    bound_field_class: type[forms.BoundField] | None = TextBoundField
    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            kind = text_field_kind(name, field)
            if kind is None:
                continue
            validator = validate_multiline_text if kind == "multiline" else validate_single_line_text
            if validator not in field.validators:
                # Django's own NUL check would repeat ours in English words.
                field.validators = [
                    v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                field.validators.append(validator)
        super().full_clean()  # type: ignore[misc]


class TextModelForm(TextInputMixin, forms.ModelForm):
    """The form of the project's admin pages (``ModelAdmin.form``, inlines' ``form``): the admin
    builds each page's form as a subclass of it, so the text typed there is checked like
    everywhere else."""


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


class LoginForm(TextInputMixin, BootstrapMixin, auth_forms.AuthenticationForm):
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


class CodeForm(TextInputMixin, BootstrapMixin, forms.Form):
    """A six-digit code from the authenticator app, in any script's digits (a Vietnamese input
    method left in fullwidth mode types ``１２３``)."""

    code = DigitsField(
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
        if len(code) != 6 or not (code.isascii() and code.isdigit()):
            raise ValidationError(_("Mã xác thực gồm 6 chữ số."), code="format")
        return code


class TokenCreateForm(TextInputMixin, BootstrapMixin, forms.Form):
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


class PasswordChangeForm(TextInputMixin, BootstrapMixin, auth_forms.PasswordChangeForm):
    revoke_tokens = forms.BooleanField(
        label=_("Thu hồi mọi mã truy cập API của tôi"),
        help_text=_("Nên chọn: ai biết mật khẩu cũ có thể đã tạo mã truy cập bằng nó."),
        required=False,
        initial=True,
    )

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


class SetPasswordForm(TextInputMixin, BootstrapMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _("Hai lần nhập mật khẩu mới không khớp."),
        }


class PasswordResetForm(TextInputMixin, BootstrapMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = _("Địa chỉ email của tài khoản")
        field.error_messages = {
            **field.error_messages,
            "required": _("Vui lòng nhập địa chỉ email."),
            "invalid": _("Địa chỉ email không hợp lệ."),
        }
