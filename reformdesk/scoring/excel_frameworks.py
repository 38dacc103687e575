"""A framework as one Excel sheet, one row per node, and back.

Columns: code, level, title, max points, method, rate source, scoring shape, shape numbers
(``full_at`` for linear; ``0.9:1; 0.8:0.5`` for steps: threshold:share pairs), illustrative (x).
The reader refuses a file that is not a real .xlsx (checked by its bytes, as the catalog import
does) and collects every bad row before anything is saved.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reformdesk.core.downloads import excel_text
from reformdesk.scoring.models_frameworks import Framework
from reformdesk.scoring.services.frameworks import NodeRow

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1000
HEADERS = (
    "Mã",
    "Cấp",
    "Nội dung",
    "Điểm tối đa",
    "Cách chấm",
    "Nguồn tỷ lệ",
    "Cách cho điểm",
    "Tham số",
    "Minh họa",
)
_ZIP_MAGIC = b"PK\x03\x04"


def export_framework(framework: Framework) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"Bo chi so {framework.year}"
    sheet.append(list(HEADERS))
    for node in framework.nodes.all():
        params = ""
        if node.shape == "linear":
            params = str(node.shape_params.get("full_at", ""))
        elif node.shape == "steps":
            params = "; ".join(f"{t}:{s}" for t, s in node.shape_params.get("steps", []))
        sheet.append(
            [None, node.level, None, float(node.max_points), node.method, node.rate_source, node.shape]
        )
        row = sheet.max_row
        excel_text(sheet.cell(row=row, column=1), node.code)
        excel_text(sheet.cell(row=row, column=3), node.title)
        excel_text(sheet.cell(row=row, column=8), params)
        excel_text(sheet.cell(row=row, column=9), "x" if node.illustrative else "")
    for column, width in zip("ABCDEFGHI", (8, 6, 80, 12, 10, 24, 12, 20, 10), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _refuse_not_xlsx(data: bytes) -> None:
    not_a_workbook = _("Tệp không phải là bảng tính Excel (.xlsx) (đã kiểm tra nội dung tệp).")
    if not data.startswith(_ZIP_MAGIC):
        raise ValidationError(not_a_workbook)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(not_a_workbook) from exc
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ValidationError(not_a_workbook)
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise ValidationError(_("Tệp giải nén ra quá lớn; đây không phải là một bảng tính bình thường."))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _params(shape: str, text: str) -> dict[str, Any] | None:
    """The shape's numbers from the sheet's text, or None when they do not read."""
    try:
        if shape == "linear":
            return {"full_at": str(Decimal(text))} if text else {}
        if shape == "steps":
            steps = []
            for pair in filter(None, (p.strip() for p in text.split(";"))):
                threshold, share = pair.split(":")
                steps.append([str(Decimal(threshold.strip())), str(Decimal(share.strip()))])
            return {"steps": steps}
    except (InvalidOperation, ValueError):
        return None
    return {}


def read_framework(data: bytes, filename: str) -> list[NodeRow]:
    """The rows of an uploaded sheet. Raises ``ValidationError`` listing every bad row."""
    if not (filename or "").lower().endswith(".xlsx"):
        raise ValidationError(_("Chỉ nhận tệp Excel (.xlsx)."))
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            _("Tệp quá lớn; giới hạn là %(limit)s MB.") % {"limit": MAX_FILE_BYTES // 1024 // 1024}
        )
    _refuse_not_xlsx(data)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        try:
            values = list(workbook.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 1, max_col=9))
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many kinds of error on damaged files; none may escape
        raise ValidationError(
            _("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx.")
        ) from exc
    if not values or [_text(v) for v in values[0][:5]] != list(HEADERS[:5]):
        raise ValidationError(_("Dòng 1 phải là tiêu đề: %(headers)s.") % {"headers": ", ".join(HEADERS)})
    if len(values) > MAX_ROWS:
        raise ValidationError(_("Bảng có quá %(limit)s dòng.") % {"limit": MAX_ROWS})
    rows: list[NodeRow] = []
    problems: list[str] = []
    for number, raw in enumerate(values[1:], start=2):
        cells = [_text(v) for v in list(raw) + [None] * (9 - len(raw))]
        if not any(cells):
            continue
        if any(cell.startswith("=") for cell in cells):
            problems.append(_("Dòng %(row)s: không nhận công thức, hãy ghi giá trị.") % {"row": number})
            continue
        code, level, title, max_text, method, rate_source, shape, params_text, illustrative = cells
        try:
            max_points = Decimal(max_text.replace(",", "."))
        except InvalidOperation:
            problems.append(
                _("Dòng %(row)s: điểm tối đa «%(value)s» không phải là số.")
                % {"row": number, "value": max_text[:20]}
            )
            continue
        params = _params(shape, params_text)
        if params is None:
            problems.append(
                _("Dòng %(row)s: tham số cho điểm «%(value)s» không đọc được.")
                % {"row": number, "value": params_text[:40]}
            )
            continue
        rows.append(
            NodeRow(
                code=code,
                level=int(level) if level.isdigit() and len(level) < 3 else 0,
                title=title,
                max_points=max_points,
                method=method,
                rate_source=rate_source,
                shape=shape,
                shape_params=params,
                illustrative=bool(illustrative),
                row=number,
            )
        )
    if problems:
        raise ValidationError(problems)
    return rows
