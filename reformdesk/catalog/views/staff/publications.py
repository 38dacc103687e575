"""Publication: where procedures are posted (a unit's one-stop desk, the portal), posting and
withdrawing. Only units the user may act on are offered; the service checks the unit again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reformdesk.catalog import services
from reformdesk.catalog.filters import PublicationFilter
from reformdesk.catalog.forms import PublicationForm, WithdrawForm
from reformdesk.catalog.models import Procedure, Publication
from reformdesk.catalog.tables import PublicationTable
from reformdesk.catalog.views.staff.access import (
    StaffListMixin,
    may_publish_somewhere,
    publishable_units,
)
from reformdesk.core.views.generic import FilteredTableView
from reformdesk.org.current import current_unit
from reformdesk.org.permissions import Perm, has_perm


class PublicationListView(StaffListMixin, FilteredTableView):
    template_name = "catalog/staff/publication_list.html"
    table_class = PublicationTable
    filterset_class = PublicationFilter
    page_title = gettext_lazy("Công khai thủ tục hành chính")
    page_intro = gettext_lazy(
        "Thủ tục niêm yết tại Bộ phận Một cửa của từng đơn vị và công khai trên Cổng dịch vụ công."
    )

    def get_queryset(self) -> QuerySet[Publication]:
        return Publication.objects.select_related("procedure", "unit")


@login_required
def publication_add(request: HttpRequest, code: str) -> HttpResponse:
    """Post a procedure at a unit's desk or on the portal, for a unit the user may act on."""
    if not may_publish_somewhere(request.user):
        raise PermissionDenied
    procedure = get_object_or_404(Procedure, national_code=code)
    units = publishable_units(request.user)
    form = PublicationForm(request.POST or None, units=units)
    unit = current_unit(request)
    if unit is not None and request.method != "POST" and has_perm(request.user, Perm.MANAGE_CATALOG, unit):
        form.fields["unit"].initial = unit.pk
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_add(
                actor=request.user,
                procedure=procedure,
                unit=form.cleaned_data["unit"],
                place=form.cleaned_data["place"],
                published_on=form.cleaned_data["published_on"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Đã công khai thủ tục tại %(unit)s.") % {"unit": form.cleaned_data["unit"].name},
            )
            return redirect("catalog:procedure_detail", code=procedure.national_code)
    return render(
        request,
        "catalog/staff/publication_form.html",
        {"form": form, "procedure": procedure, "page_title": _("Công khai thủ tục")},
    )


@login_required
def publication_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a publication from a date. Only for the units the user may act on."""
    publication = get_object_or_404(Publication.objects.select_related("procedure", "unit"), pk=pk)
    if not has_perm(request.user, Perm.MANAGE_CATALOG, publication.unit):
        raise PermissionDenied
    procedure = publication.procedure
    if publication.withdrawn_on is not None:
        messages.info(request, _("Thủ tục đã được gỡ bỏ tại đơn vị này."))
        return redirect("catalog:procedure_detail", code=procedure.national_code)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_withdraw(
                actor=request.user, publication=publication, on=form.cleaned_data["withdrawn_on"]
            )
        except ValidationError as error:
            publication.withdrawn_on = None
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã gỡ bỏ công khai tại %(unit)s.") % {"unit": publication.unit.name})
            return redirect("catalog:procedure_detail", code=procedure.national_code)
    return render(
        request,
        "catalog/staff/publication_withdraw.html",
        {
            "form": form,
            "publication": publication,
            "procedure": procedure,
            "page_title": _("Gỡ bỏ công khai thủ tục"),
        },
    )
