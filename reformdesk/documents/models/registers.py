"""The incoming and outgoing document registers (sổ đăng ký văn bản đến, đi) of Decree
30/2020/NĐ-CP on clerical work, and the counters that number them.

Numbers run per organisation and calendar year (Vietnam time), from 1: outgoing documents "from 01
on 1 January to 31 December each year" (Article 15.1), incoming ones "consecutively in the order
and time of receipt within the year" (Article 22.2). The registers' rows are only written by
``documents.services``; how a row got where it is lives in its ``DocumentEvent`` rows.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.documents.choices import (
    CONFIDENTIAL,
    Confidentiality,
    DocumentType,
    OutgoingStatus,
    Register,
    Series,
    Urgency,
)

SUMMARY_MAX_CHARS = 500
SENDER_MAX_CHARS = 255
SYMBOL_MAX_CHARS = 60
SEARCH_MAX_CHARS = 800


class RegisterCounter(models.Model):
    """The last number given in one of a unit's registers in one year.

    The registering service locks this row (``select_for_update``) inside its own transaction, so
    concurrent registrations queue on it, and a rolled-back registration takes its number back:
    numbers run without gaps or duplicates (Decree 30/2020/NĐ-CP, Article 15.1).
    """

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    register = models.CharField(max_length=24, choices=Register.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm sổ văn bản")
        verbose_name_plural = _("bộ đếm sổ văn bản")
        ordering = ["unit_id", "register", "year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "register", "year"], name="documents_counter_unique"),
            models.CheckConstraint(condition=Q(register__in=Register.values), name="documents_counter_known"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.register} {self.year}: {self.last}"


class IssuerAbbreviation(models.Model):
    """A unit's abbreviated name in the symbols of the documents it issues (Decree 30/2020/NĐ-CP,
    Appendix I, section II.3: "UBND" for a People's Committee, "VP" for its office). Units without
    a row use the People's Committee's "UBND" when they are one (a province, district or commune);
    any other unit must have one before it registers outgoing documents."""

    unit = models.OneToOneField(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="issuer_abbreviation"
    )
    abbreviation = models.CharField(_("chữ viết tắt tên cơ quan"), max_length=20)

    class Meta:
        verbose_name = _("chữ viết tắt tên cơ quan ban hành")
        verbose_name_plural = _("chữ viết tắt tên cơ quan ban hành")
        ordering = ["unit_id"]

    def __str__(self) -> str:
        return self.abbreviation


def incoming_scan_path(instance: IncomingDocument, filename: str) -> str:
    # Never the uploader's file name: it may carry a path or personal data.
    return (
        f"documents/incoming/{instance.unit_id}/{instance.year}/"
        f"{instance.number:05d}-{instance.scan_sha256[:16]}"
    )


def outgoing_pdf_path(instance: OutgoingDocument, filename: str) -> str:
    return (
        f"documents/outgoing/{instance.unit_id}/{instance.year}/"
        f"{instance.series}-{instance.number:05d}-{instance.pdf_sha256[:16]}"
    )


class IncomingDocument(models.Model):
    """One entry of a unit's incoming register (sổ đăng ký văn bản đến, Decree 30/2020/NĐ-CP,
    Article 22 and Appendix IV): the arrival moment and the register number ("số đến", 1.. per
    receiving unit per calendar year of arrival), the document as its sender issued it (sender,
    its own number and symbol, date, type, summary), its urgency and confidentiality, the scan,
    and who handles it by when (Article 23).

    ``search_text`` holds the folded (diacritic-free, lower-case) symbol, sender and summary.
    """

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("cơ quan nhận"),
        on_delete=models.PROTECT,
        related_name="incoming_documents",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số đến"))
    arrived_at = models.DateTimeField(_("thời điểm đến"))
    sender = models.CharField(_("nơi gửi"), max_length=SENDER_MAX_CHARS)
    original_symbol = models.CharField(_("số, ký hiệu văn bản"), max_length=SYMBOL_MAX_CHARS)
    document_date = models.DateField(_("ngày văn bản"))
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType.choices)
    summary = models.CharField(_("trích yếu nội dung"), max_length=SUMMARY_MAX_CHARS)
    urgency = models.CharField(
        _("mức độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    confidentiality = models.CharField(
        _("độ mật"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    scan = models.FileField(_("bản quét"), upload_to=incoming_scan_path, blank=True)
    scan_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    scan_content_type = models.CharField(max_length=100, blank=True)
    scan_size = models.PositiveIntegerField(null=True, blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    handler = models.ForeignKey(
        "org.Official",
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_documents",
    )
    handling_due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    registered_by = models.ForeignKey(
        "auth.User", verbose_name=_("người đăng ký"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("đăng ký lúc"))
    search_text = models.CharField(max_length=SEARCH_MAX_CHARS, blank=True, editable=False)

    class Meta:
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")
        ordering = ["-year", "-number", "-id"]
        indexes = [
            models.Index(fields=["unit", "year", "number"], name="documents_in_register_idx"),
            models.Index(fields=["unit", "doc_type", "year"], name="documents_in_type_idx"),
            models.Index(fields=["handler", "handling_due_on"], name="documents_in_handler_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"], name="documents_incoming_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="documents_incoming_number_positive"),
            models.CheckConstraint(
                condition=Q(doc_type__in=DocumentType.values), name="documents_in_type_known"
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values), name="documents_in_urgency_known"
            ),
            models.CheckConstraint(
                condition=Q(confidentiality__in=Confidentiality.values), name="documents_in_secrecy_known"
            ),
            models.CheckConstraint(
                condition=Q(handling_due_on__isnull=True) | Q(handler__isnull=False),
                name="documents_in_due_has_handler",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} — {self.original_symbol}"

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality in CONFIDENTIAL


class OutgoingDocument(models.Model):
    """One entry of a unit's outgoing register (sổ đăng ký văn bản đi, Decree 30/2020/NĐ-CP,
    Articles 15–16 and Appendix IV).

    ``number`` runs from 1 per issuing unit, calendar year and ``series`` (confidential documents
    have a numbering system of their own, Article 15.2), without gaps or duplicates; ``symbol``
    is the number and symbol printed on the document, e.g. "12/QĐ-UBND". A cancelled number
    stays in the register, with its reason, and is never given again.
    """

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="outgoing_documents",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    series = models.CharField(_("hệ thống số"), max_length=12, choices=Series.choices, default=Series.REGULAR)
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=SYMBOL_MAX_CHARS)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType.choices)
    drafting_unit = models.CharField(
        _("ký hiệu đơn vị soạn thảo"),
        max_length=20,
        blank=True,
        help_text=_("Công văn: chữ viết tắt tên đơn vị soạn thảo hoặc lĩnh vực, ví dụ VP."),
    )
    summary = models.CharField(_("trích yếu nội dung"), max_length=SUMMARY_MAX_CHARS)
    issued_on = models.DateField(_("ngày ban hành"))
    signer = models.ForeignKey(
        "org.Official", verbose_name=_("người ký"), on_delete=models.PROTECT, related_name="signed_documents"
    )
    recipients = models.TextField(_("nơi nhận"))
    urgency = models.CharField(
        _("mức độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    confidentiality = models.CharField(
        _("độ mật"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    signed_pdf = models.FileField(_("bản ký (PDF)"), upload_to=outgoing_pdf_path, blank=True)
    pdf_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=OutgoingStatus.choices, default=OutgoingStatus.REGISTERED
    )
    cancel_reason = models.TextField(_("lý do hủy số"), blank=True)
    cancelled_at = models.DateTimeField(_("hủy số lúc"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("người hủy số"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        "auth.User", verbose_name=_("người đăng ký"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("đăng ký lúc"))
    search_text = models.CharField(max_length=SEARCH_MAX_CHARS, blank=True, editable=False)

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["-year", "-number", "-id"]
        indexes = [
            models.Index(fields=["unit", "year", "number"], name="documents_out_register_idx"),
            models.Index(fields=["unit", "doc_type", "year"], name="documents_out_type_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "series", "number"], name="documents_outgoing_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="documents_outgoing_number_positive"),
            models.CheckConstraint(condition=Q(series__in=Series.values), name="documents_out_series_known"),
            models.CheckConstraint(
                condition=Q(doc_type__in=DocumentType.values), name="documents_out_type_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OutgoingStatus.values), name="documents_out_status_known"
            ),
            models.CheckConstraint(
                condition=Q(series=Series.CONFIDENTIAL, confidentiality__in=sorted(CONFIDENTIAL))
                | Q(series=Series.REGULAR, confidentiality=Confidentiality.NORMAL),
                name="documents_out_series_matches_secrecy",
            ),
            models.CheckConstraint(
                condition=Q(status=OutgoingStatus.REGISTERED, cancelled_at__isnull=True)
                | (Q(status=OutgoingStatus.CANCELLED, cancelled_at__isnull=False) & ~Q(cancel_reason="")),
                name="documents_out_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.symbol

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality in CONFIDENTIAL

    @property
    def is_cancelled(self) -> bool:
        return self.status == OutgoingStatus.CANCELLED
