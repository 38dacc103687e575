"""Training records: courses, attendance, the yearly hours against the role's minimum, and the
refusals (bad input, a forged certificate, someone outside the unit) that save nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reformdesk.core.models import AuditEvent
from reformdesk.emulation import services
from reformdesk.emulation.models import Course, CourseAttendance, TrainingRequirement
from reformdesk.emulation.selectors.training import training_gaps, training_hours
from reformdesk.emulation.tests.factories import pdf
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db

COURSE = {
    "title": "Bồi dưỡng kỹ năng cải cách hành chính",
    "organiser": "Trường Chính trị tỉnh Nghệ An",
    "starts_on": dt.date(2026, 5, 11),
    "ends_on": dt.date(2026, 5, 15),
    "hours": 40,
    "field": "reform",
}


def _course(personas, tree, **overrides):
    return services.course_create(actor=personas.chair_a, unit=tree.commune_a, **{**COURSE, **overrides})


def test_a_leader_records_a_course_with_its_certificate(tree, personas):
    course = _course(personas, tree, certificate=pdf())
    assert (course.hours, course.field, course.certificate_type) == (
        Decimal("40.0"),
        "reform",
        "application/pdf",
    )
    assert course.certificate.name.endswith(".pdf") and "chung-nhan" not in course.certificate.name
    assert AuditEvent.objects.filter(action="course.create", object_id=str(course.pk)).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"organiser": ""}, "organiser"),
        ({"ends_on": dt.date(2026, 5, 10)}, "ends_on"),
        ({"field": "salary"}, "field"),
        ({"hours": 0}, "hours"),
        ({"hours": 5000}, "hours"),
        ({"hours": "nhiều"}, "hours"),
    ],
)
def test_bad_course_input_is_refused_and_nothing_saved(tree, personas, overrides, field):
    with pytest.raises(ValidationError) as error:
        _course(personas, tree, **overrides)
    assert field in error.value.message_dict
    assert Course.objects.count() == 0


def test_a_certificate_that_is_not_a_pdf_or_image_is_refused(tree, personas):
    with pytest.raises(ValidationError) as error:
        _course(personas, tree, certificate=pdf(name="chung-nhan.pdf", content=b"MZ\x90\x00 not a pdf"))
    assert "không phải PDF" in error.value.messages[0]
    assert Course.objects.count() == 0


def test_who_may_not_manage_training_is_refused(tree, personas):
    with pytest.raises(PermissionDenied):
        services.course_create(actor=personas.one_stop_a, unit=tree.commune_a, **COURSE)
    with pytest.raises(PermissionDenied):
        services.course_create(actor=personas.chair_a, unit=tree.commune_b, **COURSE)
    assert Course.objects.count() == 0


def test_attendance_rules(tree, personas, hoa):
    course = _course(personas, tree)
    row = services.attendance_add(actor=personas.chair_a, course=course, official=hoa, hours="12.5")
    assert row.hours == Decimal("12.5")
    with pytest.raises(ValidationError, match="đã được ghi"):
        services.attendance_add(actor=personas.chair_a, course=course, official=hoa)
    outsider = make_official(unit=tree.commune_b, role=Role.SPECIALIST)
    with pytest.raises(ValidationError, match="không thuộc đơn vị"):
        services.attendance_add(actor=personas.chair_a, course=course, official=outsider)
    other = make_official(unit=tree.commune_a, role=Role.SPECIALIST)
    with pytest.raises(ValidationError, match="không được vượt"):
        services.attendance_add(actor=personas.chair_a, course=course, official=other, hours=41)
    assert CourseAttendance.objects.count() == 1
    services.attendance_remove(actor=personas.chair_a, row=row)
    assert CourseAttendance.objects.count() == 0
    assert AuditEvent.objects.filter(action="training.remove").count() == 1


def test_the_2026_minimum_is_seeded_per_role():
    assert TrainingRequirement.objects.filter(year=2026).count() == 5
    assert TrainingRequirement.objects.get(year=2026, role=Role.ONE_STOP).min_hours == Decimal(40)


def test_hours_and_gaps_per_official(tree, personas, hoa, chair):
    course = _course(personas, tree)
    services.attendance_add(actor=personas.chair_a, course=course, official=chair)
    services.attendance_add(actor=personas.chair_a, course=course, official=hoa, hours=16)
    last_year = _course(personas, tree, starts_on=dt.date(2025, 5, 11), ends_on=dt.date(2025, 5, 15))
    services.attendance_add(actor=personas.chair_a, course=last_year, official=hoa)
    rows = {row.name: row for row in training_hours(unit=tree.commune_a, year=2026)}
    assert (rows["Nguyễn Thị Hoa"].hours, rows["Nguyễn Thị Hoa"].gap) == (Decimal(16), Decimal(24))
    assert (rows["Đinh Xuân Công"].hours, rows["Đinh Xuân Công"].gap) == (Decimal(40), Decimal(0))
    assert [row.name for row in training_gaps(unit=tree.commune_a, year=2026)] == ["Nguyễn Thị Hoa"]
    TrainingRequirement.objects.filter(year=2026, role=Role.ONE_STOP).delete()
    assert training_gaps(unit=tree.commune_a, year=2026) == []


def test_hours_cost_three_queries_whatever_the_officials(tree, personas):
    for _ in range(5):
        make_official(unit=tree.commune_a, role=Role.SPECIALIST)
    with CaptureQueriesContext(connection) as queries:
        rows = training_hours(unit=tree.commune_a, year=2026)
    assert len(rows) == 7
    assert len(queries) == 3
