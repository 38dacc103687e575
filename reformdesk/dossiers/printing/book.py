"""The tracking book (Sổ theo dõi hồ sơ): the dossiers a unit's desk received in a period, as a
PDF in the form's layout and as an Excel workbook with the same columns."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reformdesk.core.pdf import render_pdf
from reformdesk.core.services.audit import access_record
from reformdesk.dossiers.choices import Outcome, Status
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.printing.formsets import FormKind, form_set_on
from reformdesk.dossiers.printing.text import (
    agency_in_text,
    agency_name,
    date_vi,
    letterhead,
    place_name,
    short_date_vi,
)
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, require

# A book covers at most a year: longer periods are several books.
MAX_DAYS = 366
COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "Ghi chú",
)
_WIDTHS = (5, 24, 36, 9, 22, 30, 22, 15, 15, 15, 15, 15, 22)  # Excel characters
# The same columns on A4 landscape, in per cent of the page width.
_PDF_WIDTHS = (3, 14, 13, 4, 9, 12, 8, 6, 6, 6, 6, 6, 7)
# Closed without a result: the book notes how the dossier ended instead of an outcome.
_ENDINGS = {Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}


@dataclass(frozen=True)
class BookRow:
    order: int | str
    code: str
    procedure: str
    copies: int
    applicant: str
    contact: str
    processing_agency: str
    received: str
    due: str
    forwarded: str
    result_received: str
    delivered: str
    note: str

    def cells(self) -> tuple[object, ...]:
        return (
            self.order,
            self.code,
            self.procedure,
            self.copies,
            self.applicant,
            self.contact,
            self.processing_agency,
            self.received,
            self.due,
            self.forwarded,
            self.result_received,
            self.delivered,
            self.note,
        )


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError({"end": _("Ngày cuối kỳ phải từ ngày đầu kỳ trở đi.")})
    if (end - start).days >= MAX_DAYS:
        raise ValidationError({"end": _("Sổ theo dõi hồ sơ in cho tối đa một năm mỗi lần.")})


def _note(dossier: Dossier) -> str:
    if dossier.status in _ENDINGS:
        return str(Status(dossier.status).label)
    notes = []
    if dossier.apology_due_at is not None:
        notes.append(f"Hẹn lại: {short_date_vi(dossier.apology_due_at)}")
    if dossier.outcome:
        notes.append(str(Outcome(dossier.outcome).label))
    return "; ".join(notes)


def tracking_book_rows(*, unit: Unit, start: dt.date, end: dt.date) -> list[BookRow]:
    """The dossiers ``unit``'s desk received from ``start`` to ``end`` (both included), in order."""
    _check_period(start, end)
    zone = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    dossiers = (
        Dossier.objects.filter(receiving_unit=unit, received_at__gte=since, received_at__lt=until)
        .select_related("procedure", "processing_unit", "tracking_entry")
        .order_by("received_at", "code")
    )
    return [
        BookRow(
            # The row's number is the dossier's entry in the book, the "Số thứ tự" its receipt
            # printed (a period's printout does not number its rows again).
            order=_entry_number(d),
            code=d.code,
            procedure=d.procedure.name_vi,
            copies=1,
            applicant=d.applicant_name,
            contact=", ".join(filter(None, [d.applicant_address, d.applicant_phone])),
            processing_agency=agency_in_text(d.processing_unit),
            received=short_date_vi(d.received_at),
            due=short_date_vi(d.due_at),
            # The desk hands the dossier to its first processing step at receipt.
            forwarded=short_date_vi(d.received_at),
            result_received=short_date_vi(d.finished_at),
            delivered=short_date_vi(d.delivered_at),
            note=_note(d),
        )
        for d in dossiers
    ]


def _entry_number(dossier: Dossier) -> int | str:
    entry = getattr(dossier, "tracking_entry", None)
    return entry.number if entry is not None else ""


def _book(*, unit: Unit, start: dt.date, end: dt.date, actor: AnyUser) -> tuple[str, str, list[BookRow]]:
    require(actor, Perm.VIEW_DOSSIERS, unit)
    rows = tracking_book_rows(unit=unit, start=start, end=end)
    form_set = form_set_on(start)
    number = form_set.number_of(FormKind.BOOK)
    return number, form_set.basis, rows


def _period(start: dt.date, end: dt.date) -> str:
    return f"Từ {date_vi(start)} đến {date_vi(end)}"


def tracking_book_pdf(*, unit: Unit, start: dt.date, end: dt.date, actor: AnyUser) -> bytes:
    """The book as an A4 landscape PDF; needs ``Perm.VIEW_DOSSIERS`` on ``unit``. One access row."""
    number, basis, rows = _book(unit=unit, start=start, end=end, actor=actor)
    top, own = letterhead(unit)
    pdf = render_pdf(
        template_name="dossiers/forms/book.html",
        context={
            "number": number,
            "basis": basis,
            "letterhead_parent": top,
            "letterhead_unit": own,
            "date_line": f"{place_name(unit)}, {date_vi(timezone.localdate())}",
            "period": _period(start, end),
            "columns": COLUMNS,
            "widths": _PDF_WIDTHS,
            "rows": rows,
        },
    )
    access_record(actor=actor, subject=unit, purpose=f"tracking book {start:%Y%m%d}-{end:%Y%m%d}")
    return pdf


def tracking_book_xlsx(*, unit: Unit, start: dt.date, end: dt.date, actor: AnyUser) -> bytes:
    """The same book as an Excel workbook: a title block, then one header row and one row a dossier."""
    number, basis, rows = _book(unit=unit, start=start, end=end, actor=actor)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "So theo doi ho so"
    sheet.append([agency_name(unit)])
    sheet.append([f"SỔ THEO DÕI HỒ SƠ (Mẫu số {number}, {basis})"])
    sheet.append([_period(start, end)])
    sheet.append([])
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(list(row.cells()))
    thin = Side(style="thin")
    for cell in sheet[5]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for line in sheet.iter_rows(min_row=5, max_row=5 + len(rows)):
        for cell in line:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet["A1"].font = Font(bold=True)
    sheet["A2"].font = Font(bold=True, size=13)
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A6"
    target = io.BytesIO()
    workbook.save(target)
    access_record(actor=actor, subject=unit, purpose=f"tracking book xlsx {start:%Y%m%d}-{end:%Y%m%d}")
    return target.getvalue()
