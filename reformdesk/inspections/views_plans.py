"""Editing a yearly plan's lines on the plans page (/staff/inspections/plans/): a line added to a
plan, changed or removed, each through ``services.plans`` and its rules (a line an inspection of
which has started is frozen). Each form posts, then the page is shown again with the message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reformdesk.inspections import selectors, services
from reformdesk.inspections.views import _messages, _safe_pk, _targets, staff_required
from reformdesk.org.models import Unit


def _done(request: HttpRequest, call: Any, success: str, anchor: str) -> HttpResponse:
    try:
        with transaction.atomic():
            call()
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
    except services.ActionNotAllowed as error:
        messages.error(request, error.message)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
    else:
        messages.success(request, success)
    return redirect(reverse("inspections:plans") + f"#{anchor}")


def _target(request: HttpRequest) -> Unit | None:
    pk = _safe_pk(request.POST.get("target"))
    return next((unit for unit in _targets(request) if unit.pk == pk), None)


def _no_target(request: HttpRequest, anchor: str) -> HttpResponse:
    messages.error(request, _("Cần chọn đơn vị được kiểm tra."))
    return redirect(reverse("inspections:plans") + f"#{anchor}")


@staff_required
@require_POST
def plan_entry_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    anchor = f"plan-{plan.pk}"
    target = _target(request)
    if target is None:
        return _no_target(request, anchor)
    return _done(
        request,
        lambda: services.plan_entry_add(
            actor=request.user,
            plan=plan,
            target=target,
            subjects=request.POST.get("subjects", ""),
            month=_safe_pk(request.POST.get("month")),
        ),
        _("Đã thêm nội dung kế hoạch."),
        anchor,
    )


@staff_required
@require_POST
def plan_entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.plan_entry_get(user=request.user, entry_id=entry_id)
    anchor = f"plan-{entry.plan_id}"
    if request.POST.get("remove") == "1":
        return _done(
            request,
            lambda: services.plan_entry_remove(actor=request.user, entry=entry),
            _("Đã bỏ nội dung kế hoạch."),
            anchor,
        )
    target = _target(request)
    if target is None:
        return _no_target(request, anchor)
    return _done(
        request,
        lambda: services.plan_entry_update(
            actor=request.user,
            entry=entry,
            target=target,
            subjects=request.POST.get("subjects", ""),
            month=_safe_pk(request.POST.get("month")),
        ),
        _("Đã sửa nội dung kế hoạch."),
        anchor,
    )
