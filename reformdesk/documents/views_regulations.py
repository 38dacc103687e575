"""The pages of internal regulations and yearly commitments (staff under /staff/regulations/ and
/staff/commitments/; a public version under /regulations/). Views parse input, call one service
or selector, and render."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reformdesk.core.downloads import PDF_CONTENT_TYPE
from reformdesk.core.pdf import render_pdf
from reformdesk.core.uploads import check_upload
from reformdesk.documents import selectors_regulations as selectors
from reformdesk.documents.choices_regulations import RegulationKind
from reformdesk.documents.forms_regulations import (
    BreachForm,
    CommitmentTemplateForm,
    RegulationForm,
    year_from,
)
from reformdesk.documents.models import CommitmentTemplate
from reformdesk.documents.services import commitments as commitment_services
from reformdesk.documents.services import regulations as regulation_services
from reformdesk.documents.services.common import ActionNotAllowed
from reformdesk.org.current import current_unit
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, has_perm, units_with_perm

PER_PAGE = 25
DENIED = gettext_lazy("Bạn không có quyền thực hiện thao tác này.")


def staff_required(view: Any) -> Any:
    """Signed-in staff; the selectors and services check per unit."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_perm(request.user, Perm.VIEW_STAFF_AREA):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _refusal(error: Exception) -> str:
    return getattr(error, "message", "") or str(error) or str(DENIED)


def _pdf_response(stored: Any, name: str) -> FileResponse:
    response = FileResponse(stored.open("rb"), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- regulations ---------------------------------------------------------------------------------


@staff_required
def regulation_list(request: HttpRequest) -> HttpResponse:
    """The current unit's regulations, by kind, with what the reader still has to acknowledge."""
    unit = current_unit(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in RegulationKind.values else ""
    search = request.GET.get("q", "")[:200]
    rows = selectors.regulation_list(user=request.user, unit=unit, kind=kind, search=search)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unit": unit,
        "kind": kind,
        "search": search,
        "kinds": RegulationKind.choices,
        "pending": selectors.regulations_to_acknowledge(user=request.user),
        "can_create": unit is not None and has_perm(request.user, Perm.MANAGE_REGULATIONS, unit),
    }
    return render(request, "documents/regulations/list.html", context)


@staff_required
def regulation_new(request: HttpRequest) -> HttpResponse:
    """Enter a new version (a draft) of one of the current unit's regulations."""
    unit = current_unit(request)
    if unit is None or not has_perm(request.user, Perm.MANAGE_REGULATIONS, unit):
        raise PermissionDenied
    if request.method != "POST":
        form = RegulationForm(unit=unit, initial={"effective_on": timezone.localdate()})
        return render(request, "documents/regulations/new.html", {"form": form, "unit": unit})
    form = RegulationForm(request.POST, request.FILES, unit=unit)
    if form.is_valid():
        data = form.cleaned_data
        try:
            try:
                pdf = check_upload(data["pdf"]) if data.get("pdf") else None
            except ValidationError as error:
                raise ValidationError({"pdf": error.messages}) from error
            with transaction.atomic():
                version = regulation_services.regulation_create(
                    actor=request.user,
                    unit=unit,
                    kind=data["kind"],
                    title=data["title"],
                    effective_on=data["effective_on"],
                    issuing_document=data["issuing_document"],
                    decision_symbol=data["decision_symbol"],
                    replaces=data["replaces"],
                    body=data["body"],
                    pdf=pdf,
                    is_public=data["is_public"],
                )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã nhập phiên bản quy chế. Hãy công bố để cán bộ xác nhận."))
            return redirect("documents:regulation_detail", pk=version.pk)
    return render(request, "documents/regulations/new.html", {"form": form, "unit": unit}, status=400)


@staff_required
def regulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors.regulation_detail(user=request.user, pk=pk)
    return render(
        request,
        "documents/regulations/detail.html",
        {"detail": detail, "version": detail.version, "page_title": detail.version.title},
    )


@require_POST
@staff_required
def regulation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.regulation_get(user=request.user, pk=pk)
    try:
        regulation_services.regulation_publish(actor=request.user, version=version)
    except (PermissionDenied, ActionNotAllowed) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Đã công bố quy chế đến cán bộ, công chức của đơn vị."))
    return redirect("documents:regulation_detail", pk=pk)


@require_POST
@staff_required
def regulation_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.regulation_get(user=request.user, pk=pk)
    try:
        regulation_services.regulation_acknowledge(actor=request.user, version=version)
    except ActionNotAllowed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ghi nhận bạn đã đọc quy chế."))
    return redirect("documents:regulation_detail", pk=pk)


@staff_required
def regulation_pdf(request: HttpRequest, pk: int) -> FileResponse:
    version = selectors.regulation_get(user=request.user, pk=pk)
    if not version.pdf:
        raise Http404(_("Quy chế chưa có tệp PDF."))
    return _pdf_response(version.pdf, f"quy-che-{version.unit.code}-{version.pk}")


def public_regulation(request: HttpRequest, pk: int) -> HttpResponse:
    """A public version, as the portal's unit page links it."""
    version = selectors.public_regulation_get(pk=pk)
    return render(request, "documents/regulations/public.html", {"version": version})


def public_regulation_pdf(request: HttpRequest, pk: int) -> FileResponse:
    version = selectors.public_regulation_get(pk=pk)
    if not version.pdf:
        raise Http404(_("Quy chế chưa có tệp PDF."))
    return _pdf_response(version.pdf, f"quy-che-{version.unit.code}-{version.pk}")


# --- commitments ---------------------------------------------------------------------------------


@staff_required
def commitments_home(request: HttpRequest) -> HttpResponse:
    """The year's commitments the reader signs, the templates that apply, and the way to the
    unit's status page."""
    year = year_from(request.GET.get("year"))
    unit = current_unit(request)
    context = {
        "year": year,
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1),
        "unit": unit,
        "to_sign": selectors.commitments_of(user=request.user, year=year),
        "templates": selectors.templates_list(user=request.user, year=year),
        "can_create": bool(units_with_perm(request.user, Perm.MANAGE_REGULATIONS)),
        "can_see_status": unit is not None and has_perm(request.user, Perm.VIEW_COMMITMENTS, unit),
    }
    return render(request, "documents/regulations/commitments.html", context)


