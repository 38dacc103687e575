"""A survey's anonymised responses as an Excel workbook (one sheet, one row a response)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from reformdesk.core.downloads import excel_text
from reformdesk.surveys.selectors.questionnaires import RawResponses


def raw_responses_xlsx(raw: RawResponses) -> bytes:
    """The workbook's bytes; every text cell stays text (an answer starting with "=" is no formula)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("phieu_tra_loi")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in raw.header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in raw.rows:
        sheet.append(
            [excel_text(WriteOnlyCell(sheet), value) if isinstance(value, str) else value for value in row]
        )
    target = io.BytesIO()
    workbook.save(target)
    return target.getvalue()
