"""manage.py load_demo — the demo province, its units, officials, office hours and more.

Deterministic and idempotent: every app's seeder looks rows up by their natural keys.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from reformdesk.core.demo import seeders


class Command(BaseCommand):
    help = "Load (or refresh) the demo data of every app. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--in-production",
            action="store_true",
            help="Load it even with REFORMDESK_ENV=production (a showcase or benchmark server only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo creates an administrator and officials whose password is published in the
        # README: on a real office's server that is an open door, so production must ask twice.
        if settings.ENVIRONMENT == "production" and not options["in_production"]:
            raise CommandError(
                _(
                    "Không nạp dữ liệu mẫu khi REFORMDESK_ENV=production: dữ liệu mẫu tạo tài khoản"
                    " quản trị với mật khẩu công khai. Chỉ dùng --in-production cho máy chủ trình diễn"
                    " hoặc đo hiệu năng."
                )
            )
        started = time.monotonic()
        notes: list[str] = []
        for seeder in seeders():
            with transaction.atomic():
                notes.extend(seeder.run())
            self.stdout.write(f"  {seeder.name}: ok")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s."))
        for line in notes:
            self.stdout.write(line)
