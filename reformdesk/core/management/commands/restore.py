"""manage.py restore SRC [--force] — a backup made by manage.py backup, checksums verified."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reformdesk.core.services.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the backup in SRC into the database and MEDIA_ROOT after checking its SHA256SUMS. "
        "Both must be empty (a new database: do not migrate it first) unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="a folder written by manage.py backup")
        parser.add_argument(
            "--force", action="store_true", help="replace a database and media folder that are not empty"
        )

    def handle(self, *args: Any, source: Path, force: bool, **options: Any) -> None:
        try:
            result = backup_restore(source=source, media_root=Path(settings.MEDIA_ROOT), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {result.engine} database and {result.media_files} media files from {result.path}; "
            "checksums verified."
        )
