"""The public ranking of the commune reform index per year, at /xep-hang-cchc/ (no login), and the
staff's Excel of the full scoring sheet under /staff/indices/frameworks/<pk>/ranking.xlsx.

The ranking is public: the province announces the result ("công khai", issue 15). The full sheet
with every self and appraised score is a working file of the appraisal, so it goes to the
issuing province's reform officers only (``Perm.ENTER_INDEX`` on the issuer), with an audit row.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.downloads import XLSX_CONTENT_TYPE, download
from reformdesk.core.services.audit import audit_record
from reformdesk.org.permissions import Perm, has_perm, require
from reformdesk.scoring.charts import narrow_bar_chart
from reformdesk.scoring.excel_ranking import ranking_workbook
from reformdesk.scoring.models_frameworks import Framework, FrameworkStatus
from reformdesk.scoring.selectors_ranking import framework_ranking, ranking_frameworks, ranking_years
from reformdesk.scoring.services.frameworks import MAX_YEAR, MIN_YEAR


def _year(text: str, years: list[int]) -> tuple[int, list[str]]:
    """The year asked for, else the newest year with a published framework, else this year."""
    fallback = years[0] if years else timezone.localdate().year
    text = text.strip()
    if not text:
        return fallback, []
    if not (text.isdigit() and len(text) == 4 and MIN_YEAR <= int(text) <= MAX_YEAR):
        return fallback, [
            _("Năm phải là số có 4 chữ số, từ %(low)s đến %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR}
        ]
    return int(text), []


def public_ranking(request: HttpRequest) -> HttpResponse:
    """The table, the chart and each unit's breakdown by area, for one framework of a year."""
    years = ranking_years()
    year, errors = _year(request.GET.get("year", ""), years)
    frameworks = ranking_frameworks(year=year)
    issuer_code = request.GET.get("issuer", "").strip()
    framework = next((f for f in frameworks if f.issuer.code == issuer_code), None)
    if issuer_code and framework is None and frameworks:
        errors.append(_("Không có bộ chỉ số đã ban hành của đơn vị này trong năm %(year)s.") % {"year": year})
    framework = framework or (frameworks[0] if frameworks else None)
    ranking = framework_ranking(framework=framework) if framework else None
    chart = None
    if ranking and ranking.rows:
        chart = narrow_bar_chart([(f"{row.rank}. {row.unit.name}", row.index) for row in ranking.rows])
    context = {
        "page_title": _("Xếp hạng chỉ số cải cách hành chính cấp xã"),
        "years": sorted({*years, year}, reverse=True),
        "year": year,
        "frameworks": frameworks,
        "framework": framework,
        "ranking": ranking,
        "chart": chart,
        "errors": errors,
    }
    return render(request, "scoring/ranking/public.html", context, status=400 if errors else 200)


@login_required
def ranking_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    framework = (
        Framework.objects.select_related("issuer").filter(pk=pk, status=FrameworkStatus.PUBLISHED).first()
    )
    if framework is None:
        raise Http404
    require(request.user, Perm.ENTER_INDEX, framework.issuer)
    ranking = framework_ranking(framework=framework, with_nodes=True)
    audit_record(
        actor=request.user,
        action="framework.ranking_export",
        obj=framework,
        changes={"units": len(ranking.rows)},
    )
    return download(
        ranking_workbook(ranking),
        filename=f"bang-diem-chi-so-cchc-{framework.issuer.code}-{framework.year}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


def can_export_ranking(request: HttpRequest, framework: Framework) -> bool:
    return framework.is_published and has_perm(request.user, Perm.ENTER_INDEX, framework.issuer)
