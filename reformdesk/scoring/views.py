"""The 766 index page under /staff/indices/766/ (namespace ``scoring``): a unit's index for a
period, its groups and indicators with how each was scored, the drill-down from an indicator to
the dossiers or petitions that lost points, and the form a reform officer enters a figure with."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, has_perm
from reformdesk.scoring import selectors
from reformdesk.scoring.choices import Rate
from reformdesk.scoring.models import Indicator, IndicatorEntry
from reformdesk.scoring.periods import Period, parse_period
from reformdesk.scoring.services import entry_record

DRILL_DOWN_ROWS = 200
_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


def _choose(request: HttpRequest, params: Any) -> tuple[list[Unit], Unit, Period | None, list[str]]:
    """The units the user may read, the chosen one (default: the first), the period (default: this
    year) and the errors of a bad choice."""
    units = list(selectors.units_for_index(user=request.user))
    if not units:
        raise PermissionDenied
    code = (params.get("unit") or "").strip()
    unit = next((u for u in units if u.code == code), units[0])
    errors = []
    if code and unit.code != code:
        errors.append(_("Bạn không xem được chỉ số của đơn vị «%(code)s».") % {"code": code[:20]})
    today = timezone.localdate()
    try:
        period: Period | None = parse_period(params.get("period") or str(today.year), today=today)
    except ValidationError as error:
        errors.extend(error.messages)
        period = None
    return units, unit, period, errors


@login_required
def index766(request: HttpRequest) -> HttpResponse:
    units, unit, period, errors = _choose(request, request.GET)
    subtree = request.GET.get("subtree", "1") != "0"
    index = selectors.index_766(unit=unit, period=period, subtree=subtree) if period else None
    chosen = index.indicator(request.GET.get("indicator", "")) if index else None
    query = {"unit": unit.code, "period": period.key if period else "", "subtree": "1" if subtree else "0"}
    context = {
        "page_title": _("Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)"),
        "units": units,
        "unit": unit,
        "period_text": request.GET.get("period") or (period.key if period else ""),
        "subtree": subtree,
        "errors": errors,
        "index": index,
        "chosen": chosen,
        "lost_rows": chosen.lost[:DRILL_DOWN_ROWS] if chosen else [],
        "query": urlencode(query),
        "can_enter": has_perm(request.user, Perm.ENTER_INDEX, unit),
    }
    return render(request, "scoring/index766.html", context)


@login_required
def entry_new(request: HttpRequest) -> HttpResponse:
    """Enter a figure of an indicator ReformDesk cannot compute, with an evidence file."""
    params = request.POST if request.method == "POST" else request.GET
    _units, unit, period, errors = _choose(request, params)
    if not has_perm(request.user, Perm.ENTER_INDEX, unit):
        raise PermissionDenied
    indicator_id = _int(params.get("indicator"))
    indicator = Indicator.objects.filter(pk=indicator_id or 0, rate=Rate.ENTERED).first()
    if indicator is None:
        raise Http404
    if request.method == "POST" and period is not None and not errors:
        try:
            entry_record(
                actor=request.user,
                indicator=indicator,
                unit=unit,
                period=period,
                numerator=_count(request.POST.get("numerator"), "numerator"),
                denominator=_count(request.POST.get("denominator"), "denominator"),
                evidence=_evidence(request),
                note=request.POST.get("note", "")[:2000],
            )
        except ValidationError as error:
            errors = _messages(error)
        else:
            query = urlencode({"unit": unit.code, "period": period.key, "indicator": indicator.code})
            return redirect(f"{reverse('scoring:index766')}?{query}")
    context = {
        "page_title": _("Nhập số liệu chỉ số"),
        "unit": unit,
        "period": period,
        "indicator": indicator,
        "errors": errors,
        "posted": request.POST if request.method == "POST" else {},
    }
    return render(
        request, "scoring/entry_new.html", context, status=422 if errors and request.method == "POST" else 200
    )


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _count(value: str | None, field: str) -> int:
    number = _int(value)
    if number is None:
        raise ValidationError({field: _("Cần ghi một số nguyên không âm.")})
    return number


def _evidence(request: HttpRequest) -> Any:
    upload = request.FILES.get("evidence")
    if upload is None:
        raise ValidationError({"evidence": _("Cần đính kèm tệp minh chứng (PDF, JPEG hoặc PNG).")})
    return upload


@login_required
def entry_evidence(request: HttpRequest, entry_id: int) -> FileResponse:
    """The evidence file of an entered figure, for whoever may read the unit's index."""
    entry = IndicatorEntry.objects.select_related("unit").filter(pk=entry_id).first()
    if entry is None or not has_perm(request.user, Perm.VIEW_INDEX, entry.unit):
        raise Http404
    response = FileResponse(entry.evidence.open("rb"), content_type=entry.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="minh-chung-{entry.pk}.{_EXTENSIONS[entry.content_type]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
