"""Signing in: login throttling, the TOTP second factor, password events and their audit rows.

Failed attempts are ``LoginAttempt`` rows, counted per user name and per client IP within
``LOGIN_FAILURE_WINDOW_SECONDS``. Wrong second-factor codes are counted the same way under the key
``2fa:<user id>`` (a colon is not allowed in a user name), so that signing in again with the
password does not reset the code counter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import time
from dataclasses import dataclass
from enum import StrEnum

import pyotp
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reformdesk.core import access, crypto
from reformdesk.core.downloads import qr_svg_data_uri
from reformdesk.core.models import LoginAttempt, TotpDevice
from reformdesk.core.services.audit import audit_record

AnyUser = User | AnonymousUser

# The session remembers which user has passed (or does not need) the second factor.
SESSION_TWO_FACTOR = "reformdesk_2fa_user"
# When the session was signed in: SESSION_COOKIE_AGE counts from here, not from the last write.
SESSION_STARTED = "reformdesk_started"
SESSION_LAST_SEEN = "reformdesk_last_seen"

TOTP_ISSUER = "ReformDesk"
TOTP_DIGITS = 6
TOTP_INTERVAL = 30
# Accept the previous and the next 30-second step: phone clocks drift.
TOTP_VALID_STEPS = (0, -1, 1)


class TwoFactorStep(StrEnum):
    VERIFY = "verify"
    ENROL = "enrol"


@dataclass(frozen=True)
class Throttle:
    limited: bool
    retry_minutes: int = 0


def _timestamp() -> float:
    """Now, as seconds since the epoch, for TOTP time steps (a seam for tests)."""
    return time.time()


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _username_key(username: str) -> str:
    # User names differ only by case do not get separate counters.
    return username.strip().lower()[:150]


def _two_factor_key(user: AnyUser) -> str:
    return f"2fa:{user.pk}"


def _over_limit(rows: QuerySet[LoginAttempt], limit: int) -> Throttle | None:
    """A refusal when ``rows`` (failures within the window) reach ``limit``, with minutes to wait."""
    count = rows.count()
    if count < limit:
        return None
    # The refusal ends when enough of the oldest failures leave the window to fall below the limit.
    freeing = rows.order_by("at", "id").values_list("at", flat=True)[count - limit : count - limit + 1]
    oldest = next(iter(freeing), timezone.now())
    free_at = oldest + dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    seconds = max((free_at - timezone.now()).total_seconds(), 0.0)
    return Throttle(True, max(math.ceil(seconds / 60), 1))


def _throttle(*, key: str, ip: str | None) -> Throttle:
    recent = LoginAttempt.objects.filter(at__gte=_window_start())
    refusal = _over_limit(recent.filter(username=key), settings.LOGIN_FAILURE_LIMIT)
    if refusal is None and ip:
        refusal = _over_limit(recent.filter(ip=ip), settings.LOGIN_FAILURE_IP_LIMIT)
    return refusal or Throttle(False)


@dataclass(frozen=True)
class Attempt:
    """A check taken from the throttle: ``attempt_id`` is its row, kept if the check fails."""

    throttle: Throttle
    attempt_id: int | None = None


def _lock_id(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def _attempt_take(*, key: str, ip: str | None) -> Attempt:
    """Reserve one check before it is made: count and record in one serialised transaction.

    Checking a count and recording the failure afterwards let 16 concurrent wrong passwords get 9
    checks against a limit of 5: all of them counted before any had failed. Here the count and
    the reservation's row are one transaction that holds a lock on the user name and the address:
    SQLite runs one writing transaction at a time (``BEGIN IMMEDIATE``), PostgreSQL waits on
    transaction-scoped advisory locks (always taken name first, then address, so two attempts
    cannot deadlock). A refused attempt writes nothing: waiting, not hammering, ends the refusal.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s), pg_advisory_xact_lock(%s)",
                    [_lock_id(f"login:{key}"), _lock_id(f"login-ip:{ip or ''}")],
                )
        throttle = _throttle(key=key, ip=ip)
        if throttle.limited:
            return Attempt(throttle)
        row = LoginAttempt.objects.create(username=key, ip=ip)
    return Attempt(throttle, row.pk)


def _attempt_release(attempt: Attempt) -> None:
    """The reserved check did not fail (right password, or refused for another reason)."""
    if attempt.attempt_id is not None:
        LoginAttempt.objects.filter(pk=attempt.attempt_id).delete()


def throttle_message(throttle: Throttle) -> str:
    return ngettext(
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
        throttle.retry_minutes,
    ) % {"minutes": throttle.retry_minutes}


# --- Password login -------------------------------------------------------------------------------


def login_attempt_start(*, username: str, ip: str | None) -> Attempt:
    """Take one password check from the throttle; ``throttle.limited``: refuse it unchecked.
    Follow with :func:`login_failure_record` or :func:`login_attempt_release`."""
    return _attempt_take(key=_username_key(username), ip=ip)


def login_attempt_release(*, attempt: Attempt) -> None:
    _attempt_release(attempt)


