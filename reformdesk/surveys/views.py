"""Rating pages: the citizen's (from the receipt's QR code or the SMS link), the counter tablet,
and the results for leaders and reform officers.

The public pages are rate-limited per client; a wrong code or secret gets the same answer as an
unknown code, as on the lookup page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reformdesk.core.ratelimit import public_rate_limit
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.models import Dossier
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, has_perm, unit_filter
from reformdesk.surveys import selectors, services
from reformdesk.surveys.choices import InvitationChannel
from reformdesk.surveys.forms import RatingForm, ResultsFilterForm
from reformdesk.surveys.models import RatingInvitation

RATE_PER_MINUTE = 20


def _not_found(request: HttpRequest) -> HttpResponse:
    context = {"state": "not_found"}
    return render(request, "surveys/rate.html", context, status=404)


def _page(
    request: HttpRequest, dossier: Dossier, state: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"dossier": dossier, "state": state, **extra}
    return render(request, "surveys/rate.html", context, status=status)


def _rate(request: HttpRequest, invitation: RatingInvitation) -> HttpResponse:
    dossier = invitation.dossier
    if selectors.is_rated(invitation=invitation):
        return _page(request, dossier, "already", status=409 if request.method == "POST" else 200)
    officials = selectors.handled_officials(dossier=dossier)
    form = RatingForm(request.POST if request.method == "POST" else None, officials=officials)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_submit(
                invitation=invitation,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                officials=form.official_scores(),
            )
        except services.AlreadyRated:
            return _page(request, dossier, "already", status=409)
        except services.NotDelivered:
            return _page(request, dossier, "not_open")
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _page(request, dossier, "thanks")
    status = 400 if request.method == "POST" else 200
    return _page(request, dossier, "form", status=status, form=form)


@require_http_methods(["GET", "POST"])
@public_rate_limit("surveys.rate", per_minute=RATE_PER_MINUTE)
def rate_receipt(request: HttpRequest, code: str) -> HttpResponse:
    """Opened from the receipt's QR code: the dossier's own secret opens its RECEIPT invitation."""
    dossier = selectors.dossier_by_receipt(code=code, secret=request.GET.get("secret", ""))
    if dossier is None:
        return _not_found(request)
    if dossier.status != Status.DELIVERED:
        return _page(request, dossier, "not_open")
    invitation, _created = services.invitation_get_or_create(
        dossier=dossier, channel=InvitationChannel.RECEIPT
    )
    return _rate(request, invitation)


@require_http_methods(["GET", "POST"])
@public_rate_limit("surveys.rate", per_minute=RATE_PER_MINUTE)
def rate_token(request: HttpRequest, token: str) -> HttpResponse:
    """Opened from the link sent by SMS at delivery."""
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        return _not_found(request)
    if invitation.dossier.status != Status.DELIVERED:
        return _page(request, invitation.dossier, "not_open")
    return _rate(request, invitation)


def _require_desk(request: HttpRequest) -> None:
    if not has_perm(request.user, Perm.RECEIVE_DOSSIERS):
        raise PermissionDenied


@login_required
def counter(request: HttpRequest) -> HttpResponse:
    """The one-stop officer's list: dossiers this desk delivered in the last hour."""
    _require_desk(request)
    dossiers = list(selectors.counter_delivered(user=request.user))
    return render(request, "surveys/counter_list.html", {"dossiers": dossiers})


@login_required
@require_http_methods(["GET", "POST"])
def counter_rate(request: HttpRequest, code: str) -> HttpResponse:
    """The full-screen form the citizen fills on the counter's tablet."""
    _require_desk(request)
    dossier = selectors.counter_delivered(user=request.user).filter(code=code[:32]).first()
    if dossier is None:
        raise Http404(_("Không có hồ sơ này trong danh sách vừa trả kết quả tại quầy."))
    if dossier.rated_at_counter:
        messages.info(request, _("Hồ sơ %(code)s đã được đánh giá tại quầy.") % {"code": dossier.code})
        return redirect("surveys:counter")
    officials = selectors.handled_officials(dossier=dossier)
    form = RatingForm(request.POST if request.method == "POST" else None, officials=officials)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_submit_at_counter(
                actor=request.user,
                dossier=dossier,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                officials=form.official_scores(),
            )
        except services.AlreadyRated:
            messages.info(request, _("Hồ sơ %(code)s đã được đánh giá tại quầy.") % {"code": dossier.code})
            return redirect("surveys:counter")
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Cảm ơn Ông/Bà đã đánh giá. Đã ghi nhận đánh giá hồ sơ %(code)s.") % {"code": dossier.code},
            )
            return redirect("surveys:counter")
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/counter_rate.html", {"dossier": dossier, "form": form}, status=status)


@login_required
def results(request: HttpRequest) -> HttpResponse:
    """Counts of ratings per score by unit, procedure, official and month, with the satisfied share."""
    if not has_perm(request.user, Perm.VIEW_DOSSIERS):
        raise PermissionDenied
    units = Unit.objects.filter(unit_filter(request.user, Perm.VIEW_DOSSIERS)).order_by("path")
    form = ResultsFilterForm(request.GET or None, units=units)
    found = None
    status = 200
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        found = selectors.rating_results(
            user=request.user, unit=data.get("unit"), start=data.get("start"), end=data.get("end")
        )
    else:
        status = 400
    context = {"form": form, "results": found, "today": timezone.localdate()}
    return render(request, "surveys/results.html", context, status=status)
