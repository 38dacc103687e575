"""The worklists' table (django-tables2): one row per case, its current due moment highlighted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reformdesk.feedback.choices import Status
from reformdesk.feedback.models import FeedbackCase

STATUS_BADGES = {
    Status.RECEIVED: "text-bg-info",
    Status.REFUSED: "text-bg-secondary",
    Status.CLARIFYING: "text-bg-warning",
    Status.APPROVED: "text-bg-success",
    Status.SENT: "text-bg-success",
    Status.PUBLISHED: "text-bg-light border",
    Status.RATED: "text-bg-light border",
    Status.CLOSED: "text-bg-light border",
}


def moment(value: dt.datetime | None) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else "—"


class FeedbackTable(tables.Table):
    code = tables.Column(verbose_name=_("Mã phản ánh"), attrs={"td": {"class": "text-nowrap"}})
    subject = tables.Column(verbose_name=_("Tiêu đề"))
    kind = tables.Column(verbose_name=_("Loại"))
    channel = tables.Column(verbose_name=_("Kênh"))
    status = tables.Column(verbose_name=_("Trạng thái"))
    received_at = tables.Column(verbose_name=_("Tiếp nhận"))
    due_at = tables.Column(verbose_name=_("Hạn"), empty_values=())
    handler = tables.Column(verbose_name=_("Người xử lý"), orderable=False)

    class Meta:
        empty_text = _("Không có phản ánh phù hợp.")
        model = FeedbackCase
        fields = ("code", "subject", "kind", "channel", "status", "received_at", "due_at", "handler")
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "feedback-table"}

    def __init__(self, *args: Any, now: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()

    def render_code(self, record: FeedbackCase) -> str:
        return format_html('<a href="{}">{}</a>', reverse("feedback:detail", args=[record.code]), record.code)

    def render_subject(self, record: FeedbackCase) -> str:
        short = record.subject if len(record.subject) <= 70 else record.subject[:67] + "…"
        return format_html('<span title="{}">{}</span>', record.subject, short)

    def render_status(self, record: FeedbackCase) -> str:
        css = STATUS_BADGES.get(Status(record.status), "text-bg-primary")
        return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())

    def render_received_at(self, record: FeedbackCase) -> str:
        return moment(record.received_at)

    def render_due_at(self, record: FeedbackCase) -> str:
        if record.paused_at is not None:
            return str(_("tạm dừng, chờ công dân"))
        if record.due_at is None:
            return "—"
        if record.due_at < self.now:
            return format_html(
                '<span class="text-danger fw-semibold">{} ({})</span>', moment(record.due_at), _("quá hạn")
            )
        return moment(record.due_at)

    def render_handler(self, record: FeedbackCase) -> str:
        return record.handler.full_name if record.handler else "—"
