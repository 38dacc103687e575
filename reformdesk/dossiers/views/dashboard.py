"""The leader's dashboard: received, finished, on time, late and online share, with an Excel export.

Both read ``?unit=<code>&start=<YYYY-MM-DD>&end=<YYYY-MM-DD>`` (default: the unit chosen in the
switcher, the twelve months up to today) and need ``Perm.VIEW_DOSSIERS`` on the unit: its
leaders, reform officers and inspectors (and its desk staff, who read its dossiers anyway). The
figures come from :func:`reformdesk.dossiers.statistics.dossier_statistics`; the charts are drawn
on the server as SVG, like the catalog's statistics page.
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
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reformdesk.core.charts import MONTH_COLUMNS, UNIT_BARS
from reformdesk.core.dates import DayField
from reformdesk.core.downloads import XLSX_CONTENT_TYPE, download, excel_text
from reformdesk.dossiers.statistics import DossierStatistics, Figures, dossier_statistics
from reformdesk.org.current import current_unit, switchable_units
from reformdesk.org.forms import UnitQueryForm
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, has_perm

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_DAYS = 3 * 366  # three years at most: the page stays quick
TOP_PROCEDURES = 15


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The twelve calendar months up to ``today``: from the first day of the month 11 months ago."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1), today


class DashboardQueryForm(UnitQueryForm):
    """The page's filter: a unit code and a period. Cleans ``unit`` to a :class:`Unit`."""

    start = DayField(label=gettext_lazy("Từ ngày"), required=False)
    end = DayField(label=gettext_lazy("Đến ngày"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        first, last = default_period(timezone.localdate())
        start, end = data.get("start") or first, data.get("end") or last
        for name, day in (("start", start), ("end", end)):
            if not MIN_YEAR <= day.year <= MAX_YEAR:
                self.add_error(
                    name,
                    _("Ngày phải trong các năm %(min)s–%(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
                )
        if self.errors:
            return data
        if start > end:
            self.add_error("end", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        elif (end - start).days >= MAX_DAYS:
            self.add_error("end", _("Mỗi lần chỉ thống kê được tối đa 3 năm."))
        data["start"], data["end"] = start, end
        return data


def _query(request: HttpRequest, *, page: bool = True) -> tuple[DashboardQueryForm, Unit | None]:
    """The bound filter form and, when valid, the unit (permission checked)."""
    asked = (request.GET.get("unit") or "").strip()
    default = None if asked else current_unit(request)
    choices = list(switchable_units(request)) if page or not asked else []
    form = DashboardQueryForm(request.GET, default_unit=default, choices=choices)
    if not form.is_valid():
        return form, None
    unit: Unit = form.cleaned_data["unit"]
    if not has_perm(request.user, Perm.VIEW_DOSSIERS, unit):
        raise PermissionDenied(_("Bạn không có quyền xem thống kê hồ sơ của đơn vị này."))
    if all(u.pk != unit.pk for u in choices):
        form.fields["unit"].widget.choices = [
            (unit.code, f"{unit.name} ({unit.code})"),
            *form.fields["unit"].widget.choices,
        ]
    shown = request.GET.copy()
    shown["unit"] = unit.code
    shown["start"], shown["end"] = (
        form.cleaned_data["start"].isoformat(),
        form.cleaned_data["end"].isoformat(),
    )
    form.data = shown
    return form, unit


# --- the charts ------------------------------------------------------------------------------------


def month_chart(stats: DossierStatistics) -> dict[str, Any]:
    """Columns per month: dossiers received (dark) and finished (light), on one scale."""
    return MONTH_COLUMNS.chart(
        stats.by_month,
        names=("received", "finished"),
        values=lambda row: (row.figures.received, row.figures.finished),
    )


def unit_chart(stats: DossierStatistics) -> dict[str, Any]:
    """Two bars per unit: the share finished on time and the share filed online (0–100 %)."""
    return UNIT_BARS.chart(
        [({"row": row}, (row.figures.on_time_share, row.figures.online_share)) for row in stats.by_unit],
        names=("on_time", "online"),
    )


# --- the page ----------------------------------------------------------------------------------------


def tables(stats: DossierStatistics) -> list[dict[str, Any]]:
    """The page's three tables (by unit, the busiest procedures, by month), each with its total."""
    total = {"key": "total", "code": "", "label": _("Tổng"), "figures": stats.total, "total": True}
    units = [
        {"key": r.unit.code, "code": "", "label": r.unit.name, "figures": r.figures, "total": False}
        for r in stats.by_unit
    ]
    procedures = [
        {"key": r.code, "code": r.code, "label": r.name, "figures": r.figures, "total": False}
        for r in stats.by_procedure[:TOP_PROCEDURES]
    ]
    months = [
        {
            "key": f"{r.month:%Y-%m}",
            "code": "",
            "label": f"{r.month:%m/%Y}",
            "figures": r.figures,
            "total": False,
        }
        for r in stats.by_month
    ]
    return [
        {"id": "table-units", "title": _("Bảng theo đơn vị"), "key": _("Đơn vị"), "rows": [*units, total]},
        {
            "id": "table-procedures",
            "title": _("Bảng theo thủ tục"),
            "key": _("Thủ tục"),
            "rows": [*procedures, total],
            "more": max(len(stats.by_procedure) - TOP_PROCEDURES, 0),
        },
        {"id": "table-months", "title": _("Bảng theo tháng"), "key": _("Tháng"), "rows": [*months, total]},
    ]


def _context(form: DashboardQueryForm) -> dict[str, Any]:
    return {"form": form, "page_title": _("Tình hình giải quyết hồ sơ")}


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """The figures of the chosen unit and the units under it, for the chosen period."""
    form, unit = _query(request)
    if unit is None:
        return render(request, "dossiers/dashboard.html", _context(form), status=400 if request.GET else 200)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    stats = dossier_statistics(unit=unit, start=start, end=end)
    context = _context(form)
    context.update(
        unit=unit,
        start=start,
        end=end,
        stats=stats,
        months=month_chart(stats),
        units=unit_chart(stats),
        tables=tables(stats),
    )
    return render(request, "dossiers/dashboard.html", context)


# --- the Excel export --------------------------------------------------------------------------------


def _headers() -> list[str]:
    return [
        pgettext("statistics", "Tiếp nhận"),
        _("Nộp trực tuyến"),
        _("Tỷ lệ trực tuyến"),
        _("Đã giải quyết"),
        _("Đúng hạn"),
        _("Quá hạn"),
        _("Tỷ lệ đúng hạn"),
    ]


def _values(figures: Figures) -> list[Any]:
    return [
        figures.received,
        figures.online,
        _fraction(figures.online_share),
        figures.finished,
        figures.on_time,
        figures.late,
        _fraction(figures.on_time_share),
    ]


def _fraction(percent: Decimal | None) -> Decimal | None:
    """75.2 (per cent) → 0.752, which Excel shows as 75.2 % with the "0.0%" format."""
    return None if percent is None else percent / 100


def _sheet(workbook: Workbook, title: str, keys: list[str], rows: list[tuple[list[Any], Figures]]) -> None:
    """One sheet: header row, then per row its key columns and the seven figures; last row bold."""
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
            if column - len(keys) in (3, 7):
                cell.number_format = "0.0%"
            if row_index == len(rows) + 1:
                cell.font = Font(bold=True)
    widths = [16, 48][: len(keys)] if len(keys) > 1 else [16]
    for column, width in enumerate([*widths, *([14] * 7)], 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=2, column=len(keys) + 1)


def dashboard_workbook(stats: DossierStatistics) -> bytes:
    """Sheets by unit, by procedure and by month (each ending with the total), and the notes."""
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
        _("Theo thủ tục"),
        [_("Mã thủ tục"), _("Thủ tục")],
        [([r.code, r.name], r.figures) for r in stats.by_procedure] + [(["", total], stats.total)],
    )
    _sheet(
        workbook,
        _("Theo tháng"),
        [_("Tháng")],
        [([r.month.strftime("%m/%Y")], r.figures) for r in stats.by_month] + [([total], stats.total)],
    )
    notes = workbook.create_sheet(_("Ghi chú"))
    lines = (
        _("Đơn vị: %(name)s (%(code)s)") % {"name": stats.unit.name, "code": stats.unit.code},
        _("Từ ngày %(start)s đến ngày %(end)s")
        % {"start": stats.start.strftime("%d/%m/%Y"), "end": stats.end.strftime("%d/%m/%Y")},
        _("Tiếp nhận: hồ sơ được tiếp nhận (bắt đầu tính thời hạn) trong kỳ, tính tại cơ quan giải quyết."),
        _(
            "Đã giải quyết: hồ sơ có kết quả trong kỳ; đúng hạn gồm cả trước hạn; hồ sơ phải bổ sung"
            " quá một lần được tính là quá hạn."
        ),
    )
    for row_index, line in enumerate(lines, 1):
        excel_text(notes.cell(row=row_index, column=1), str(line))
    notes.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    """The page's figures as an Excel file; bad input gets the page with its errors (400)."""
    form, unit = _query(request, page=False)
    if unit is None:
        form, _unit = _query(request)  # again with the unit choices, to show the form
        return render(request, "dossiers/dashboard.html", _context(form), status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    stats = dossier_statistics(unit=unit, start=start, end=end)
    filename = f"thong-ke-ho-so-{unit.code}-{start.isoformat()}-{end.isoformat()}.xlsx"
    return download(dashboard_workbook(stats), filename=filename, content_type=XLSX_CONTENT_TYPE)


def nav_visible(request: HttpRequest) -> bool:
    """The menu entry: for staff who read dossiers somewhere."""
    return has_perm(request.user, Perm.VIEW_DOSSIERS)
