"""Staff API at /api/v1/training: a unit's courses, a course's attendees, and each official's
yearly hours against their role's minimum. Unit-scoped: reads need ``VIEW_TRAINING`` on the
unit, writes ``MANAGE_TRAINING``. Errors: 422 for bad input (dates in the wrong order, hours out
of range, an official outside the unit, an attendee recorded twice), 403, 404; nothing changes
on an error. The certificate file is uploaded on the course's page (multipart)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate

from reformdesk.core.api import ErrorOut, Id, Text, ValidationErrorOut, field_error
from reformdesk.core.pagination import LimitOffset
from reformdesk.emulation import services
from reformdesk.emulation.choices import CourseField
from reformdesk.emulation.models import Course
from reformdesk.emulation.models.training import MAX_HOURS, TITLE_MAX_CHARS
from reformdesk.emulation.selectors import training as selectors
from reformdesk.org.api import unit_param
from reformdesk.org.models import Official
from reformdesk.org.permissions import Perm, require

router = Router()


class TrainingCourseOut(Schema):
    id: int
    unit: str
    title: str
    organiser: str
    starts_on: dt.date
    ends_on: dt.date
    hours: Decimal
    field: CourseField
    has_certificate: bool
    attendees: int

    @staticmethod
    def resolve_unit(course: Course | dict[str, Any]) -> str:
        return course["unit"] if isinstance(course, dict) else course.unit.code

    @staticmethod
    def resolve_has_certificate(course: Course | dict[str, Any]) -> bool:
        return course["has_certificate"] if isinstance(course, dict) else bool(course.certificate)

    @staticmethod
    def resolve_attendees(course: Course | dict[str, Any]) -> int:
        return course["attendees"] if isinstance(course, dict) else int(getattr(course, "attendees", 0))


class TrainingCourseIn(Schema):
    unit: Text = Field(max_length=20, description="Code of the recording unit")
    title: Text = Field(max_length=TITLE_MAX_CHARS)
    organiser: Text = Field(max_length=200)
    starts_on: dt.date
    ends_on: dt.date
    hours: Decimal = Field(ge=Decimal("0.5"), le=MAX_HOURS, max_digits=6, decimal_places=1)
    field: CourseField


class TrainingAttendeeIn(Schema):
    official: Id
    hours: Decimal | None = Field(None, ge=Decimal("0.5"), le=MAX_HOURS, max_digits=6, decimal_places=1)


class TrainingAttendeeOut(Schema):
    official: int
    name: str
    hours: Decimal


class TrainingHoursOut(Schema):
    official: int
    name: str
    role: str
    courses: int
    hours: Decimal
    required: Decimal | None
    gap: Decimal | None


class TrainingFilters(Schema):
    unit: Text = Field("", max_length=20)
    year: int | None = Field(None, ge=2000, le=2100)


def _course(course: Course) -> dict[str, Any]:
    return {
        "id": course.pk,
        "unit": course.unit.code,
        "title": course.title,
        "organiser": course.organiser,
        "starts_on": course.starts_on,
        "ends_on": course.ends_on,
        "hours": course.hours,
        "field": course.field,
        "has_certificate": bool(course.certificate),
        "attendees": getattr(course, "attendees", 0),
    }


@router.get("/courses", response={200: list[TrainingCourseOut], 403: ErrorOut, 422: ValidationErrorOut})
@paginate(LimitOffset)
def list_courses(request: HttpRequest, filters: Query[TrainingFilters]) -> QuerySet[Course]:
    """The courses of ``unit`` and its subtree (of every unit where you may read training when no
    unit is given), ending in ``year`` when given, newest first. Two queries a page."""
    unit = unit_param(filters.unit) if filters.unit else None
    if unit is not None:
        require(request.user, Perm.VIEW_TRAINING, unit)
    return selectors.course_list(user=request.user, unit=unit, year=filters.year)


@router.post(
    "/courses",
    response={201: TrainingCourseOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Record a course",
)
def create_course(request: HttpRequest, payload: TrainingCourseIn) -> HttpStatus[dict[str, Any]]:
    unit = unit_param(payload.unit)
    course = services.course_create(
        actor=request.user,
        unit=unit,
        title=payload.title,
        organiser=payload.organiser,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        hours=payload.hours,
        field=payload.field,
    )
    return HttpStatus(201, _course(selectors.course_get(user=request.user, course_id=course.pk)))


@router.get(
    "/courses/{course_id}/attendees", response={200: list[TrainingAttendeeOut], 403: ErrorOut, 404: ErrorOut}
)
def list_attendees(request: HttpRequest, course_id: Id) -> list[dict[str, Any]]:
    course = selectors.course_get(user=request.user, course_id=course_id)
    return [
        {"official": row.official_id, "name": row.official.full_name, "hours": row.hours}
        for row in selectors.course_attendees(course=course)
    ]


@router.post(
    "/courses/{course_id}/attendees",
    response={201: TrainingAttendeeOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Record an official's attendance of a course",
)
def add_attendee(
    request: HttpRequest, course_id: Id, payload: TrainingAttendeeIn
) -> HttpStatus[dict[str, Any]]:
    course = selectors.course_get(user=request.user, course_id=course_id)
    official = Official.objects.filter(pk=payload.official).first()
    if official is None:
        raise field_error("official", _("Không tìm thấy cán bộ."), "unknown_official")
    row = services.attendance_add(actor=request.user, course=course, official=official, hours=payload.hours)
    return HttpStatus(201, {"official": official.pk, "name": official.full_name, "hours": row.hours})


@router.get("/hours", response={200: list[TrainingHoursOut], 403: ErrorOut, 422: ValidationErrorOut})
def list_hours(request: HttpRequest, filters: Query[TrainingFilters]) -> list[dict[str, Any]]:
    """Each official of the unit (primary membership) with their hours of ``year`` and their
    role's minimum. Three queries, whatever the number of officials."""
    unit = unit_param(filters.unit)
    require(request.user, Perm.VIEW_TRAINING, unit)
    year = filters.year or timezone.localdate().year
    return [
        {
            "official": row.official_id,
            "name": row.name,
            "role": row.role,
            "courses": row.courses,
            "hours": row.hours,
            "required": row.required,
            "gap": row.gap,
        }
        for row in selectors.training_hours(unit=unit, year=year)
    ]
