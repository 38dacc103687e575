"""Tasks (nhiệm vụ) of the 3-step mechanism: a leader assigns, the assignee reports, the assigner
evaluates.

A task's status, due moment, progress and extension are kept on the row for worklists and
figures; *how* it got there is in its :class:`TaskEvent` rows, which the services write with
every change (``services``). Nothing here decides: the services do.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.assignments.choices import (
    OPEN_STATUSES,
    EventKind,
    Extension,
    FileKind,
    Priority,
    Quality,
    SourceKind,
    Status,
    Timeliness,
)

TITLE_MAX_CHARS = 300
TEXT_MAX_CHARS = 4000
# A deadline further than a year of working days is a typing error, not a task.
MAX_DEADLINE_DAYS = 250
# The same bound for a deadline (or an extension) given as a date: a year after the assignment.
MAX_DEADLINE_SPAN = dt.timedelta(days=366)


class Task(models.Model):
    """One task, assigned by ``assigned_by`` (an official, ``assigner``) to one official
    (``assignee``) or to a unit (``assignee_unit``), never both, with co-handlers beside.

    ``unit`` is the unit the task is counted at: the assignee's unit where the assigner holds the
    right to assign, or the assigned unit. ``due_at`` is the due moment in force — ``first_due_at``
    as assigned, moved once by a granted extension. ``done_at`` is the moment completion was last
    reported; ``timeliness`` compares it with ``due_at`` at evaluation.
    """

    title = models.CharField(_("tên nhiệm vụ"), max_length=TITLE_MAX_CHARS)
    expected_output = models.TextField(_("kết quả, sản phẩm yêu cầu"), max_length=TEXT_MAX_CHARS)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, db_index=True)
    priority = models.CharField(_("mức độ"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    source_kind = models.CharField(
        _("nguồn giao việc"), max_length=20, choices=SourceKind.choices, default=SourceKind.NONE
    )
    source_reference = models.CharField(
        _("trích dẫn nguồn"),
        max_length=300,
        blank=True,
        help_text=_("Số, ký hiệu văn bản; cuộc họp; biên bản kiểm tra."),
    )
    # The register entry the task was assigned from (issue 13: "an assignment from an incoming
    # document starts from the register entry"); the entry lists its tasks through ``tasks``.
    source_document = models.ForeignKey(
        "documents.IncomingDocument",
        verbose_name=_("văn bản đến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="tasks"
    )
    assigned_by = models.ForeignKey(
        "auth.User", verbose_name=_("người giao"), on_delete=models.PROTECT, related_name="+"
    )
    assigner = models.ForeignKey(
        "org.Official",
        verbose_name=_("cán bộ giao việc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks_assigned",
    )
    assignee = models.ForeignKey(
        "org.Official",
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    assignee_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks_received",
    )
    co_handlers = models.ManyToManyField(
        "org.Official", verbose_name=_("người phối hợp"), blank=True, related_name="tasks_co_handled"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ cha"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )

    assigned_at = models.DateTimeField(_("giao lúc"))
    deadline_days = models.PositiveSmallIntegerField(
        _("thời hạn (ngày làm việc)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DEADLINE_DAYS)],
    )
    deadline_date = models.DateField(_("hạn hoàn thành (ngày)"), null=True, blank=True)
    first_due_at = models.DateTimeField(_("hạn khi giao"))
    due_at = models.DateTimeField(_("hạn hoàn thành"))

    percent = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    acknowledged_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    done_at = models.DateTimeField(_("báo cáo hoàn thành lúc"), null=True, blank=True)
    evidence = models.TextField(_("kết quả, minh chứng"), blank=True)
    # The outgoing document that is the task's result (issue 13: "reports completion with
    # evidence: files, or an outgoing document from the register").
    result_document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("văn bản kết quả"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="result_of_tasks",
    )

    extension = models.CharField(
        _("gia hạn"), max_length=8, choices=Extension.choices, default=Extension.NONE, blank=True
    )
    extension_due_at = models.DateTimeField(_("hạn đề nghị gia hạn"), null=True, blank=True)
    extension_reason = models.TextField(_("lý do đề nghị gia hạn"), blank=True)
    returns_count = models.PositiveSmallIntegerField(_("số lần trả lại"), default=0)

    evaluated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    timeliness = models.CharField(
        _("tiến độ hoàn thành"), max_length=8, choices=Timeliness.choices, blank=True
    )
    quality = models.PositiveSmallIntegerField(
        _("chất lượng"), choices=Quality.choices, null=True, blank=True
    )
    evaluation_comment = models.TextField(_("nhận xét"), blank=True)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    recurrence = models.ForeignKey(
        "assignments.Recurrence",
        verbose_name=_("nhiệm vụ định kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    period = models.DateField(_("kỳ (tháng)"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["assignee", "status", "due_at"], name="task_assignee_idx"),
            models.Index(fields=["assigned_by", "status", "due_at"], name="task_assigned_by_idx"),
            models.Index(fields=["unit", "status", "due_at"], name="task_unit_idx"),
            models.Index(fields=["unit", "assigned_at"], name="task_unit_assigned_idx"),
            models.Index(fields=["unit", "evaluated_at"], name="task_unit_evaluated_idx"),
            # "Overdue now": open tasks by their due moment.
            models.Index(
                fields=["unit", "due_at"], condition=Q(status__in=OPEN_STATUSES), name="task_open_due_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="task_status_known"),
            models.CheckConstraint(
                condition=Q(assignee__isnull=False, assignee_unit__isnull=True)
                | Q(assignee__isnull=True, assignee_unit__isnull=False),
                name="task_one_assignee",
                violation_error_message=_("Nhiệm vụ giao cho một cán bộ hoặc một đơn vị."),
            ),
            models.CheckConstraint(
                condition=Q(deadline_days__isnull=True) | Q(deadline_date__isnull=True),
                name="task_one_kind_of_deadline",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="task_percent_range"),
            models.CheckConstraint(
                condition=Q(source_document__isnull=True) | Q(source_kind=SourceKind.INCOMING_DOCUMENT),
                name="task_document_source_kind",
            ),
            models.CheckConstraint(
                condition=Q(quality__isnull=True) | Q(quality__in=Quality.values), name="task_quality_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.EVALUATED)
                | (Q(quality__isnull=False) & ~Q(timeliness="") & Q(evaluated_at__isnull=False)),
                name="task_evaluated_is_rated",
            ),
            models.CheckConstraint(
                condition=Q(extension="") | Q(extension_due_at__isnull=False),
                name="task_extension_has_due",
            ),
            # One task per recurrence and month, even when the command runs twice at once.
            models.UniqueConstraint(fields=["recurrence", "period"], name="task_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Recurrence(models.Model):
    """A task given again every month (a monthly report): on ``day_of_month`` of each month from
    ``starts_on`` (to ``ends_on``), ``manage.py create_recurring_tasks`` assigns it in
    ``assigned_by``'s name, due ``deadline_days`` working days later. The assigner's authority is
    checked again each month (``services.task_assign``)."""

    title = models.CharField(_("tên nhiệm vụ"), max_length=TITLE_MAX_CHARS)
    expected_output = models.TextField(_("kết quả, sản phẩm yêu cầu"), max_length=TEXT_MAX_CHARS)
    priority = models.CharField(_("mức độ"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    assigned_by = models.ForeignKey(
        "auth.User", verbose_name=_("người giao"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        "org.Official",
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recurrences",
    )
    assignee_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recurrences",
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("ngày giao trong tháng"), validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("thời hạn (ngày làm việc)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_DEADLINE_DAYS)]
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ định kỳ")
        verbose_name_plural = _("nhiệm vụ định kỳ")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee__isnull=False, assignee_unit__isnull=True)
                | Q(assignee__isnull=True, assignee_unit__isnull=False),
                name="recurrence_one_assignee",
            ),
            # The 29th–31st do not exist every month.
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1, day_of_month__lte=28), name="recurrence_day_in_every_month"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="recurrence_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskEvent(models.Model):
    """One change to a task: who, when, from which status to which, with a note and the progress.

    The timeline, the figures' returns and the audit trail read these rows. ``data`` keeps what a
    change decided (due moments moved, the quality given, the timeliness computed).
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=Status.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến nhiệm vụ")
        verbose_name_plural = _("diễn biến nhiệm vụ")
        ordering = ["task_id", "at", "id"]
        indexes = [models.Index(fields=["kind", "at"], name="task_event_kind_idx")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


def task_file_path(instance: TaskFile, filename: str) -> str:
    # The stored name never uses the uploader's name: it could carry personal data or a path.
    return f"tasks/{instance.task.assigned_at:%Y/%m}/{instance.task_id}/{instance.sha256[:16]}"


class TaskFile(models.Model):
    """A document given with the task, or evidence of its result; checked by content on upload
    (``core.uploads``)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="files")
    event = models.ForeignKey(
        TaskEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    kind = models.CharField(_("loại tệp"), max_length=12, choices=FileKind.choices)
    file = models.FileField(_("tệp"), upload_to=task_file_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp của nhiệm vụ")
        verbose_name_plural = _("tệp của nhiệm vụ")
        ordering = ["task_id", "id"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=FileKind.values), name="task_file_kind")]

    def __str__(self) -> str:
        return self.original_name
