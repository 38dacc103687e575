"""The inspection pages under /staff/inspections/ (namespace ``inspections``), built for a phone
first: the list, the yearly plans, a sudden inspection set up on the spot, and the run page where
each item, each official's presence and each photo saves on its own through htmx (a dropped
connection loses at most the item being typed), the findings, the record and its PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reformdesk.core.pagination import page_number
from reformdesk.core.uploads import check_upload
from reformdesk.documents.models import CommitmentItem
from reformdesk.inspections import selectors, services
from reformdesk.inspections.choices import (
    EDITABLE_STATUSES,
    STARTED_STATUSES,
    FindingKind,
    FindingStatus,
    Kind,
    Presence,
    Result,
    Severity,
    Status,
)
from reformdesk.inspections.models import Answer, Inspection, PresenceCheck
from reformdesk.inspections.record import record_pdf
from reformdesk.inspections.services.base import official_of, team_member
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import Perm, has_perm, unit_filter

PER_PAGE = 25


def staff_required(view: Any) -> Any:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_perm(request.user, Perm.VIEW_STAFF_AREA):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 6:
        raise ValidationError({"number": _("Cần ghi một số nguyên không âm.")})
    return int(value)


@staff_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.inspection_list(user=request.user)
    page = Paginator(rows, PER_PAGE).get_page(page_number(request.GET.get("page"), per_page=PER_PAGE))
    context = {
        "page_title": _("Kiểm tra công vụ"),
        "page": page,
        "can_inspect": has_perm(request.user, Perm.MANAGE_INSPECTIONS),
    }
    return render(request, "inspections/list.html", context)


PLAN_ROWS = 6


@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The yearly plans the user's units hold, and a new plan (up to six lines at a time)."""
    if not has_perm(request.user, Perm.MANAGE_INSPECTIONS):
        raise PermissionDenied
    me = official_of(request.user)
    home = (
        Membership.objects.active_on(timezone.localdate()).filter(official=me).order_by("-is_primary").first()
        if me is not None
        else None
    )
    targets = _targets(request)
    errors: list[str] = []
    if request.method == "POST" and home is not None:
        by_pk = {unit.pk: unit for unit in targets}
        entries = []
        for row in range(PLAN_ROWS):
            target = by_pk.get(_safe_pk(request.POST.get(f"target_{row}")))
            if target is None:
                continue
            month = _safe_pk(request.POST.get(f"month_{row}"))
            entries.append((target, request.POST.get(f"subjects_{row}", ""), month))
        try:
            with transaction.atomic():
                services.plan_create(
                    actor=request.user,
                    unit=home.unit,
                    year=_safe_pk(request.POST.get("year")),
                    title=request.POST.get("title", ""),
                    entries=entries,
                )
        except ValidationError as error:
            errors.extend(_messages(error))
        except PermissionDenied as error:
            errors.append(str(error) or _("Bạn không có quyền lập kế hoạch cho đơn vị này."))
        else:
            messages.success(request, _("Đã lập kế hoạch kiểm tra."))
            return redirect("inspections:plans")
    context = {
        "page_title": _("Kế hoạch kiểm tra"),
        "plans": list(selectors.plan_list(user=request.user)[:50]),
        "targets": targets,
        "home": home,
        "rows": range(PLAN_ROWS),
        "months": range(1, 13),
        "year": timezone.localdate().year,
        "errors": errors,
    }
    return render(request, "inspections/plans.html", context, status=400 if errors else 200)


def _targets(request: HttpRequest) -> list[Unit]:
    return list(
        Unit.objects.active_on(timezone.localdate())
        .filter(unit_filter(request.user, Perm.MANAGE_INSPECTIONS))
        .exclude(parent__isnull=True)
        .order_by("path")
    )


