"""Reads on the outbox. Messages carry phone numbers and e-mail addresses: administrators only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from reformdesk.notifications.models import Message
from reformdesk.org.choices import Role
from reformdesk.org.permissions import AnyUser, holds_role, is_superuser


def is_administrator(user: AnyUser) -> bool:
    """A system administrator: a superuser, or an official holding the administrator role."""
    return is_superuser(user) or (user.is_authenticated and holds_role(user, Role.ADMIN))


def outbox_list(*, user: AnyUser) -> QuerySet[Message]:
    """Every message, newest first; ``PermissionDenied`` for anyone but an administrator."""
    if not is_administrator(user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được xem hộp thư đi."))
    return Message.objects.order_by("-created_at", "-id")
