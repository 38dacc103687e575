"""Training reads: the courses a user may see, each official's yearly hours against the minimum of
their role, and the gaps a unit's leader is shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from reformdesk.core.api import MAX_ID
from reformdesk.emulation.models import Course, CourseAttendance, TrainingRequirement
from reformdesk.org.models import Membership, Unit
from reformdesk.org.permissions import AnyUser, Perm, unit_filter

TENTH = Decimal("0.1")  # hours are kept to a tenth; SQLite sums decimals as floats


def course_list(*, user: AnyUser, unit: Unit | None = None, year: int | None = None) -> QuerySet[Course]:
    """Courses recorded at units where ``user`` holds ``VIEW_TRAINING`` (within ``unit``'s
    subtree when given), ending in ``year`` when given, newest first, with their attendee count."""
    rows = Course.objects.filter(unit_filter(user, Perm.VIEW_TRAINING, "unit"))
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if year is not None:
        rows = rows.filter(ends_on__year=year)
    return rows.select_related("unit").annotate(attendees=Count("attendances")).order_by("-ends_on", "-id")


def course_get(*, user: AnyUser, course_id: int) -> Course:
    if not 1 <= course_id <= MAX_ID:
        raise Http404
    course = course_list(user=user).filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def course_attendees(*, course: Course) -> QuerySet[CourseAttendance]:
    return course.attendances.select_related("official").order_by("official__full_name", "id")


@dataclass(frozen=True)
class TrainingRow:
    """One official's year: hours attended, courses, the role's minimum and the gap (0 when met;
    None minimum and gap when no requirement is set for the role)."""

    official_id: int
    name: str
    role: str
    courses: int
    hours: Decimal
    required: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        if self.required is None:
            return None
        return max(self.required - self.hours, Decimal(0))


def training_hours(*, unit: Unit, year: int, on: dt.date | None = None) -> list[TrainingRow]:
    """Every official with an active primary membership in ``unit`` (not below), by name, with
    their training hours in ``year`` and their role's minimum. Three queries, whatever the number
    of officials."""
    on = on or timezone.localdate()
    members = list(
        Membership.objects.active_on(on)
        .filter(unit=unit, is_primary=True, official__is_active=True)
        .values_list("official_id", "official__full_name", "role")
        .order_by("official__full_name", "official_id")
    )
    ids = [official_id for official_id, _name, _role in members]
    attended = {
        row["official_id"]: (row["courses"], row["hours"])
        for row in CourseAttendance.objects.filter(official_id__in=ids, course__ends_on__year=year)
        .values("official_id")
        .annotate(courses=Count("id"), hours=Sum("hours"))
        .order_by()
    }
    required = dict(TrainingRequirement.objects.filter(year=year).values_list("role", "min_hours"))
    rows = []
    for official_id, name, role in members:
        courses, hours = attended.get(official_id, (0, Decimal(0)))
        rows.append(
            TrainingRow(
                official_id, name, role, courses, Decimal(hours or 0).quantize(TENTH), required.get(role)
            )
        )
    return rows


def training_gaps(*, unit: Unit, year: int, on: dt.date | None = None) -> list[TrainingRow]:
    """The officials of ``unit`` below their role's minimum for ``year``, biggest gap first."""
    rows = [row for row in training_hours(unit=unit, year=year, on=on) if row.gap]
    return sorted(rows, key=lambda row: (-(row.gap or 0), row.name, row.official_id))
