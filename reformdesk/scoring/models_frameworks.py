"""Commune reform-index frameworks (bộ chỉ số CCHC cấp xã) as data.

A province issues a framework per year, usually as the annex of a decision: areas → criteria →
sub-criteria (codes ``1``, ``1.2``, ``1.2.3``), each with its maximum and how it is scored, the
rank groups and the rule that breaks ties. A draft may be replaced; a published framework is
frozen (the services refuse every change), so a year already scored keeps its rules.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã ban hành")


class Method(models.TextChoices):
    """How a node is scored. ``SUM``: the total of its children (areas and criteria with parts)."""

    SUM = "sum", _("Tổng điểm các mục con")
    MANUAL = "manual", _("Tự chấm, kèm minh chứng")
    COMPUTED = "computed", _("Tính từ dữ liệu")
    SURVEY = "survey", _("Từ kết quả khảo sát")


class RateSource(models.TextChoices):
    """The figures ReformDesk holds that a computed criterion may read (issue: data inputs)."""

    DOSSIERS_ON_TIME = "dossiers_on_time", _("Tỷ lệ hồ sơ giải quyết đúng hạn")
    DOSSIERS_ONLINE = "dossiers_online", _("Tỷ lệ hồ sơ nộp trực tuyến")
    PROCEDURES_PUBLISHED = "procedures_published", _("Tỷ lệ thủ tục được niêm yết, công khai")
    PETITIONS_ON_TIME = "petitions_on_time", _("Tỷ lệ phản ánh, kiến nghị trả lời đúng hạn")
    ATTENDANCE = "attendance", _("Tỷ lệ chấp hành giờ làm việc")
    TASKS_ON_TIME = "tasks_on_time", _("Tỷ lệ nhiệm vụ hoàn thành đúng hạn")
    FINDINGS_REMEDIED = "findings_remedied", _("Tỷ lệ kết luận kiểm tra đã khắc phục")
    REGULATIONS_ACKNOWLEDGED = "regulations_acknowledged", _("Tỷ lệ quy định đã ký nhận, cam kết")
    REPORTS_ON_TIME = "reports_on_time", _("Tỷ lệ kế hoạch, báo cáo CCHC nộp đúng hạn")


class TieBreak(models.TextChoices):
    """The stated rule when two units reach the same index."""

    SURVEY_THEN_CODE = (
        "survey_then_code",
        _("Cùng chỉ số: đơn vị có điểm khảo sát cao hơn xếp trên; nếu vẫn bằng, xếp theo mã đơn vị."),
    )
    COMPUTED_THEN_CODE = (
        "computed_then_code",
        _(
            "Cùng chỉ số: đơn vị có tổng điểm các tiêu chí tính từ dữ liệu cao hơn xếp trên; "
            "nếu vẫn bằng, xếp theo mã đơn vị."
        ),
    )


class FrameworkEventKind(models.TextChoices):
    CREATED = "created", _("Tạo bộ chỉ số")
    IMPORTED = "imported", _("Nhập cây tiêu chí từ Excel")
    PUBLISHED = "published", _("Ban hành")


class Framework(models.Model):
    year = models.PositiveSmallIntegerField(_("năm"))
    issuer = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên bộ chỉ số"), max_length=300)
    basis = models.TextField(_("căn cứ, nguồn"), blank=True)
    illustrative_note = models.TextField(_("phần minh họa"), blank=True)
    tie_break = models.CharField(
        _("quy tắc khi bằng điểm"), max_length=24, choices=TieBreak.choices, default=TieBreak.SURVEY_THEN_CODE
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    published_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("bộ chỉ số CCHC")
        verbose_name_plural = _("bộ chỉ số CCHC")
        ordering = ["-year", "issuer_id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="framework_issuer_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def is_published(self) -> bool:
        return self.status == FrameworkStatus.PUBLISHED


class FrameworkNode(models.Model):
    """An area (level 1), a criterion (2) or a sub-criterion (3). ``shape_params`` follows
    :mod:`reformdesk.scoring.shapes` (``full_at`` for linear, ``steps`` for threshold steps)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("mã"), max_length=20)
    level = models.PositiveSmallIntegerField(_("cấp"))
    title = models.CharField(_("nội dung"), max_length=500)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    method = models.CharField(_("cách chấm"), max_length=12, choices=Method.choices)
    rate_source = models.CharField(_("nguồn tỷ lệ"), max_length=32, choices=RateSource.choices, blank=True)
    shape = models.CharField(_("cách cho điểm"), max_length=8, blank=True)
    shape_params = models.JSONField(_("tham số cho điểm"), default=dict, blank=True)
    illustrative = models.BooleanField(_("minh họa"), default=False)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["framework_id", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="framework_node_code_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=3), name="framework_node_level_range"
            ),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="framework_node_max_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class RankGroup(models.Model):
    """A rank group (Tốt, Khá…): units whose index (% of max) reaches ``min_percent``."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rank_groups")
    label = models.CharField(_("xếp loại"), max_length=60)
    min_percent = models.DecimalField(_("từ (% điểm tối đa)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("xếp loại")
        verbose_name_plural = _("xếp loại")
        ordering = ["framework_id", "-min_percent"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "label"], name="rank_group_label_unique"),
            models.CheckConstraint(
                condition=Q(min_percent__gte=0, min_percent__lte=100), name="rank_group_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ≥ {self.min_percent} %"


class FrameworkEvent(models.Model):
    kind = models.CharField(_("sự kiện"), max_length=12, choices=FrameworkEventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="events")
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến bộ chỉ số")
        verbose_name_plural = _("diễn biến bộ chỉ số")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.framework_id} {self.at:%Y-%m-%d %H:%M}"
