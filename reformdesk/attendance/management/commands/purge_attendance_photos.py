"""Delete punch photos older than ATTENDANCE_PHOTO_RETENTION_DAYS (a nightly job).

manage.py purge_attendance_photos            # delete, report the counts
manage.py purge_attendance_photos --dry-run  # only count
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reformdesk.attendance.services.photos import photos_purge, retention_days


class Command(BaseCommand):
    help = "Delete punch photos (files and rows) older than the retention period; --dry-run only counts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted, delete nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = photos_purge(dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(
            f"{verb} {result.rows} photos ({result.files} files, {result.size} bytes) taken before "
            f"{result.cutoff:%Y-%m-%d %H:%M} (retention {retention_days()} days)"
        )