@staff_required
def inspection_new(request: HttpRequest) -> HttpResponse:
    """A sudden inspection on the spot: the target, the other inspectors, started at once."""
    if not has_perm(request.user, Perm.MANAGE_INSPECTIONS):
        raise PermissionDenied
    me = official_of(request.user)
    if me is None:
        raise PermissionDenied
    targets = _targets(request)
    colleagues = list(
        Official.objects.filter(
            is_active=True,
            pk__in=Membership.objects.active_on(timezone.localdate())
            .filter(
                unit_filter(request.user, Perm.MANAGE_INSPECTIONS, "unit"), role__in=["inspector", "reform"]
            )
            .values("official_id"),
        )
        .exclude(pk=me.pk)
        .order_by("full_name")
    )
    home = (
        Membership.objects.active_on(timezone.localdate()).filter(official=me).order_by("-is_primary").first()
    )
    errors: list[str] = []
    if request.method == "POST":
        by_pk = {unit.pk: unit for unit in targets}
        target = by_pk.get(_safe_pk(request.POST.get("target_unit")))
        members = [o for o in colleagues if str(o.pk) in request.POST.getlist("members")]
        if target is None or home is None:
            errors.append(_("Cần chọn đơn vị được kiểm tra."))
        else:
            try:
                with transaction.atomic():
                    inspection = services.inspection_create(
                        actor=request.user,
                        inspecting_unit=home.unit,
                        target_unit=target,
                        kind=Kind.SUDDEN,
                        leader=me,
                        members=members,
                        subject=request.POST.get("subject", ""),
                        start=True,
                    )
            except ValidationError as error:
                errors.extend(_messages(error))
            except PermissionDenied as error:
                errors.append(str(error) or _("Bạn không có quyền kiểm tra đơn vị này."))
            else:
                messages.success(request, _("Đã bắt đầu cuộc kiểm tra đột xuất."))
                return redirect("inspections:run", inspection_id=inspection.pk)
    context = {
        "page_title": _("Kiểm tra đột xuất"),
        "targets": targets,
        "colleagues": colleagues,
        "errors": errors,
        "posted": request.POST,
    }
    return render(request, "inspections/new.html", context, status=400 if errors else 200)


