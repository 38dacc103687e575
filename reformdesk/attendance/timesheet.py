"""The monthly timesheet (bảng chấm công) of a unit, as commune offices keep it: one row per
official (STT, họ và tên, chức vụ), one column per day with a symbol, totals, a legend and the
signature lines. Built from the daily records (leave and accepted explanations included) and the
unit's calendar (holidays)."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reformdesk.attendance.choices import LEAVE_KINDS, DayStatus, ExceptionKind
from reformdesk.attendance.models import DailyRecord
from reformdesk.attendance.selectors import officials_of_unit
from reformdesk.core.downloads import excel_text
from reformdesk.org.models import Official, Unit
from reformdesk.worktime.calendar import calendar_for_unit
from reformdesk.worktime.choices import OverrideKind

WORKED = "+"
HALF = "½"
LATE_EARLY = "M"
MISSING = "Q"
ABSENT = "K"
HOLIDAY = "L"
KIND_SYMBOLS = {
    ExceptionKind.ANNUAL_LEAVE: "P",
    ExceptionKind.SICK_LEAVE: "Ô",
    ExceptionKind.MATERNITY: "TS",
    ExceptionKind.PERSONAL: "R",
    ExceptionKind.UNPAID: "Ro",
    ExceptionKind.COMPENSATORY: "NB",
    ExceptionKind.BUSINESS_TRIP: "CT",
    ExceptionKind.TRAINING: "H",
    ExceptionKind.APPROVED_ABSENCE: "V",
}
LEGEND = (
    (WORKED, gettext_lazy("Làm đủ ngày")),
    (HALF, gettext_lazy("Nửa ngày (ghép với ký hiệu của nửa còn lại, ví dụ ½P)")),
    (KIND_SYMBOLS[ExceptionKind.ANNUAL_LEAVE], gettext_lazy("Nghỉ phép năm")),
    (KIND_SYMBOLS[ExceptionKind.SICK_LEAVE], gettext_lazy("Nghỉ ốm")),
    (KIND_SYMBOLS[ExceptionKind.MATERNITY], gettext_lazy("Nghỉ thai sản")),
    (KIND_SYMBOLS[ExceptionKind.PERSONAL], gettext_lazy("Nghỉ việc riêng")),
    (KIND_SYMBOLS[ExceptionKind.UNPAID], gettext_lazy("Nghỉ không hưởng lương")),
    (KIND_SYMBOLS[ExceptionKind.COMPENSATORY], gettext_lazy("Nghỉ bù")),
    (KIND_SYMBOLS[ExceptionKind.BUSINESS_TRIP], gettext_lazy("Đi công tác")),
    (KIND_SYMBOLS[ExceptionKind.TRAINING], gettext_lazy("Học tập, bồi dưỡng")),
    (KIND_SYMBOLS[ExceptionKind.APPROVED_ABSENCE], gettext_lazy("Vắng mặt có lý do")),
    (ABSENT, gettext_lazy("Vắng không lý do")),
    (LATE_EARLY, gettext_lazy("Đi muộn hoặc về sớm (chưa được chấp nhận giải trình)")),
    (MISSING, gettext_lazy("Thiếu lượt chấm công (chưa được chấp nhận giải trình)")),
    (HOLIDAY, gettext_lazy("Nghỉ lễ, Tết")),
    ("", gettext_lazy("Để trống: ngày nghỉ hằng tuần, ngày chưa tính")),
)
WEEKDAYS = (
    gettext_lazy("T2"),
    gettext_lazy("T3"),
    gettext_lazy("T4"),
    gettext_lazy("T5"),
    gettext_lazy("T6"),
    gettext_lazy("T7"),
    gettext_lazy("CN"),
)
HALF_DAY = Decimal("0.5")


@dataclass
class Totals:
    worked: Decimal = Decimal(0)
    leave: Decimal = Decimal(0)
    late_early: int = 0
    missing: int = 0
    absent: Decimal = Decimal(0)


@dataclass
class TimesheetRow:
    official: Official
    symbols: list[str]
    totals: Totals = field(default_factory=Totals)


@dataclass
class Timesheet:
    unit: Unit
    month: dt.date  # the first day
    days: list[dt.date]
    rows: list[TimesheetRow]
    records: list[DailyRecord]


def _own_half(record: DailyRecord) -> tuple[str, Decimal, bool, bool, bool]:
    """The symbol and counts of the part of the day the official had to punch:
    (symbol, days worked, late/early, missing punch, absent)."""
    late_early = record.status in {DayStatus.LATE, DayStatus.EARLY} and not record.excused
    missing = record.status == DayStatus.MISSING_PUNCH and not record.excused
    if record.status == DayStatus.ABSENT:
        return ABSENT, Decimal(0), False, False, True
    if late_early:
        return LATE_EARLY, Decimal(1), True, False, False
    if missing:
        return MISSING, Decimal(1), False, True, False
    return WORKED, Decimal(1), False, False, False


def record_symbol(record: DailyRecord | None, *, holiday: bool) -> tuple[str, Totals]:
    """The day's symbol and what it adds to the totals."""
    totals = Totals()
    if record is None or record.status == DayStatus.DAY_OFF:
        return (HOLIDAY if holiday else ""), totals
    exception = record.exception if record.exception_id else None
    if exception is not None:
        kind_symbol = KIND_SYMBOLS.get(ExceptionKind(exception.kind), "V")
        is_leave = exception.kind in LEAVE_KINDS
        share = Decimal(1) if record.status == DayStatus.EXCEPTION else HALF_DAY
        if is_leave:
            totals.leave += share
        else:
            totals.worked += share  # business trip, training, approved absence count as worked
        if record.status == DayStatus.EXCEPTION:
            return kind_symbol, totals
        symbol, worked, late_early, missing, absent = _own_half(record)
        totals.worked += worked * HALF_DAY
        totals.late_early += int(late_early)
        totals.missing += int(missing)
        totals.absent += HALF_DAY if absent else Decimal(0)
        return (f"{HALF}{kind_symbol}" if not absent else f"{HALF}{kind_symbol}/{ABSENT}"), totals
    symbol, worked, late_early, missing, absent = _own_half(record)
    totals.worked += worked
    totals.late_early += int(late_early)
    totals.missing += int(missing)
    totals.absent += Decimal(int(absent))
    return symbol, totals


