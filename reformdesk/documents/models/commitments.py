"""Yearly commitments (cam kết): each year a unit issues one template for officials and one for
units — the text and the numbered items committed to — that apply to its own subtree. Each
official signs theirs in the app; a unit's leader signs the unit's. A breach found later (by an
inspection, say) is recorded against one item of a signed commitment.

Rows are only written by ``documents.services.commitments``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.documents.choices_regulations import CommitmentEventKind, CommitmentKind

TEMPLATE_TITLE_MAX_CHARS = 300
ITEM_MAX_CHARS = 1000
SOURCE_MAX_CHARS = 200
SOURCE_URL_MAX_CHARS = 300


class CommitmentTemplate(models.Model):
    """The commitment of ``year`` that officials (or units) within ``unit``'s subtree sign: one
    per issuing unit, year and kind. The nearest issuing unit above a signer wins."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại cam kết"), max_length=12, choices=CommitmentKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=TEMPLATE_TITLE_MAX_CHARS)
    preamble = models.TextField(_("nội dung"), blank=True)
    created_by = models.ForeignKey(
        "auth.User", verbose_name=_("người ban hành"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ban hành lúc"))

    class Meta:
        verbose_name = _("mẫu cam kết")
        verbose_name_plural = _("mẫu cam kết")
        ordering = ["-year", "unit_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="documents_commit_tpl_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=CommitmentKind.values), name="documents_commit_tpl_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="documents_commit_tpl_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class CommitmentItem(models.Model):
    """One numbered item of a template, the unit a breach is recorded against."""

    template = models.ForeignKey(CommitmentTemplate, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung cam kết"))

    class Meta:
        verbose_name = _("nội dung cam kết")
        verbose_name_plural = _("nội dung cam kết")
        ordering = ["template_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="documents_commit_item_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="documents_commit_item_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Commitment(models.Model):
    """A signed commitment: an official's own (``official`` set) or a unit's, signed by its
    leader. Signing is the recorded acknowledgement, with its moment; a second signature of the
    same template by the same official (or for the same unit) is refused, by the database too."""

    template = models.ForeignKey(CommitmentTemplate, on_delete=models.PROTECT, related_name="commitments")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="commitments"
    )
    official = models.ForeignKey(
        "org.Official",
        verbose_name=_("cán bộ cam kết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    signed_by = models.ForeignKey(
        "org.Official", verbose_name=_("người ký"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("ký lúc"))

    class Meta:
        verbose_name = _("bản cam kết đã ký")
        verbose_name_plural = _("bản cam kết đã ký")
        ordering = ["template_id", "unit_id", "signed_at", "id"]
        indexes = [models.Index(fields=["unit", "template"], name="documents_commit_unit_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "official"],
                condition=Q(official__isnull=False),
                name="documents_commit_official_once",
            ),
            models.UniqueConstraint(
                fields=["template", "unit"],
                condition=Q(official__isnull=True),
                name="documents_commit_unit_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_id}: {self.official_id or self.unit_id} {self.signed_at:%Y-%m-%d}"


class CommitmentBreach(models.Model):
    """A breach of one item of a signed commitment, found on ``occurred_on``; ``source`` is a
    free reference to where it was found (e.g. an inspection finding's reference) and
    ``source_url`` the site path of that page, which the commitment page links to. A path, not a
    foreign key: the module that found the breach links to it, never the other way round."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="breaches")
    item = models.ForeignKey(CommitmentItem, on_delete=models.PROTECT, related_name="breaches")
    occurred_on = models.DateField(_("ngày vi phạm"))
    description = models.TextField(_("nội dung vi phạm"))
    source = models.CharField(_("nguồn ghi nhận"), max_length=SOURCE_MAX_CHARS, blank=True)
    source_url = models.CharField(_("liên kết nguồn ghi nhận"), max_length=SOURCE_URL_MAX_CHARS, blank=True)
    recorded_by = models.ForeignKey(
        "auth.User", verbose_name=_("người ghi nhận"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"))

    class Meta:
        verbose_name = _("vi phạm cam kết")
        verbose_name_plural = _("vi phạm cam kết")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.commitment_id}/{self.item_id} {self.occurred_on:%Y-%m-%d}"


class CommitmentEvent(models.Model):
    """One change to the commitments: a template issued, a commitment signed, a breach recorded."""

    template = models.ForeignKey(CommitmentTemplate, on_delete=models.CASCADE, related_name="events")
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("sự kiện"), max_length=20, choices=CommitmentEventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến cam kết")
        verbose_name_plural = _("diễn biến cam kết")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CommitmentEventKind.values), name="documents_commit_event_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
