"""Administrative procedures (thủ tục hành chính): fields, procedures and their versions.

A procedure's content changes only by a publishing decision, so everything a citizen reads
(papers, channels, time limits, fees, steps) hangs on a :class:`ProcedureVersion`; dossiers
later point at the version they were filed under.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.choices import (
    Channel,
    LegacyOnlineLevel,
    Level,
    OnlineLevel,
    PaperForm,
    StepKind,
)
from reformdesk.org.choices import Role, UnitKind

NATIONAL_CODE = RegexValidator(
    r"^[0-9]\.[0-9]{6}$", _("Mã thủ tục quốc gia có dạng 1.001612."), code="invalid_national_code"
)
LOCAL_CODE = RegexValidator(
    r"^[0-9]\.[0-9]{6}\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$",
    _("Mã thủ tục địa phương có dạng 1.001612.000.00.00.H41."),
    code="invalid_local_code",
)


class _Bilingual(models.Model):
    # The national database has names of more than 900 characters (e.g. 1.013962).
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=1000)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=1000, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name_vi


class Field(_Bilingual):
    """A sector (lĩnh vực) procedures are grouped by, e.g. "Hộ tịch"."""

    code = models.CharField(_("mã lĩnh vực"), max_length=20, unique=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["sort_order", "name_vi", "code"]


class Procedure(_Bilingual):
    """One administrative procedure of the national database, as this province applies it.

    ``search_text`` is the folded name, codes and field (``core.text.fold``); it is kept by
    the services and is what public search matches.
    """

    national_code = models.CharField(_("mã thủ tục"), max_length=8, unique=True, validators=[NATIONAL_CODE])
    local_code = models.CharField(
        _("mã thủ tục tại địa phương"), max_length=24, blank=True, validators=[LOCAL_CODE]
    )
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures"
    )
    at_province = models.BooleanField(_("cấp tỉnh thực hiện"), default=False)
    at_district = models.BooleanField(_("cấp huyện thực hiện"), default=False)
    at_commune = models.BooleanField(_("cấp xã thực hiện"), default=False)
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=10,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
    )
    legacy_online_level = models.PositiveSmallIntegerField(
        _("mức độ cũ (trước 2022)"), choices=LegacyOnlineLevel.choices, null=True, blank=True
    )
    anywhere_in_province = models.BooleanField(
        _("tiếp nhận không phụ thuộc địa giới hành chính"),
        default=False,
        help_text=_("Người dân được nộp hồ sơ tại bất kỳ Bộ phận Một cửa nào trong tỉnh."),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    popularity = models.PositiveIntegerField(_("số lượt sử dụng"), default=0)
    search_text = models.TextField(_("chuỗi tìm kiếm"), blank=True, editable=False)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["national_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(at_province=True) | Q(at_district=True) | Q(at_commune=True),
                name="procedure_has_a_level",
                violation_error_message=_("Thủ tục phải thuộc ít nhất một cấp thực hiện."),
            ),
        ]
        indexes = [
            models.Index(fields=["field", "national_code"], name="procedure_field_idx"),
            models.Index(fields=["-popularity", "national_code"], name="procedure_popular_idx"),
        ]

    @property
    def levels(self) -> list[str]:
        flags = (
            (Level.PROVINCE, self.at_province),
            (Level.DISTRICT, self.at_district),
            (Level.COMMUNE, self.at_commune),
        )
        return [str(level) for level, on in flags if on]

    def version_on(self, day: dt.date) -> ProcedureVersion | None:
        return self.versions.filter(
            Q(effective_from__lte=day), Q(effective_to__isnull=True) | Q(effective_to__gte=day)
        ).first()


class ProcedureVersion(models.Model):
    """The content of a procedure as one publishing decision set it, for a period."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    decision_number = models.CharField(_("số quyết định công bố"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    implementing_agency = models.CharField(_("cơ quan thực hiện"), max_length=500, blank=True)
    deciding_agency = models.CharField(_("cơ quan có thẩm quyền quyết định"), max_length=500, blank=True)
    applicant_types = models.JSONField(_("đối tượng thực hiện"), default=list, blank=True)
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure_id", "-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="procedure_version_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.national_code} — {self.decision_number} ({self.effective_from:%d/%m/%Y})"

    def clean(self) -> None:
        # Field validation reports a missing or invalid start date; compare only real dates here.
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")})

    def overlaps(self, other: ProcedureVersion) -> bool:
        if self.effective_from is None or other.effective_from is None:
            return False
        self_end = self.effective_to or dt.date.max
        other_end = other.effective_to or dt.date.max
        return self.effective_from <= other_end and other.effective_from <= self_end


