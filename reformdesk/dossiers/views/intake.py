"""Intake at the counter: choose a procedure posted at the desk, then record the dossier."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.catalog.choices import PublicationPlace
from reformdesk.catalog.models import Procedure
from reformdesk.catalog.selectors import desk_units
from reformdesk.core.text import terms
from reformdesk.dossiers import services
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.forms import IntakeForm
from reformdesk.dossiers.views.access import receiver_required
from reformdesk.org.current import current_unit
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, has_perm

RESULTS = 30


def _desk(request: HttpRequest) -> Unit:
    unit = current_unit(request)
    if unit is None or not has_perm(request.user, Perm.RECEIVE_DOSSIERS, unit):
        raise PermissionDenied(_("Hãy chọn đơn vị nơi bạn làm việc tại Bộ phận Một cửa."))
    return unit


def _posted(unit: Unit) -> QuerySet[Procedure]:
    today = timezone.localdate()
    # One filter() call: every condition applies to the same publication row.
    return Procedure.objects.filter(
        Q(publications__withdrawn_on__isnull=True) | Q(publications__withdrawn_on__gte=today),
        is_active=True,
        publications__unit=unit,
        publications__place=PublicationPlace.DESK,
        publications__published_on__lte=today,
    ).distinct()


@receiver_required
def intake_start(request: HttpRequest) -> HttpResponse:
    """Search the procedures posted at the current unit's desk (no diacritics needed)."""
    unit = _desk(request)
    query = request.GET.get("q", "")[:200]
    procedures = _posted(unit).select_related("field")
    for term in terms(query):
        procedures = procedures.filter(search_text__contains=term)
    procedures = procedures.order_by("-popularity", "national_code")
    context = {"unit": unit, "q": query, "procedures": list(procedures[:RESULTS]), "limit": RESULTS}
    template = "dossiers/staff/_intake_results.html" if request.htmx else "dossiers/staff/intake_start.html"
    return render(request, template, context)


@receiver_required
def intake_form(request: HttpRequest, code: str) -> HttpResponse:
    unit = _desk(request)
    procedure = _posted(unit).filter(national_code=code).first()
    if procedure is None:
        raise Http404(_("Thủ tục không được niêm yết tại Bộ phận Một cửa của đơn vị."))
    version = procedure.version_on(timezone.localdate())
    if version is None:
        raise Http404(_("Thủ tục không có phiên bản đang có hiệu lực."))
    desks = desk_units(procedure=procedure, on=timezone.localdate()) if procedure.anywhere_in_province else []
    form = IntakeForm(request.POST or None, version=version, desks=[d for d in desks if d.pk != unit.pk])
    refusing = "refuse" in request.POST
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if refusing and not data["refuse_reasons"].strip():
            form.add_error("refuse_reasons", _("Cần ghi rõ lý do từ chối tiếp nhận."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = services.dossier_receive(
                actor=request.user,
                unit=unit,
                procedure=procedure,
                applicant=form.applicant(),
                submitted_papers=[p.pk for p in data["papers"]],
                channel=data["channel"],
                case=data.get("case"),
                processing_unit=data.get("processing_unit"),
                client_token=data["client_token"],
                note=data["note"],
                refuse_reasons=data["refuse_reasons"] if refusing else "",
                digitisation=None if refusing else form.digitisation(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if dossier.status == Status.REFUSED:
                messages.warning(
                    request,
                    _("Đã từ chối tiếp nhận hồ sơ %(code)s: in phiếu từ chối cho người dân.")
                    % {"code": dossier.code},
                )
            elif dossier.status == Status.SUPPLEMENT:
                messages.warning(
                    request,
                    _("Hồ sơ %(code)s còn thiếu giấy tờ: đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.")
                    % {"code": dossier.code},
                )
            else:
                messages.success(
                    request,
                    _("Đã tiếp nhận hồ sơ %(code)s. In giấy tiếp nhận và hẹn trả kết quả cho người dân.")
                    % {"code": dossier.code},
                )
            return redirect("dossiers:detail", code=dossier.code)
    status = 400 if request.method == "POST" else 200
    context = {"unit": unit, "procedure": procedure, "version": version, "form": form}
    return render(request, "dossiers/staff/intake_form.html", context, status=status)
