"""manage.py rotate_device_keys — encrypt every device's communication key again with the current key.

The device keys are encrypted like the TOTP secrets (``core.crypto``). When rotating
``TOTP_ENCRYPTION_KEY``, run this beside ``rotate_secret_keys`` before dropping the old key from
``TOTP_ENCRYPTION_OLD_KEYS``; a key no configured key opens matches no handshake any more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reformdesk.attendance.services.devices import device_comm_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt the devices' communication keys with TOTP_ENCRYPTION_KEY (old keys still read)."

    def handle(self, *args: Any, **options: Any) -> None:
        rotated, unreadable = device_comm_keys_rotate()
        self.stdout.write(f"Re-encrypted {rotated} device communication keys with the current key.")
        if unreadable:
            self.stderr.write(
                f"{unreadable} device communication keys open with none of the configured keys; "
                "list the key they were written with in TOTP_ENCRYPTION_OLD_KEYS and run again."
            )
            raise SystemExit(1)
