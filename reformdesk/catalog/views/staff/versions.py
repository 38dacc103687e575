"""Forms on a procedure's versions: add and edit a version, add, edit and remove a sub-case, and
the three row lists (channels with time limit and fee, papers, steps) of a version or of one of its
sub-cases."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reformdesk.catalog import forms, services
from reformdesk.catalog.models import Procedure, ProcedureCase, ProcedureVersion
from reformdesk.catalog.views.staff.access import editor_required
from reformdesk.catalog.views.staff.procedures import days_text


def _version_url(version: ProcedureVersion) -> str:
    return reverse("catalog:procedure_detail", args=[version.procedure.national_code]) + (
        f"?version={version.pk}"
    )


@editor_required
def version_create(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure, national_code=code)
    form = forms.VersionForm(request.POST or None, instance=ProcedureVersion(procedure=procedure))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_create(actor=request.user, procedure=procedure, **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Đã thêm phiên bản theo quyết định %(number)s.") % {"number": version.decision_number},
            )
            return redirect(_version_url(version))
    return render(
        request,
        "catalog/staff/version_form.html",
        {"form": form, "procedure": procedure, "version": None, "page_title": _("Thêm phiên bản thủ tục")},
    )


@editor_required
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
    # The form validates on a copy: the service compares the stored values with the new ones.
    form = forms.VersionForm(request.POST or None, instance=copy.copy(version))
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(actor=request.user, version=version, **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu phiên bản thủ tục."))
            return redirect(_version_url(version))
    return render(
        request,
        "catalog/staff/version_form.html",
        {
            "form": form,
            "procedure": version.procedure,
            "version": version,
            "page_title": _("Sửa phiên bản thủ tục"),
        },
    )


@editor_required
def case_create(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
    form = forms.CaseForm(request.POST or None, instance=ProcedureCase(version=version))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, version=version, **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã thêm trường hợp “%(name)s”.") % {"name": case.name_vi})
            return redirect(_version_url(version))
    return render(
        request,
        "catalog/staff/case_form.html",
        {
            "form": form,
            "procedure": version.procedure,
            "version": version,
            "page_title": _("Thêm trường hợp"),
        },
    )


def _case_of_pk(pk: int) -> ProcedureCase:
    return get_object_or_404(ProcedureCase.objects.select_related("version__procedure"), pk=pk)


@editor_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_of_pk(pk)
    version = case.version
    # The form validates on a copy: the service compares the stored values with the new ones.
    form = forms.CaseForm(request.POST or None, instance=copy.copy(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu trường hợp “%(name)s”.") % {"name": case.name_vi})
            return redirect(_version_url(version))
    return render(
        request,
        "catalog/staff/case_form.html",
        {
            "form": form,
            "procedure": version.procedure,
            "version": version,
            "case": case,
            "page_title": _("Sửa trường hợp"),
        },
    )


@editor_required
def case_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask before removing a sub-case; the page says what goes with it."""
    case = _case_of_pk(pk)
    version = case.version
    error = ""
    if request.method == "POST":
        name = case.name_vi
        try:
            services.case_delete(actor=request.user, case=case)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Đã xóa trường hợp “%(name)s”.") % {"name": name})
            return redirect(_version_url(version))
    return render(
        request,
        "catalog/staff/case_delete.html",
        {
            "case": case,
            "procedure": version.procedure,
            "version": version,
            "counts": {
                "methods": case.filing_methods.count(),
                "papers": case.papers.count(),
                "steps": case.steps.count(),
            },
            "error": error,
            "page_title": _("Xóa trường hợp"),
        },
    )


# --- Row lists --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowList:
    """One of the three lists a version (or sub-case) carries, and the service that replaces it."""

    formset: type[forms.RowFormSet]
    related_name: str
    initial: Callable[[QuerySet[Any]], list[dict[str, Any]]]
    save: Callable[..., Any]
    argument: str
    title: Promise
    intro: Promise
    saved: Promise


