"""Files handed to the browser to save (Excel workbooks, PDFs) and QR codes drawn into pages and
forms: one content type, one way to name the file, one way to keep text text, one way to draw a code."""

from __future__ import annotations

from typing import Any

import segno
from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """``content`` as a file the browser saves under ``filename`` (ASCII: our names are built from
    codes and dates, so no encoding of the header is needed)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def excel_text(cell: Any, value: str) -> Any:
    """Put ``value`` in an openpyxl cell (or write-only cell) as text that stays text: a name or a
    catalog entry starting with "=" must never become a formula in the file."""
    cell.value = value
    cell.data_type = "s"
    return cell


def qr_svg_data_uri(content: str, *, scale: int = 1, border: int = 0) -> str:
    """A QR code of ``content`` (error correction M: it survives a smudged printout) as an SVG
    data URI, for an ``<img>`` in a page or a printed form."""
    return str(segno.make(content, error="m").svg_data_uri(scale=scale, border=border, dark="#000"))
