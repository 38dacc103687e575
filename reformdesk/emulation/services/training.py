"""Recording courses and who attended them. Only who holds ``MANAGE_TRAINING`` on the recording
unit writes; an attendee must belong to that unit or a unit below it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_created, audit_record
from reformdesk.core.uploads import check_upload
from reformdesk.emulation.choices import CourseField
from reformdesk.emulation.models import Course, CourseAttendance
from reformdesk.emulation.models.training import MAX_HOURS
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, require

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def _hours(value: Decimal | int | float | str, field: str) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except ArithmeticError:
        raise ValidationError({field: _("Số giờ phải là một số.")}) from None
    if not Decimal("0.5") <= hours <= MAX_HOURS:
        raise ValidationError({field: _("Số giờ phải từ 0,5 đến %(max)s.") % {"max": MAX_HOURS}})
    return hours


def course_create(
    *,
    actor: AnyUser,
    unit: Unit,
    title: str,
    organiser: str,
    starts_on: dt.date,
    ends_on: dt.date,
    hours: Decimal | int | float | str,
    field: str,
    certificate: UploadedFile | None = None,
) -> Course:
    """Record a course at ``unit``. Raises ``ValidationError`` (nothing saved) for a missing
    title or organiser, dates in the wrong order, hours out of range, an unknown field, or a
    certificate that is not a real PDF, JPEG or PNG of at most 10 MB."""
    require(actor, Perm.MANAGE_TRAINING, unit)
    errors: dict[str, str] = {}
    title, organiser = title.strip(), organiser.strip()
    if not title:
        errors["title"] = _("Cần ghi tên khóa học.")
    if not organiser:
        errors["organiser"] = _("Cần ghi đơn vị tổ chức.")
    if ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    if field not in CourseField.values:
        errors["field"] = _("Lĩnh vực không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    amount = _hours(hours, "hours")
    checked = check_upload(certificate) if certificate is not None else None
    course = Course(
        unit=unit,
        title=title,
        organiser=organiser,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=amount,
        field=field,
        created_by=actor if actor.is_authenticated else None,
    )
    course.full_clean(exclude=["certificate", "created_by"])
    with transaction.atomic():
        course.save()
        if checked is not None:
            course.certificate_type = checked.content_type
            course.certificate.save(
                f"certificate.{_EXTENSIONS[checked.content_type]}", checked.upload, save=False
            )
            course.save(update_fields=["certificate", "certificate_type"])
        audit_created(
            actor=actor,
            obj=course,
            fields=["unit_id", "title", "organiser", "starts_on", "ends_on", "hours", "field"],
            action="course.create",
        )
    return course


def _belongs(official: Official, unit: Unit) -> bool:
    return Membership.objects.filter(official=official, unit__path__startswith=unit.path).exists()


def attendance_add(
    *, actor: AnyUser, course: Course, official: Official, hours: Decimal | int | float | str | None = None
) -> CourseAttendance:
    """Record that ``official`` attended ``course`` (all its hours unless ``hours`` is given,
    never more). Refused, nothing saved: an official outside the course's unit, a second row for
    the same official, hours out of range."""
    require(actor, Perm.MANAGE_TRAINING, course.unit)
    if not _belongs(official, course.unit):
        raise ValidationError({"official": _("Cán bộ không thuộc đơn vị ghi nhận khóa học.")})
    amount = course.hours if hours is None else _hours(hours, "hours")
    if amount > course.hours:
        raise ValidationError(
            {
                "hours": _("Số giờ tham dự không được vượt số giờ của khóa học (%(hours)s).")
                % {"hours": course.hours}
            }
        )
    try:
        with transaction.atomic():
            row = CourseAttendance.objects.create(course=course, official=official, hours=amount)
            audit_created(
                actor=actor, obj=row, fields=["course_id", "official_id", "hours"], action="training.add"
            )
    except IntegrityError:
        raise ValidationError({"official": _("Cán bộ này đã được ghi tham dự khóa học.")}) from None
    return row


def attendance_remove(*, actor: AnyUser, row: CourseAttendance) -> None:
    """Remove an attendance recorded by mistake (audited with what it held)."""
    require(actor, Perm.MANAGE_TRAINING, row.course.unit)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="training.remove",
            obj=row,
            changes={"course_id": [row.course_id, None], "official_id": [row.official_id, None]},
        )
        row.delete()
