"""manage.py backup DEST — a consistent copy of the database and the media files, while the app serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reformdesk.core.services.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup, or pg_dump --format=custom) and MEDIA_ROOT into "
        "DEST, a new or empty folder, with a SHA256SUMS manifest. Safe while the app serves."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="a new or empty folder")

    def handle(self, *args: Any, destination: Path, **options: Any) -> None:
        try:
            result = backup_create(destination=destination, media_root=Path(settings.MEDIA_ROOT))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backup of the {result.engine} database and {result.media_files} media files in {result.path}."
        )
