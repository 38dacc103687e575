"""The yearly plan of inspections of an inspecting unit: which units, on what, in which month, and
the event rows of its changes (a line added, changed, removed)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.inspections.choices import PlanEventKind


class InspectionPlan(models.Model):
    """One inspecting unit's plan for one calendar year (kế hoạch kiểm tra công vụ năm)."""

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị kiểm tra"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    created_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("lập lúc"))

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "unit_id", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="inspection_plan_one_per_year")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class PlanEntry(models.Model):
    """One line of a plan: a target unit, the subjects checked and the month."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="entries")
    target_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị được kiểm tra"), on_delete=models.PROTECT, related_name="+"
    )
    subjects = models.CharField(_("nội dung kiểm tra"), max_length=500)
    month = models.PositiveSmallIntegerField(
        _("tháng"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )

    class Meta:
        verbose_name = _("nội dung kế hoạch kiểm tra")
        verbose_name_plural = _("nội dung kế hoạch kiểm tra")
        ordering = ["plan_id", "month", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="plan_entry_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.plan.year} {self.subjects}"


class PlanEvent(models.Model):
    """One change to a plan: who, when, which line (its id kept in ``data`` when it was removed)
    and its values before and after. The plan's history and the audit trail read these rows."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="events")
    entry = models.ForeignKey(
        PlanEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    kind = models.CharField(_("sự kiện"), max_length=20, choices=PlanEventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến kế hoạch kiểm tra")
        verbose_name_plural = _("diễn biến kế hoạch kiểm tra")
        ordering = ["plan_id", "at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlanEventKind.values), name="plan_event_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
