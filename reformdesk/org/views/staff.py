"""Staff pages of the org app: officials list, an official's card, the unit switcher."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reformdesk.core.services.audit import access_record, access_records, subject_of
from reformdesk.core.views.generic import FilteredTableView
from reformdesk.org import selectors
from reformdesk.org.current import current_unit, set_current_unit
from reformdesk.org.filters import OfficialFilter
from reformdesk.org.models import Official
from reformdesk.org.permissions import Perm, has_perm
from reformdesk.org.tables import OfficialTable


class OfficialListView(LoginRequiredMixin, FilteredTableView):
    table_class = OfficialTable
    filterset_class = OfficialFilter
    page_title = gettext_lazy("Cán bộ, công chức")
    page_intro = gettext_lazy("Cán bộ của đơn vị đang chọn và các đơn vị trực thuộc mà bạn được xem.")

    def get_queryset(self) -> QuerySet[Official]:
        if not has_perm(self.request.user, Perm.VIEW_OFFICIAL):
            raise PermissionDenied
        return selectors.official_list(user=self.request.user, unit=current_unit(self.request)).order_by(
            "full_name", "employee_code"
        )

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"row_attrs": {"data-code": lambda record: record.employee_code}}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The list shows officials' phones and e-mails: one access row per official on the page.
        shown = [row.record for row in context["table"].page.object_list]
        access_records(actor=self.request.user, subjects=[subject_of(o) for o in shown], purpose="list")
        return context


@login_required
def official_card(request: HttpRequest, employee_code: str) -> HttpResponse:
    """The official's record and the name tag worn at the desk. Reading it is logged."""
    official = get_object_or_404(
        selectors.official_list(user=request.user).prefetch_related("memberships__unit"),
        employee_code=employee_code,
    )
    access_record(actor=request.user, subject=official, purpose="view")
    memberships = list(official.memberships.all())
    primary = next((m for m in memberships if m.is_primary), memberships[0] if memberships else None)
    return render(
        request,
        "org/official_card.html",
        {"official": official, "memberships": memberships, "primary": primary},
    )


@login_required
def official_photo(request: HttpRequest, employee_code: str) -> FileResponse:
    """The photo on an official's name tag, to those who may read the card (the card's read is the
    logged one). Media files are never served from ``MEDIA_URL``: each goes through a scoped view."""
    official = get_object_or_404(selectors.official_list(user=request.user), employee_code=employee_code)
    if not official.photo:
        raise Http404
    try:
        handle = official.photo.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    content_type = mimetypes.guess_type(official.photo.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def switch_unit(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError:
        unit_id = -1
    unit = set_current_unit(request, unit_id)
    if unit is None:
        messages.error(request, _("Bạn không công tác tại đơn vị này."))
    else:
        messages.success(request, _("Đã chuyển sang đơn vị: %(unit)s") % {"unit": unit.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/staff/"
    return redirect(target or "/staff/")
