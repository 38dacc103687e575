"""The register pages: the incoming and outgoing registers with their filters, registering a
document, one entry with its history, and the actions on it."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reformdesk.core.downloads import XLSX_CONTENT_TYPE, download
from reformdesk.core.uploads import CheckedFile, check_upload
from reformdesk.core.views.generic import FilteredTableView
from reformdesk.documents import exports, printing, selectors, services
from reformdesk.documents.filters import IncomingFilter, OutgoingFilter, register_years
from reformdesk.documents.forms import AssignForm, CancelForm, IncomingForm, OutgoingForm
from reformdesk.documents.models import IncomingDocument, OutgoingDocument
from reformdesk.documents.tables import IncomingTable, OutgoingTable
from reformdesk.org.choices import Role
from reformdesk.org.current import current_unit
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import Perm, has_perm, units_with_perm

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
NO_FILE = gettext_lazy("Văn bản chưa có tệp đính kèm.")


def documents_staff_required(view: Any) -> Any:
    """Staff who read a register somewhere; selectors and services check per unit."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_perm(request.user, Perm.VIEW_DOCUMENTS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


class _RegisterView(LoginRequiredMixin, FilteredTableView):
    template_name = "documents/staff/register.html"
    new_url_name = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not has_perm(request.user, Perm.VIEW_DOCUMENTS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        table = context["table"]
        selectors.log_confidential_reads(
            actor=self.request.user, rows=[row.record for row in table.paginated_rows], purpose="list"
        )
        context["can_register"] = has_perm(self.request.user, Perm.REGISTER_DOCUMENTS)
        context["new_url_name"] = self.new_url_name
        context["register"] = self.new_url_name.split(":")[1].removesuffix("_new")
        return context


class IncomingRegisterView(_RegisterView):
    table_class = IncomingTable
    filterset_class = IncomingFilter
    page_title = gettext_lazy("Sổ văn bản đến")
    new_url_name = "documents:incoming_new"

    def get_queryset(self) -> QuerySet[IncomingDocument]:
        return selectors.incoming_list(user=self.request.user, unit=current_unit(self.request))


class OutgoingRegisterView(_RegisterView):
    table_class = OutgoingTable
    filterset_class = OutgoingFilter
    page_title = gettext_lazy("Sổ văn bản đi")
    new_url_name = "documents:outgoing_new"

    def get_queryset(self) -> QuerySet[OutgoingDocument]:
        return selectors.outgoing_list(user=self.request.user, unit=current_unit(self.request))


def _register_rows(request: HttpRequest, register: str) -> tuple[Unit, int, list[Any]]:
    """The current unit's register for one year (``?year=``, by default this year), filtered like
    the page, in the register's order; confidential entries only for those who may read them."""
    unit = current_unit(request)
    if unit is None or register not in ("incoming", "outgoing"):
        raise Http404
    years = {value for value, _label in register_years()}
    year_text = request.GET.get("year", "") or str(timezone.localdate().year)
    if year_text not in years:
        raise Http404
    params = {**request.GET.dict(), "year": year_text}
    if register == "incoming":
        incoming = IncomingFilter(params, queryset=selectors.incoming_list(user=request.user, unit=unit)).qs
        rows: list[Any] = list(incoming.order_by("number", "id"))
    else:
        outgoing = OutgoingFilter(params, queryset=selectors.outgoing_list(user=request.user, unit=unit)).qs
        rows = list(outgoing.order_by("series", "number", "id"))
    return unit, int(year_text), rows


@documents_staff_required
def register_export(request: HttpRequest, register: str) -> HttpResponse:
    """The register of the current unit for one year as an Excel workbook. Reads of
    confidential entries in it are logged."""
    unit, year, rows = _register_rows(request, register)
    if register == "incoming":
        title = _("Sổ đăng ký văn bản đến năm %(year)d — %(unit)s") % {"year": year, "unit": unit.name}
        content = exports.incoming_workbook(documents=rows, title=title)
    else:
        title = _("Sổ đăng ký văn bản đi năm %(year)d — %(unit)s") % {"year": year, "unit": unit.name}
        content = exports.outgoing_workbook(documents=rows, title=title)
    selectors.log_confidential_reads(actor=request.user, rows=rows, purpose="export")
    return download(
        content,
        filename=f"so-van-ban-{'den' if register == 'incoming' else 'di'}-{year}-{unit.code}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@documents_staff_required
def register_print(request: HttpRequest, register: str) -> HttpResponse:
    """The same register printed as a PDF book in the decree's layout (``documents.printing``).
    Reads of confidential entries in it are logged."""
    unit, year, rows = _register_rows(request, register)
    if register == "incoming":
        content = printing.register_pdf(unit=unit, year=year, incoming=rows)
    else:
        content = printing.register_pdf(unit=unit, year=year, outgoing=rows)
    selectors.log_confidential_reads(actor=request.user, rows=rows, purpose="print")
    return download(
        content,
        filename=f"so-van-ban-{'den' if register == 'incoming' else 'di'}-{year}-{unit.code}.pdf",
        content_type="application/pdf",
    )


# --- registering ---------------------------------------------------------------------------------


def _members(units: list[Unit], *, role: str = "") -> list[Official]:
    rows = Membership.objects.active_on(timezone.localdate()).filter(unit__in=units, official__is_active=True)
    if role:
        rows = rows.filter(role=role)
    return list(
        Official.objects.filter(pk__in=rows.values("official_id")).order_by("full_name", "employee_code")
    )


def _register_units(request: HttpRequest) -> tuple[list[Unit], Unit | None]:
    units = units_with_perm(request.user, Perm.REGISTER_DOCUMENTS)
    if not units:
        raise PermissionDenied
    current = current_unit(request)
    return units, current if current in units else units[0]


def _checked(upload: Any) -> CheckedFile | None:
    return check_upload(upload) if upload else None


@documents_staff_required
def incoming_new(request: HttpRequest) -> HttpResponse:
    """Enter a document that arrived in the incoming register."""
    units, initial_unit = _register_units(request)
    officials = _members(units)
    initial = {"unit": initial_unit, "arrived_at": timezone.localtime().replace(second=0, microsecond=0)}
    if request.method != "POST":
        form = IncomingForm(units=units, officials=officials, initial=initial)
        return render(request, "documents/staff/incoming_new.html", {"form": form})
    form = IncomingForm(request.POST, request.FILES, units=units, officials=officials, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            try:
                scan = _checked(data.get("scan"))
            except ValidationError as error:
                raise ValidationError({"scan": error.messages}) from error
            with transaction.atomic():
                document = services.incoming_register(
                    actor=request.user,
                    unit=data["unit"],
                    arrived_at=data["arrived_at"],
                    sender=data["sender"],
                    original_symbol=data["original_symbol"],
                    document_date=data["document_date"],
                    doc_type=data["doc_type"],
                    summary=data["summary"],
                    urgency=data["urgency"],
                    confidentiality=data["confidentiality"],
                    scan=scan,
                    handler=data["handler"],
                    handling_due_on=data["due_on"],
                    note=data["note"],
                )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Đã vào sổ văn bản đến số %(number)d/%(year)d.")
                % {"number": document.number, "year": document.year},
            )
            return redirect("documents:incoming_detail", pk=document.pk)
    return render(request, "documents/staff/incoming_new.html", {"form": form}, status=400)


@documents_staff_required
def outgoing_new(request: HttpRequest) -> HttpResponse:
    """Number a signed document and enter it in the outgoing register."""
    units, initial_unit = _register_units(request)
    signers = _members(units, role=Role.LEADER)
    today = timezone.localdate()
    next_number = (
        selectors.next_outgoing_number(unit=initial_unit, on=today) if initial_unit is not None else None
    )
    initial = {"unit": initial_unit, "issued_on": today, "expected_number": next_number}
    context: dict[str, Any] = {"next_number": next_number, "unit": initial_unit}
    if request.method != "POST":
        context["form"] = OutgoingForm(units=units, signers=signers, initial=initial)
        return render(request, "documents/staff/outgoing_new.html", context)
    form = OutgoingForm(request.POST, request.FILES, units=units, signers=signers, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            try:
                signed = _checked(data.get("signed_pdf"))
            except ValidationError as error:
                raise ValidationError({"signed_pdf": error.messages}) from error
            with transaction.atomic():
                document = services.outgoing_register(
                    actor=request.user,
                    unit=data["unit"],
                    doc_type=data["doc_type"],
                    drafting_unit=data["drafting_unit"],
                    summary=data["summary"],
                    issued_on=data["issued_on"],
                    signer=data["signer"],
                    recipients=data["recipients"],
                    urgency=data["urgency"],
                    confidentiality=data["confidentiality"],
                    signed_pdf=signed,
                    expected_number=data["expected_number"] if data["unit"] == initial_unit else None,
                )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã cấp số %(symbol)s.") % {"symbol": document.symbol})
            return redirect("documents:outgoing_detail", pk=document.pk)
    context["form"] = form
    return render(request, "documents/staff/outgoing_new.html", context, status=400)


# --- one entry -----------------------------------------------------------------------------------


def _render_incoming(
    request: HttpRequest, pk: int, form: AssignForm | None = None, status: int = 200
) -> HttpResponse:
    detail = selectors.incoming_detail(user=request.user, pk=pk)
    if form is None and detail.can_assign:
        form = AssignForm(
            officials=_members([detail.document.unit]),
            initial={"handler": detail.document.handler, "due_on": detail.document.handling_due_on},
        )
    context = {
        "detail": detail,
        "document": detail.document,
        "form": form,
        "page_title": str(detail.document),
    }
    return render(request, "documents/staff/incoming_detail.html", context, status=status)


@documents_staff_required
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_incoming(request, pk)


@require_POST
@documents_staff_required
def incoming_assign(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.incoming_get(user=request.user, pk=pk, purpose="assign")
    form = AssignForm(request.POST, officials=_members([document.unit]))
    if form.is_valid():
        try:
            with transaction.atomic():
                services.incoming_assign_handler(
                    actor=request.user,
                    document=document,
                    handler=form.cleaned_data["handler"],
                    due_on=form.cleaned_data["due_on"],
                    note=form.cleaned_data["note"],
                )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as error:
            messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
            return redirect("documents:incoming_detail", pk=pk)
        else:
            messages.success(request, _("Đã giao xử lý văn bản đến."))
            return redirect("documents:incoming_detail", pk=pk)
    return _render_incoming(request, pk, form=form, status=400)


def _render_outgoing(
    request: HttpRequest, pk: int, form: CancelForm | None = None, status: int = 200
) -> HttpResponse:
    detail = selectors.outgoing_detail(user=request.user, pk=pk)
    if form is None and detail.can_cancel:
        form = CancelForm()
    context = {
        "detail": detail,
        "document": detail.document,
        "form": form,
        "page_title": detail.document.symbol,
    }
    return render(request, "documents/staff/outgoing_detail.html", context, status=status)


@documents_staff_required
def outgoing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_outgoing(request, pk)


@require_POST
@documents_staff_required
def outgoing_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.outgoing_get(user=request.user, pk=pk, purpose="cancel")
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.outgoing_cancel(
                    actor=request.user, document=document, reason=form.cleaned_data["reason"]
                )
        except ValidationError as error:
            form.add_service_error(error)
        except (PermissionDenied, services.ActionNotAllowed) as error:
            messages.error(
                request,
                getattr(error, "message", "")
                or str(error)
                or _("Bạn không có quyền thực hiện thao tác này."),
            )
            return redirect("documents:outgoing_detail", pk=pk)
        else:
            messages.success(request, _("Đã hủy số %(symbol)s.") % {"symbol": document.symbol})
            return redirect("documents:outgoing_detail", pk=pk)
    return _render_outgoing(request, pk, form=form, status=400)


def _file(stored: FieldFile, content_type: str, name: str) -> FileResponse:
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}.{_EXTENSIONS.get(content_type, "bin")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@documents_staff_required
def incoming_scan(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.incoming_get(user=request.user, pk=pk, purpose="scan")
    if not document.scan:
        raise Http404(NO_FILE)
    return _file(document.scan, document.scan_content_type, f"van-ban-den-{document.year}-{document.number}")


@documents_staff_required
def outgoing_pdf(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.outgoing_get(user=request.user, pk=pk, purpose="pdf")
    if not document.signed_pdf:
        raise Http404(NO_FILE)
    return _file(
        document.signed_pdf,
        "application/pdf",
        f"van-ban-di-{document.year}-{document.series}-{document.number}",
    )