def timesheet_build(*, unit: Unit, month: dt.date) -> Timesheet:
    """The unit's timesheet for the month of ``month``: its current officials and anyone with a
    record there that month, in name order."""
    first = month.replace(day=1)
    days = [first + dt.timedelta(days=i) for i in range(pycalendar.monthrange(first.year, first.month)[1])]
    records = list(
        DailyRecord.objects.filter(unit=unit, day__range=(days[0], days[-1]))
        .select_related("official", "exception")
        .order_by("official_id", "day")
    )
    by_key = {(r.official_id, r.day): r for r in records}
    officials = {o.pk: o for o in officials_of_unit(unit=unit)}
    for record in records:
        officials.setdefault(record.official_id, record.official)
    calendar = calendar_for_unit(unit)
    holidays = set()
    for day in days:
        special = calendar.special_day(day)
        if special is not None and special.kind == OverrideKind.HOLIDAY:
            holidays.add(day)
    rows = []
    for official in sorted(officials.values(), key=lambda o: (o.full_name, o.pk)):
        row = TimesheetRow(official=official, symbols=[])
        for day in days:
            symbol, add = record_symbol(by_key.get((official.pk, day)), holiday=day in holidays)
            row.symbols.append(symbol)
            row.totals.worked += add.worked
            row.totals.leave += add.leave
            row.totals.late_early += add.late_early
            row.totals.missing += add.missing
            row.totals.absent += add.absent
        rows.append(row)
    return Timesheet(unit=unit, month=first, days=days, rows=rows, records=records)


def total_headers() -> list[str]:
    return [
        _("Số ngày công"),
        _("Số ngày nghỉ phép, ốm, thai sản, việc riêng, nghỉ bù"),
        _("Đi muộn, về sớm (lần)"),
        _("Thiếu lượt chấm (lần)"),
        _("Vắng không lý do (ngày)"),
    ]


def short_total_headers() -> list[str]:
    """The totals' headings on the page, where the long ones would make the header row tall."""
    return [_("Ngày công"), _("Nghỉ"), _("Muộn, sớm"), _("Thiếu chấm"), _("Vắng")]


def _number(value: Decimal | int) -> float | int:
    return int(value) if value == int(value) else float(value)


HEADER_ROW = 6
FIRST_DAY_COLUMN = 4