@staff_required
def commitment_template_new(request: HttpRequest) -> HttpResponse:
    """Issue the current unit's commitment template of one kind for one year."""
    unit = current_unit(request)
    if unit is None or not has_perm(request.user, Perm.MANAGE_REGULATIONS, unit):
        raise PermissionDenied
    if request.method != "POST":
        form = CommitmentTemplateForm(initial={"year": timezone.localdate().year})
        return render(request, "documents/regulations/template_new.html", {"form": form, "unit": unit})
    form = CommitmentTemplateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            template = commitment_services.commitment_template_create(
                actor=request.user,
                unit=unit,
                year=data["year"],
                kind=data["kind"],
                title=data["title"],
                preamble=data["preamble"],
                items=form.item_lines(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã ban hành mẫu cam kết năm %(year)d.") % {"year": template.year})
            return redirect(f"{reverse('documents:commitments')}?year={template.year}")
    return render(
        request, "documents/regulations/template_new.html", {"form": form, "unit": unit}, status=400
    )


@require_POST
@staff_required
def commitment_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign a template: one's own commitment, or (``unit`` posted) the unit's one leads."""
    template = CommitmentTemplate.objects.filter(pk=pk).first()
    if template is None:
        raise Http404(_("Không tìm thấy mẫu cam kết."))
    unit = None
    if request.POST.get("unit"):
        unit = Unit.objects.filter(pk=request.POST["unit"] if request.POST["unit"].isdigit() else 0).first()
        if unit is None:
            raise Http404(_("Không tìm thấy đơn vị."))
    try:
        commitment = commitment_services.commitment_sign(actor=request.user, template=template, unit=unit)
    except ActionNotAllowed as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã ký cam kết lúc %(moment)s.")
            % {"moment": f"{timezone.localtime(commitment.signed_at):%H:%M %d/%m/%Y}"},
        )
    return redirect(f"{reverse('documents:commitments')}?year={template.year}")


@staff_required
def commitment_status(request: HttpRequest) -> HttpResponse:
    """Who of the current unit has signed the year's commitment, and who has not."""
    unit = current_unit(request)
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    year = year_from(request.GET.get("year"))
    status = selectors.commitment_status(user=request.user, unit=unit, year=year)
    return render(request, "documents/regulations/status.html", {"status": status, "year": year})


def _render_commitment(
    request: HttpRequest, pk: int, form: BreachForm | None = None, status: int = 200
) -> HttpResponse:
    detail = selectors.commitment_detail(user=request.user, pk=pk)
    if form is None and detail.can_record_breach:
        form = BreachForm(template_id=detail.commitment.template_id)
    context = {"detail": detail, "commitment": detail.commitment, "form": form}
    return render(request, "documents/regulations/commitment_detail.html", context, status=status)


@staff_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_commitment(request, pk)


@require_POST
@staff_required
def commitment_breach(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(user=request.user, pk=pk)
    form = BreachForm(request.POST, template_id=commitment.template_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            commitment_services.record_breach(
                actor=request.user,
                commitment=commitment,
                item=data["item"],
                occurred_on=data["occurred_on"],
                description=data["description"],
                source=data["source"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as error:
            messages.error(request, _refusal(error))
            return redirect("documents:commitment_detail", pk=pk)
        else:
            messages.success(request, _("Đã ghi nhận vi phạm cam kết."))
            return redirect("documents:commitment_detail", pk=pk)
    return _render_commitment(request, pk, form=form, status=400)


@staff_required
def commitment_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed commitment, printable (A4, the project's serif font)."""
    commitment = selectors.commitment_get(user=request.user, pk=pk)
    pdf = render_pdf(
        template_name="documents/regulations/commitment_pdf.html",
        context={
            "commitment": commitment,
            "template": commitment.template,
            "items": list(commitment.template.items.order_by("number")),
            "signed_at": timezone.localtime(commitment.signed_at),
        },
    )
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'inline; filename="cam-ket-{commitment.template.year}-{commitment.pk}.pdf"'
    )
    return response
