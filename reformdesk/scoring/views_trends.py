"""The 766 index over time and across units, under /staff/indices/766/ (namespace ``scoring``):
a unit's group trends over a year, the comparison of the units of a parent's subtree at one level,
and the Excel files of an index and of a comparison. Only units the user may read are shown."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from reformdesk.core.downloads import XLSX_CONTENT_TYPE, download
from reformdesk.org.models import Unit
from reformdesk.scoring import selectors, trends
from reformdesk.scoring.charts import bar_chart, line_chart
from reformdesk.scoring.choices import Group
from reformdesk.scoring.exports import comparison_workbook, index_workbook
from reformdesk.scoring.periods import parse_period
from reformdesk.scoring.views import _choose


def _year(text: str | None) -> tuple[int, list[str]]:
    today = timezone.localdate()
    try:
        period = parse_period(text or str(today.year), today=today)
    except ValidationError as error:
        return today.year, list(error.messages)
    if period.key != str(period.first.year):
        return today.year, [_("Năm phải có dạng YYYY, ví dụ 2026.")]
    return period.first.year, []


@login_required
def trend_page(request: HttpRequest) -> HttpResponse:
    units, unit, _period, errors = _choose(request, {**request.GET.dict(), "period": ""})
    year, year_errors = _year(request.GET.get("year"))
    errors += year_errors
    step = trends.QUARTERS if request.GET.get("step") == trends.QUARTERS else trends.MONTHS
    subtree = request.GET.get("subtree", "1") != "0"
    trend = None if errors else trends.group_trend(unit=unit, year=year, step=step, subtree=subtree)
    charts = []
    if trend is not None:
        keys = [row.key for row in trend.rows]
        charts = [(group, line_chart(keys, trend.series(group))) for group in trend.groups]
    context = {
        "page_title": _("Diễn biến điểm Chỉ số 766 theo nhóm"),
        "units": units,
        "unit": unit,
        "year_text": request.GET.get("year") or str(year),
        "step": step,
        "subtree": subtree,
        "errors": errors,
        "trend": trend,
        "charts": charts,
    }
    return render(request, "scoring/trends.html", context)


def _comparison(request: HttpRequest) -> tuple[dict[str, Any], list[trends.ComparisonRow]]:
    params = request.GET.dict()
    units, parent, period, errors = _choose(request, {**params, "unit": params.get("parent", "")})
    level = params.get("level") or ""
    level = level if level in trends.LEVELS else "commune"
    readable = selectors.units_for_index(user=request.user)
    members: list[Unit] = []
    rows: list[trends.ComparisonRow] = []
    if period is not None and not errors:
        members = trends.comparison_units(parent=parent, level=level, period=period, readable=readable)
        rows = trends.comparison(units=members, period=period)
    query = {"parent": parent.code, "level": level, "period": period.key if period else ""}
    context = {
        "page_title": _("So sánh Chỉ số 766 giữa các đơn vị"),
        "units": units,
        "parent": parent,
        "level": level,
        "period": period,
        "period_text": params.get("period") or (period.key if period else ""),
        "errors": errors,
        "rows": rows,
        "members": members,
        "query": urlencode(query),
    }
    return context, rows


@login_required
def comparison_page(request: HttpRequest) -> HttpResponse:
    context, rows = _comparison(request)
    context["chart"] = bar_chart(rows) if rows else None
    context["groups"] = [Group(key) for key in Group.values]
    return render(request, "scoring/comparison.html", context)


@login_required
def comparison_xlsx(request: HttpRequest) -> HttpResponse:
    """The comparison as an Excel file; a bad choice gets the page with its errors (400)."""
    context, rows = _comparison(request)
    if context["errors"] or context["period"] is None:
        context["chart"] = None
        return render(request, "scoring/comparison.html", context, status=400)
    parent, period = context["parent"], context["period"]
    content = comparison_workbook(rows, parent_name=parent.name, period_key=period.key)
    return download(
        content,
        filename=f"chi-so-766-so-sanh-{parent.code}-{period.key}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
def index_xlsx(request: HttpRequest) -> HttpResponse:
    """A unit's index for a period as an Excel file; a bad choice is a 400 with the message."""
    _units, unit, period, errors = _choose(request, request.GET)
    if errors or period is None:
        return HttpResponse("\n".join(errors), status=400, content_type="text/plain; charset=utf-8")
    subtree = request.GET.get("subtree", "1") != "0"
    index = selectors.index_766(unit=unit, period=period, subtree=subtree)
    filename = f"chi-so-766-{unit.code}-{period.key}.xlsx"
    return download(index_workbook(index), filename=filename, content_type=XLSX_CONTENT_TYPE)
