"""The yearly evaluation and classification of officials: the year's rules as data (levels,
criteria, calendar, the top level's quota), one evaluation per official and year, and the
events of its process."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.emulation.choices import EventKind, QuotaBase, Stage


class EvaluationRules(models.Model):
    """The rules of ``year``: the legal basis, the points scale, the calendar (self-assessment
    opens, the leader decides by, days to contest a notified result) and the cap on the top level
    (``quota_percent`` of ``quota_base``; none when the base is empty)."""

    year = models.PositiveSmallIntegerField(
        _("năm"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    max_points = models.PositiveSmallIntegerField(_("thang điểm"), default=100)
    opens_on = models.DateField(_("mở tự đánh giá từ ngày"))
    decide_by = models.DateField(_("xếp loại xong trước ngày"))
    contest_days = models.PositiveSmallIntegerField(_("số ngày được nêu ý kiến không đồng ý"), default=5)
    quota_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ tối đa mức cao nhất (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    quota_base = models.CharField(_("tỷ lệ tính trên"), max_length=12, choices=QuotaBase.choices, blank=True)

    class Meta:
        verbose_name = _("quy định đánh giá của năm")
        verbose_name_plural = _("quy định đánh giá của năm")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decide_by__gte=models.F("opens_on")), name="emul_rules_calendar"
            ),
            models.CheckConstraint(
                condition=Q(quota_base="") | Q(quota_percent__isnull=False),
                name="emul_rules_quota_has_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.legal_basis}"


class EvaluationLevel(models.Model):
    """One classification level of the year; ``rank`` orders them (1 the best). ``min_points``
    is where the level starts on the year's scale (None when the rules set no points)."""

    rules = models.ForeignKey(EvaluationRules, on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(_("mã"), max_length=20)
    name = models.CharField(_("mức xếp loại"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("thứ tự"))
    min_points = models.PositiveSmallIntegerField(_("từ điểm"), null=True, blank=True)

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        ordering = ["rules_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["rules", "code"], name="emul_level_code_once"),
            models.UniqueConstraint(fields=["rules", "rank"], name="emul_level_rank_once"),
        ]

    def __str__(self) -> str:
        return self.name


class EvaluationCriterion(models.Model):
    """One criterion of the year's form, with its maximum points."""

    rules = models.ForeignKey(EvaluationRules, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("mã"), max_length=20)
    name = models.CharField(_("tiêu chí"), max_length=300)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))
    order = models.PositiveSmallIntegerField(_("thứ tự"))

    class Meta:
        verbose_name = _("tiêu chí đánh giá")
        verbose_name_plural = _("tiêu chí đánh giá")
        ordering = ["rules_id", "order"]
        constraints = [models.UniqueConstraint(fields=["rules", "code"], name="emul_criterion_code_once")]

    def __str__(self) -> str:
        return self.name


class Evaluation(models.Model):
    """``official``'s evaluation for ``year`` in ``unit`` (their primary unit when it was opened).

    The official proposes a level with a self-assessment; the collective meeting's comments are
    recorded; a leader of the unit — never the official themself — decides the level; the result
    is notified, may be contested once (``contested_at``), and is then final and read-only. A
    leader's own evaluation is decided at the level above (``unit.parent``)."""

    official = models.ForeignKey(
        "org.Official", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="evaluations"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    stage = models.CharField(_("bước"), max_length=16, choices=Stage.choices, default=Stage.OPEN)
    self_assessment = models.TextField(_("tự đánh giá"), blank=True)
    self_points = models.PositiveSmallIntegerField(_("điểm tự chấm"), null=True, blank=True)
    proposed_level = models.ForeignKey(
        EvaluationLevel,
        verbose_name=_("mức tự đề xuất"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting_comments = models.TextField(_("ý kiến của tập thể"), blank=True)
    decided_level = models.ForeignKey(
        EvaluationLevel,
        verbose_name=_("mức xếp loại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("người xếp loại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xếp loại lúc"), null=True, blank=True)
    notified_at = models.DateTimeField(_("thông báo lúc"), null=True, blank=True)
    contested_at = models.DateTimeField(_("không đồng ý lúc"), null=True, blank=True)
    contest_reason = models.TextField(_("lý do không đồng ý"), blank=True)
    finalized_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu đánh giá, xếp loại")
        verbose_name_plural = _("phiếu đánh giá, xếp loại")
        ordering = ["-year", "unit_id", "official_id"]
        indexes = [models.Index(fields=["unit", "year", "stage"], name="emul_eval_unit_year_idx")]
        constraints = [
            models.UniqueConstraint(fields=["official", "year"], name="emul_evaluation_once_a_year"),
            models.CheckConstraint(
                condition=Q(decided_level__isnull=True) | Q(decided_by__isnull=False),
                name="emul_evaluation_decided_by_someone",
            ),
            models.CheckConstraint(
                condition=~Q(decided_by=models.F("official")), name="emul_evaluation_not_self_decided"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official_id} {self.year} {self.stage}"


class EvaluationEvent(models.Model):
    """One step of an evaluation: who, when, from which stage to which, the level involved."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_stage = models.CharField(_("từ bước"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("sang bước"), max_length=16, choices=Stage.choices)
    level = models.ForeignKey(
        EvaluationLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("sự kiện đánh giá")
        verbose_name_plural = _("sự kiện đánh giá")
        ordering = ["evaluation_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
