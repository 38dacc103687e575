"""manage.py catalog_import FILE [--commit] [--user USERNAME] — import the catalog from a workbook.

Without ``--commit`` it is a dry run: the preview (what would be created, updated or left as it is,
per sheet) and every error with its sheet, row and column; nothing is written. With ``--commit`` the
file is imported all or nothing. The exit status is 1 when the file has errors, so a script can
check a file with the dry run first. The time taken is printed last.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reformdesk.catalog.importing import catalog_import
from reformdesk.catalog.importing.reader import MAX_FILE_BYTES
from reformdesk.catalog.importing.report import report_lines


class Command(BaseCommand):
    help = "Check (dry run) or import (--commit) a catalog workbook (.xlsx) or procedures CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .xlsx workbook or .csv file to import.")
        parser.add_argument("--commit", action="store_true", help="Import (default: only check and preview).")
        parser.add_argument("--user", help="Record the changes in the audit trail under this user name.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("Không có tài khoản “%(username)s”.") % {"username": options["user"]})
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # one byte more is enough to be refused as too large
        try:
            report = catalog_import(data=data, filename=path.name, actor=actor, commit=options["commit"])
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        for line in report_lines(report):
            self.stdout.write(line)
        seconds = _("Thời gian: %(seconds)s giây") % {"seconds": f"{report.seconds:.2f}"}
        if not report.ok:
            self.stdout.write(seconds)
            count = len(report.errors)
            raise CommandError(
                ngettext(
                    "Tệp có %(count)s lỗi; không có dữ liệu nào được nhập.",
                    "Tệp có %(count)s lỗi; không có dữ liệu nào được nhập.",
                    count,
                )
                % {"count": count}
            )
        if report.committed:
            self.stdout.write(self.style.SUCCESS(_("Đã nhập danh mục từ %(file)s.") % {"file": path.name}))
        else:
            self.stdout.write(_("Chạy thử: chưa ghi gì. Thêm --commit để nhập."))
        self.stdout.write(seconds)