class ProcedureCase(models.Model):
    """A sub-case (trường hợp) with its own time limit and papers, e.g. late birth registration."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="cases"
    )
    name_vi = models.CharField(_("tên trường hợp"), max_length=500)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=500, blank=True)
    time_limit_days = models.DecimalField(
        _("thời hạn giải quyết (ngày làm việc)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")
        ordering = ["version_id", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name_vi


class FilingMethod(models.Model):
    """How a procedure may be filed on one channel, with that channel's time limit and fee.

    ``time_limit_days`` is in working days (0.5 = the same day); ``time_limit_text`` keeps the
    decision's wording where it is not a plain number of working days. ``fee_vnd`` is the fee and
    charge per ``fee_unit``; empty when the decision leaves it to the provincial People's Council.
    """

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="filing_methods"
    )
    case = models.ForeignKey(
        ProcedureCase,
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="filing_methods",
    )
    channel = models.PositiveSmallIntegerField(_("cách thức nộp"), choices=Channel.choices)
    time_limit_days = models.DecimalField(
        _("thời hạn giải quyết (ngày làm việc)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    time_limit_text = models.CharField(_("thời hạn (diễn giải)"), max_length=255, blank=True)
    fee_vnd = models.PositiveIntegerField(_("phí, lệ phí (đồng)"), null=True, blank=True)
    fee_unit = models.CharField(_("đơn vị tính phí"), max_length=100, blank=True)
    fee_text = models.CharField(_("phí, lệ phí (diễn giải)"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ["version_id", "case_id", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "channel"], condition=Q(case__isnull=True), name="filing_method_unique"
            ),
            models.UniqueConstraint(
                fields=["version", "case", "channel"],
                condition=Q(case__isnull=False),
                name="filing_method_case_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.time_limit_days or self.time_limit_text or '—'}"


class RequiredPaper(models.Model):
    """One paper of the dossier (thành phần hồ sơ), for the whole version or one sub-case."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="papers"
    )
    case = models.ForeignKey(
        ProcedureCase,
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="papers",
    )
    name_vi = models.CharField(_("tên giấy tờ"), max_length=1000)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=1000, blank=True)
    form = models.CharField(
        _("loại bản"), max_length=20, choices=PaperForm.choices, default=PaperForm.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1, validators=[MinValueValidator(1)])
    is_required = models.BooleanField(_("bắt buộc"), default=True)
    form_file = models.FileField(_("mẫu đơn, tờ khai"), upload_to="catalog/forms/", blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version_id", "case_id", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name_vi


class StepTemplate(models.Model):
    """One step of the processing workflow, performed by a role at a kind of unit within a time."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="steps"
    )
    case = models.ForeignKey(
        ProcedureCase,
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="steps",
    )
    order = models.PositiveSmallIntegerField(_("bước"))
    kind = models.CharField(_("loại bước"), max_length=10, choices=StepKind.choices)
    name_vi = models.CharField(_("tên bước"), max_length=255)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    unit_kind = models.CharField(_("loại đơn vị thực hiện"), max_length=20, choices=UnitKind.choices)
    working_days = models.DecimalField(
        _("thời gian (ngày làm việc)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["version_id", "case_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"], condition=Q(case__isnull=True), name="step_order_unique"
            ),
            models.UniqueConstraint(
                fields=["version", "case", "order"],
                condition=Q(case__isnull=False),
                name="step_case_order_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name_vi}"
