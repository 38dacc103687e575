"""The public feedback pages: file a case online, look it up with its code and secret, rate its
answer. No account is needed; the citizen leaves with the case's code and its lookup secret.

Submissions are limited per client address as online filing is (``portal.views.dossiers``), the
lookup and the rating share the lookup's per-minute allowance and its wrong-secret counters.
"""

from __future__ import annotations

import math

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reformdesk.core.middleware import client_ip
from reformdesk.core.pagination import page_number
from reformdesk.core.ratelimit import public_rate_limit, retry_after
from reformdesk.feedback import selectors
from reformdesk.feedback.choices import Satisfaction, Status
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.public_forms import (
    FeedbackLookupForm,
    PublicFeedbackForm,
    PublicRatingForm,
    PublishedFilterForm,
)
from reformdesk.feedback.services import ActionNotAllowed
from reformdesk.feedback.services.deadlines import case_deadlines
from reformdesk.feedback.services.public import (
    LOOKUP_PER_MINUTE,
    LOOKUP_SCOPE,
    feedback_lookup_attempt,
    feedback_rate_by_citizen,
    feedback_submit_online,
)
from reformdesk.org import selectors as org_selectors
from reformdesk.portal.views.procedures import query_without_page

# Submissions sent from one address in 10 minutes, as for online filing: a family or an office
# behind one address stays well under it; a script does not.
SUBMISSIONS_PER_WINDOW = 30
SUBMISSION_WINDOW_SECONDS = 600
SUBMITTED_KEY = "feedback.submitted_case"

# The statuses in which the citizen sees the answer: sent to them, or published.
ANSWERED_STATUSES = frozenset({Status.SENT, Status.PUBLISHED, Status.RATED, Status.CLOSED})
RATABLE_STATUSES = frozenset({Status.SENT, Status.PUBLISHED})


def _form(request: HttpRequest, *, wait: int) -> PublicFeedbackForm:
    units = list(org_selectors.unit_directory())
    boards = org_selectors.hotline_boards(units=units)
    if wait:
        # Refused before anything is read: the typed data comes back as it was, without errors.
        return PublicFeedbackForm(initial=request.POST.dict(), units=units, officials=boards)
    if request.method == "POST":
        return PublicFeedbackForm(request.POST, request.FILES, units=units, officials=boards)
    unit_code = request.GET.get("unit", "")[:40]
    initial = {}
    if unit_code:
        initial["unit"] = next((u.pk for u in units if u.code == unit_code), None)
    return PublicFeedbackForm(initial=initial, units=units, officials=boards)


