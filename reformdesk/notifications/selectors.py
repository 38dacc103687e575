"""Reads on the outbox. Messages carry phone numbers and e-mail addresses: administrators only."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.models import AuditEvent
from reformdesk.notifications.models import Message
from reformdesk.notifications.services import TEMPLATE_GAP_ACTION
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


def template_gaps(*, days: int = 7) -> list[dict[str, object]]:
    """The templates found missing in the last ``days`` days, newest first, one entry per key,
    channel and language: ``{"key", "channel", "language", "sent_in", "at"}`` (``sent_in`` empty
    when nothing could be sent)."""
    since = timezone.now() - dt.timedelta(days=days)
    rows = AuditEvent.objects.filter(action=TEMPLATE_GAP_ACTION, at__gte=since).order_by("-at", "-id")
    gaps: dict[str, dict[str, object]] = {}
    for object_id, changes, at in rows.values_list("object_id", "changes", "at")[:200]:
        if object_id not in gaps:
            gaps[object_id] = {
                "key": str(changes.get("key", "")),
                "channel": str(changes.get("channel", "")),
                "language": str(changes.get("language", "")),
                "sent_in": str(changes.get("sent_in", "")),
                "at": at,
            }
    return list(gaps.values())
