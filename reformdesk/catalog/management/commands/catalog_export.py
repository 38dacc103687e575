"""manage.py catalog_export FILE — write the whole catalog as a workbook in the import layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reformdesk.catalog.importing import catalog_export


class Command(BaseCommand):
    help = "Export the procedure catalog to an .xlsx workbook that catalog_import reads back unchanged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write the .xlsx workbook.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError(_("Tên tệp xuất phải có đuôi .xlsx."))
        if not path.parent.is_dir():
            raise CommandError(_("Không có thư mục %(path)s.") % {"path": path.parent})
        count = catalog_export(target=path)
        self.stdout.write(_("Đã xuất %(count)s thủ tục vào %(file)s.") % {"count": count, "file": path})
