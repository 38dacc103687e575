"""manage.py rebuild_rollups [--year YYYY] — compute the dossier rollups again from the dossiers.

The services keep the rollups in step; this rebuilds them after rows were written around the
services (an import, a restore, the demo's bulk insert) or to check them. One aggregate statement.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reformdesk.dossiers.services.rollups import rollups_rebuild

MIN_YEAR, MAX_YEAR = 2000, 2100


class Command(BaseCommand):
    help = "Rebuild the dossier rollups (per unit, procedure, day and measure) from the dossiers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Only the days of this year (default: everything).")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(
                _("Năm phải trong khoảng %(min)s–%(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
        began = time.perf_counter()
        rows = rollups_rebuild(year=year)
        self.stdout.write(
            _("Đã tính lại %(rows)s dòng số liệu tổng hợp trong %(seconds).1f giây.")
            % {"rows": rows, "seconds": time.perf_counter() - began}
        )
