"""Training records: courses, who attended them, and the yearly hours each role must reach."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reformdesk.emulation.choices import CourseField
from reformdesk.org.choices import Role

MAX_HOURS = 2000  # a course longer than a year of working hours is a typing error
TITLE_MAX_CHARS = 300


def certificate_path(instance: Course, filename: str) -> str:
    # ``filename`` is the service's own (``certificate.<ext>``), never the sender's: theirs may
    # hold a person's name.
    return f"training/certificates/{instance.unit_id}/{instance.starts_on:%Y}/{instance.pk}-{filename}"


class Course(models.Model):
    """A training course (khóa đào tạo, bồi dưỡng) recorded by ``unit``: from ``starts_on`` to
    ``ends_on`` inclusive, ``hours`` long, in one field. The year a course counts in is the year of
    its last day. ``certificate`` is the scan of the certificate or decision (PDF, JPEG or PNG,
    checked by content in the service)."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị ghi nhận"), on_delete=models.PROTECT)
    title = models.CharField(_("tên khóa học"), max_length=TITLE_MAX_CHARS)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=200)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    hours = models.DecimalField(
        _("số giờ"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(MAX_HOURS)],
    )
    field = models.CharField(_("lĩnh vực"), max_length=16, choices=CourseField.choices)
    certificate = models.FileField(_("giấy chứng nhận"), upload_to=certificate_path, blank=True)
    certificate_type = models.CharField(max_length=40, blank=True, editable=False)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("khóa đào tạo, bồi dưỡng")
        verbose_name_plural = _("khóa đào tạo, bồi dưỡng")
        ordering = ["-ends_on", "-id"]
        indexes = [models.Index(fields=["unit", "ends_on"], name="emul_course_unit_end_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="emul_course_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="emul_course_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y})"


class CourseAttendance(models.Model):
    """``official`` attended ``course`` for ``hours`` (at most the course's hours; fewer when they
    missed part of it). One row per official and course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attendances")
    official = models.ForeignKey(
        "org.Official", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="training"
    )
    hours = models.DecimalField(
        _("số giờ tham dự"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(MAX_HOURS)],
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tham dự khóa học")
        verbose_name_plural = _("tham dự khóa học")
        ordering = ["course_id", "official_id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "official"], name="emul_attendance_once"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="emul_attendance_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.official_id} @ {self.course_id}: {self.hours}"


class TrainingRequirement(models.Model):
    """The hours an official holding ``role`` must attend in ``year`` (data per year; see the
    package docstring for the 2026 seed's basis)."""

    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    min_hours = models.DecimalField(
        _("số giờ tối thiểu"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_HOURS)],
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("định mức bồi dưỡng")
        verbose_name_plural = _("định mức bồi dưỡng")
        ordering = ["-year", "role"]
        constraints = [models.UniqueConstraint(fields=["year", "role"], name="emul_requirement_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.role}: {self.min_hours}"