def _run_context(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    detail = selectors.inspection_detail(user=request.user, inspection_id=inspection_id)
    inspection = detail.inspection
    member = team_member(request.user, inspection)
    me = official_of(request.user)
    for answer in detail.answers:
        answer.photo_list = detail.photos.get(answer.pk, [])  # type: ignore[attr-defined]
    if inspection.status in services.REMEDIABLE_STATUSES and services.may_record_breach(
        request.user, inspection
    ):
        choices = selectors.breach_choices(inspection=inspection, findings=detail.findings)
        for finding in detail.findings:
            finding.breach_options = choices.get(finding.pk)  # type: ignore[attr-defined]
    return {
        "page_title": _("Cuộc kiểm tra #%(id)d") % {"id": inspection.pk},
        "detail": detail,
        "inspection": inspection,
        "member": member,
        "editable": member is not None
        and inspection.status in EDITABLE_STATUSES
        and inspection.status in STARTED_STATUSES,
        "leads_target": services.leads_target(me, inspection, timezone.localdate()),
        "may_remediate": services.may_remediate(request.user, inspection),
        "may_register": has_perm(request.user, Perm.REGISTER_DOCUMENTS, inspection.inspecting_unit),
        "results": Result.choices[1:],
        "presences": Presence.choices,
        "severities": Severity.choices,
        "kinds": FindingKind.choices,
        "officials": [row.official for row in detail.presence],
        "Status": Status,
        "FindingStatus": FindingStatus,
        "unanswered": sum(1 for a in detail.answers if not a.result),
        "unconfirmed": sum(1 for p in detail.presence if not p.confirmed),
    }


@staff_required
def inspection_run(request: HttpRequest, inspection_id: int) -> HttpResponse:
    return render(request, "inspections/run.html", _run_context(request, inspection_id))


def _inspection(request: HttpRequest, inspection_id: int) -> Inspection:
    return selectors.inspection_get(user=request.user, inspection_id=inspection_id)


@staff_required
@require_POST
def answer_save(request: HttpRequest, inspection_id: int, answer_id: int) -> HttpResponse:
    """One item, saved on its own; an htmx request gets the item back, with its errors."""
    inspection = _inspection(request, inspection_id)
    answer = Answer.objects.select_related("item").filter(inspection=inspection, pk=answer_id).first()
    if answer is None:
        raise Http404
    errors: list[str] = []
    saved = False
    try:
        with transaction.atomic():
            services.answer_save(
                actor=request.user,
                inspection=inspection,
                answer=answer,
                result=request.POST.get("result", ""),
                expected=_int(request.POST.get("expected")),
                found=_int(request.POST.get("found")),
                note=request.POST.get("note", ""),
            )
        saved = True
    except ValidationError as error:
        errors = _messages(error)
        answer.refresh_from_db()
    except services.ActionNotAllowed as error:
        errors = [error.message]
    if request.headers.get("HX-Request") != "true":
        for message in errors:
            messages.error(request, message)
        return redirect(f"{inspection_url(inspection)}#item-{answer.pk}")
    context = {
        "answer": answer,
        "inspection": inspection,
        "editable": True,
        "results": Result.choices[1:],
        "errors": errors,
        "saved": saved,
        "photos": list(answer.photos.order_by("id")),
    }
    return render(request, "inspections/_answer.html", context, status=422 if errors else 200)


def inspection_url(inspection: Inspection) -> str:
    from django.urls import reverse

    return reverse("inspections:run", kwargs={"inspection_id": inspection.pk})


@staff_required
@require_POST
def presence_confirm(request: HttpRequest, inspection_id: int, check_id: int) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    check = (
        PresenceCheck.objects.select_related("official").filter(inspection=inspection, pk=check_id).first()
    )
    if check is None:
        raise Http404
    errors: list[str] = []
    try:
        with transaction.atomic():
            services.presence_confirm(
                actor=request.user,
                inspection=inspection,
                check=check,
                confirmed=request.POST.get("confirmed", ""),
                note=request.POST.get("note", ""),
            )
    except ValidationError as error:
        errors = _messages(error)
        check.refresh_from_db()
    except services.ActionNotAllowed as error:
        errors = [error.message]
    if request.headers.get("HX-Request") != "true":
        for message in errors:
            messages.error(request, message)
        return redirect(f"{inspection_url(inspection)}#presence")
    context = {"row": check, "inspection": inspection, "editable": True, "presences": Presence.choices}
    return render(
        request,
        "inspections/_presence_row.html",
        {**context, "errors": errors},
        status=422 if errors else 200,
    )


def _act(request: HttpRequest, inspection: Inspection, call: Any, success: str) -> HttpResponse:
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
    return redirect("inspections:run", inspection_id=inspection.pk)


@staff_required
@require_POST
def photo_add(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """A photo from the phone's camera, checked by content like every other upload."""
    inspection = _inspection(request, inspection_id)
    upload = request.FILES.get("photo")
    answer = inspection.answers.filter(pk=_safe_pk(request.POST.get("answer"))).first()
    finding = inspection.findings.filter(pk=_safe_pk(request.POST.get("finding"))).first()

    def call() -> None:
        if upload is None:
            raise ValidationError({"photo": _("Cần chụp hoặc chọn một ảnh.")})
        services.photo_add(
            actor=request.user,
            inspection=inspection,
            photo=check_upload(upload),
            answer=answer,
            finding=finding,
        )

    return _act(request, inspection, call, _("Đã lưu ảnh."))


def _safe_pk(value: str | None) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else 0


@staff_required
@require_POST
def presence_rest(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    return _act(
        request,
        inspection,
        lambda: services.presence_confirm_rest(actor=request.user, inspection=inspection),
        _("Đã xác nhận những cán bộ còn lại theo dữ liệu chấm công."),
    )


@staff_required
@require_POST
def finding_add(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    official_pk = _safe_pk(request.POST.get("official"))
    official = Official.objects.filter(pk=official_pk).first() if official_pk else None
    item = inspection.template.items.filter(pk=_safe_pk(request.POST.get("item"))).first()
    return _act(
        request,
        inspection,
        lambda: services.finding_add(
            actor=request.user,
            inspection=inspection,
            item=item,
            kind=request.POST.get("kind", "") if item is None else "",
            severity=request.POST.get("severity", ""),
            description=request.POST.get("description", ""),
            official=official,
        ),
        _("Đã ghi vi phạm."),
    )


ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "start": (services.inspection_start, gettext_lazy("Đã bắt đầu kiểm tra.")),
    "complete": (services.inspection_complete, gettext_lazy("Đã kết thúc kiểm tra.")),
    "sign_leader": (services.inspection_sign_leader, gettext_lazy("Trưởng đoàn đã ký biên bản.")),
    "register": (services.inspection_register_record, gettext_lazy("Đã vào sổ văn bản đi.")),
}


@staff_required
@require_POST
def inspection_action(request: HttpRequest, inspection_id: int, action: str) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    if action == "sign_unit":
        return _act(
            request,
            inspection,
            lambda: services.inspection_sign_unit(
                actor=request.user, inspection=inspection, response=request.POST.get("response", "")
            ),
            _("Đơn vị đã ký biên bản."),
        )
    if action == "cancel":
        return _act(
            request,
            inspection,
            lambda: services.inspection_cancel(
                actor=request.user, inspection=inspection, note=request.POST.get("note", "")
            ),
            _("Đã hủy cuộc kiểm tra."),
        )
    if action not in ACTIONS:
        raise Http404
    service, success = ACTIONS[action]
    return _act(request, inspection, lambda: service(actor=request.user, inspection=inspection), str(success))


@staff_required
@require_POST
def finding_action(request: HttpRequest, finding_id: int, action: str) -> HttpResponse:
    finding = selectors.finding_get(user=request.user, finding_id=finding_id)
    inspection = finding.inspection
    if action == "to_task":
        assignee_pk = _safe_pk(request.POST.get("assignee"))
        assignee = Official.objects.filter(pk=assignee_pk).first() if assignee_pk else finding.official

        def call() -> None:
            days = _int(request.POST.get("deadline_days"))
            services.finding_to_task(
                actor=request.user,
                finding=finding,
                assignee=assignee,
                assignee_unit=None if assignee is not None else inspection.target_unit,
                deadline_days=days,
                deadline_date=_date(request.POST.get("deadline_date")) if days is None else None,
            )

        return _act(request, inspection, call, _("Đã giao nhiệm vụ khắc phục."))
    if action == "follow_up":
        fixed = request.POST.get("fixed") == "1"
        return _act(
            request,
            inspection,
            lambda: services.finding_follow_up(
                actor=request.user, finding=finding, fixed=fixed, note=request.POST.get("note", "")
            ),
            _("Đã ghi kết quả kiểm tra lại."),
        )
    if action == "breach":
        item = CommitmentItem.objects.filter(pk=_safe_pk(request.POST.get("item"))).first()
        if item is None:
            messages.error(request, _("Cần chọn nội dung cam kết bị vi phạm."))
            return redirect("inspections:run", inspection_id=inspection.pk)
        return _act(
            request,
            inspection,
            lambda: services.finding_record_breach(actor=request.user, finding=finding, item=item),
            _("Đã ghi nhận vi phạm vào bản cam kết của cán bộ."),
        )
    raise Http404


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip()) if value else None
    except ValueError as exc:
        raise ValidationError({"deadline_date": _("Ngày không hợp lệ.")}) from exc


@staff_required
def record_pdf_view(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The record (biên bản kiểm tra) as a PDF, once the team has finished."""
    detail = selectors.inspection_detail(user=request.user, inspection_id=inspection_id, purpose="print")
    if detail.inspection.status not in (Status.COMPLETED, Status.LEADER_SIGNED, Status.SIGNED):
        raise Http404(_("Biên bản chỉ có khi đã kết thúc kiểm tra."))
    response = HttpResponse(record_pdf(detail=detail), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-kiem-tra-{detail.inspection.pk}.pdf"'
    return response


@staff_required
def photo_file(request: HttpRequest, inspection_id: int, photo_id: int) -> FileResponse:
    inspection = _inspection(request, inspection_id)
    photo = inspection.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    extension = "png" if photo.content_type == "image/png" else "jpg"
    return FileResponse(
        photo.file.open("rb"), content_type=photo.content_type, filename=f"anh-{photo.pk}.{extension}"
    )
