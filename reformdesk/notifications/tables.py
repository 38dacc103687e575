"""The outbox table (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reformdesk.notifications.choices import MessageStatus
from reformdesk.notifications.models import Message


class MessageTable(tables.Table):
    created_at = tables.DateTimeColumn(verbose_name=_("Tạo lúc"), format="d/m/Y H:i")
    channel = tables.Column(verbose_name=_("Kênh"))
    recipient = tables.Column(verbose_name=_("Người nhận"), orderable=False)
    reference = tables.Column(verbose_name=_("Liên quan đến"))
    key = tables.Column(verbose_name=_("Mẫu"))
    body = tables.Column(verbose_name=_("Nội dung"), orderable=False)
    status = tables.Column(verbose_name=_("Trạng thái"))
    attempts = tables.Column(verbose_name=_("Số lần gửi"))
    next_attempt_at = tables.DateTimeColumn(verbose_name=_("Gửi lần tới"), format="d/m/Y H:i")
    last_error = tables.Column(verbose_name=_("Lỗi gần nhất"), orderable=False)
    actions = tables.Column(verbose_name="", orderable=False, empty_values=())

    class Meta:
        empty_text = _("Không có thư hay tin nhắn nào phù hợp. Thông báo gửi người dân sẽ hiện ở đây.")
        model = Message
        fields = (
            "created_at",
            "channel",
            "recipient",
            "reference",
            "key",
            "body",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "actions",
        )
        attrs = {"data-testid": "outbox-table"}

    def render_actions(self, record: Message) -> str:
        if record.status not in (MessageStatus.FAILED, MessageStatus.GAVE_UP):
            return ""
        return format_html(
            '<form method="post" action="{}" class="d-inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="btn btn-sm btn-outline-primary" data-testid="retry-{}">{}</button>'
            "</form>",
            reverse("notifications:retry", args=[record.pk]),
            get_token(self.request),
            record.pk,
            _("Gửi lại ngay"),
        )

    def render_body(self, value: str) -> str:
        return value if len(value) <= 120 else value[:119] + "…"

    def render_last_error(self, value: str) -> str:
        return value if len(value) <= 80 else value[:79] + "…"
