"""Personal access tokens for the API: created, authenticated and revoked here only."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.models import ApiToken
from reformdesk.core.services.audit import Actor, audit_record

TOKEN_PREFIX = "rd_"  # noqa: S105 - a public prefix, not a secret
# Writing last_used_at on every request would turn each API read into a write; once a minute is enough.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, actor: Actor, user: User, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the secret, which is never stored."""
    if actor is not None and actor.pk != user.pk and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Bạn chỉ được tạo mã truy cập cho chính mình."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Ngày hết hạn phải ở trong tương lai.")}, code="past")
    if not user.is_active:
        raise ValidationError(_("Tài khoản đã bị khóa, không thể tạo mã truy cập."), code="inactive")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=" ".join(name.split())[:100] or "API",
        prefix=secret[:10],
        digest=_digest(secret),
        expires_at=expires_at,
    )
    audit_record(actor=actor, action="api_token.create", obj=token, changes={"name": [None, token.name]})
    return token, secret


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (revoked and expired ones included, for the record)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke ``token`` at once; revoking it again changes nothing."""
    if actor is not None and actor.pk != token.user_id and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Bạn chỉ được thu hồi mã truy cập của chính mình."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token)
    return token


def token_authenticate(*, secret: str) -> User | None:
    """The active user behind ``secret``, or None. Constant-time by construction (hash look-up)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
