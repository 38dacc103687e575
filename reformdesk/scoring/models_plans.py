"""A unit's yearly reform plan (kế hoạch CCHC) and its reform reports (báo cáo CCHC).

A plan's items are tasks of the assignments app (one task per item, assigned when the item is
added), so "plan items done on time" reads the tasks' own due moments and evaluations. Each
report the unit owes in a year is an obligation row with its due day; the report is submitted as
a document of the outgoing register, and the submission records the moment it was handed in.

On time, for a report: the submission moment's calendar day in Vietnam time (Asia/Ho_Chi_Minh,
UTC+7) is on or before the due day — a report handed in at 23:59 on the due day is on time, one
at 00:00 the next day is late (``plans_rules.report_outcome``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã ban hành")


class ReportKind(models.TextChoices):
    """What a unit owes in a year; the due days are in ``plans_rules.REPORT_SCHEDULE``."""

    PLAN = "plan", _("Kế hoạch CCHC năm")
    Q1 = "q1", _("Báo cáo CCHC quý I")
    H1 = "h1", _("Báo cáo CCHC 6 tháng đầu năm")
    Q3 = "q3", _("Báo cáo CCHC quý III")
    YEAR = "year", _("Báo cáo CCHC năm")


class PlanEventKind(models.TextChoices):
    PLAN_CREATED = "plan_created", _("Lập kế hoạch CCHC")
    ITEM_ADDED = "item_added", _("Thêm nhiệm vụ vào kế hoạch")
    PLAN_APPROVED = "plan_approved", _("Ban hành kế hoạch")
    OBLIGATIONS_OPENED = "obligations_opened", _("Lập lịch báo cáo CCHC")
    REPORT_SUBMITTED = "report_submitted", _("Nộp báo cáo")


class ReformPlan(models.Model):
    """The yearly reform plan of one unit: one per unit and year (a database constraint).

    ``document`` is the plan as issued, an entry of the unit's outgoing register; ``reference``
    is the number and symbol as written ("12/KH-UBND"), kept when the plan predates the register.
    A draft takes new items; an approved plan still does (a plan is amended by adding tasks),
    but its title and reference no longer change.
    """

    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    reference = models.CharField(_("số, ký hiệu văn bản"), max_length=60, blank=True)
    document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("văn bản kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_at = models.DateTimeField(_("lập lúc"))
    created_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kế hoạch CCHC")
        verbose_name_plural = _("kế hoạch CCHC")
        ordering = ["-year", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="reform_plan_unit_year_unique"),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="reform_plan_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class PlanItem(models.Model):
    """One planned item, carried out as one task (``task``) due at the end of ``due_on``, a day
    of the plan's year."""

    plan = models.ForeignKey(ReformPlan, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("nội dung"), max_length=300)
    due_on = models.DateField(_("thời hạn"))
    task = models.OneToOneField(
        "assignments.Task", verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="plan_item"
    )
    created_at = models.DateTimeField(_("thêm lúc"))

    class Meta:
        verbose_name = _("nội dung kế hoạch CCHC")
        verbose_name_plural = _("nội dung kế hoạch CCHC")
        ordering = ["plan_id", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ReportObligation(models.Model):
    """A report (or the plan itself) ``unit`` owes for ``year``, due on ``due_on``; ``basis``
    cites where the date comes from."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=8, choices=ReportKind.choices)
    due_on = models.DateField(_("hạn nộp"))
    basis = models.CharField(_("căn cứ"), max_length=300)
    created_at = models.DateTimeField(_("lập lúc"))

    class Meta:
        verbose_name = _("nghĩa vụ báo cáo CCHC")
        verbose_name_plural = _("nghĩa vụ báo cáo CCHC")
        ordering = ["unit_id", "year", "due_on", "id"]
        indexes = [models.Index(fields=["unit", "year", "due_on"], name="report_obligation_due_idx")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="report_obligation_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values), name="report_obligation_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.unit_id}"


class ReportSubmission(models.Model):
    """The report handed in for an obligation: a document of the unit's outgoing register and
    the moment it was submitted. One per obligation."""

    obligation = models.OneToOneField(ReportObligation, on_delete=models.CASCADE, related_name="submission")
    document = models.ForeignKey(
        "documents.OutgoingDocument", verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("nộp lúc"))
    submitted_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo CCHC đã nộp")
        verbose_name_plural = _("báo cáo CCHC đã nộp")
        ordering = ["obligation_id"]

    def __str__(self) -> str:
        return f"{self.obligation} @ {self.submitted_at:%Y-%m-%d %H:%M}"


class PlanEvent(models.Model):
    """One change to a plan or to a unit's reports: who, when, what."""

    kind = models.CharField(_("sự kiện"), max_length=20, choices=PlanEventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    plan = models.ForeignKey(
        ReformPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    item = models.ForeignKey(PlanItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    obligation = models.ForeignKey(
        ReportObligation, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến kế hoạch, báo cáo CCHC")
        verbose_name_plural = _("diễn biến kế hoạch, báo cáo CCHC")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["unit", "year", "at"], name="plan_event_unit_year_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.unit_id} {self.year} {self.at:%Y-%m-%d %H:%M}"