def timesheet_workbook(sheet: Timesheet) -> bytes:
    """The timesheet as an .xlsx: title and unit on top, the grid, the legend, the signatures."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = f"{sheet.month:%m-%Y}"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    totals = total_headers()
    last_column = FIRST_DAY_COLUMN + len(sheet.days) + len(totals) - 1

    def text(row: int, column: int, value: str, **style: object) -> None:
        cell = excel_text(ws.cell(row=row, column=column), value)
        for key, item in style.items():
            setattr(cell, key, item)

    parent = sheet.unit.parent.name if sheet.unit.parent_id and sheet.unit.parent else ""
    text(1, 1, parent.upper(), font=Font(bold=False))
    text(2, 1, sheet.unit.name.upper(), font=Font(bold=True))
    text(3, 1, _("BẢNG CHẤM CÔNG"), font=Font(bold=True, size=14), alignment=center)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last_column)
    text(
        4,
        1,
        _("Tháng %(month)s năm %(year)s") % {"month": f"{sheet.month.month:02d}", "year": sheet.month.year},
        font=Font(italic=True),
        alignment=center,
    )
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=last_column)

    head, sub = HEADER_ROW, HEADER_ROW + 1
    for column, label in ((1, _("STT")), (2, _("Họ và tên")), (3, _("Chức vụ"))):
        text(head, column, label, font=Font(bold=True), alignment=center, border=box)
        ws.merge_cells(start_row=head, start_column=column, end_row=sub, end_column=column)
    for index, day in enumerate(sheet.days):
        column = FIRST_DAY_COLUMN + index
        ws.cell(row=head, column=column, value=day.day).alignment = center
        ws.cell(row=head, column=column).font = Font(bold=True)
        ws.cell(row=head, column=column).border = box
        text(sub, column, str(WEEKDAYS[day.weekday()]), alignment=center, border=box)
        ws.column_dimensions[get_column_letter(column)].width = 4.2
    for index, label in enumerate(totals):
        column = FIRST_DAY_COLUMN + len(sheet.days) + index
        text(head, column, label, font=Font(bold=True), alignment=center, border=box)
        ws.merge_cells(start_row=head, start_column=column, end_row=sub, end_column=column)
        ws.column_dimensions[get_column_letter(column)].width = 11
    ws.row_dimensions[head].height = 48

    row_index = sub
    for number, row in enumerate(sheet.rows, 1):
        row_index = sub + number
        ws.cell(row=row_index, column=1, value=number).alignment = center
        text(row_index, 2, row.official.full_name)
        text(row_index, 3, row.official.position)
        for index, symbol in enumerate(row.symbols):
            text(row_index, FIRST_DAY_COLUMN + index, symbol, alignment=center)
        figures: list[Decimal | int] = [
            row.totals.worked,
            row.totals.leave,
            row.totals.late_early,
            row.totals.missing,
            row.totals.absent,
        ]
        for index, value in enumerate(figures):
            cell = ws.cell(
                row=row_index, column=FIRST_DAY_COLUMN + len(sheet.days) + index, value=_number(value)
            )
            cell.alignment = center
        for column in range(1, last_column + 1):
            ws.cell(row=row_index, column=column).border = box
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 20
    ws.freeze_panes = ws.cell(row=sub + 1, column=FIRST_DAY_COLUMN)

    legend_row = row_index + 2
    text(legend_row, 2, _("Ký hiệu chấm công:"), font=Font(bold=True))
    for offset, (mark, legend_label) in enumerate(LEGEND, 1):
        text(
            legend_row + offset,
            2,
            str(mark) or "(" + str(_("trống")) + ")",
            alignment=Alignment(horizontal="center"),
        )
        text(legend_row + offset, 3, str(legend_label))

    sign_row = legend_row + len(LEGEND) + 2
    right = max(FIRST_DAY_COLUMN + len(sheet.days) - 6, FIRST_DAY_COLUMN + 10)
    text(sign_row, right, _("Ngày ..... tháng ..... năm ........"), font=Font(italic=True))
    text(sign_row + 1, 2, _("NGƯỜI LẬP BIỂU"), font=Font(bold=True), alignment=Alignment(horizontal="center"))
    text(sign_row + 1, right, _("THỦ TRƯỞNG ĐƠN VỊ"), font=Font(bold=True))
    text(
        sign_row + 2,
        2,
        _("(Ký, ghi rõ họ tên)"),
        font=Font(italic=True),
        alignment=Alignment(horizontal="center"),
    )
    text(sign_row + 2, right, _("(Ký, ghi rõ họ tên, đóng dấu)"), font=Font(italic=True))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