@transaction.atomic
def login_failure_record(*, username: str, ip: str | None, attempt: Attempt | None = None) -> None:
    """A wrong user name or password: one throttle row (the attempt's own, if it reserved one)
    and one audit row."""
    if attempt is None or attempt.attempt_id is None:
        LoginAttempt.objects.create(username=_username_key(username), ip=ip)
    audit_record(
        actor=None,
        action="auth.login_failure",
        object_type="auth.user",
        object_repr=username.strip()[:150],
    )


@transaction.atomic
def login_success_record(*, user: User) -> None:
    """A correct password: forget this user name's failures and audit the sign-in."""
    LoginAttempt.objects.filter(username=_username_key(user.get_username())).delete()
    audit_record(actor=user, action="auth.login", obj=user)


def logout_record(*, user: AnyUser) -> None:
    if isinstance(user, User):
        audit_record(actor=user, action="auth.logout", obj=user)


def session_start(*, session: SessionBase, user: AnyUser) -> None:
    """Prepare a freshly signed-in session: its absolute end, and the second-factor state.

    Called on every sign-in (``user_logged_in``), whichever view or test client signed in.
    """
    now = int(time.time())
    session[SESSION_STARTED] = now
    session[SESSION_LAST_SEEN] = now
    session.set_expiry(timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE))
    session.pop(SESSION_TWO_FACTOR, None)
    if two_factor_step(user=user) is None:
        session[SESSION_TWO_FACTOR] = user.pk


def two_factor_passed(*, session: SessionBase, user: AnyUser) -> bool:
    return user.is_authenticated and session.get(SESSION_TWO_FACTOR) == user.pk


def two_factor_mark_passed(*, session: SessionBase, user: AnyUser) -> None:
    session[SESSION_TWO_FACTOR] = user.pk


# --- TOTP second factor --------------------------------------------------------------------------


def totp_confirmed_device(*, user: AnyUser) -> TotpDevice | None:
    if not user.is_authenticated:
        return None
    return TotpDevice.objects.filter(user_id=user.pk, confirmed_at__isnull=False).first()


def two_factor_step(*, user: AnyUser) -> TwoFactorStep | None:
    """What a signed-in user still has to do: enter a code, enrol a device, or nothing."""
    if not user.is_authenticated:
        return None
    if totp_confirmed_device(user=user) is not None:
        return TwoFactorStep.VERIFY
    if access.two_factor_required(user):
        return TwoFactorStep.ENROL
    return None


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TotpDevice:
    """The user's unconfirmed device, created with a fresh secret if there is none yet."""
    device, _created = TotpDevice.objects.select_for_update().get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    if device.confirmed_at is not None:
        raise ValidationError(_("Xác thực hai lớp đã được bật cho tài khoản này."), code="already_enabled")
    return device


def totp_provisioning_uri(*, device: TotpDevice) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(device.secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL).provisioning_uri(
        name=device.user.get_username(), issuer_name=TOTP_ISSUER
    )


def qr_data_uri(*, content: str) -> str:
    """An SVG QR code as a data: URI (allowed by the CSP's ``img-src 'self' data:``)."""
    return qr_svg_data_uri(content, scale=5, border=2)


def _matching_step(*, secret: str, code: str) -> int | None:
    totp = pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL)
    current = totp.timecode(_timestamp())
    for offset in TOTP_VALID_STEPS:
        step = current + offset
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _wrong_code(*, user: User, message: str, code: str) -> ValidationError:
    # The failure row is the attempt's reservation (_check_code), kept.
    audit_record(actor=user, action="auth.two_factor_failure", obj=user)
    return ValidationError(message, code=code)


def _check_code(*, user: User, device: TotpDevice, code: str, ip: str | None) -> None:
    """Accept ``code`` once: a code of an already used time step is refused (replay)."""
    attempt = _attempt_take(key=_two_factor_key(user), ip=None)
    throttle = attempt.throttle
    if throttle.limited:
        raise ValidationError(
            ngettext(
                "Nhập sai mã quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
                "Nhập sai mã quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
                throttle.retry_minutes,
            )
            % {"minutes": throttle.retry_minutes},
            code="throttled",
        )
    if attempt.attempt_id is not None and ip:
        LoginAttempt.objects.filter(pk=attempt.attempt_id).update(ip=ip)
    step = _matching_step(secret=device.secret, code=code.strip().replace(" ", ""))
    if step is None:
        raise _wrong_code(user=user, message=_("Mã xác thực không đúng."), code="invalid")
    # A conditional update: two requests racing with the same code cannot both succeed.
    used = TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(last_used_step=step)
    if not used:
        raise _wrong_code(
            user=user,
            message=_("Mã này đã được dùng. Vui lòng chờ mã mới trên ứng dụng xác thực."),
            code="replayed",
        )
    device.last_used_step = step
    LoginAttempt.objects.filter(username=_two_factor_key(user)).delete()


