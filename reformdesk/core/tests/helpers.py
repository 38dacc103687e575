"""Signing in from tests.

``client.force_login`` leaves an administrator (or anyone with a TOTP device) at the second-factor
step, as a real sign-in would. :func:`sign_in` also marks the second factor as passed, for tests
about something else than signing in.
"""

from __future__ import annotations

import pyotp
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from reformdesk.core.models import TotpDevice
from reformdesk.core.services.auth import SESSION_TWO_FACTOR

PASSWORD = "mat-khau-thu-nghiem"  # the password UserFactory gives every user


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in with both factors passed."""
    client.force_login(user)
    session = client.session
    session[SESSION_TWO_FACTOR] = user.pk
    session.save()
    return client


def enrol_device(user: User) -> pyotp.TOTP:
    """Give ``user`` a confirmed TOTP device; returns the authenticator that produces its codes."""
    secret = pyotp.random_base32()
    TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": timezone.now()}
    )
    return pyotp.TOTP(secret)


def code_at(totp: pyotp.TOTP, step: int) -> str:
    return totp.generate_otp(step)
