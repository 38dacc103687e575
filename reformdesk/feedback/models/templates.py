"""Reusable answer texts a unit's leaders keep, for handlers to start an answer from."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.feedback.choices import Kind

TEMPLATE_TITLE_MAX_CHARS = 120


class AnswerTemplate(models.Model):
    """An answer text offered when answering cases handled at ``unit`` or below it, of ``kind``
    (any kind when empty). Issue 11: "Answers can start from templates." The handler edits the
    text before drafting; the drafted event names the template used. A template is retired, never
    deleted, so the events keep pointing at it."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại phản ánh"), max_length=16, choices=Kind.choices, blank=True)
    title = models.CharField(_("tên mẫu"), max_length=TEMPLATE_TITLE_MAX_CHARS)
    body = models.TextField(_("nội dung trả lời mẫu"))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mẫu trả lời phản ánh")
        verbose_name_plural = _("mẫu trả lời phản ánh")
        ordering = ["unit__path", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "title"],
                name="feedback_template_title_unique",
                violation_error_message=_("Đơn vị đã có mẫu trả lời cùng tên."),
            ),
            models.CheckConstraint(
                condition=Q(kind="") | Q(kind__in=Kind.values), name="feedback_template_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title
