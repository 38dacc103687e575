"""Credentials beside Django's user: API tokens, TOTP devices, failed-login records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reformdesk.core import crypto


class ApiToken(models.Model):
    """A personal access token for the API. Only the SHA-256 of the secret is stored.

    The secret is shown once, when created; ``prefix`` (its first characters) lets a person
    recognise a token in the list without the secret being kept anywhere.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=12)
    digest = models.CharField(_("mã băm"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class TotpDevice(models.Model):
    """A TOTP authenticator enrolled by a user. Confirmed once the first code is verified.

    The shared secret is stored encrypted (``core.crypto``): a stolen database or backup alone
    does not let anyone produce codes. ``secret`` reads and writes the plain text.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="totp_device",
    )
    encrypted_secret = models.TextField(_("khóa bí mật (đã mã hóa)"))
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    last_used_step = models.BigIntegerField(_("bước thời gian đã dùng"), default=0)

    class Meta:
        verbose_name = _("thiết bị xác thực hai lớp")
        verbose_name_plural = _("thiết bị xác thực hai lớp")
        ordering = ["user_id"]

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"

    @property
    def secret(self) -> str:
        return crypto.decrypt(self.encrypted_secret)

    @secret.setter
    def secret(self, plain: str) -> None:
        self.encrypted_secret = crypto.encrypt(plain)


class LoginAttempt(models.Model):
    """A failed login, by user name and IP: the throttle counts these within a window."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    username = models.CharField(_("tên đăng nhập"), max_length=150, db_index=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("lần đăng nhập sai")
        verbose_name_plural = _("lần đăng nhập sai")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.ip}"
