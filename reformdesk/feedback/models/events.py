"""What happened to a feedback case: one event row per change.

The event rows are the one record of a case's history: the timeline, the clock's pauses and the
statistics read them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from reformdesk.feedback.choices import EventKind, Status


class FeedbackEvent(models.Model):
    """One change to a case: who did what, when, from which status to which, with a note.

    ``data`` keeps what later steps need (the due moments a pause moved, the refusal's reason, the
    citizen's rating and comment, the deadline rules applied at receipt).
    """

    case = models.ForeignKey("feedback.FeedbackCase", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=Status.choices)
    from_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến phản ánh")
        verbose_name_plural = _("diễn biến phản ánh")
        ordering = ["case_id", "at", "id"]
        indexes = [models.Index(fields=["kind", "at"], name="feedback_event_kind_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
