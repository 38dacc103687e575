"""Leave requests and explanations: an official asks or answers, a leader of the unit decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reformdesk.attendance import selectors
from reformdesk.attendance.choices import ExceptionStatus, ExplanationStatus
from reformdesk.attendance.forms import AnswerForm, DecisionForm, ExceptionForm
from reformdesk.attendance.models import AttendanceException, DailyRecord, Explanation
from reformdesk.attendance.services import exceptions as exception_services
from reformdesk.attendance.services import explanations as explanation_services
from reformdesk.attendance.services.access import exceptions_viewed
from reformdesk.attendance.services.actors import is_self
from reformdesk.core.services.audit import access_record
from reformdesk.org.models import Membership, Official
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter

LIST_LIMIT = 200


def requestable_officials(user: AnyUser) -> QuerySet[Official]:
    """The user's own official, and the officials of units where the user enters leave."""
    own = Official.objects.filter(user_id=user.pk, is_active=True) if user.is_authenticated else None
    units = Membership.objects.filter(unit_filter(user, Perm.ENTER_ATTENDANCE_EXCEPTIONS, "unit"))
    others = Official.objects.filter(pk__in=units.values("official_id"), is_active=True)
    if not has_perm(user, Perm.ENTER_ATTENDANCE_EXCEPTIONS):
        others = Official.objects.none()
    qs = others | own if own is not None else others
    return qs.distinct().order_by("full_name", "pk")


@login_required
def exception_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ExceptionStatus.values:
        status = ""
    rows = list(selectors.exception_visible(user=request.user, status=status or None)[:LIST_LIMIT])
    queue = list(selectors.exception_queue(user=request.user)[:LIST_LIMIT])
    exceptions_viewed(actor=request.user, exceptions=[*queue, *rows], purpose="leave.list")
    return render(
        request,
        "attendance/exception_list.html",
        {
            "page_title": _("Nghỉ phép, vắng mặt"),
            "queue": queue,
            "rows": rows,
            "status": status,
            "statuses": ExceptionStatus.choices,
            "can_request": requestable_officials(request.user).exists(),
        },
    )


