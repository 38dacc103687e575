"""What happened to a dossier: its planned steps and the event rows of every change.

The event rows are the one record of a dossier's history: the timeline, the control slip, the
public lookup and the on-time statistics all read them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.choices import StepKind
from reformdesk.dossiers.choices import EventKind, Outcome
from reformdesk.org.choices import Role


class DossierStep(models.Model):
    """One step of a dossier's processing, planned from the procedure's step template at receipt.

    ``due_at`` is the step's share of the appointment (the template's working days, added in
    order from the moment the clock started); a supplement pause pushes it back like the
    appointment. ``outcome`` compares ``finished_at`` with ``due_at``.
    """

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("bước"))
    kind = models.CharField(_("loại bước"), max_length=10, choices=StepKind.choices)
    name = models.CharField(_("tên bước"), max_length=255)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        "org.Official",
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    working_days = models.DecimalField(_("thời gian (ngày làm việc)"), max_digits=6, decimal_places=2)
    due_at = models.DateTimeField(_("hạn xử lý"))
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("hoàn thành"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=8, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["dossier_id", "order"]
        constraints = [models.UniqueConstraint(fields=["dossier", "order"], name="dossier_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class DossierEvent(models.Model):
    """One change to a dossier: who did what, when, from which status to which, with a note.

    A hand-over names the official and unit it came from and went to; ``data`` keeps what the
    forms print (the missing papers of a supplement request, the reasons of a refusal, the new
    date of an apology, who collected the result).
    """

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.PositiveSmallIntegerField(_("từ trạng thái"), null=True, blank=True)
    to_status = models.PositiveSmallIntegerField(_("sang trạng thái"))
    step = models.ForeignKey(DossierStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["dossier_id", "at", "id"]
        indexes = [models.Index(fields=["kind", "at"], name="dossier_event_kind_idx")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
