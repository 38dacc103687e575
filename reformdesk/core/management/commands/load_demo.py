"""manage.py load_demo — the demo province, its units, officials, office hours and more.

Deterministic and idempotent: every app's seeder looks rows up by their natural keys.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from reformdesk.core.demo import seeders


class Command(BaseCommand):
    help = "Load (or refresh) the demo data of every app. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        notes: list[str] = []
        for seeder in seeders():
            with transaction.atomic():
                notes.extend(seeder.run())
            self.stdout.write(f"  {seeder.name}: ok")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s."))
        for line in notes:
            self.stdout.write(line)
