"""An inspection: who inspects whom, when, with which template; its team, the answers saved one
item at a time, each official's presence as pre-filled and confirmed, the signatures of the
record, and the event rows of every change."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.inspections.choices import EventKind, Kind, Presence, Result, Status

NOTE_MAX_CHARS = 2000
RESPONSE_MAX_CHARS = 4000


class Inspection(models.Model):
    """One inspection of ``target_unit`` by a team of ``inspecting_unit``.

    A sudden inspection (``Kind.SUDDEN``) is created on the spot and stays invisible to the
    target until it starts (``selectors``). ``at`` is the inspected moment: the pre-fill reads the
    data as it was then. Once the team leader signs (``leader_signed_at``) the record is frozen;
    the inspected unit's leader adds the unit's response and signs (``unit_signed_at``).
    """

    kind = models.CharField(_("hình thức"), max_length=8, choices=Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, db_index=True)
    inspecting_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị kiểm tra"),
        on_delete=models.PROTECT,
        related_name="inspections_held",
    )
    target_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị được kiểm tra"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    plan_entry = models.ForeignKey(
        "inspections.PlanEntry",
        verbose_name=_("theo kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    template = models.ForeignKey(
        "inspections.ChecklistTemplate",
        verbose_name=_("mẫu phiếu kiểm tra"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    subject = models.CharField(_("nội dung kiểm tra"), max_length=500)
    scheduled_on = models.DateField(_("ngày dự kiến"), null=True, blank=True)
    at = models.DateTimeField(_("thời điểm kiểm tra"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    created_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("lập lúc"))
    leader_signed_at = models.DateTimeField(_("trưởng đoàn ký lúc"), null=True, blank=True)
    leader_signed_by = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_response = models.TextField(_("ý kiến của đơn vị được kiểm tra"), blank=True)
    unit_signed_at = models.DateTimeField(_("lãnh đạo đơn vị ký lúc"), null=True, blank=True)
    unit_signed_by = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    record_sha256 = models.CharField(_("dấu vân tay biên bản khi ký"), max_length=64, blank=True)
    outgoing_document = models.OneToOneField(
        "documents.OutgoingDocument",
        verbose_name=_("văn bản đi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_unit", "status", "at"], name="inspection_target_idx"),
            models.Index(fields=["inspecting_unit", "status", "at"], name="inspection_holder_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="inspection_status_known"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="inspection_kind_known"),
            models.CheckConstraint(
                condition=~Q(inspecting_unit=models.F("target_unit")), name="inspection_not_own_unit"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.PREPARED, Status.CANCELLED]) | Q(at__isnull=False),
                name="inspection_started_has_moment",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.LEADER_SIGNED, Status.SIGNED])
                | Q(leader_signed_at__isnull=False),
                name="inspection_signed_by_leader",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.SIGNED) | Q(unit_signed_at__isnull=False),
                name="inspection_signed_by_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} – {self.target_unit}"


class TeamMember(models.Model):
    """An official of the inspection team; exactly one is its leader (trưởng đoàn)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    official = models.ForeignKey(
        "org.Official", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="inspection_teams"
    )
    is_leader = models.BooleanField(_("trưởng đoàn"), default=False)

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")
        ordering = ["inspection_id", "-is_leader", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "official"], name="team_member_once"),
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(is_leader=True), name="team_one_leader"
            ),
        ]

    def __str__(self) -> str:
        return str(self.official)


class Answer(models.Model):
    """The answer to one item, saved on its own as the inspector goes. ``prefill`` keeps what
    ReformDesk's data said at the inspected moment; ``expected``/``found`` are a count's figures."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("inspections.ChecklistItem", on_delete=models.PROTECT, related_name="answers")
    result = models.CharField(_("kết quả"), max_length=4, choices=Result.choices, blank=True, default="")
    expected = models.PositiveIntegerField(_("số phải có"), null=True, blank=True)
    found = models.PositiveIntegerField(_("số thực tế"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), max_length=NOTE_MAX_CHARS, blank=True)
    prefill = models.JSONField(_("dữ liệu điền sẵn"), default=dict, blank=True)
    answered_by = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả kiểm tra từng nội dung")
        verbose_name_plural = _("kết quả kiểm tra từng nội dung")
        ordering = ["inspection_id", "item__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="answer_once_per_item"),
            models.CheckConstraint(condition=Q(result__in=Result.values), name="answer_result_known"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.item_id} {self.result}"


class PresenceCheck(models.Model):
    """One official of the inspected unit at the inspected moment: what the attendance records
    said (``prefilled``, with ``detail``: the punch, the leave or the trip) and what the inspector
    confirmed or corrected (``confirmed``)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="presence")
    official = models.ForeignKey("org.Official", on_delete=models.PROTECT, related_name="+")
    prefilled = models.CharField(_("theo dữ liệu"), max_length=16, choices=Presence.choices)
    detail = models.CharField(_("căn cứ"), max_length=300, blank=True)
    confirmed = models.CharField(
        _("đoàn kiểm tra xác nhận"), max_length=16, choices=Presence.choices, blank=True, default=""
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kiểm tra có mặt")
        verbose_name_plural = _("kiểm tra có mặt")
        ordering = ["inspection_id", "official__full_name", "official_id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "official"], name="presence_once_per_official"),
        ]

    def __str__(self) -> str:
        return f"{self.official_id} {self.confirmed or self.prefilled}"

    @property
    def corrected(self) -> bool:
        return bool(self.confirmed) and self.confirmed != self.prefilled


class InspectionEvent(models.Model):
    """One change to an inspection or one of its findings: who, when, from which status to which.
    The timeline and the audit trail read these rows."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="events")
    finding = models.ForeignKey(
        "inspections.Finding", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("sự kiện"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=16, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến cuộc kiểm tra")
        verbose_name_plural = _("diễn biến cuộc kiểm tra")
        ordering = ["inspection_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
