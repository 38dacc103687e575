"""The outbox table (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from reformdesk.notifications.models import Message

RETRY_BUTTON = """{% load i18n %}{% if record.status == "failed" or record.status == "gave_up" %}
<form method="post" action="{% url 'notifications:retry' record.pk %}" class="d-inline">{% csrf_token %}
<button type="submit" class="btn btn-sm btn-outline-primary" data-testid="retry-{{ record.pk }}">
{% translate "Gửi lại ngay" %}</button>
</form>{% endif %}"""


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
    actions = tables.TemplateColumn(RETRY_BUTTON, verbose_name="", orderable=False)

    class Meta:
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

    def render_body(self, value: str) -> str:
        return value if len(value) <= 120 else value[:119] + "…"

    def render_last_error(self, value: str) -> str:
        return value if len(value) <= 80 else value[:79] + "…"
