"""The commune reform-index framework pages under /staff/indices/frameworks/ (namespace
``scoring``): the list per year, a framework's tree with its maxima, the Excel import and export,
and the publish action. Reading needs ``Perm.VIEW_INDEX`` somewhere; writing needs
``Perm.ENTER_INDEX`` on the issuing province."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reformdesk.core.downloads import XLSX_CONTENT_TYPE, download
from reformdesk.org.choices import UnitKind
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, unit_filter
from reformdesk.scoring import selectors_frameworks as selectors
from reformdesk.scoring.excel_frameworks import HEADERS, MAX_FILE_BYTES, export_framework, read_framework
from reformdesk.scoring.models_frameworks import Framework, Method, RateSource
from reformdesk.scoring.selectors import units_for_index
from reformdesk.scoring.services.frameworks import MAX_YEAR, MIN_YEAR, framework_import, framework_publish
from reformdesk.scoring.views_ranking import can_export_ranking


def _reader(request: HttpRequest) -> None:
    if not units_for_index(user=request.user).exists():
        raise PermissionDenied


def _issuers(request: HttpRequest) -> list[Unit]:
    return list(
        Unit.objects.filter(unit_filter(request.user, Perm.ENTER_INDEX), kind=UnitKind.PROVINCE).order_by(
            "path"
        )
    )


def _framework(pk: int) -> Framework:
    framework = Framework.objects.select_related("issuer", "published_by").filter(pk=pk).first()
    if framework is None:
        raise Http404
    return framework


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for ms in error.message_dict.values() for m in ms]
    return list(error.messages)


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    years = selectors.framework_years()
    year_text = (request.GET.get("year") or "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    context = {
        "page_title": _("Bộ chỉ số CCHC cấp xã"),
        "years": years,
        "year": year,
        "frameworks": selectors.frameworks(year=year),
        "can_import": bool(_issuers(request)),
    }
    return render(request, "scoring/frameworks/list.html", context)


@login_required
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    framework = _framework(pk)
    tree = selectors.framework_tree(framework)
    context = {
        "page_title": framework.title,
        "framework": framework,
        "tree": tree,
        "rows": tree.flat(),
        "groups": list(framework.rank_groups.all()),
        "events": list(framework.events.select_related("actor")),
        "can_edit": selectors.can_edit(request.user, framework),
        "can_export_ranking": can_export_ranking(request, framework),
    }
    return render(request, "scoring/frameworks/detail.html", context)


@login_required
def framework_import_view(request: HttpRequest) -> HttpResponse:
    issuers = _issuers(request)
    if not issuers:
        raise PermissionDenied
    errors: list[str] = []
    posted = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        issuer = next((u for u in issuers if str(u.pk) == request.POST.get("issuer", "")), None)
        year_text = request.POST.get("year", "").strip()
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else 0
        upload = request.FILES.get("file")
        if issuer is None:
            errors.append(_("Hãy chọn đơn vị ban hành."))
        if not MIN_YEAR <= year <= MAX_YEAR:
            errors.append(_("Năm phải từ %(low)s đến %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR})
        if upload is None:
            errors.append(_("Hãy chọn tệp Excel (.xlsx)."))
        elif upload.size and upload.size > MAX_FILE_BYTES:
            errors.append(
                _("Tệp quá lớn; giới hạn là %(limit)s MB.") % {"limit": MAX_FILE_BYTES // 1024 // 1024}
            )
        if not errors and issuer is not None and upload is not None:
            try:
                rows = read_framework(upload.read(), upload.name or "")
                framework = framework_import(
                    actor=request.user,
                    issuer=issuer,
                    year=year,
                    title=request.POST.get("title", "").strip()[:300]
                    or _("Bộ chỉ số CCHC cấp xã năm %(year)s") % {"year": year},
                    rows=rows,
                    source=(upload.name or "")[:255],
                )
            except ValidationError as error:
                errors = _messages_of(error)
            else:
                messages.success(request, _("Đã nhập %(count)s mục tiêu chí.") % {"count": len(rows)})
                return redirect("scoring:framework_detail", pk=framework.pk)
    context = {
        "page_title": _("Nhập bộ chỉ số từ Excel"),
        "issuers": issuers,
        "errors": errors,
        "posted": posted,
        "this_year": timezone.localdate().year,
        "headers": HEADERS,
        "methods": Method.choices,
        "rate_sources": RateSource.choices,
    }
    status = 422 if errors else 200
    return render(request, "scoring/frameworks/import.html", context, status=status)


@login_required
def framework_export(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    framework = _framework(pk)
    return download(
        export_framework(framework),
        filename=f"bo-chi-so-{framework.issuer.code}-{framework.year}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
@require_POST
def framework_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    framework = _framework(pk)
    try:
        framework_publish(actor=request.user, framework=framework)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã ban hành bộ chỉ số; từ nay không sửa được."))
    return redirect("scoring:framework_detail", pk=framework.pk)
