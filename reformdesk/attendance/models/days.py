"""Daily attendance records computed from punches and the office schedule."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.attendance.choices import DayStatus


class DailyRecord(models.Model):
    """One official's day: in, out, minutes late and early, missing punches, absence.

    Recomputed from the punches (late uploads included) until the day is closed, which happens
    only once every approved device of the unit has been in contact after the day ended.
    ``sessions`` keeps each session's in and out (ISO times) for the explanation pages.
    """

    official = models.ForeignKey(
        "org.Official", verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="attendance_days"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("ngày"))
    status = models.CharField(_("kết quả"), max_length=16, choices=DayStatus.choices)
    first_in = models.DateTimeField(_("giờ vào"), null=True, blank=True)
    last_out = models.DateTimeField(_("giờ ra"), null=True, blank=True)
    late_minutes = models.PositiveIntegerField(_("số phút đi muộn"), default=0)
    early_minutes = models.PositiveIntegerField(_("số phút về sớm"), default=0)
    missing_punches = models.PositiveSmallIntegerField(_("số lượt chấm thiếu"), default=0)
    sessions = models.JSONField(_("các buổi"), default=list, blank=True)
    exception = models.ForeignKey(
        "attendance.AttendanceException",
        verbose_name=_("đơn nghỉ, vắng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Đơn đã duyệt áp dụng cho ngày này (cả ngày hoặc một buổi)."),
    )
    excused = models.BooleanField(
        _("đã chấp nhận giải trình"),
        default=False,
        help_text=_("Giải trình được lãnh đạo chấp nhận: không tính là vi phạm."),
    )
    computed_at = models.DateTimeField(_("tính lúc"), default=timezone.now)
    is_closed = models.BooleanField(_("đã chốt"), default=False)

    class Meta:
        verbose_name = _("ngày công")
        verbose_name_plural = _("ngày công")
        ordering = ["-day", "official"]
        constraints = [
            models.UniqueConstraint(fields=["official", "day"], name="attendance_day_once"),
            models.CheckConstraint(
                condition=~Q(status="absent") | (Q(first_in__isnull=True) & Q(last_out__isnull=True)),
                name="attendance_absent_has_no_punch",
            ),
        ]
        indexes = [models.Index(fields=["unit", "day"], name="att_day_unit_idx")]

    def __str__(self) -> str:
        return f"{self.official_id} {self.day:%Y-%m-%d} {self.status}"

    @property
    def is_violation(self) -> bool:
        """Late, early, a missing punch or an absence not excused by an accepted explanation."""
        return self.status in VIOLATIONS and not self.excused


VIOLATIONS = frozenset({DayStatus.LATE, DayStatus.EARLY, DayStatus.MISSING_PUNCH, DayStatus.ABSENT})
# Days that call for an explanation (an absence is answered with leave, not an explanation).
TO_EXPLAIN = frozenset({DayStatus.LATE, DayStatus.EARLY, DayStatus.MISSING_PUNCH})
