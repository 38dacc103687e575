"""Internal regulations (quy chế nội bộ): versioned documents of a unit, published to its
officials, who each acknowledge having read the version in force.

A version may replace an earlier version of the same unit (``replaces``); it cannot take effect
before the version it replaces. Who is subject to a version is read from the memberships when
asked (the unit's active officials), so an official who joins later is asked to acknowledge too.
Rows are only written by ``documents.services.regulations``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.documents.choices_regulations import RegulationEventKind, RegulationKind, RegulationStatus

TITLE_MAX_CHARS = 300
DECISION_MAX_CHARS = 120
REGULATION_SEARCH_MAX_CHARS = 4000


def regulation_pdf_path(instance: RegulationVersion, filename: str) -> str:
    # Never the uploader's file name: it may carry a path or personal data.
    return f"documents/regulations/{instance.unit_id}/{instance.effective_on:%Y}/{instance.pdf_sha256[:24]}"


class RegulationVersion(models.Model):
    """One version of one of a unit's internal regulations: its kind and title, the day it takes
    effect, the decision that issued it (an entry of the outgoing register when the unit keeps it
    in ReformDesk, else its symbol as typed), the signed PDF and its text, and the version it
    replaces. A published version is read-only; ``is_public`` versions appear on the portal's
    unit page (e.g. the reception rules)."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="regulation_versions"
    )
    kind = models.CharField(_("loại quy chế"), max_length=24, choices=RegulationKind.choices)
    title = models.CharField(_("tên quy chế"), max_length=TITLE_MAX_CHARS)
    effective_on = models.DateField(_("có hiệu lực từ"))
    issuing_document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("quyết định ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regulation_versions",
    )
    decision_symbol = models.CharField(_("số, ký hiệu quyết định"), max_length=DECISION_MAX_CHARS, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("thay thế phiên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    body = models.TextField(_("nội dung"), blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to=regulation_pdf_path, blank=True)
    pdf_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    is_public = models.BooleanField(_("công khai trên cổng thông tin"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=RegulationStatus.choices, default=RegulationStatus.DRAFT
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        "auth.User", verbose_name=_("người nhập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("nhập lúc"))
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("phiên bản quy chế nội bộ")
        verbose_name_plural = _("quy chế nội bộ")
        ordering = ["unit_id", "kind", "-effective_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "kind"], name="documents_reg_unit_idx"),
            models.Index(fields=["is_public", "status", "unit"], name="documents_reg_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RegulationKind.values), name="documents_reg_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegulationStatus.values), name="documents_reg_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=RegulationStatus.DRAFT, published_at__isnull=True)
                | Q(status=RegulationStatus.PUBLISHED, published_at__isnull=False),
                name="documents_reg_published_has_moment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.effective_on:%d/%m/%Y})"

    @property
    def is_published(self) -> bool:
        return self.status == RegulationStatus.PUBLISHED

    @property
    def decision(self) -> str:
        """The issuing decision's symbol, from the register when linked."""
        return self.issuing_document.symbol if self.issuing_document is not None else self.decision_symbol


class RegulationAcknowledgement(models.Model):
    """An official's acknowledgement that they have read a published version (who, when)."""

    version = models.ForeignKey(RegulationVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    official = models.ForeignKey(
        "org.Official", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"))

    class Meta:
        verbose_name = _("xác nhận đã đọc quy chế")
        verbose_name_plural = _("xác nhận đã đọc quy chế")
        ordering = ["version_id", "acknowledged_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "official"], name="documents_reg_ack_once"),
        ]

    def __str__(self) -> str:
        return f"{self.official_id} → {self.version_id} {self.acknowledged_at:%Y-%m-%d %H:%M}"


class RegulationEvent(models.Model):
    """One change to a regulation version: entered, published, acknowledged, reminders sent."""

    version = models.ForeignKey(RegulationVersion, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=16, choices=RegulationEventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến quy chế")
        verbose_name_plural = _("diễn biến quy chế")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RegulationEventKind.values), name="documents_reg_event_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
