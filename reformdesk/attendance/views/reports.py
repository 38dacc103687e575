"""Reports: the monthly timesheet (page and Excel file) and the compliance dashboard with a
server-drawn weekly chart. Leaders, reform officers and inspectors of the unit or above."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.attendance import selectors
from reformdesk.attendance.forms import ComplianceForm, TimesheetForm
from reformdesk.attendance.services.access import days_viewed
from reformdesk.attendance.timesheet import (
    LEGEND,
    short_total_headers,
    timesheet_build,
    timesheet_workbook,
    total_headers,
)
from reformdesk.core.charts import svg_number, value_scale
from reformdesk.core.downloads import XLSX_CONTENT_TYPE, download
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter


def readable_units(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.active().filter(unit_filter(user, Perm.VIEW_ATTENDANCE)).order_by("path")


def _guard(request: HttpRequest) -> QuerySet[Unit]:
    if not has_perm(request.user, Perm.VIEW_ATTENDANCE):
        raise PermissionDenied
    return readable_units(request.user)


def _timesheet_form(request: HttpRequest, units: QuerySet[Unit]) -> TimesheetForm:
    data = request.GET.copy()
    if not data:
        data["month"] = f"{timezone.localdate():%Y-%m}"
        first = units.first()
        if first is not None:
            data["unit"] = str(first.pk)
    return TimesheetForm(data, units=units)


@login_required
def timesheet_page(request: HttpRequest) -> HttpResponse:
    units = _guard(request)
    form = _timesheet_form(request, units)
    sheet = None
    if form.is_valid():
        sheet = timesheet_build(unit=form.cleaned_data["unit"], month=form.cleaned_data["month"])
        days_viewed(actor=request.user, records=sheet.records, purpose="timesheet.view")
    return render(
        request,
        "attendance/timesheet.html",
        {
            "form": form,
            "sheet": sheet,
            "legend": LEGEND,
            "totals": list(zip(short_total_headers(), total_headers(), strict=True)),
            "query": request.GET.urlencode() or form.data.urlencode(),
            "page_title": _("Bảng chấm công"),
        },
        status=200 if form.is_valid() else 400,
    )


@login_required
def timesheet_xlsx(request: HttpRequest) -> HttpResponse:
    units = _guard(request)
    form = TimesheetForm(request.GET, units=units)
    if not form.is_valid():
        return timesheet_page(request)
    unit, month = form.cleaned_data["unit"], form.cleaned_data["month"]
    sheet = timesheet_build(unit=unit, month=month)
    days_viewed(actor=request.user, records=sheet.records, purpose="timesheet.export")
    return download(
        timesheet_workbook(sheet),
        filename=f"bang-cham-cong-{unit.code}-{month:%Y-%m}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


# --- the compliance dashboard ------------------------------------------------------------------------

CHART_WIDTH, LEFT, TOP, HEIGHT = 760, 40, 30, 170
SERIES = (("late", "#e0a800"), ("early", "#fd7e14"), ("missing", "#0dcaf0"), ("absent", "#dc3545"))


def week_chart(weeks: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry of the weekly trend: four bars a week (late, early, missing punch, absent)."""
    scale = value_scale(max([row[key] for row in weeks for key, _colour in SERIES], default=0))
    slot = (CHART_WIDTH - LEFT - 8) / max(len(weeks), 1)
    bar = min(slot * 0.8 / len(SERIES), 14)
    base = TOP + HEIGHT
    columns = []
    for index, row in enumerate(weeks):
        x = LEFT + index * slot + (slot - bar * len(SERIES)) / 2
        bars = []
        for position, (key, colour) in enumerate(SERIES):
            height = HEIGHT * scale.share(row[key])
            bars.append(
                {
                    "x": svg_number(x + position * bar),
                    "y": svg_number(base - height),
                    "height": svg_number(height),
                    "colour": colour,
                    "value": row[key],
                }
            )
        week = row["week"]
        week = week.date() if isinstance(week, dt.datetime) else week
        columns.append({"week": week, "bars": bars, "label_x": svg_number(LEFT + index * slot + slot / 2)})
    ticks = [{"y": svg_number(base - HEIGHT * scale.share(value)), "value": value} for value in scale.ticks]
    return {
        "columns": columns,
        "ticks": ticks,
        "bar": svg_number(bar),
        "view_box": f"0 0 {CHART_WIDTH} {base + 30}",
        "width": CHART_WIDTH,
        "height": base + 30,
        "left": LEFT,
        "right": CHART_WIDTH - 4,
        "label_y": base + 16,
        "legend": [(key, colour, 40 + i * 150) for i, (key, colour) in enumerate(SERIES)],
    }


def _compliance_form(request: HttpRequest, units: QuerySet[Unit]) -> ComplianceForm:
    data = request.GET.copy()
    if "start" not in data and "end" not in data:
        today = timezone.localdate()
        data["start"] = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1).isoformat()
        data["end"] = today.isoformat()
    if "unit" not in data:
        first = units.first()
        if first is not None:
            data["unit"] = str(first.pk)
    return ComplianceForm(data, units=units)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    units = _guard(request)
    form = _compliance_form(request, units)
    stats = chart = None
    if form.is_valid():
        stats = selectors.compliance(
            unit=form.cleaned_data["unit"], start=form.cleaned_data["start"], end=form.cleaned_data["end"]
        )
        chart = week_chart(stats.by_week)
    return render(
        request,
        "attendance/dashboard.html",
        {
            "form": form,
            "stats": stats,
            "chart": chart,
            "page_title": _("Tổng hợp chấp hành giờ làm việc"),
        },
        status=200 if form.is_valid() else 400,
    )