def totp_enrolment_confirm(*, user: User, code: str, ip: str | None) -> TotpDevice:
    """Confirm the device with its first code; from now on the user signs in with two factors."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            raise ValidationError(_("Chưa có khóa xác thực. Vui lòng tải lại trang."), code="no_device")
        if device.confirmed_at is not None:
            raise ValidationError(
                _("Xác thực hai lớp đã được bật cho tài khoản này."), code="already_enabled"
            )
    # The failure rows must survive the refusal, so the check is not inside the same transaction.
    _check_code(user=user, device=device, code=code, ip=ip)
    with transaction.atomic():
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at"])
        audit_record(actor=user, action="auth.two_factor_enable", obj=user)
    return device


def totp_verify(*, user: User, code: str, ip: str | None) -> TotpDevice:
    """The second step of signing in. Raises ``ValidationError`` for a wrong, reused or throttled code."""
    device = totp_confirmed_device(user=user)
    if device is None:
        raise ValidationError(_("Tài khoản chưa bật xác thực hai lớp."), code="no_device")
    _check_code(user=user, device=device, code=code, ip=ip)
    audit_record(actor=user, action="auth.two_factor_pass", obj=user)
    return device


def totp_disable(*, user: User, code: str, ip: str | None) -> None:
    """Remove the user's device; needs a current code, and is refused where two factors are required."""
    if access.two_factor_required(user):
        raise ValidationError(
            _("Tài khoản quản trị bắt buộc dùng xác thực hai lớp, không thể tắt."), code="required"
        )
    device = totp_confirmed_device(user=user)
    if device is None:
        raise ValidationError(_("Tài khoản chưa bật xác thực hai lớp."), code="no_device")
    _check_code(user=user, device=device, code=code, ip=ip)
    with transaction.atomic():
        TotpDevice.objects.filter(pk=device.pk).delete()
        audit_record(actor=user, action="auth.two_factor_disable", obj=user)


# --- Passwords -------------------------------------------------------------------------------------


def password_changed_record(*, user: User, reset: bool, revoke_tokens: bool = True) -> int:
    """Audit a password change (``reset``: through the emailed link); failures no longer matter.

    A new password is usually chosen because the old one may be known to someone else, who may
    also have made API tokens with it: the user's tokens are revoked too, unless the person
    changing their own password chooses to keep them. A reset always revokes them (whoever asks
    for a reset may not have been the one who made them). Returns the tokens revoked."""
    # Imported here: tokens sits beside this module and neither needs the other at import time.
    from reformdesk.core.services.tokens import token_revoke

    LoginAttempt.objects.filter(username=_username_key(user.get_username())).delete()
    audit_record(actor=user, action="auth.password_reset" if reset else "auth.password_change", obj=user)
    if not (reset or revoke_tokens):
        return 0
    active = list(user.api_tokens.filter(revoked_at__isnull=True).order_by("pk"))
    for token in active:
        token_revoke(actor=user, token=token)
    return len(active)


def password_reset_allowed(*, ip: str | None) -> bool:
    """Count one reset request from ``ip``; False once the hourly allowance is used up.

    The counter lives in the rate-limit cache (core.ratelimit).
    """
    # Imported here: core.ratelimit imports the middleware, which imports this module.
    from reformdesk.core.ratelimit import hit

    return hit(
        key=f"password_reset:{ip or 'unknown'}",
        limit=settings.PASSWORD_RESET_RATE_LIMIT,
        window=settings.PASSWORD_RESET_RATE_WINDOW_SECONDS,
    )


def totp_secrets_rotate() -> tuple[int, int]:
    """Encrypt every TOTP secret again with the current key (``core.crypto``); returns the rows
    rotated and those no configured key opens (left as they are, and logged by the caller)."""
    rotated = unreadable = 0
    for pk in TotpDevice.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            device = TotpDevice.objects.select_for_update().get(pk=pk)
            try:
                device.encrypted_secret = crypto.rotate(device.encrypted_secret)
            except crypto.InvalidToken:
                unreadable += 1
                continue
            device.save(update_fields=["encrypted_secret"])
            rotated += 1
    return rotated, unreadable


@transaction.atomic
def totp_device_remove(*, actor: User, device: TotpDevice) -> None:
    """An administrator removes someone's device (a lost phone); they enrol again at next sign-in."""
    if not actor.is_superuser:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được gỡ thiết bị xác thực của người khác."))
    user = device.user
    device.delete()
    audit_record(actor=actor, action="auth.two_factor_remove", obj=user)


@transaction.atomic
def login_failures_clear(*, actor: User, username: str) -> int:
    """An administrator lifts the throttle on ``username`` before the window ends."""
    if not actor.is_superuser:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được mở khóa đăng nhập."))
    deleted, _rows = LoginAttempt.objects.filter(username=_username_key(username)).delete()
    audit_record(
        actor=actor,
        action="auth.login_unlock",
        object_type="auth.user",
        object_repr=username[:150],
        changes={"failures": [deleted, 0]},
    )
    return deleted


def login_attempts_prune(*, older_than: dt.timedelta) -> int:
    """Delete failed-login rows older than ``older_than`` (the audit trail keeps the events)."""
    deleted, _ = LoginAttempt.objects.filter(at__lt=timezone.now() - older_than).delete()
    return deleted
