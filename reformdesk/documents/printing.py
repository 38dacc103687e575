"""The printed registers (sổ đăng ký văn bản đến, đi) of a unit and a year, as PDF.

Layout after Decree 30/2020/NĐ-CP, Appendix IV (the registers' forms), as secondary sources
describe it — UNCONFIRMED: the appendix's own pages were not among the sources checked. A cover
page (the body it answers to, the unit, "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN/ĐI", the year, the first and last
dates and numbers), then the entries in the register's columns on A4 landscape (the same columns as
the Excel workbook, ``documents.exports``). Article 22.2 keeps a separate register for
confidential documents: confidential entries are printed only for those who may read them (the
caller passes the rows ``documents.selectors`` let the user read) and marked in the note column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone, translation

from reformdesk.core.pdf import render_pdf
from reformdesk.documents import exports
from reformdesk.documents.models import IncomingDocument, OutgoingDocument
from reformdesk.org.choices import UnitKind
from reformdesk.org.models import Unit

# People's Committees write "UBND" before their area's name (Decree 30/2020/NĐ-CP, Appendix I,
# section II.2: the issuing body's name in the letterhead).
_COMMITTEE_KINDS = frozenset(
    {UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWN}
)
# Column widths in per cent of the landscape page.
_INCOMING_WIDTHS = (8, 6, 16, 11, 8, 27, 11, 6, 7)
_OUTGOING_WIDTHS = (12, 9, 33, 13, 21, 12)


def _body_name(unit: Unit) -> str:
    name = unit.name_vi
    if unit.kind in _COMMITTEE_KINDS:
        return f"UBND {name[:1].lower()}{name[1:]}".upper()
    return name.upper()


def _heading(unit: Unit) -> tuple[str, str]:
    parent = unit.parent
    if unit.kind in _COMMITTEE_KINDS or parent is None:
        return "", _body_name(unit)
    return _body_name(parent), _body_name(unit)


def _span(days: Sequence[dt.date], numbers: Sequence[str]) -> dict[str, str]:
    blank = "……"
    return {
        "first_day": days[0].strftime("%d/%m/%Y") if days else blank,
        "last_day": days[-1].strftime("%d/%m/%Y") if days else blank,
        "first_number": numbers[0] if numbers else blank,
        "last_number": numbers[-1] if numbers else blank,
    }


def register_pdf(
    *,
    unit: Unit,
    year: int,
    incoming: Sequence[IncomingDocument] | None = None,
    outgoing: Sequence[OutgoingDocument] | None = None,
) -> bytes:
    """The printed incoming register (``incoming``, in number order) or outgoing register
    (``outgoing``) of ``unit`` for ``year``. The printed text is the forms' Vietnamese."""
    with translation.override("vi"):
        return _render(unit=unit, year=year, incoming=incoming, outgoing=outgoing)


def _render(
    *,
    unit: Unit,
    year: int,
    incoming: Sequence[IncomingDocument] | None,
    outgoing: Sequence[OutgoingDocument] | None,
) -> bytes:
    parent, own = _heading(unit)
    if incoming is not None:
        title = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
        headers, widths = exports.incoming_headers(), _INCOMING_WIDTHS
        rows = list(exports.incoming_rows(incoming))
        span = _span(
            [timezone.localtime(d.arrived_at).date() for d in incoming], [f"{d.number:02d}" for d in incoming]
        )
    else:
        assert outgoing is not None
        title = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
        headers, widths = exports.outgoing_headers(), _OUTGOING_WIDTHS
        rows = list(exports.outgoing_rows(outgoing))
        span = _span(sorted(d.issued_on for d in outgoing), [f"{d.number:02d}" for d in outgoing])
    return render_pdf(
        template_name="documents/pdf/register.html",
        context={
            "title": title,
            "parent": parent,
            "own": own,
            "year": year,
            "headers": headers,
            "columns": list(zip(headers, widths, strict=True)),
            "rows": rows,
            "printed_on": timezone.localdate(),
            **span,
        },
    )
