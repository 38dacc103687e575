"""manage.py rotate_secret_keys — encrypt every TOTP secret again with the current key.

Rotation: set the new key as ``TOTP_ENCRYPTION_KEY``, list the previous one (or the key derived
from ``SECRET_KEY`` when none was set: ``--print-derived-key``) in ``TOTP_ENCRYPTION_OLD_KEYS``,
restart, run this command, then remove the old key from the list.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from reformdesk.core import crypto
from reformdesk.core.services.auth import totp_secrets_rotate


class Command(BaseCommand):
    help = "Re-encrypt the TOTP secrets with TOTP_ENCRYPTION_KEY, reading them with any listed old key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--print-derived-key",
            action="store_true",
            help="print the key derived from SECRET_KEY (to list it as an old key) and stop",
        )

    def handle(self, *args: Any, print_derived_key: bool, **options: Any) -> None:
        if print_derived_key:
            self.stdout.write(crypto.derived_key(settings.SECRET_KEY))
            return
        rotated, unreadable = totp_secrets_rotate()
        self.stdout.write(f"Re-encrypted {rotated} TOTP secrets with the current key.")
        if unreadable:
            self.stderr.write(
                f"{unreadable} TOTP secrets open with none of the configured keys; "
                "list the key they were written with in TOTP_ENCRYPTION_OLD_KEYS and run again."
            )
            raise SystemExit(1)
