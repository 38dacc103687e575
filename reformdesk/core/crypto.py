"""Secrets kept at rest encrypted (Fernet: AES-128-CBC with an HMAC-SHA256, from ``cryptography``).

The current key is ``TOTP_ENCRYPTION_KEY``; the keys listed in ``TOTP_ENCRYPTION_OLD_KEYS`` still
decrypt, so a key can be rotated without a moment when codes stop working: put the new key first,
list the old one, run ``manage.py rotate_secret_keys``, then drop the old one from the list.
Without ``TOTP_ENCRYPTION_KEY`` the key is derived from ``SECRET_KEY``, so a database copied
without the settings does not give the secrets away, but changing ``SECRET_KEY`` then needs the
derived key listed as an old key (``manage.py rotate_secret_keys --print-derived-key``).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "derived_key", "encrypt", "keyring", "rotate"]


def derived_key(secret_key: str) -> str:
    """A Fernet key derived from ``secret_key`` (the fallback when no key is configured)."""
    digest = hashlib.sha256(b"reformdesk.secrets-at-rest:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def keyring() -> MultiFernet:
    """The current key first, then the old ones still accepted for decryption."""
    current = settings.TOTP_ENCRYPTION_KEY or derived_key(settings.SECRET_KEY)
    return MultiFernet([Fernet(key) for key in [current, *settings.TOTP_ENCRYPTION_OLD_KEYS]])


def encrypt(plain: str) -> str:
    return keyring().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text of ``token``; raises ``InvalidToken`` when no configured key opens it."""
    return keyring().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """``token`` encrypted again with the current key (unchanged text, new ciphertext)."""
    return keyring().rotate(token.encode()).decode()
