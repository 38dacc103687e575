"""Fields (lĩnh vực): the list, and the forms adding and editing one."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reformdesk.catalog import services
from reformdesk.catalog.filters import FieldFilter
from reformdesk.catalog.forms import FieldForm
from reformdesk.catalog.models import Field
from reformdesk.catalog.tables import FieldTable
from reformdesk.catalog.views.staff.access import StaffListMixin, editor_required
from reformdesk.core.views.generic import FilteredTableView


class FieldListView(StaffListMixin, FilteredTableView):
    template_name = "catalog/staff/field_list.html"
    table_class = FieldTable
    filterset_class = FieldFilter
    page_title = gettext_lazy("Lĩnh vực thủ tục hành chính")
    page_intro = gettext_lazy("Các lĩnh vực dùng để phân nhóm thủ tục, với mã lĩnh vực.")

    def get_queryset(self) -> QuerySet[Field]:
        return Field.objects.annotate(procedure_count=Count("procedures"))


def _save(request: HttpRequest, form: FieldForm, code: str) -> Field | None:
    try:
        return services.field_upsert(
            actor=request.user,
            code=code,
            name_vi=form.cleaned_data["name_vi"],
            name_en=form.cleaned_data["name_en"],
            sort_order=form.cleaned_data["sort_order"],
        )
    except ValidationError as error:
        form.add_service_error(error)
        return None


@editor_required
def field_create(request: HttpRequest) -> HttpResponse:
    form = FieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        field = _save(request, form, form.cleaned_data["code"])
        if field is not None:
            messages.success(request, _("Đã thêm lĩnh vực %(code)s.") % {"code": field.code})
            return redirect("catalog:field_list")
    return render(
        request,
        "catalog/staff/field_form.html",
        {"form": form, "page_title": _("Thêm lĩnh vực"), "field": None},
    )


@editor_required
def field_edit(request: HttpRequest, pk: int) -> HttpResponse:
    field = get_object_or_404(Field, pk=pk)
    form = FieldForm(request.POST or None, instance=copy.copy(field))
    if request.method == "POST" and form.is_valid() and _save(request, form, field.code) is not None:
        messages.success(request, _("Đã lưu lĩnh vực %(code)s.") % {"code": field.code})
        return redirect("catalog:field_list")
    return render(
        request,
        "catalog/staff/field_form.html",
        {"form": form, "page_title": _("Sửa lĩnh vực %(code)s") % {"code": field.code}, "field": field},
    )
