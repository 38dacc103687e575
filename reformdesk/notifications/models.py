"""Message templates (Vietnamese and English, per channel) and the outbox of e-mails and SMS.

A message is rendered from its template when it is enqueued, so the outbox shows exactly what the
citizen received, even if the template is edited afterwards. The outbox holds phone numbers and
e-mail addresses: only administrators read it, and each read is logged.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.template import Template, TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from reformdesk.notifications.choices import Language, MessageChannel, MessageStatus


def validate_template_text(value: str) -> None:
    """Refuse Django template text that does not compile (an unclosed tag, an unknown filter)."""
    try:
        Template(value)
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("Mẫu không hợp lệ: %(error)s"), code="template_syntax", params={"error": error}
        ) from None


class MessageTemplate(models.Model):
    """The text of one kind of message (``key`` such as ``dossier.received``) for one channel and
    one language; ``subject`` and ``body`` are Django template text rendered with the message's
    context. SMS templates have no subject."""

    key = models.CharField(_("mã mẫu"), max_length=64)
    channel = models.CharField(_("kênh"), max_length=8, choices=MessageChannel.choices)
    language = models.CharField(_("ngôn ngữ"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True, validators=[validate_template_text])
    body = models.TextField(_("nội dung"), validators=[validate_template_text])
    description = models.CharField(_("dùng khi"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        ordering = ["key", "channel", "language"]
        constraints = [
            models.UniqueConstraint(fields=["key", "channel", "language"], name="message_template_unique"),
            models.CheckConstraint(
                condition=Q(channel__in=MessageChannel.values), name="message_template_channel_known"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="message_template_language_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.channel}, {self.language})"

    def clean(self) -> None:
        if self.channel == MessageChannel.EMAIL and not self.subject.strip():
            raise ValidationError({"subject": _("Thư điện tử cần có tiêu đề.")})


class Message(models.Model):
    """One e-mail or SMS in the outbox, rendered at enqueue time, with its delivery state.

    ``related_type``/``related_id`` name what it is about (for dossier notices: the dossier event
    that caused it), and with ``key``, ``channel`` and ``recipient`` make a message unique, so a
    subscriber that runs twice does not send twice. ``reference`` is what staff recognise (a
    dossier's code).
    """

    key = models.CharField(_("mã mẫu"), max_length=64)
    channel = models.CharField(_("kênh"), max_length=8, choices=MessageChannel.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    language = models.CharField(_("ngôn ngữ"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"))
    related_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    related_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    reference = models.CharField(_("liên quan đến"), max_length=64, blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=8, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("gửi lần cuối lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_message_id = models.CharField(_("mã tin của nhà cung cấp"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi thành công lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("hộp thư đi")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The worker's query: messages waiting in a status whose next attempt is due.
            models.Index(fields=["status", "next_attempt_at"], name="message_due_idx"),
            models.Index(fields=["related_type", "related_id"], name="message_related_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "channel", "recipient", "related_type", "related_id"],
                condition=~Q(related_id=""),
                name="message_once_per_related",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=MessageChannel.values), name="message_channel_known"
            ),
            models.CheckConstraint(condition=Q(status__in=MessageStatus.values), name="message_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient}"
