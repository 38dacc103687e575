"""What happened to a register entry: one event row per change, written by the services."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.documents.choices import EventKind


class DocumentEvent(models.Model):
    """One change to an incoming or an outgoing register entry (exactly one of the two): who did
    what and when, the handler it went from and to, a note, and what the change set in ``data``."""

    incoming = models.ForeignKey(
        "documents.IncomingDocument", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    outgoing = models.ForeignKey(
        "documents.OutgoingDocument", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("sự kiện"), max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến văn bản")
        verbose_name_plural = _("diễn biến văn bản")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incoming__isnull=False, outgoing__isnull=True)
                | Q(incoming__isnull=True, outgoing__isnull=False),
                name="documents_event_one_document",
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="documents_event_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