@login_required
def exception_new(request: HttpRequest) -> HttpResponse:
    officials = requestable_officials(request.user)
    if not officials.exists():
        raise PermissionDenied
    form = ExceptionForm(request.POST or None, officials=officials)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = exception_services.exception_request(
                actor=request.user,
                official=data["official"],
                kind=data["kind"],
                start=data["start"],
                end=data["end"],
                session=data["session"] or "",
                reason=data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã gửi đơn; đơn chờ lãnh đạo đơn vị duyệt."))
            return redirect("attendance:exception_detail", pk=row.pk)
    return render(
        request, "attendance/exception_form.html", {"form": form, "page_title": _("Đơn xin nghỉ, vắng")}
    )


def _visible_exception(request: HttpRequest, pk: int) -> AttendanceException:
    row = selectors.exception_visible(user=request.user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


@login_required
def exception_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = _visible_exception(request, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        services = {
            "approve": exception_services.exception_approve,
            "reject": exception_services.exception_reject,
        }
        try:
            if action == "cancel":
                exception_services.exception_cancel(actor=request.user, exception=row)
            elif action in services and form.is_valid():
                services[action](actor=request.user, exception=row, note=form.cleaned_data["note"])
            else:
                raise ValidationError(_("Thao tác không hợp lệ."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã cập nhật đơn."))
            return redirect("attendance:exception_detail", pk=row.pk)
    may_decide = row.is_open and has_perm(request.user, Perm.DECIDE_ATTENDANCE, row.unit)
    may_cancel = (
        row.is_open
        and (
            is_self(request.user, row.official)
            or has_perm(request.user, Perm.ENTER_ATTENDANCE_EXCEPTIONS, row.unit)
        )
    ) or (row.status == ExceptionStatus.APPROVED and has_perm(request.user, Perm.DECIDE_ATTENDANCE, row.unit))
    if request.method == "GET":
        exceptions_viewed(actor=request.user, exceptions=[row], purpose="leave.view")
    return render(
        request,
        "attendance/exception_detail.html",
        {
            "row": row,
            "form": form,
            "may_decide": may_decide,
            "may_cancel": may_cancel,
            "page_title": _("Đơn %(kind)s") % {"kind": row.get_kind_display().lower()},
        },
    )


@login_required
def explanation_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ExplanationStatus.values:
        status = ""
    return render(
        request,
        "attendance/explanation_list.html",
        {
            "page_title": _("Giải trình chấm công"),
            "todo": list(selectors.explanation_todo(user=request.user)[:LIST_LIMIT]),
            "queue": list(selectors.explanation_queue(user=request.user)[:LIST_LIMIT]),
            "rows": list(
                selectors.explanation_visible(user=request.user, status=status or None)[:LIST_LIMIT]
            ),
            "status": status,
            "statuses": ExplanationStatus.choices,
        },
    )


def _visible_explanation(request: HttpRequest, pk: int) -> Explanation:
    row = selectors.explanation_visible(user=request.user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


@login_required
def explanation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = _visible_explanation(request, pk)
    mine = is_self(request.user, row.official)
    may_answer = mine and row.status == ExplanationStatus.REQUESTED
    may_decide = row.status == ExplanationStatus.ANSWERED and has_perm(
        request.user, Perm.DECIDE_ATTENDANCE, row.unit
    )
    answer_form = AnswerForm(request.POST or None, request.FILES or None) if may_answer else None
    decision_form = DecisionForm(request.POST or None) if may_decide else None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "answer" and answer_form is not None:
                if not answer_form.is_valid():
                    raise ValidationError([str(m) for errors in answer_form.errors.values() for m in errors])
                explanation_services.explanation_answer(
                    actor=request.user,
                    explanation=row,
                    answer=answer_form.cleaned_data["answer"],
                    attachment=answer_form.cleaned_data["attachment"] or None,
                )
            elif action in {"accept", "reject"} and decision_form is not None and decision_form.is_valid():
                decide = (
                    explanation_services.explanation_accept
                    if action == "accept"
                    else explanation_services.explanation_reject
                )
                decide(actor=request.user, explanation=row, note=decision_form.cleaned_data["note"])
            else:
                raise ValidationError(_("Thao tác không hợp lệ."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã cập nhật giải trình."))
            return redirect("attendance:explanation_detail", pk=row.pk)
    if not mine:
        access_record(actor=request.user, subject=row.official, purpose="explanation.view")
    return render(
        request,
        "attendance/explanation_detail.html",
        {
            "row": row,
            "record": row.record,
            "answer_form": answer_form,
            "decision_form": decision_form,
            "page_title": _("Giải trình ngày %(day)s") % {"day": f"{row.record.day:%d/%m/%Y}"},
        },
    )


@login_required
def explanation_file(request: HttpRequest, pk: int) -> FileResponse:
    row = _visible_explanation(request, pk)
    if not row.attachment:
        raise Http404
    if not is_self(request.user, row.official):
        access_record(actor=request.user, subject=row.official, purpose="explanation.file")
    response = FileResponse(
        row.attachment.open("rb"), content_type=row.attachment_type or "application/octet-stream"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def day_explain(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader asks the official to explain one day."""
    record = get_object_or_404(DailyRecord.objects.select_related("unit"), pk=pk)
    if not has_perm(request.user, Perm.DECIDE_ATTENDANCE, record.unit):
        raise PermissionDenied
    try:
        row = explanation_services.explanation_request(actor=request.user, record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("attendance:day_list")
    messages.success(request, _("Đã yêu cầu cán bộ giải trình."))
    return redirect("attendance:explanation_detail", pk=row.pk)
