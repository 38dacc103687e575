"""Django admin for core: the audit trail is read-only; tokens, devices and failures go through services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reformdesk.core.models import AccessLog, ApiToken, AuditEvent, LoginAttempt, TotpDevice
from reformdesk.core.services import auth as auth_services
from reformdesk.core.services import tokens as token_services


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_repr", "ip", "channel")
    list_filter = ("channel",)
    search_fields = ("action", "object_type", "object_id", "actor_label")
    date_hierarchy = "at"


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "subject_type", "subject_repr", "purpose", "ip", "channel")
    list_filter = ("channel", "purpose")
    search_fields = ("subject_type", "subject_id", "actor_label")
    date_hierarchy = "at"


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    actions = ["revoke"]

    @admin.action(description=gettext_lazy("Thu hồi các mã đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token_services.token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
        messages.success(request, _("Đã thu hồi %(count)d mã.") % {"count": len(queryset)})


@admin.register(TotpDevice)
class TotpDeviceAdmin(ReadOnlyAdmin):
    """Shows who has a device (never the secret); deleting one makes its user enrol again."""

    list_display = ("user", "confirmed_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    fields = ("user", "confirmed_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def delete_model(self, request: HttpRequest, obj: TotpDevice) -> None:
        auth_services.totp_device_remove(actor=request.user, device=obj)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TotpDevice]) -> None:
        for device in queryset.select_related("user"):
            auth_services.totp_device_remove(actor=request.user, device=device)  # type: ignore[arg-type]


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "ip")
    search_fields = ("username", "ip")
    date_hierarchy = "at"
    actions = ["unlock"]

    @admin.action(description=gettext_lazy("Mở khóa đăng nhập cho các tên đăng nhập đã chọn"))
    def unlock(self, request: HttpRequest, queryset: QuerySet[LoginAttempt]) -> None:
        usernames = sorted(set(queryset.values_list("username", flat=True)))
        for username in usernames:
            auth_services.login_failures_clear(actor=request.user, username=username)  # type: ignore[arg-type]
        messages.success(request, _("Đã mở khóa: %(names)s") % {"names": ", ".join(usernames)})
