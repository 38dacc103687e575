"""Public dossier pages: look a dossier up with its receipt, and file a dossier online.

The lookup answers an unknown code and a wrong secret alike and is rate-limited per client. Online
filing needs no account: the citizen leaves with the dossier's code and its lookup secret.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reformdesk.catalog import selectors as catalog_selectors
from reformdesk.core.middleware import client_ip
from reformdesk.core.ratelimit import public_rate_limit, retry_after
from reformdesk.core.uploads import MAX_FILES
from reformdesk.dossiers import selectors, services
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.services.lookup import LOOKUP_PER_MINUTE, LOOKUP_SCOPE, dossier_lookup_attempt
from reformdesk.portal import staging
from reformdesk.portal.dossier_forms import LookupForm, OnlineFilingForm
from reformdesk.portal.views.procedures import files_online

# Online filings sent from one address in 10 minutes: a family, or an office behind one address
# where several people file and correct their forms, stays well under it; a script does not.
FILINGS_PER_WINDOW = 30
FILING_WINDOW_SECONDS = 600
SUBMITTED_KEY = "portal.submitted_dossier"


@require_http_methods(["GET", "POST"])
@public_rate_limit(LOOKUP_SCOPE, per_minute=LOOKUP_PER_MINUTE)
def dossier_lookup(request: HttpRequest) -> HttpResponse:
    """The lookup form posts the code and the secret: a secret in a page's address stays in the
    browser's history, in access logs and in the Referer of the next click.

    A GET only fills the form in and never looks anything up. Links that carry the code keep
    working. The receipt's QR code carries the secret too (``?code=…&secret=…``, printed on paper
    that cannot be recalled), as do the SMS and e-mail notices: they open the form filled in with
    both, and the citizen confirms with one press of "Tra cứu"; that page is not cached and sends
    no Referer.
    """
    found = None
    not_found = False
    rate_url = ""
    retry_minutes = 0
    from_qr = False
    if request.method == "POST":
        form = LookupForm(request.POST)
        if form.is_valid():
            code, secret = form.cleaned_data["code"], form.cleaned_data["secret"]
            outcome = dossier_lookup_attempt(code=code, secret=secret, client=client_ip(request))
            found = outcome.found
            retry_minutes = math.ceil(outcome.retry_after / 60)
            not_found = found is None and not retry_minutes
            # Rating opens after delivery, with the receipt's secret (not the phone's digits).
            if found is not None and found.status == Status.DELIVERED and not secret.strip().isdigit():
                rate_url = (
                    reverse("surveys:rate_receipt", args=[found.code]) + "?" + urlencode({"secret": secret})
                )
    else:
        from_qr = bool(request.GET.get("secret"))
        form = LookupForm(
            initial={"code": request.GET.get("code", "")[:32], "secret": request.GET.get("secret", "")[:32]}
            if from_qr
            else {"code": request.GET.get("code", "")[:32]}
        )
    status = 429 if retry_minutes else 404 if not_found else 200
    response = render(
        request,
        "portal/dossier_lookup.html",
        {
            "form": form,
            "found": found,
            "not_found": not_found,
            "rate_url": rate_url,
            "retry_minutes": retry_minutes,
            "from_qr": from_qr,
        },
        status=status,
    )
    if retry_minutes:
        response["Retry-After"] = str(retry_minutes * 60)
    # Neither a result nor a secret filled in from the QR code may be kept by a shared browser's
    # cache or leak to another site through the Referer header. "same-origin", not "no-referrer":
    # with no referrer Chromium sends "Origin: null" on the page's own form, which CSRF refuses.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def dossier_file(request: HttpRequest, code: str) -> HttpResponse:
    """File online a procedure offered online (fully or partly), at a desk that posts it.

    Only submissions count toward the rate limit (opening the form again does not), and the limit
    is set for an office or a family behind one address. A form sent back with errors keeps what
    was typed and the files that passed their checks (``portal.staging``).
    """
    detail = catalog_selectors.procedure_detail(code=code)
    if detail is None or not files_online(detail):
        raise Http404(_("Thủ tục này không nộp trực tuyến được."))
    procedure, version = detail.procedure, detail.version
    desks = [publication.unit for publication in detail.desks]
    papers = [p for p in detail.papers if p.case_id is None]
    wait = 0
    if request.method == "POST":
        wait = retry_after(
            key=f"portal.dossier_file:{client_ip(request) or 'unknown'}",
            limit=FILINGS_PER_WINDOW,
            window=FILING_WINDOW_SECONDS,
        )
    token = _filing_token(request)
    if token and not wait and request.POST.getlist("remove"):
        staging.unstage(request.session, token, set(request.POST.getlist("remove")))
    kept = staging.staged_files(request.session, token) if token else []
    kept_count = Counter(f.paper_id for f in kept)
    if wait:
        # Refused before anything is read: the typed data comes back as it was, without errors.
        form = OnlineFilingForm(initial=request.POST.dict(), desks=desks, papers=papers, kept=kept_count)
    else:
        form = OnlineFilingForm(
            request.POST or None, request.FILES or None, desks=desks, papers=papers, kept=kept_count
        )
    if request.method == "POST" and not wait:
        if form.is_valid():
            files = form.checked_files() + [(f.paper_id, staging.as_checked(f)) for f in kept]
            try:
                if len(files) > MAX_FILES:
                    raise ValidationError(_("Chỉ được gửi tối đa %(limit)d tệp.") % {"limit": MAX_FILES})
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
                if token:
                    staging.release(request.session, token)
                request.session[SUBMITTED_KEY] = {"code": dossier.code, "secret": dossier.secret}
                return redirect("portal:dossier_filed")
        if token:
            room = MAX_FILES - len(kept)
            for paper_id, checked in form.checked_files()[: max(room, 0)]:
                staging.stage(request.session, token, paper_id, checked)
            kept = staging.staged_files(request.session, token)
    context = {
        "procedure": procedure,
        "version": version,
        "form": form,
        "papers": papers,
        "desks": desks,
        "kept": kept,
        "retry_minutes": math.ceil(wait / 60),
    }
    status = 429 if wait else 400 if request.method == "POST" else 200
    response = render(request, "portal/dossier_file.html", context, status=status)
    if wait:
        response["Retry-After"] = str(wait)
    return response


def _filing_token(request: HttpRequest) -> str:
    """The filing's token from the form (a UUID, so it is safe in a storage path), or ''."""
    try:
        return str(uuid.UUID(request.POST.get("client_token", "")))
    except ValueError:
        return ""


def dossier_filed(request: HttpRequest) -> HttpResponse:
    """The confirmation after filing: the code and the secret, shown to the one who filed."""
    submitted = request.session.get(SUBMITTED_KEY)
    if not submitted:
        return redirect("portal:dossier_lookup")
    found = selectors.dossier_lookup(code=submitted["code"], secret=submitted["secret"])
    outlook = selectors.dossier_filing_outlook(code=submitted["code"])
    context = {"submitted": submitted, "found": found, "outlook": outlook}
    return render(request, "portal/dossier_filed.html", context)
