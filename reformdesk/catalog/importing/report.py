"""What an import says back: row-level errors and, per sheet, what would change."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reformdesk.catalog.importing.layout import SHEETS, SHEETS_BY_KEY

# The report keeps at most this many errors; a file with more is wrong as a whole anyway.
MAX_ERRORS = 1000


@dataclass(frozen=True)
class RowError:
    """One problem: the sheet (its title in the file), the row number as a spreadsheet shows it
    (None for the file or a whole sheet), the column header ("" if none) and a translated message."""

    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class SheetCounts:
    """Procedures whose data on one sheet would be created, updated or left unchanged."""

    rows: int = 0
    create: int = 0
    update: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """The outcome of a dry run or a commit. Nothing was written unless ``committed``."""

    filename: str = ""
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=lambda: {s.key: SheetCounts() for s in SHEETS})
    sheets_in_file: list[str] = field(default_factory=list)
    fields_created: int = 0
    fields_updated: int = 0
    versions_closed: int = 0
    committed: bool = False
    truncated: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        """How many procedures would be created or updated on any sheet."""
        return (
            sum(c.create + c.update for c in self.counts.values()) + self.fields_created + self.fields_updated
        )

    def add(self, sheet: str, row: int | None, column: str, message: str) -> None:
        """Add an error; ``sheet`` and ``column`` may be layout keys (shown as the file's titles)."""
        if len(self.errors) >= MAX_ERRORS:
            self.truncated = True
            return
        layout_sheet = SHEETS_BY_KEY.get(sheet)
        if layout_sheet is not None:
            header = next((c.header for c in layout_sheet.columns if c.key == column), column)
            sheet, column = layout_sheet.title, header
        self.errors.append(RowError(sheet, row, column, message))

    def sheet_rows(self) -> list[tuple[str, str, SheetCounts]]:
        """(key, title, counts) of the sheets the file had, in layout order."""
        return [(s.key, s.title, self.counts[s.key]) for s in SHEETS if s.key in self.sheets_in_file]


def report_lines(report: ImportReport) -> list[str]:
    """The report as plain lines: the per-sheet counts, then each error."""
    lines = [
        ngettext(
            "%(sheet)s: %(rows)s dòng; tạo mới %(create)s, cập nhật %(update)s, không đổi %(unchanged)s",
            "%(sheet)s: %(rows)s dòng; tạo mới %(create)s, cập nhật %(update)s, không đổi %(unchanged)s",
            c.rows,
        )
        % {"sheet": title, "rows": c.rows, "create": c.create, "update": c.update, "unchanged": c.unchanged}
        for _key, title, c in report.sheet_rows()
    ]
    if report.fields_created or report.fields_updated:
        lines.append(
            _("Lĩnh vực: tạo mới %(create)s, cập nhật %(update)s")
            % {"create": report.fields_created, "update": report.fields_updated}
        )
    if report.versions_closed:
        lines.append(
            ngettext(
                "%(count)s phiên bản cũ được đóng hiệu lực",
                "%(count)s phiên bản cũ được đóng hiệu lực",
                report.versions_closed,
            )
            % {"count": report.versions_closed}
        )
    lines += report.notices
    for error in report.errors:
        where = " · ".join(
            part
            for part in (
                error.sheet,
                _("dòng %(row)s") % {"row": error.row} if error.row else "",
                error.column,
            )
            if part
        )
        lines.append(f"{where}: {error.message}" if where else error.message)
    if report.truncated:
        lines.append(_("Còn nhiều lỗi khác không được liệt kê."))
    return lines
