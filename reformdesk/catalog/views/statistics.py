"""Publication statistics for staff: a page with a server-drawn chart and a table, and an Excel export.

Both read ``?unit=<code>&on=<YYYY-MM-DD>`` (default: the unit chosen in the switcher, today) and
need ``Perm.VIEW_STAFF_AREA`` on that unit: staff of the unit, or of a unit above it with a role
over the subtree. The figures come from :func:`reformdesk.catalog.statistics.publication_statistics`.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django import forms
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

from reformdesk.catalog.choices import LegacyOnlineLevel, OnlineLevel
from reformdesk.catalog.statistics import (
    LEGACY_KEYS,
    ONLINE_KEYS,
    PublicationFigures,
    PublicationStatistics,
    publication_statistics,
)
from reformdesk.core.charts import PairedBars
from reformdesk.core.dates import DayField
from reformdesk.core.downloads import XLSX_CONTENT_TYPE, download, excel_text
from reformdesk.org.current import current_unit, switchable_units
from reformdesk.org.forms import UnitQueryForm
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, has_perm
from reformdesk.org.selectors import unit_ancestors

MIN_YEAR, MAX_YEAR = 2000, 2100


class StatisticsQueryForm(UnitQueryForm):
    """The page's filter: a unit code and a day. Cleans ``unit`` to a :class:`Unit`."""

    on = DayField(label=gettext_lazy("Ngày thống kê"), required=False)

    def clean_on(self) -> dt.date:
        day: dt.date | None = self.cleaned_data.get("on")
        if day is None:
            return timezone.localdate()
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise forms.ValidationError(
                _("Ngày thống kê phải trong các năm %(min)s–%(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
                code="out_of_range",
            )
        return day


def _query(
    request: HttpRequest, *, page: bool = True
) -> tuple[StatisticsQueryForm, Unit | None, dt.date | None]:
    """The bound filter form and, when valid, the unit (permission checked) and the day.

    The switcher's unit is looked up only when no unit is asked for; the unit choices only for
    the page (the export renders no form unless the input is bad)."""
    asked = (request.GET.get("unit") or "").strip()
    default = None if asked else current_unit(request)
    choices = list(switchable_units(request)) if page or not asked else []
    form = StatisticsQueryForm(request.GET, default_unit=default, choices=choices)
    if not form.is_valid():
        return form, None, None
    unit: Unit = form.cleaned_data["unit"]
    if not has_perm(request.user, Perm.VIEW_STAFF_AREA, unit):
        raise PermissionDenied(_("Bạn không có quyền xem thống kê của đơn vị này."))
    if all(u.pk != unit.pk for u in choices):
        form.fields["unit"].widget.choices = [
            (unit.code, f"{unit.name} ({unit.code})"),
            *form.fields["unit"].widget.choices,
        ]
    # Show what was used when a value was left out (the switcher's unit, today).
    shown = request.GET.copy()
    shown["unit"], shown["on"] = unit.code, form.cleaned_data["on"].isoformat()
    form.data = shown
    return form, unit, form.cleaned_data["on"]


# --- the chart -------------------------------------------------------------------------------------

CHART = PairedBars(
    label_width=230,
    bar_width=420,
    row_height=44,
    top=34,
    label_y=17,
    first_y=4,
    first_text_y=16,
    second_y=22,
    second_text_y=32,
)


def chart_rows(stats: PublicationStatistics) -> dict[str, Any]:
    """Geometry of the server-drawn bar chart: per row, the portal share and the desk share."""
    return CHART.chart(
        [
            (
                {"figures": figures, "is_total": figures.kind == "total"},
                (figures.portal_share, figures.desk_share),
            )
            for figures in [*stats.rows, stats.total]
        ],
        names=("portal", "desk"),
    )


def _level_labels() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    online = [(key, str(OnlineLevel(key).label)) for key in ONLINE_KEYS]
    legacy = [
        (key, str(LegacyOnlineLevel(int(key)).label) if key != "none" else _("Chưa xác định"))
        for key in LEGACY_KEYS
    ]
    return online, legacy


def _base_context(form: StatisticsQueryForm) -> dict[str, Any]:
    online_labels, legacy_labels = _level_labels()
    return {
        "form": form,
        "page_title": _("Thống kê công khai thủ tục hành chính"),
        "online_labels": online_labels,
        "legacy_labels": legacy_labels,
    }


def _refused(request: HttpRequest, form: StatisticsQueryForm) -> HttpResponse:
    """The page with the form's errors: 400 for bad input, 200 when nothing was asked yet."""
    status = 400 if request.GET else 200
    return render(request, "catalog/statistics.html", _base_context(form), status=status)


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    """Procedures in scope, posted at the desk and on the portal, per unit under the chosen unit."""
    form, unit, on = _query(request)
    if unit is None or on is None:
        return _refused(request, form)
    context = _base_context(form)
    online_labels, legacy_labels = context["online_labels"], context["legacy_labels"]
    stats = publication_statistics(unit=unit, on=on)
    crumbs = [a for a in unit_ancestors(unit=unit) if has_perm(request.user, Perm.VIEW_STAFF_AREA, a)]
    context.update(
        unit=unit,
        on=on,
        stats=stats,
        chart=chart_rows(stats),
        crumbs=crumbs,
        rows=[
            _table_row(
                f,
                online_labels,
                legacy_labels,
                link=f.kind == "child" and has_perm(request.user, Perm.VIEW_STAFF_AREA, f.unit),
            )
            for f in [*stats.rows, stats.total]
        ],
    )
    return render(request, "catalog/statistics.html", context)


def _table_row(
    figures: PublicationFigures,
    online_labels: list[tuple[str, str]],
    legacy_labels: list[tuple[str, str]],
    *,
    link: bool,
) -> dict[str, Any]:
    return {
        "figures": figures,
        "link": link,
        "online": [figures.online[key] for key, _label in online_labels],
        "legacy": [figures.legacy[key] for key, _label in legacy_labels],
    }


# --- the Excel export --------------------------------------------------------------------------------


def statistics_workbook(stats: PublicationStatistics) -> bytes:
    """One header row, one row per unit, the total; counts as numbers, shares as percentages."""
    online_labels, legacy_labels = _level_labels()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Thống kê")
    headers = [
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Phạm vi"),
        _("Thủ tục thuộc phạm vi"),
        _("Niêm yết tại Bộ phận Một cửa"),
        _("Tỷ lệ niêm yết"),
        _("Công khai trên Cổng dịch vụ công"),
        _("Tỷ lệ công khai trên Cổng"),
        *(_("Mức độ hiện hành: %(level)s") % {"level": label} for _key, label in online_labels),
        *(_("Mức độ cũ: %(level)s") % {"level": label} for _key, label in legacy_labels),
    ]
    for column, header in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=column)
        excel_text(cell, str(header))
        cell.font = Font(bold=True)
    scope_labels = {
        "own": _("Cấp đơn vị (gồm phòng, ban, bộ phận một cửa)"),
        "child": _("Đơn vị trực thuộc"),
        "total": _("Tổng (số thủ tục khác nhau)"),
    }
    for row_index, figures in enumerate([*stats.rows, stats.total], 2):
        values: list[Any] = [
            figures.unit.code,
            figures.unit.name,
            str(scope_labels[figures.kind]),
            figures.in_scope,
            figures.at_desk,
            _fraction(figures.desk_share),
            figures.on_portal,
            _fraction(figures.portal_share),
            *(figures.online[key] for key, _label in online_labels),
            *(figures.legacy[key] for key, _label in legacy_labels),
        ]
        for column, value in enumerate(values, 1):
            cell = sheet.cell(row=row_index, column=column)
            if isinstance(value, str):
                excel_text(cell, value)
            else:
                cell.value = value
            if column in (6, 8):
                cell.number_format = "0.0%"
            if figures.kind == "total":
                cell.font = Font(bold=True)
    for column, width in enumerate([16, 34, 30, *([14] * (len(headers) - 3))], 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C2"

    notes = workbook.create_sheet(_("Ghi chú"))
    lines = (
        _("Đơn vị: %(name)s (%(code)s)") % {"name": stats.unit.name, "code": stats.unit.code},
        _("Ngày thống kê: %(day)s") % {"day": stats.on.strftime("%d/%m/%Y")},
        _(
            "Thủ tục thuộc phạm vi: thủ tục có phiên bản còn hiệu lực vào ngày thống kê, cùng cấp với "
            "đơn vị (cấp xã gồm xã, phường, thị trấn)."
        ),
        _(
            "Một thủ tục được tính là đã niêm yết, đã công khai khi mọi đơn vị có thẩm quyền giải quyết "
            "thủ tục đó trong phạm vi thống kê đều đã niêm yết, công khai."
        ),
    )
    for row_index, line in enumerate(lines, 1):
        excel_text(notes.cell(row=row_index, column=1), str(line))
    notes.column_dimensions["A"].width = 110

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fraction(percent: Decimal | None) -> Decimal | None:
    """75.2 (per cent) → 0.752, which Excel shows as 75.2 % with the "0.0%" format."""
    return None if percent is None else percent / 100


@login_required
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    """The page's figures as an Excel file; bad input gets the page with its errors (400)."""
    form, unit, on = _query(request, page=False)
    if unit is None or on is None:
        form, _unit, _on = _query(request)  # again with the unit choices, to show the form
        response = _refused(request, form)
        response.status_code = 400
        return response
    stats = publication_statistics(unit=unit, on=on)
    filename = f"thong-ke-cong-khai-{unit.code}-{on.isoformat()}.xlsx"
    return download(statistics_workbook(stats), filename=filename, content_type=XLSX_CONTENT_TYPE)
