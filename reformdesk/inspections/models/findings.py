"""Findings (vi phạm, tồn tại) of an inspection, their evidence photos and follow-up checks."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.inspections.choices import FindingKind, FindingStatus, Severity

DESCRIPTION_MAX_CHARS = 2000


class Finding(models.Model):
    """A shortcoming found at ``unit`` (the inspected unit) and, where it applies, by one of its
    officials. It can become a task (``task``) with a deadline; a follow-up check closes it or
    reopens it. ``closed_on_time`` compares the closing check with the task's due moment.
    ``commitment_breach`` is the breach of the official's yearly commitment recorded from this
    finding: at most one (the link is one-to-one), and it points from here to ``documents``
    because inspections build on the documents app, never the reverse."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="findings"
    )
    item = models.ForeignKey(
        "inspections.ChecklistItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    official = models.ForeignKey(
        "org.Official",
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("nhóm"), max_length=20, choices=FindingKind.choices)
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("nội dung"), max_length=DESCRIPTION_MAX_CHARS)
    rule = models.CharField(_("quy định bị vi phạm"), max_length=500, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=FindingStatus.choices)
    task = models.OneToOneField(
        "assignments.Task",
        verbose_name=_("nhiệm vụ khắc phục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_finding",
    )
    commitment_breach = models.OneToOneField(
        "documents.CommitmentBreach",
        verbose_name=_("vi phạm cam kết đã ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_finding",
    )
    created_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("ghi lúc"))
    closed_at = models.DateTimeField(_("khắc phục xong lúc"), null=True, blank=True)
    closed_on_time = models.BooleanField(_("khắc phục đúng hạn"), null=True, blank=True)

    class Meta:
        verbose_name = _("vi phạm, tồn tại")
        verbose_name_plural = _("vi phạm, tồn tại")
        ordering = ["inspection_id", "id"]
        indexes = [models.Index(fields=["unit", "kind", "created_at"], name="finding_unit_kind_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FindingKind.values), name="finding_kind_known"),
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="finding_severity_known"),
            models.CheckConstraint(condition=Q(status__in=FindingStatus.values), name="finding_status_known"),
            models.CheckConstraint(
                condition=~Q(status=FindingStatus.CLOSED) | Q(closed_at__isnull=False),
                name="finding_closed_has_moment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


def photo_path(instance: Photo, filename: str) -> str:
    # The stored name never uses the uploader's name: it could carry personal data or a path.
    return f"inspections/{instance.inspection_id}/{instance.sha256[:16]}"


class Photo(models.Model):
    """A photo taken on site, attached to an answer or a finding; checked by content on upload
    (``core.uploads``)."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="photos")
    answer = models.ForeignKey(
        "inspections.Answer", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("tệp"), upload_to=photo_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"))

    class Meta:
        verbose_name = _("ảnh minh chứng")
        verbose_name_plural = _("ảnh minh chứng")
        ordering = ["inspection_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__isnull=False) | Q(finding__isnull=False), name="photo_attached"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class FollowUp(models.Model):
    """A follow-up check of a finding: fixed (the finding closes) or not (it reopens)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="follow_ups")
    at = models.DateTimeField(_("kiểm tra lại lúc"))
    checked_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    fixed = models.BooleanField(_("đã khắc phục"))
    note = models.TextField(_("nhận xét"), max_length=DESCRIPTION_MAX_CHARS, blank=True)

    class Meta:
        verbose_name = _("kiểm tra lại")
        verbose_name_plural = _("kiểm tra lại")
        ordering = ["finding_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.at:%Y-%m-%d}"