@require_http_methods(["GET", "POST"])
@public_rate_limit("feedback.form")
def feedback_submit(request: HttpRequest) -> HttpResponse:
    """The online form. Every request counts toward the public per-minute limit; submissions also
    toward their own limit per 10 minutes, whose 429 keeps what was typed (attached files must be
    chosen again: a browser never sends them back)."""
    wait = 0
    if request.method == "POST":
        wait = retry_after(
            key=f"feedback.submit:{client_ip(request) or 'unknown'}",
            limit=SUBMISSIONS_PER_WINDOW,
            window=SUBMISSION_WINDOW_SECONDS,
        )
    form = _form(request, wait=wait)
    if request.method == "POST" and not wait and form.is_valid():
        data = form.cleaned_data
        try:
            case = feedback_submit_online(
                unit=data["unit"],
                kind=data["kind"],
                subject=data["subject"],
                content=data["content"],
                citizen=form.citizen(),
                place=data["place"],
                related_dossier_code=data["related_dossier"],
                related_official=form.official(),
                files=data["attachments"],
                client_token=data["client_token"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            request.session[SUBMITTED_KEY] = {"code": case.code, "secret": case.secret}
            return redirect("feedback:public_submitted")
    status = 429 if wait else 400 if request.method == "POST" else 200
    response = render(
        request,
        "feedback/public_form.html",
        {"form": form, "retry_minutes": math.ceil(wait / 60)},
        status=status,
    )
    if wait:
        response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET"])
@public_rate_limit("feedback.form")
def feedback_submitted(request: HttpRequest) -> HttpResponse:
    """The confirmation: the code and the secret, shown to the one who filed, and the due moments."""
    submitted = request.session.get(SUBMITTED_KEY) or {}
    case = FeedbackCase.objects.select_related("unit").filter(code=submitted.get("code", "")).first()
    if case is None:
        return redirect("feedback:public_lookup")
    response = render(
        request,
        "feedback/public_submitted.html",
        {"case": case, "secret": submitted["secret"], "deadlines": case_deadlines(case)},
    )
    response["Cache-Control"] = "no-store"
    return response


def _lookup_page(
    request: HttpRequest,
    *,
    form: FeedbackLookupForm,
    found: FeedbackCase | None,
    secret: str = "",
    retry_minutes: int = 0,
    not_found: bool = False,
    rating_form: PublicRatingForm | None = None,
) -> HttpResponse:
    if found is not None and rating_form is None and found.status in RATABLE_STATUSES:
        rating_form = PublicRatingForm(initial={"code": found.code, "secret": secret})
    context = {
        "form": form,
        "found": found,
        "deadlines": case_deadlines(found) if found is not None else None,
        "answered": found is not None and found.status in ANSWERED_STATUSES,
        "rating_form": rating_form if found is not None and found.status in RATABLE_STATUSES else None,
        "retry_minutes": retry_minutes,
        "not_found": not_found,
    }
    status = 429 if retry_minutes else 404 if not_found else 400 if form.errors else 200
    if rating_form is not None and rating_form.errors:
        status = 400
    response = render(request, "feedback/public_lookup.html", context, status=status)
    if retry_minutes:
        response["Retry-After"] = str(retry_minutes * 60)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
@public_rate_limit(LOOKUP_SCOPE, per_minute=LOOKUP_PER_MINUTE)
def feedback_lookup(request: HttpRequest) -> HttpResponse:
    """The lookup form posts the code and the secret (a secret in an address stays in the history
    and the logs); a GET only fills the code in."""
    if request.method != "POST":
        form = FeedbackLookupForm(initial={"code": request.GET.get("code", "")[:40]})
        return _lookup_page(request, form=form, found=None)
    form = FeedbackLookupForm(request.POST)
    if not form.is_valid():
        return _lookup_page(request, form=form, found=None)
    secret = form.cleaned_data["secret"]
    outcome = feedback_lookup_attempt(
        code=form.cleaned_data["code"], secret=secret, client=client_ip(request)
    )
    return _lookup_page(
        request,
        form=form,
        found=outcome.found,
        secret=secret,
        retry_minutes=math.ceil(outcome.retry_after / 60),
        not_found=outcome.found is None and not outcome.retry_after,
    )


@require_POST
@public_rate_limit(LOOKUP_SCOPE, per_minute=LOOKUP_PER_MINUTE)
def feedback_rate_public(request: HttpRequest) -> HttpResponse:
    """The citizen's rating of the answer, sent with the case's code and secret (counted as a
    lookup): "Không hài lòng" reopens the case once, with the leader of its unit."""
    rating_form = PublicRatingForm(request.POST)
    form = FeedbackLookupForm(request.POST)
    if not (form.is_valid() and rating_form.is_valid()):
        form = FeedbackLookupForm(initial={"code": request.POST.get("code", "")[:40]})
        outcome = None
        if rating_form.errors.keys() <= {"satisfaction", "comment"} and "code" in rating_form.cleaned_data:
            outcome = feedback_lookup_attempt(
                code=rating_form.cleaned_data["code"],
                secret=rating_form.cleaned_data["secret"],
                client=client_ip(request),
            )
        found = outcome.found if outcome is not None else None
        return _lookup_page(
            request,
            form=form,
            found=found,
            secret=rating_form.cleaned_data.get("secret", ""),
            rating_form=rating_form if found is not None else None,
            retry_minutes=math.ceil(outcome.retry_after / 60) if outcome is not None else 0,
            not_found=found is None and not (outcome and outcome.retry_after),
        )
    data = rating_form.cleaned_data
    outcome = feedback_lookup_attempt(code=data["code"], secret=data["secret"], client=client_ip(request))
    if outcome.found is None:
        return _lookup_page(
            request,
            form=form,
            found=None,
            retry_minutes=math.ceil(outcome.retry_after / 60),
            not_found=not outcome.retry_after,
        )
    try:
        case = feedback_rate_by_citizen(
            case=outcome.found,
            secret=data["secret"],
            satisfaction=data["satisfaction"],
            comment=data["comment"],
        )
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            rating_form.add_error(name if name in rating_form.fields else None, errors)
        return _lookup_page(
            request, form=form, found=outcome.found, secret=data["secret"], rating_form=rating_form
        )
    except (ActionNotAllowed, PermissionDenied) as error:
        messages.error(request, str(error))
        return _lookup_page(request, form=form, found=outcome.found, secret=data["secret"])
    if case.rating == Satisfaction.DISSATISFIED and case.status != Status.RATED:
        messages.success(
            request,
            _("Cảm ơn bạn đã đánh giá. Phản ánh đã được mở lại và chuyển lãnh đạo đơn vị xử lý."),
        )
    else:
        messages.success(request, _("Cảm ơn bạn đã đánh giá câu trả lời."))
    return _lookup_page(request, form=form, found=case, secret=data["secret"])


PUBLISHED_PER_PAGE = 20


@require_http_methods(["GET"])
@public_rate_limit("feedback_published")
def published_answers(request: HttpRequest) -> HttpResponse:
    """The answers units published, searchable without diacritics and filtered by unit, kind and
    the answer's month; questions are anonymised, no citizen is named."""
    today = timezone.localdate()
    form = PublishedFilterForm(request.GET or None, units=list(org_selectors.unit_directory()), today=today)
    page = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        rows = selectors.published_answers(
            search=data.get("q", ""),
            unit=data.get("unit"),
            kind=data.get("kind", ""),
            month=data.get("month"),
        )
        paginator = Paginator(rows, PUBLISHED_PER_PAGE)
        page = paginator.get_page(page_number(request.GET.get("page"), per_page=PUBLISHED_PER_PAGE))
    context = {
        "form": form,
        "page": page,
        "query_string": query_without_page(request.GET),
    }
    return render(request, "feedback/published.html", context, status=400 if page is None else 200)
