"""Reading an uploaded catalog file into plain rows, refusing anything that is not what it claims.

An ``.xlsx`` must really be an Office Open XML workbook (a ZIP holding ``[Content_Types].xml`` and
``xl/workbook.xml``, within sane unpacked sizes) before openpyxl sees it, and openpyxl reads it with
``data_only=False`` so formulas show as formulas and are refused later. A ``.csv`` must be UTF-8
(with or without a byte-order mark), comma- or semicolon-separated. Sizes and row counts are capped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reformdesk.catalog.importing.layout import PROCEDURES, header_key

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000  # data rows per sheet
MAX_SCANNED_ROWS = 200_000  # rows read per sheet, blank ones included
MAX_COLUMNS = 100
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a ZIP bomb unpacks to far more than any real workbook
EXTENSIONS = (".xlsx", ".csv")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and password-protected workbooks

Cell = Any  # str, int, float, bool, datetime, date, time or None, as openpyxl or csv give them


@dataclass
class RawSheet:
    """One sheet as read: its title, its header row and its non-blank data rows with their numbers."""

    title: str
    headers: list[str | None]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


@dataclass
class RawFile:
    kind: str  # "xlsx" or "csv"
    sheets: list[RawSheet]


class FileRefused(Exception):
    """The file as a whole cannot be read; ``message`` says why, in the user's language."""

    def __init__(self, message: str, *, sheet: str = "", row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.row = row


def _grouped(number: int) -> str:
    """``50000`` as the reader's language writes it: "50.000" in Vietnamese, "50,000" in English."""
    return f"{number:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


def kind_of(filename: str) -> str:
    """``"xlsx"`` or ``"csv"`` from the file name, or refuse it."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in EXTENSIONS:
        raise FileRefused(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
    return suffix[1:]


def read_catalog_file(data: bytes, filename: str) -> RawFile:
    """Read ``data`` (the whole file) as the kind its name says. Raises :class:`FileRefused`."""
    kind = kind_of(filename)
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(
            _("Tệp quá lớn: %(size)s MB; giới hạn là %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_FILE_BYTES // 1024 // 1024}
        )
    if not data:
        raise FileRefused(_("Tệp rỗng."))
    if kind == "xlsx":
        return RawFile("xlsx", _read_xlsx(data))
    return RawFile("csv", [_read_csv(data)])


def _check_workbook_container(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        raise FileRefused(
            _(
                "Tệp là bảng tính Excel cũ (.xls) hoặc có đặt mật khẩu. "
                "Hãy mở bằng Excel, bỏ mật khẩu và lưu lại dưới dạng .xlsx."
            )
        )
    not_a_workbook = _("Tệp không phải là bảng tính Excel (.xlsx) dù có đuôi .xlsx.")
    if not data.startswith(_ZIP_MAGIC):
        raise FileRefused(not_a_workbook)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRefused(not_a_workbook) from exc
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRefused(not_a_workbook)
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise FileRefused(_("Tệp giải nén ra quá lớn; đây không phải là một bảng tính bình thường."))


def _read_xlsx(data: bytes) -> list[RawSheet]:
    _check_workbook_container(data)
    # openpyxl is imported here: only the import pages and commands need it.
    from openpyxl import load_workbook

    unreadable = _("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx.")
    sheets: list[RawSheet] = []
    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        for worksheet in workbook.worksheets:
            sheets.append(_sheet_rows(worksheet.title, worksheet.iter_rows(values_only=True)))
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds of error on damaged files; none may escape
        logger.info("catalog import: unreadable workbook: %r", exc)
        raise FileRefused(unreadable) from exc
    finally:
        if workbook is not None:
            workbook.close()
    return sheets


def _sheet_rows(title: str, rows: Any) -> RawSheet:
    sheet = RawSheet(title=title, headers=[])
    for number, values in enumerate(rows, start=1):
        if number > MAX_SCANNED_ROWS:
            raise FileRefused(
                ngettext(
                    "Trang có quá nhiều dòng (kể cả dòng trống); giới hạn là %(limit)s dòng.",
                    "Trang có quá nhiều dòng (kể cả dòng trống); giới hạn là %(limit)s dòng.",
                    MAX_SCANNED_ROWS,
                )
                % {"limit": _grouped(MAX_SCANNED_ROWS)},
                sheet=title,
            )
        cells = [_plain(v) for v in values]
        if len(cells) > MAX_COLUMNS:
            if any(c is not None for c in cells[MAX_COLUMNS:]):
                raise FileRefused(
                    ngettext(
                        "Trang có dữ liệu ở quá %(limit)s cột.",
                        "Trang có dữ liệu ở quá %(limit)s cột.",
                        MAX_COLUMNS,
                    )
                    % {"limit": MAX_COLUMNS},
                    sheet=title,
                    row=number,
                )
            cells = cells[:MAX_COLUMNS]
        if number == 1:
            sheet.headers = [str(c).strip() if c is not None and str(c).strip() else None for c in cells]
            continue
        if all(c is None for c in cells):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise FileRefused(
                ngettext(
                    "Trang có quá nhiều dòng; giới hạn là %(limit)s dòng dữ liệu.",
                    "Trang có quá nhiều dòng; giới hạn là %(limit)s dòng dữ liệu.",
                    MAX_ROWS,
                )
                % {"limit": _grouped(MAX_ROWS)},
                sheet=title,
            )
        sheet.rows.append((number, cells))
    return sheet


def _plain(value: Cell) -> Cell:
    """Blank text becomes None; everything else is kept as the reader gave it."""
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


def _read_csv(data: bytes) -> RawSheet:
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        raise FileRefused(
            _("Tệp là bảng tính Excel, không phải CSV: hãy đổi đuôi thành .xlsx hoặc lưu lại dưới dạng CSV.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            _(
                "Tệp CSV không phải mã UTF-8 (dòng %(line)s). Trong Excel hãy chọn "
                "“Lưu thành… CSV UTF-8 (Comma delimited)”."
            )
            % {"line": data[: exc.start].count(b"\n") + 1}
        ) from exc
    if "\x00" in text:
        raise FileRefused(_("Tệp CSV chứa ký tự không hợp lệ; đây không phải là tệp văn bản."))
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # A CSV holds the procedures sheet alone; its rows are numbered as a spreadsheet shows them.
        return _sheet_rows(PROCEDURES.title, ([c if c.strip() else None for c in row] for row in reader))
    except csv.Error as exc:
        raise FileRefused(
            _("Tệp CSV sai cấu trúc ở dòng %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}
        ) from exc


def _delimiter(text: str) -> str:
    """Comma or semicolon: whichever splits the header line into more known column names."""
    first_line = text.split("\n", 1)[0]

    def known(delimiter: str) -> int:
        try:
            headers = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:
            return 0
        return sum(1 for h in headers if header_key(PROCEDURES, h))

    return ";" if known(";") > known(",") else ","
