"""Public dossier pages: look a dossier up with its receipt, and file a dossier online.

The lookup answers an unknown code and a wrong secret alike and is rate-limited per client. Online
filing needs no account: the citizen leaves with the dossier's code and its lookup secret.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reformdesk.catalog import selectors as catalog_selectors
from reformdesk.catalog.choices import OnlineLevel
from reformdesk.catalog.selectors import desk_units
from reformdesk.core.ratelimit import public_rate_limit
from reformdesk.dossiers import selectors, services
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.uploads import check_uploads
from reformdesk.portal.dossier_forms import LookupForm, OnlineFilingForm

LOOKUP_PER_MINUTE = 20
FILING_PER_MINUTE = 10
SUBMITTED_KEY = "portal.submitted_dossier"


@public_rate_limit("portal.dossier_lookup", per_minute=LOOKUP_PER_MINUTE)
def dossier_lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    found = None
    not_found = False
    rate_url = ""
    if form.is_bound and form.is_valid():
        code, secret = form.cleaned_data["code"], form.cleaned_data["secret"]
        found = selectors.dossier_lookup(code=code, secret=secret)
        not_found = found is None
        # Rating opens after delivery, with the receipt's secret (not the phone's digits).
        if found is not None and found.status == Status.DELIVERED and not secret.strip().isdigit():
            rate_url = (
                reverse("surveys:rate_receipt", args=[found.code]) + "?" + urlencode({"secret": secret})
            )
    status = 404 if not_found else 200
    return render(
        request,
        "portal/dossier_lookup.html",
        {"form": form, "found": found, "not_found": not_found, "rate_url": rate_url},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@public_rate_limit("portal.dossier_file", per_minute=FILING_PER_MINUTE)
def dossier_file(request: HttpRequest, code: str) -> HttpResponse:
    """File online a procedure offered online (fully or partly), at a desk that posts it."""
    detail = catalog_selectors.procedure_detail(code=code)
    if detail is None or detail.version is None or detail.procedure.online_level == OnlineLevel.NONE:
        raise Http404(_("Thủ tục này không nộp trực tuyến được."))
    procedure, version = detail.procedure, detail.version
    desks = desk_units(procedure=procedure, on=timezone.localdate())
    papers = [p for p in detail.papers if p.case_id is None]
    form = OnlineFilingForm(request.POST or None, request.FILES or None, desks=desks, papers=papers)
    if request.method == "POST" and form.is_valid():
        try:
            files = []
            for paper in papers:
                for checked in check_uploads(request.FILES.getlist(f"paper_{paper.pk}")):
                    files.append((paper.pk, checked))
            if len(files) > 20:
                raise ValidationError(_("Chỉ được gửi tối đa 20 tệp."))
            dossier = services.dossier_submit_online(
                unit=form.cleaned_data["unit"],
                procedure=procedure,
                applicant=form.applicant(),
                files=files,
                client_token=form.cleaned_data["client_token"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            request.session[SUBMITTED_KEY] = {"code": dossier.code, "secret": dossier.secret}
            return redirect("portal:dossier_filed")
    status = 400 if request.method == "POST" else 200
    context = {"procedure": procedure, "version": version, "form": form, "papers": papers, "desks": desks}
    return render(request, "portal/dossier_file.html", context, status=status)


def dossier_filed(request: HttpRequest) -> HttpResponse:
    """The confirmation after filing: the code and the secret, shown to the one who filed."""
    submitted = request.session.get(SUBMITTED_KEY)
    if not submitted:
        return redirect("portal:dossier_lookup")
    found = selectors.dossier_lookup(code=submitted["code"], secret=submitted["secret"])
    return render(request, "portal/dossier_filed.html", {"submitted": submitted, "found": found})