CHANNELS = RowList(
    formset=forms.FilingMethodFormSet,
    related_name="filing_methods",
    initial=forms.filing_method_initial,
    save=services.filing_methods_set,
    argument="methods",
    title=gettext_lazy("Cách thức nộp, thời hạn và phí"),
    intro=gettext_lazy(
        "Mỗi cách thức nộp (trực tiếp, trực tuyến, bưu chính) khai một dòng, với thời hạn giải quyết "
        "tính bằng ngày làm việc và phí, lệ phí."
    ),
    saved=gettext_lazy("Đã lưu cách thức nộp."),
)
PAPERS = RowList(
    formset=forms.PaperFormSet,
    related_name="papers",
    initial=forms.paper_initial,
    save=services.papers_set,
    argument="papers",
    title=gettext_lazy("Thành phần hồ sơ"),
    intro=gettext_lazy(
        "Giấy tờ người dân cần nộp, theo thứ tự hiển thị. Đổi số thứ tự để sắp xếp lại; đánh dấu "
        "“Xóa dòng” để bỏ một giấy tờ."
    ),
    saved=gettext_lazy("Đã lưu thành phần hồ sơ."),
)
STEPS = RowList(
    formset=forms.StepFormSet,
    related_name="steps",
    initial=forms.step_initial,
    save=services.steps_set,
    argument="steps",
    title=gettext_lazy("Các bước xử lý"),
    intro=gettext_lazy(
        "Các bước theo thứ tự thực hiện, với vai trò, loại đơn vị và thời gian cho phép. Tổng thời "
        "gian các bước không được vượt thời hạn giải quyết theo quy định."
    ),
    saved=gettext_lazy("Đã lưu các bước xử lý."),
)


def _case_of(request: HttpRequest, version: ProcedureVersion) -> ProcedureCase | None:
    raw = request.GET.get("case", "")
    if not raw:
        return None
    try:
        return version.cases.get(pk=int(raw))
    except (ValueError, ProcedureCase.DoesNotExist):
        raise Http404 from None


def _with_one_more_row(data: QueryDict, prefix: str) -> QueryDict:
    """The posted rows and one blank row more (the "add a row" button, which saves nothing)."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    # A broken count is left as it is: the formset reports the tampered management form.
    with contextlib.suppress(ValueError):
        data[key] = str(min(int(data.get(key, "")) + 1, forms.MAX_ROWS))
    return data


def _rows_page(request: HttpRequest, pk: int, rows: RowList) -> HttpResponse:
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
    case = _case_of(request, version)
    initial = rows.initial(getattr(version, rows.related_name).filter(case=case))
    prefix = rows.formset.get_default_prefix()
    if request.method != "POST":
        formset = rows.formset(initial=initial, prefix=prefix)
    elif "add_row" in request.POST:
        data = _with_one_more_row(request.POST, prefix)
        formset = rows.formset(data, request.FILES, initial=initial, prefix=prefix)
    else:
        formset = rows.formset(request.POST, request.FILES, initial=initial, prefix=prefix)
        if formset.is_valid():
            try:
                rows.save(actor=request.user, version=version, case=case, **{rows.argument: formset.rows()})
            except ValidationError as error:
                formset.add_service_error(error)
            else:
                messages.success(request, str(rows.saved))
                return redirect(_version_url(version))
    legal_limit = services.legal_time_limit(version, case) if rows is STEPS else None
    return render(
        request,
        "catalog/staff/rows_form.html",
        {
            "formset": formset,
            "rows": rows,
            "procedure": version.procedure,
            "version": version,
            "case": case,
            "legal_limit": legal_limit,
            "legal_limit_text": days_text(legal_limit),
            "page_title": rows.title,
        },
    )


@editor_required
def filing_methods_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _rows_page(request, pk, CHANNELS)


@editor_required
def papers_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _rows_page(request, pk, PAPERS)


@editor_required
def steps_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _rows_page(request, pk, STEPS)
