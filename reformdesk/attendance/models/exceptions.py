"""Leave and absences approved by a leader, and explanations of missing punches and lateness."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.attendance.choices import DaySession, ExceptionKind, ExceptionStatus, ExplanationStatus


class AttendanceException(models.Model):
    """Leave, a business trip, training or an approved absence of one official over a date range
    (optionally one session of each day). Only approved ones change the daily records."""

    official = models.ForeignKey(
        "org.Official",
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="attendance_exceptions",
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại"), max_length=20, choices=ExceptionKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    session = models.CharField(_("buổi"), max_length=10, choices=DaySession.choices, blank=True, default="")
    reason = models.TextField(_("lý do"), max_length=1000)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ExceptionStatus.choices, default=ExceptionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    decision_note = models.CharField(_("ý kiến của lãnh đạo"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("đơn nghỉ, vắng")
        verbose_name_plural = _("đơn nghỉ, vắng")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="attendance_exception_range"),
        ]
        indexes = [
            models.Index(fields=["official", "status", "start"], name="att_exc_official_idx"),
            models.Index(fields=["unit", "status"], name="att_exc_unit_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == ExceptionStatus.PENDING


def explanation_path(instance: Explanation, filename: str) -> str:
    # The stored name never uses the uploader's name: it could carry personal data or a path.
    return f"attendance/explanations/{instance.record.day:%Y/%m}/{instance.record_id}-{instance.sha256[:16]}"


class Explanation(models.Model):
    """An official's explanation of a day with a missing punch, lateness or early leave.

    Requested automatically when the day closes (or by a leader); answered by the official with a
    text and optionally a file; accepted or rejected by a leader of the unit. An accepted
    explanation marks the day's record as excused: not counted as a violation.
    """

    record = models.OneToOneField(
        "attendance.DailyRecord",
        verbose_name=_("ngày công"),
        on_delete=models.CASCADE,
        related_name="explanation",
    )
    official = models.ForeignKey(
        "org.Official",
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="attendance_explanations",
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ExplanationStatus.choices, default=ExplanationStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Trống: hệ thống tự yêu cầu khi chốt ngày công."),
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    answer = models.TextField(_("nội dung giải trình"), max_length=2000, blank=True)
    attachment = models.FileField(_("tệp kèm theo"), upload_to=explanation_path, blank=True)
    attachment_type = models.CharField(_("loại tệp"), max_length=40, blank=True)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True)
    answered_at = models.DateTimeField(_("giải trình lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    decision_note = models.CharField(_("ý kiến của lãnh đạo"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("giải trình chấm công")
        verbose_name_plural = _("giải trình chấm công")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["requested", "withdrawn"]) | ~Q(answer=""),
                name="attendance_explanation_answered",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="att_expl_unit_status_idx")]

    def __str__(self) -> str:
        return f"{self.official_id} {self.record.day:%d/%m/%Y} {self.status}" if self.record_id else "-"
