"""The feedback desk's settings pages: the default handling unit of each kind on a unit tree
(reform officers, ``Perm.MANAGE_UNIT``) and the answer templates (``Perm.DECIDE_FEEDBACK``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.feedback.models import AnswerTemplate, KindRoute
from reformdesk.feedback.services.routes import feedback_route_set
from reformdesk.feedback.services.templates import answer_template_save
from reformdesk.feedback.settings_forms import AnswerTemplateForm, RouteForm
from reformdesk.org.current import current_unit
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, has_perm, unit_filter

# A district's or a province's tree; the page lists at most this many units to choose from.
MAX_UNITS = 500


def managed_units(request: HttpRequest, perm: Perm) -> list[Unit]:
    """The active units (with their subtrees) where the user holds ``perm``, in tree order."""
    return list(
        Unit.objects.active_on(timezone.localdate())
        .filter(unit_filter(request.user, perm))
        .order_by("path")[:MAX_UNITS]
    )


@login_required
def route_list(request: HttpRequest) -> HttpResponse:
    """The routes set on the user's units, and a form to set or remove one."""
    if not has_perm(request.user, Perm.MANAGE_UNIT):
        raise PermissionDenied
    units = managed_units(request, Perm.MANAGE_UNIT)
    status = 200
    form = RouteForm(units=units)
    if request.method == "POST":
        form = RouteForm(request.POST, units=units)
        remove = request.POST.get("remove") == "1"
        if remove:
            form.fields["handling_unit"].required = False
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback_route_set(
                    actor=request.user,
                    unit=data["unit"],
                    kind=data["kind"],
                    handling_unit=None if remove else data["handling_unit"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("Đã bỏ cơ quan xử lý mặc định.") if remove else _("Đã lưu cơ quan xử lý mặc định."),
                )
                return redirect("feedback:routes")
        status = 400
    routes = (
        KindRoute.objects.filter(unit_filter(request.user, Perm.MANAGE_UNIT, "unit"))
        .select_related("unit", "handling_unit")
        .order_by("unit__path", "kind")
    )
    context = {"form": form, "routes": routes, "page_title": _("Cơ quan xử lý mặc định theo loại phản ánh")}
    return render(request, "feedback/staff/routes.html", context, status=status)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    """The answer templates of the user's units; ``?edit=<id>`` fills the form with one."""
    if not has_perm(request.user, Perm.DECIDE_FEEDBACK):
        raise PermissionDenied
    units = managed_units(request, Perm.DECIDE_FEEDBACK)
    templates = (
        AnswerTemplate.objects.filter(unit_filter(request.user, Perm.DECIDE_FEEDBACK, "unit"))
        .select_related("unit")
        .order_by("-is_active", "unit__path", "title", "id")
    )
    asked = request.POST.get("template") or request.GET.get("edit") or ""
    editing = templates.filter(pk=int(asked)).first() if asked.isdigit() and len(asked) < 10 else None
    status = 200
    if request.method == "POST":
        form = AnswerTemplateForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                answer_template_save(
                    actor=request.user,
                    unit=data["unit"],
                    kind=data["kind"],
                    title=data["title"],
                    body=data["body"],
                    is_active=data["is_active"],
                    template=editing,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Đã lưu mẫu trả lời «%(title)s».") % {"title": data["title"]})
                return redirect("feedback:templates")
        status = 400
    elif editing is not None:
        initial = {
            "unit": editing.unit.code,
            "kind": editing.kind,
            "title": editing.title,
            "body": editing.body,
            "is_active": editing.is_active,
        }
        form = AnswerTemplateForm(units=units, initial=initial)
    else:
        current = current_unit(request)
        form = AnswerTemplateForm(units=units, initial={"unit": current.code if current in units else ""})
    context = {
        "form": form,
        "templates": templates,
        "editing": editing,
        "page_title": _("Mẫu trả lời phản ánh"),
    }
    return render(request, "feedback/staff/templates.html", context, status=status)
