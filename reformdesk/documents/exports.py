"""The registers as Excel workbooks, one row per entry, in the order and with the columns of the
registers (sổ đăng ký văn bản đến, đi) of Decree 30/2020/NĐ-CP, Appendix IV, as secondary sources
describe it; the appendix's own table was not among the sources checked, so the column set may
need adjusting once it is. Cancelled outgoing numbers stay in the book with their reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from reformdesk.core.downloads import excel_text
from reformdesk.documents.models import IncomingDocument, OutgoingDocument


def _book(title: str, headers: list[str], rows: Iterable[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    excel_text(sheet.cell(row=1, column=1), title).font = Font(bold=True, size=13)
    for column, header in enumerate(headers, start=1):
        cell = excel_text(sheet.cell(row=3, column=column), header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row_index, values in enumerate(rows, start=4):
        for column, value in enumerate(values, start=1):
            excel_text(sheet.cell(row=row_index, column=column), value).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
    for column, width in enumerate([14, 10, 28, 18, 12, 48, 24, 12, 24][: len(headers)], start=1):
        sheet.column_dimensions[chr(64 + column)].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def incoming_headers() -> list[str]:
    return [
        _("Ngày đến"),
        _("Số đến"),
        _("Tác giả"),
        _("Số, ký hiệu"),
        _("Ngày tháng"),
        _("Tên loại và trích yếu nội dung"),
        _("Đơn vị hoặc người nhận"),
        _("Ký nhận"),
        _("Ghi chú"),
    ]


def incoming_rows(documents: Iterable[IncomingDocument]) -> Iterator[list[str]]:
    """One row of the incoming register per entry, in the columns of :func:`incoming_headers`
    (the workbook and the printed book share them)."""
    for d in documents:
        yield [
            timezone.localtime(d.arrived_at).strftime("%d/%m/%Y"),
            f"{d.number:02d}",
            d.sender,
            d.original_symbol,
            d.document_date.strftime("%d/%m/%Y"),
            f"{d.get_doc_type_display()}: {d.summary}",
            d.handler.full_name if d.handler else "",
            "",
            d.get_confidentiality_display() if d.is_confidential else "",
        ]


def outgoing_headers() -> list[str]:
    return [
        _("Số, ký hiệu văn bản"),
        _("Ngày tháng văn bản"),
        _("Tên loại và trích yếu nội dung"),
        _("Người ký"),
        _("Nơi nhận văn bản"),
        _("Ghi chú"),
    ]


def outgoing_rows(documents: Iterable[OutgoingDocument]) -> Iterator[list[str]]:
    """One row of the outgoing register per entry (a cancelled number with its reason)."""
    for d in documents:
        yield [
            d.symbol,
            d.issued_on.strftime("%d/%m/%Y"),
            f"{d.get_doc_type_display()}: {d.summary}",
            d.signer.full_name,
            d.recipients,
            _("Đã hủy số: %(reason)s") % {"reason": d.cancel_reason} if d.is_cancelled else "",
        ]


def incoming_workbook(*, documents: Iterable[IncomingDocument], title: str) -> bytes:
    return _book(title, incoming_headers(), incoming_rows(documents))


def outgoing_workbook(*, documents: Iterable[OutgoingDocument], title: str) -> bytes:
    return _book(title, outgoing_headers(), outgoing_rows(documents))
