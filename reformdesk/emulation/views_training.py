"""Training pages under /staff/training/: the unit's courses, a course with its attendees, the
certificate file, and the gaps against the yearly minimum (for the unit's leaders)."""

from __future__ import annotations

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

from reformdesk.core.pagination import page_number
from reformdesk.core.services.audit import access_records
from reformdesk.emulation import services
from reformdesk.emulation.forms import AttendanceForm, CourseForm, YearForm
from reformdesk.emulation.selectors import training as selectors
from reformdesk.org.current import current_unit
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import Perm, has_perm

PER_PAGE = 25


def staff_required(view: Any) -> Any:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_perm(request.user, Perm.VIEW_STAFF_AREA):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def error_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for group in error.message_dict.values() for message in group]
    return list(error.messages)


def form_errors(form: Any) -> list[str]:
    return [str(message) for group in form.errors.values() for message in group]


def year_of(request: HttpRequest) -> int:
    form = YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


def _unit(request: HttpRequest) -> Unit:
    unit = current_unit(request)
    if unit is None:
        raise PermissionDenied
    return unit


@staff_required
def course_list(request: HttpRequest) -> HttpResponse:
    unit, year = _unit(request), year_of(request)
    may_manage = has_perm(request.user, Perm.MANAGE_TRAINING, unit)
    form = CourseForm()
    errors: list[str] = []
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        form = CourseForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = form_errors(form)
        else:
            data = form.cleaned_data
            try:
                course = services.course_create(
                    actor=request.user,
                    unit=unit,
                    title=data["title"],
                    organiser=data["organiser"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    hours=data["hours"],
                    field=data["field"],
                    certificate=data.get("certificate"),
                )
            except ValidationError as error:
                errors = error_messages(error)
            else:
                messages.success(request, _("Đã ghi khóa học."))
                return redirect("emulation:course", course.pk)
    courses = selectors.course_list(user=request.user, unit=unit, year=year)
    page = Paginator(courses, PER_PAGE).get_page(page_number(request.GET.get("page"), per_page=PER_PAGE))
    return render(
        request,
        "emulation/courses.html",
        {
            "page_title": _("Đào tạo, bồi dưỡng"),
            "unit": unit,
            "year": year,
            "page": page,
            "form": form,
            "errors": errors,
            "may_manage": may_manage,
            "may_view_gaps": has_perm(request.user, Perm.VIEW_TRAINING, unit),
        },
        status=422 if errors else 200,
    )


def _colleagues(course_unit: Unit) -> list[Official]:
    ids = Membership.objects.active_on(timezone.localdate()).filter(unit__path__startswith=course_unit.path)
    return list(
        Official.objects.filter(pk__in=ids.values("official_id"), is_active=True).order_by("full_name", "id")
    )


@staff_required
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, course_id=course_id)
    may_manage = has_perm(request.user, Perm.MANAGE_TRAINING, course.unit)
    errors: list[str] = []
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        if not form.is_valid():
            errors = form_errors(form)
        else:
            official = Official.objects.filter(pk=form.cleaned_data["official"]).first()
            try:
                if official is None:
                    raise ValidationError({"official": _("Không tìm thấy cán bộ.")})
                services.attendance_add(
                    actor=request.user, course=course, official=official, hours=form.cleaned_data["hours"]
                )
            except ValidationError as error:
                errors = error_messages(error)
            except PermissionDenied as error:
                errors = [str(error) or _("Bạn không có quyền thực hiện thao tác này.")]
            else:
                messages.success(request, _("Đã ghi cán bộ tham dự."))
                return redirect("emulation:course", course.pk)
    attendees = list(selectors.course_attendees(course=course))
    access_records(
        actor=request.user,
        subjects=[("org.official", str(a.official_id), a.official.full_name) for a in attendees],
        purpose="training",
    )
    return render(
        request,
        "emulation/course.html",
        {
            "page_title": course.title,
            "course": course,
            "attendees": attendees,
            "colleagues": _colleagues(course.unit) if may_manage else [],
            "may_manage": may_manage,
            "errors": errors,
        },
        status=422 if errors else 200,
    )


@staff_required
def attendance_remove(request: HttpRequest, course_id: int, row_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    course = selectors.course_get(user=request.user, course_id=course_id)
    row = course.attendances.filter(pk=row_id).first()
    if row is None:
        raise Http404
    try:
        with transaction.atomic():
            services.attendance_remove(actor=request.user, row=row)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
    else:
        messages.success(request, _("Đã bỏ cán bộ khỏi danh sách tham dự."))
    return redirect("emulation:course", course.pk)


@staff_required
def certificate(request: HttpRequest, course_id: int) -> FileResponse:
    course = selectors.course_get(user=request.user, course_id=course_id)
    if not course.certificate:
        raise Http404
    extension = {"application/pdf": "pdf", "image/png": "png"}.get(course.certificate_type, "jpg")
    return FileResponse(
        course.certificate.open("rb"),
        content_type=course.certificate_type,
        filename=f"chung-nhan-{course.pk}.{extension}",
    )


@staff_required
def training_gaps(request: HttpRequest) -> HttpResponse:
    unit, year = _unit(request), year_of(request)
    if not has_perm(request.user, Perm.VIEW_TRAINING, unit):
        raise PermissionDenied
    rows = selectors.training_hours(unit=unit, year=year)
    gaps = [row for row in rows if row.gap]
    access_records(
        actor=request.user,
        subjects=[("org.official", str(row.official_id), row.name) for row in rows],
        purpose="training",
    )
    return render(
        request,
        "emulation/training_gaps.html",
        {"page_title": _("Giờ bồi dưỡng trong năm"), "unit": unit, "year": year, "rows": rows, "gaps": gaps},
    )
