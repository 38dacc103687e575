"""The leader's feedback dashboard and its Excel export (issue 11, "Staff pages and figures").

Both read ``?unit=<code>&start=<YYYY-MM-DD>&end=<YYYY-MM-DD>`` (default: the unit chosen in the
switcher, the twelve months up to today) and need ``Perm.VIEW_FEEDBACK`` on the unit. The figures
come from :func:`reformdesk.feedback.statistics.feedback_statistics`; the charts are drawn on the
server as SVG, with tables holding the same numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reformdesk.core.charts import MONTH_COLUMNS, UNIT_BARS
from reformdesk.core.dates import DayField
from reformdesk.core.downloads import XLSX_CONTENT_TYPE, download, excel_text
from reformdesk.feedback.statistics import FeedbackStatistics, Figures, feedback_statistics
from reformdesk.org.current import current_unit, switchable_units
from reformdesk.org.forms import UnitQueryForm
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, has_perm

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_DAYS = 3 * 366  # three years at most


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The twelve calendar months up to ``today``: from the first day of the month 11 months ago."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1), today


class FeedbackDashboardForm(UnitQueryForm):
    """The page's filter: a unit code and a period of receipt. Cleans ``unit`` to a :class:`Unit`."""

    start = DayField(label=gettext_lazy("Tiếp nhận từ ngày"), required=False)
    end = DayField(label=gettext_lazy("Đến ngày"), required=False)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if self.errors:
            return data
        first, last = default_period(timezone.localdate())
        start, end = data.get("start") or first, data.get("end") or last
        for name, day in (("start", start), ("end", end)):
            if not MIN_YEAR <= day.year <= MAX_YEAR:
                self.add_error(
                    name, _("Ngày phải trong các năm %(min)s–%(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
                )
        if self.errors:
            return data
        if start > end:
            self.add_error("end", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        elif (end - start).days >= MAX_DAYS:
            self.add_error("end", _("Mỗi lần chỉ thống kê được tối đa 3 năm."))
        data["start"], data["end"] = start, end
        return data


def _query(request: HttpRequest, *, page: bool = True) -> tuple[FeedbackDashboardForm, Unit | None]:
    """The bound filter form and, when valid, the unit (permission checked)."""
    asked = (request.GET.get("unit") or "").strip()
    default = None if asked else current_unit(request)
    choices = list(switchable_units(request)) if page or not asked else []
    form = FeedbackDashboardForm(request.GET, default_unit=default, choices=choices)
    if not form.is_valid():
        return form, None
    unit: Unit = form.cleaned_data["unit"]
    if not has_perm(request.user, Perm.VIEW_FEEDBACK, unit):
        raise PermissionDenied(_("Bạn không có quyền xem thống kê phản ánh của đơn vị này."))
    if all(u.pk != unit.pk for u in choices):
        form.fields["unit"].widget.choices = [
            (unit.code, f"{unit.name} ({unit.code})"),
            *form.fields["unit"].widget.choices,
        ]
    shown = request.GET.copy()
    shown["unit"] = unit.code
    shown["start"] = form.cleaned_data["start"].isoformat()
    shown["end"] = form.cleaned_data["end"].isoformat()
    form.data = shown
    return form, unit


# --- the charts ------------------------------------------------------------------------------------


def month_chart(stats: FeedbackStatistics) -> dict[str, Any]:
    """Columns per month: cases received (dark) and answered on time (green), on one scale."""
    return MONTH_COLUMNS.chart(
        stats.by_month,
        names=("received", "on_time"),
        values=lambda row: (row.figures.received, row.figures.on_time),
    )


def unit_chart(stats: FeedbackStatistics) -> dict[str, Any]:
    """Two bars per unit: the two Decision 766 rates (handled on time, satisfaction), 0–100 %."""
    return UNIT_BARS.chart(
        [
            ({"row": row}, (row.figures.rate_766_on_time, row.figures.rate_766_satisfaction))
            for row in stats.by_unit
        ],
        names=("on_time", "satisfaction"),
    )


# --- the page ----------------------------------------------------------------------------------------


def tables(stats: FeedbackStatistics) -> list[dict[str, Any]]:
    """The page's three tables (by unit, kind and month), each ending with the total."""
    total = {"key": "total", "label": _("Tổng"), "figures": stats.total, "total": True}
    units = [
        {"key": r.unit.code, "label": r.unit.name, "figures": r.figures, "total": False}
        for r in stats.by_unit
    ]
    kinds = [{"key": r.kind, "label": r.label, "figures": r.figures, "total": False} for r in stats.by_kind]
    months = [
        {"key": f"{r.month:%Y-%m}", "label": f"{r.month:%m/%Y}", "figures": r.figures, "total": False}
        for r in stats.by_month
    ]
    return [
        {"id": "table-units", "title": _("Bảng theo đơn vị"), "key": _("Đơn vị"), "rows": [*units, total]},
        {
            "id": "table-kinds",
            "title": _("Bảng theo loại phản ánh"),
            "key": _("Loại"),
            "rows": [*kinds, total],
        },
        {
            "id": "table-months",
            "title": _("Bảng theo tháng tiếp nhận"),
            "key": _("Tháng"),
            "rows": [*months, total],
        },
    ]


def _context(form: FeedbackDashboardForm) -> dict[str, Any]:
    return {"form": form, "page_title": _("Thống kê phản ánh, kiến nghị")}


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """The figures of the chosen unit and the units under it, for the chosen period."""
    if not has_perm(request.user, Perm.VIEW_FEEDBACK):
        raise PermissionDenied
    form, unit = _query(request)
    if unit is None:
        return render(
            request, "feedback/staff/dashboard.html", _context(form), status=400 if request.GET else 200
        )
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    stats = feedback_statistics(unit=unit, start=start, end=end, now=timezone.now())
    context = _context(form)
    context.update(
        unit=unit,
        start=start,
        end=end,
        stats=stats,
        months=month_chart(stats),
        units=unit_chart(stats),
        tables=tables(stats),
        notes=formula_notes(),
    )
    return render(request, "feedback/staff/dashboard.html", context)


# --- the Excel export --------------------------------------------------------------------------------

PERCENT_COLUMNS = (6, 9, 11, 13)  # 1-based among the figures: the shares and the 766 rates


def _headers() -> list[str]:
    return [
        _("Tiếp nhận"),
        _("Gộp do trùng"),
        _("Phản ánh, kiến nghị (766)"),
        _("Đã trả lời"),
        _("Trả lời đúng hạn"),
        _("Tỷ lệ trả lời đúng hạn"),
        _("Quá hạn"),
        _("Hài lòng / đã đánh giá"),
        _("Tỷ lệ hài lòng"),
        _("Mở lại"),
        _("766: tỷ lệ xử lý đúng hạn"),
        _("766: điểm xử lý đúng hạn (tối đa 6)"),
        _("766: tỷ lệ hài lòng về xử lý"),
        _("766: điểm hài lòng (tối đa 6)"),
    ]


def _values(f: Figures) -> list[Any]:
    return [
        f.received,
        f.merged,
        f.petitions,
        f.answered,
        f.on_time,
        _fraction(f.on_time_share),
        f.late,
        f"{f.satisfied}/{f.rated}",
        _fraction(f.satisfaction_share),
        f.reopened,
        _fraction(f.rate_766_on_time),
        f.score_766_on_time,
        _fraction(f.rate_766_satisfaction),
        f.score_766_satisfaction,
    ]


def _fraction(percent: Decimal | None) -> Decimal | None:
    """75.2 (per cent) → 0.752, which Excel shows as 75.2 % with the "0.0%" format."""
    return None if percent is None else percent / 100


def _sheet(workbook: Workbook, title: str, keys: list[str], rows: list[tuple[list[Any], Figures]]) -> None:
    """One sheet: header row, then per row its key columns and the figures; last row bold."""
    sheet = workbook.create_sheet(title)
    for column, header in enumerate([*keys, *_headers()], 1):
        cell = sheet.cell(row=1, column=column)
        excel_text(cell, str(header))
        cell.font = Font(bold=True)
    for row_index, (key_values, figures) in enumerate(rows, 2):
        for column, value in enumerate([*key_values, *_values(figures)], 1):
            cell = sheet.cell(row=row_index, column=column)
            if isinstance(value, str):
                excel_text(cell, value)
            else:
                cell.value = value
            if column - len(keys) in PERCENT_COLUMNS:
                cell.number_format = "0.0%"
            if row_index == len(rows) + 1:
                cell.font = Font(bold=True)
    for column in range(1, len(keys) + len(_headers()) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 40 if column == len(keys) else 14
    sheet.freeze_panes = sheet.cell(row=2, column=len(keys) + 1)


def formula_notes() -> list[str]:
    """How each figure is counted: the page's "Cách tính" and the workbook's notes."""
    return [
        _(
            "Phản ánh được tính theo ngày tiếp nhận trong kỳ, tại cơ quan xử lý; số liệu tính đến "
            "thời điểm xem."
        ),
        _(
            "Quá hạn: trả lời sau hạn, từ chối sau hạn từ chối, hoặc chưa trả lời khi đã quá hạn "
            "trả lời (thời gian chờ công dân bổ sung thông tin không tính)."
        ),
        _("Tỷ lệ hài lòng: số phản ánh công dân đánh giá hài lòng trên số phản ánh đã được đánh giá."),
        _("Phản ánh, kiến nghị (766): số tiếp nhận trừ số phản ánh trùng đã gộp vào phản ánh khác."),
        _(
            "766 — Xử lý phản ánh, kiến nghị đúng hạn: tỷ lệ R = (số phản ánh − số quá hạn) / số "
            "phản ánh; điểm = 6 × R; đơn vị không có phản ánh được 6 điểm."
        ),
        _(
            "766 — Mức độ hài lòng về xử lý phản ánh, kiến nghị: R = (số phản ánh − số không hài "
            "lòng − số phản ánh lại (mở lại) − số quá hạn) / số phản ánh; điểm = 6 × R; không có "
            "phản ánh được 6 điểm."
        ),
        _(
            "Công thức theo tài liệu tổng hợp về Quyết định 766/QĐ-TTg (23/06/2022), nhóm chỉ số "
            "Mức độ hài lòng; chưa đối chiếu được với phụ lục văn bản gốc."
        ),
    ]


def dashboard_workbook(stats: FeedbackStatistics) -> bytes:
    """Sheets by unit, by kind and by month (each ending with the total), and the notes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    total = _("Tổng")
    _sheet(
        workbook,
        _("Theo đơn vị"),
        [_("Mã đơn vị"), _("Đơn vị")],
        [([r.unit.code, r.unit.name], r.figures) for r in stats.by_unit] + [(["", total], stats.total)],
    )
    _sheet(
        workbook,
        _("Theo loại"),
        [_("Loại phản ánh")],
        [([r.label], r.figures) for r in stats.by_kind] + [([total], stats.total)],
    )
    _sheet(
        workbook,
        _("Theo tháng"),
        [_("Tháng")],
        [([r.month.strftime("%m/%Y")], r.figures) for r in stats.by_month] + [([total], stats.total)],
    )
    notes = workbook.create_sheet(_("Ghi chú"))
    lines = [
        _("Đơn vị: %(name)s (%(code)s)") % {"name": stats.unit.name, "code": stats.unit.code},
        _("Tiếp nhận từ ngày %(start)s đến ngày %(end)s")
        % {"start": stats.start.strftime("%d/%m/%Y"), "end": stats.end.strftime("%d/%m/%Y")},
        *formula_notes(),
    ]
    for row_index, line in enumerate(lines, 1):
        excel_text(notes.cell(row=row_index, column=1), str(line))
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    """The page's figures as an Excel file; bad input gets the page with its errors (400)."""
    if not has_perm(request.user, Perm.VIEW_FEEDBACK):
        raise PermissionDenied
    form, unit = _query(request, page=False)
    if unit is None:
        form, _unit = _query(request)
        return render(request, "feedback/staff/dashboard.html", _context(form), status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    stats = feedback_statistics(unit=unit, start=start, end=end, now=timezone.now())
    filename = f"thong-ke-phan-anh-{unit.code}-{start.isoformat()}-{end.isoformat()}.xlsx"
    return download(dashboard_workbook(stats), filename=filename, content_type=XLSX_CONTENT_TYPE)


def nav_visible(request: HttpRequest) -> bool:
    """The menu entry: for staff who read feedback somewhere."""
    return has_perm(request.user, Perm.VIEW_FEEDBACK)
