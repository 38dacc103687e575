"""Dossiers (hồ sơ): one application by one applicant for one procedure, and their papers.

A dossier's status, appointment and current step are kept on the row for worklists and
statistics; *how* it got there is in its :class:`~reformdesk.dossiers.models.DossierEvent` rows,
which the services write with every change.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.choices import Channel, PaperForm
from reformdesk.dossiers.choices import (
    CLOSED_STATUSES,
    RUNNING_STATUSES,
    ApplicantKind,
    DeliveryMethod,
    Outcome,
    PaperState,
    ResultKind,
    Status,
)
from reformdesk.dossiers.validators import validate_id_number, validate_vn_phone

# The largest fee a dossier may ask for, in đồng: the fee column is a 32-bit integer on
# PostgreSQL, and no procedure's fee comes near two billion đồng.
MAX_FEE_VND = 2_000_000_000


class Dossier(models.Model):
    """One application, from submission or receipt to the delivery of its result.

    ``code`` is ``<receiving unit code>-<YYMMDD>-<NNNN>`` (see ``services.codes``) and is given
    when the dossier is first recorded. ``due_at`` is the appointment printed on the receipt,
    pushed back by the time the dossier waited for the applicant's supplement; ``apology_due_at``
    is the single new date an apology may promise. ``outcome`` is set when the result is ready.
    """

    code = models.CharField(_("mã hồ sơ"), max_length=32, unique=True)
    secret = models.CharField(_("mã tra cứu"), max_length=16, editable=False)
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    case = models.ForeignKey(
        "catalog.ProcedureCase",
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    receiving_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    processing_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.PositiveSmallIntegerField(_("hình thức nộp"), choices=Channel.choices)
    status = models.PositiveSmallIntegerField(_("trạng thái"), choices=Status.choices, db_index=True)

    applicant_kind = models.CharField(
        _("loại người nộp"), max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField(_("tên người nộp"), max_length=200)
    applicant_id_number = models.CharField(
        _("số định danh cá nhân / mã số thuế"), max_length=14, blank=True, db_index=True
    )
    applicant_phone = models.CharField(
        _("điện thoại"), max_length=20, blank=True, validators=[validate_vn_phone]
    )
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    representative_name = models.CharField(_("người được ủy quyền"), max_length=200, blank=True)
    representative_id_number = models.CharField(
        _("số định danh người được ủy quyền"),
        max_length=12,
        blank=True,
        validators=[validate_id_number],
    )
    search_text = models.CharField(_("chuỗi tìm kiếm"), max_length=400, blank=True, editable=False)

    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    time_limit_days = models.DecimalField(
        _("thời hạn giải quyết (ngày làm việc)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    apology_due_at = models.DateTimeField(_("ngày hẹn lại"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng tính thời gian từ"), null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    fee_vnd = models.PositiveIntegerField(_("phí, lệ phí (đồng)"), null=True, blank=True)  # ≤ MAX_FEE_VND

    current_step = models.ForeignKey(
        "dossiers.DossierStep",
        verbose_name=_("bước hiện tại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        "org.Official",
        verbose_name=_("người đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_dossiers",
    )

    finished_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    result_kind = models.CharField(_("kết quả"), max_length=10, choices=ResultKind.choices, blank=True)
    outcome = models.CharField(_("đúng hạn / quá hạn"), max_length=8, choices=Outcome.choices, blank=True)
    delivered_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    delivery_method = models.CharField(
        _("hình thức trả"), max_length=10, choices=DeliveryMethod.choices, blank=True
    )
    collected_by = models.CharField(_("người nhận kết quả"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    # Digitisation (the 766 index's "Số hóa hồ sơ" group and its online payment share): what the
    # desk and the processing staff record. A dossier filed online with its papers' files counts as
    # digitised from its submission. The database holds the defaults too, so rows written by bulk
    # SQL (the bench's generator, a restore of an older dump) get False rather than failing.
    papers_digitised = models.BooleanField(_("thành phần hồ sơ đã số hóa"), default=False, db_default=False)
    reused_from = models.ForeignKey(
        "self",
        verbose_name=_("tái sử dụng dữ liệu của hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Hồ sơ trước của cùng người nộp mà dữ liệu đã số hóa được dùng lại."),
    )
    population_data_used = models.BooleanField(
        _("đã khai thác dữ liệu dân cư quốc gia"), default=False, db_default=False
    )
    electronic_result = models.BooleanField(_("đã cấp kết quả điện tử"), default=False, db_default=False)
    paid_online = models.BooleanField(_("đã thanh toán trực tuyến"), default=False, db_default=False)

    client_token = models.UUIDField(
        _("mã chống gửi trùng"), null=True, blank=True, unique=True, editable=False
    )
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["processing_unit", "status", "due_at"], name="dossier_worklist_idx"),
            models.Index(fields=["assignee", "status", "due_at"], name="dossier_assignee_idx"),
            models.Index(fields=["receiving_unit", "submitted_at"], name="dossier_received_idx"),
            models.Index(fields=["processing_unit", "finished_at"], name="dossier_finished_idx"),
            models.Index(fields=["processing_unit", "received_at"], name="dossier_unit_received_idx"),
            # The due-soon and overdue worklists: running dossiers by their latest promised moment.
            models.Index(
                "processing_unit",
                Coalesce("apology_due_at", "due_at"),
                condition=Q(status__in=RUNNING_STATUSES),
                name="dossier_running_due_idx",
            ),
            models.Index(
                "receiving_unit",
                Coalesce("apology_due_at", "due_at"),
                condition=Q(status__in=RUNNING_STATUSES),
                name="dossier_desk_running_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__gte=1, status__lte=10), name="dossier_status_known"),
            models.CheckConstraint(condition=Q(channel__gte=1, channel__lte=3), name="dossier_channel_known"),
            models.CheckConstraint(
                condition=~Q(reused_from=models.F("id")),
                name="dossier_not_reused_from_itself",
                violation_error_message=_("Hồ sơ không thể tái sử dụng dữ liệu của chính nó."),
            ),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | Q(due_at__isnull=False),
                name="dossier_received_has_appointment",
                violation_error_message=_("Hồ sơ đã tiếp nhận phải có ngày hẹn trả kết quả."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def effective_due_at(self) -> dt.datetime | None:
        """The date the applicant was last promised: the apology's new date, else the appointment."""
        return self.apology_due_at or self.due_at

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class DossierPaper(models.Model):
    """One paper of a dossier as the officer checked it against the procedure version's list."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="papers")
    required_paper = models.ForeignKey(
        "catalog.RequiredPaper",
        verbose_name=_("thành phần hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    form = models.CharField(
        _("loại bản"), max_length=20, choices=PaperForm.choices, default=PaperForm.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    is_required = models.BooleanField(_("bắt buộc"), default=True)
    state = models.CharField(_("tình trạng"), max_length=10, choices=PaperState.choices)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("giấy tờ trong hồ sơ")
        verbose_name_plural = _("giấy tờ trong hồ sơ")
        ordering = ["dossier_id", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name


def dossier_file_path(instance: DossierFile, filename: str) -> str:
    # The stored name never uses the uploader's name: it could carry personal data or a path.
    return f"dossiers/{instance.dossier.submitted_at:%Y/%m}/{instance.dossier.code}/{instance.sha256[:16]}"


class DossierFile(models.Model):
    """An uploaded file: a paper filed online, a supplement, or an attachment to a step's action."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    paper = models.ForeignKey(
        DossierPaper, null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    event = models.ForeignKey(
        "dossiers.DossierEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    file = models.FileField(_("tệp"), upload_to=dossier_file_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["dossier_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class DailyCounter(models.Model):
    """The last number given to a unit's dossiers on one day: the NNNN of dossier codes.

    The intake service locks this row in its own transaction, so a rolled-back intake rolls the
    number back too and codes run without gaps or duplicates.
    """

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm hồ sơ trong ngày")
        verbose_name_plural = _("bộ đếm hồ sơ trong ngày")
        ordering = ["unit_id", "day"]
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="daily_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day:%y%m%d}: {self.last}"
