"""Excel files of the 766 index: a unit's index for a period (every indicator with its figures
and how it was scored) and the comparison of units. Text cells never become formulas."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reformdesk.core.downloads import excel_text
from reformdesk.scoring.choices import Group, HowScored
from reformdesk.scoring.selectors import Index766
from reformdesk.scoring.trends import ComparisonRow


def _write(
    sheet: Any, headers: list[str], rows: list[list[Any]], widths: list[int], percent: set[int]
) -> None:
    for column, header in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=column)
        excel_text(cell, header)
        cell.font = Font(bold=True)
    for row_index, values in enumerate(rows, 2):
        for column, value in enumerate(values, 1):
            cell = sheet.cell(row=row_index, column=column)
            if isinstance(value, str):
                excel_text(cell, value)
            else:
                cell.value = value
            if column in percent:
                cell.number_format = "0.00%"
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _notes(workbook: Workbook, lines: list[str]) -> None:
    notes = workbook.create_sheet(_("Ghi chú"))
    for row_index, line in enumerate(lines, 1):
        excel_text(notes.cell(row=row_index, column=1), line)
    notes.column_dimensions["A"].width = 110


def index_workbook(index: Index766) -> bytes:
    """One row per indicator (group, code, name, numerator, denominator, rate, score, max, how
    scored), a row per group total and the index total; an indicator without data is left empty,
    never zero."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Chỉ số 766")
    headers = [
        _("Nhóm"),
        _("Mã chỉ số"),
        _("Chỉ số"),
        _("Tử số"),
        _("Mẫu số"),
        _("Tỷ lệ"),
        _("Điểm"),
        _("Điểm tối đa"),
        _("Cách chấm"),
    ]
    rows: list[list[Any]] = []
    for group in index.groups:
        for r in group.indicators:
            rows.append(
                [
                    group.label,
                    r.indicator.code,
                    r.indicator.name,
                    r.numerator if r.denominator is not None else None,
                    r.denominator,
                    r.rate,
                    r.score,
                    r.max_points,
                    str(HowScored(r.how).label),
                ]
            )
        rows.append([group.label, "", _("Cộng nhóm"), None, None, None, group.score, group.max_points, ""])
    rows.append(["", "", _("Tổng điểm"), None, None, None, index.score, index.max_points, ""])
    _write(sheet, headers, rows, [28, 16, 60, 10, 10, 10, 10, 12, 24], {6})
    _notes(
        workbook,
        [
            _("Đơn vị: %(name)s (%(code)s)") % {"name": index.unit.name, "code": index.unit.code},
            _("Kỳ: %(period)s, tính tại %(at)s")
            % {"period": index.period.key, "at": index.at.strftime("%d/%m/%Y %H:%M")},
            _("Gồm đơn vị trực thuộc")
            if index.subtree
            else _("Chỉ riêng đơn vị, không gồm đơn vị trực thuộc"),
            _("Chỉ số chưa có dữ liệu để trống điểm, không tính là 0 hay đủ điểm."),
        ],
    )
    return _save(workbook)


def comparison_workbook(rows: list[ComparisonRow], *, parent_name: str, period_key: str) -> bytes:
    """The comparison table: rank, unit, total, share of the scored maximum, each group's score."""
    groups = [Group(key) for key in Group.values]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("So sánh đơn vị")
    headers = [
        _("Hạng"),
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Tổng điểm"),
        _("Tối đa có dữ liệu"),
        _("Tỷ lệ"),
        *[str(g.label) for g in groups],
    ]
    table: list[list[Any]] = []
    for row in rows:
        by_group = {g.group: g.score for g in row.index.groups}
        percent = None if row.percent is None else row.percent / Decimal(100)
        table.append(
            [
                row.rank,
                row.unit.code,
                row.unit.name,
                row.index.score,
                row.index.scored_max,
                percent,
                *[by_group.get(g) for g in groups],
            ]
        )
    _write(sheet, headers, table, [8, 16, 36, 12, 14, 10, *([16] * len(groups))], {6})
    _notes(
        workbook,
        [
            _("Đơn vị cấp trên: %(name)s; kỳ %(period)s") % {"name": parent_name, "period": period_key},
            _(
                "Xếp theo tỷ lệ tổng điểm trên điểm tối đa của các chỉ số có dữ liệu;"
                " bằng nhau thì theo tổng điểm, rồi theo mã đơn vị."
            ),
        ],
    )
    return _save(workbook)
