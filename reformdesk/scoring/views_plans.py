"""The yearly reform plan and reports pages under /staff/indices/plans/ (namespace ``scoring``):
a unit's plan for a year with its items' tasks, the reports it owes with their due days and
standing, and the actions (draw up the plan, add an item, approve, open the reporting schedule,
submit a report). Reading needs one of ``VIEW_INDEX``, ``ASSIGN_TASKS``, ``REGISTER_DOCUMENTS``
on the unit; each action checks its own permission in the service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reformdesk.core.services.audit import access_record
from reformdesk.documents.choices import CONFIDENTIAL, OutgoingStatus
from reformdesk.documents.models import OutgoingDocument
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import Perm, has_perm
from reformdesk.scoring import selectors_plans as selectors
from reformdesk.scoring.forms_plans import PlanForm, PlanItemForm, SubmitForm, YearForm
from reformdesk.scoring.models_plans import ReformPlan, ReportKind, ReportObligation
from reformdesk.scoring.services.frameworks import MAX_YEAR, MIN_YEAR
from reformdesk.scoring.services.plans import (
    plan_add_item,
    plan_approve,
    plan_create,
    report_obligations_open,
    report_submit,
    report_submit_upload,
)


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for ms in error.message_dict.values() for m in ms]
    return list(error.messages)


def _year(text: str | None) -> int:
    text = (text or "").strip()
    if text.isdigit() and len(text) == 4 and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    return timezone.localdate().year


def _readable_unit(request: HttpRequest, unit_id: int | str | None) -> Unit:
    text = str(unit_id or "")
    if not text.isdigit() or len(text) > 18:
        raise Http404
    unit = Unit.objects.filter(pk=int(text)).first()
    if unit is None:
        raise Http404
    if not selectors.can_read(request.user, unit):
        raise PermissionDenied
    return unit


def _page_url(unit: Unit, year: int) -> str:
    return f"{reverse('scoring:plans')}?unit={unit.pk}&year={year}"


def _officials(unit: Unit) -> list[Official]:
    ids = Membership.objects.active_on(timezone.localdate()).filter(unit=unit).values("official_id")
    return list(Official.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "id"))


def _leaders(unit: Unit) -> list[Official]:
    ids = (
        Membership.objects.active_on(timezone.localdate())
        .filter(unit=unit, role=Role.LEADER)
        .values("official_id")
    )
    return list(Official.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "id"))


def _documents(unit: Unit) -> list[OutgoingDocument]:
    return list(
        OutgoingDocument.objects.filter(unit=unit, status=OutgoingStatus.REGISTERED)
        .exclude(confidentiality__in=CONFIDENTIAL)
        .order_by("-issued_on", "-id")[:200]
    )


def _item_form(plan: ReformPlan, data: object = None) -> PlanItemForm:
    below = list(Unit.objects.filter(parent=plan.unit).order_by("path"))
    return PlanItemForm(data, officials=_officials(plan.unit), units=below, prefix="item")  # type: ignore[arg-type]


@login_required
def plans_page(request: HttpRequest) -> HttpResponse:
    units = list(selectors.units_for_plans(user=request.user))
    if not units:
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    unit = _readable_unit(request, request.GET.get("unit")) if request.GET.get("unit") else units[0]
    return _render(request, unit=unit, year=year, units=units)


def _render(
    request: HttpRequest,
    *,
    unit: Unit,
    year: int,
    units: list[Unit] | None = None,
    plan_form: PlanForm | None = None,
    item_form: PlanItemForm | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = selectors.plan_of(unit=unit, year=year)
    can_assign = has_perm(request.user, Perm.ASSIGN_TASKS, unit)
    items = selectors.plan_items(unit=unit, year=year)
    if items:
        # The items name the officials carrying them out: a read of personal data.
        access_record(actor=request.user, subject=plan, purpose="view")  # type: ignore[arg-type]
    context = {
        "page_title": _("Kế hoạch và báo cáo CCHC"),
        "units": units if units is not None else list(selectors.units_for_plans(user=request.user)),
        "unit": unit,
        "year": year,
        "years": [year - 1, year, year + 1],
        "plan": plan,
        "items": items,
        "obligations": selectors.obligations(unit=unit, year=year),
        "reports_rate": selectors.reports_on_time(unit, year),
        "items_rate": selectors.plan_items_on_time(unit, year),
        "events": list(selectors.plan_events(unit=unit, year=year)[:30]),
        "can_assign": can_assign,
        "can_open": has_perm(request.user, Perm.ENTER_INDEX, unit),
        "can_submit": has_perm(request.user, Perm.REGISTER_DOCUMENTS, unit),
        "plan_form": plan_form
        or (PlanForm(documents=_documents(unit), prefix="plan") if can_assign and plan is None else None),
        "item_form": item_form or (_item_form(plan) if can_assign and plan is not None else None),
    }
    return render(request, "scoring/plans/page.html", context, status=status)


@login_required
@require_POST
def plan_create_view(request: HttpRequest) -> HttpResponse:
    unit = _readable_unit(request, request.POST.get("unit"))
    year_form = YearForm(request.POST)
    form = PlanForm(request.POST, documents=_documents(unit), prefix="plan")
    if not year_form.is_valid():
        for message in _messages_of(ValidationError(year_form.errors)):
            form.add_error(None, message)
        return _render(request, unit=unit, year=timezone.localdate().year, plan_form=form, status=422)
    year = year_form.cleaned_data["year"]
    if form.is_valid():
        try:
            plan_create(
                actor=request.user,
                unit=unit,
                year=year,
                title=form.cleaned_data["title"],
                reference=form.cleaned_data["reference"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as error:
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lập kế hoạch CCHC năm %(year)s.") % {"year": year})
            return redirect(_page_url(unit, year))
    return _render(request, unit=unit, year=year, plan_form=form, status=422)


def _plan(request: HttpRequest, pk: int) -> ReformPlan:
    plan = ReformPlan.objects.select_related("unit").filter(pk=pk).first()
    if plan is None:
        raise Http404
    if not selectors.can_read(request.user, plan.unit):
        raise PermissionDenied
    return plan


@login_required
@require_POST
def plan_item_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = _item_form(plan, request.POST)
    if form.is_valid():
        try:
            plan_add_item(
                actor=request.user,
                plan=plan,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                assignee=form.cleaned_data["assignee"],
                assignee_unit=form.cleaned_data["assignee_unit"],
            )
        except ValidationError as error:
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã thêm nội dung và giao nhiệm vụ."))
            return redirect(_page_url(plan.unit, plan.year))
    return _render(request, unit=plan.unit, year=plan.year, item_form=form, status=422)


@login_required
@require_POST
def plan_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        plan_approve(actor=request.user, plan=plan)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã ban hành kế hoạch."))
    return redirect(_page_url(plan.unit, plan.year))


@login_required
@require_POST
def obligations_open_view(request: HttpRequest) -> HttpResponse:
    unit = _readable_unit(request, request.POST.get("unit"))
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm phải từ %(low)s đến %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR})
        return redirect(_page_url(unit, timezone.localdate().year))
    year = form.cleaned_data["year"]
    try:
        created = report_obligations_open(actor=request.user, unit=unit, year=year)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã lập %(count)s nghĩa vụ báo cáo.") % {"count": len(created)})
    return redirect(_page_url(unit, year))


@login_required
def report_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = ReportObligation.objects.select_related("unit").filter(pk=pk).first()
    if obligation is None:
        raise Http404
    if not has_perm(request.user, Perm.REGISTER_DOCUMENTS, obligation.unit):
        raise PermissionDenied
    unit = obligation.unit
    posted = request.method == "POST"
    form = SubmitForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        documents=_documents(unit),
        signers=_leaders(unit),
    )
    if posted and form.is_valid():
        try:
            if form.cleaned_data["document"] is not None:
                report_submit(
                    actor=request.user, obligation=obligation, document=form.cleaned_data["document"]
                )
            else:
                report_submit_upload(
                    actor=request.user,
                    obligation=obligation,
                    upload=form.cleaned_data["file"],
                    signer=form.cleaned_data["signer"],
                    summary=form.cleaned_data["summary"],
                )
        except ValidationError as error:
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã nộp báo cáo."))
            return redirect(_page_url(unit, obligation.year))
    context = {
        "page_title": _("Nộp: %(report)s") % {"report": ReportKind(obligation.kind).label},
        "obligation": obligation,
        "form": form,
        "back": _page_url(unit, obligation.year),
    }
    return render(request, "scoring/plans/submit.html", context, status=422 if form.errors else 200)
