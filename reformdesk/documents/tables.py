"""The registers' tables (django-tables2): one row per entry, the columns of the registers of
Decree 30/2020/NĐ-CP, Appendix IV."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reformdesk.documents.models import IncomingDocument, OutgoingDocument


def _summary(record: IncomingDocument | OutgoingDocument, url: str) -> str:
    short = record.summary if len(record.summary) <= 90 else record.summary[:87] + "…"
    badge = (
        format_html(' <span class="badge text-bg-danger">{}</span>', record.get_confidentiality_display())
        if record.is_confidential
        else ""
    )
    return format_html('<a href="{}" title="{}">{}</a>{}', url, record.summary, short, badge)


class IncomingTable(tables.Table):
    number = tables.Column(verbose_name=_("Số đến"), attrs={"td": {"class": "text-nowrap"}})
    arrived_at = tables.Column(verbose_name=_("Ngày đến"))
    original_symbol = tables.Column(verbose_name=_("Số, ký hiệu"))
    sender = tables.Column(verbose_name=_("Nơi gửi"))
    summary = tables.Column(verbose_name=_("Trích yếu"))
    handler = tables.Column(verbose_name=_("Người xử lý"), orderable=False)

    class Meta:
        model = IncomingDocument
        fields = ("number", "arrived_at", "original_symbol", "sender", "summary", "handler")
        empty_text = _("Chưa có văn bản đến phù hợp.")
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "incoming-table"}

    def render_number(self, record: IncomingDocument) -> str:
        return f"{record.number}/{record.year}"

    def render_arrived_at(self, record: IncomingDocument) -> str:
        return date_format(timezone.localtime(record.arrived_at), "d/m/Y H:i")

    def render_summary(self, record: IncomingDocument) -> str:
        return _summary(record, reverse("documents:incoming_detail", args=[record.pk]))

    def render_handler(self, record: IncomingDocument) -> str:
        return record.handler.full_name if record.handler else "—"


class OutgoingTable(tables.Table):
    symbol = tables.Column(verbose_name=_("Số, ký hiệu"), attrs={"td": {"class": "text-nowrap"}})
    issued_on = tables.Column(verbose_name=_("Ngày ban hành"))
    summary = tables.Column(verbose_name=_("Trích yếu"))
    signer = tables.Column(verbose_name=_("Người ký"), orderable=False)
    status = tables.Column(verbose_name=_("Trạng thái"))

    class Meta:
        model = OutgoingDocument
        fields = ("symbol", "issued_on", "summary", "signer", "status")
        empty_text = _("Chưa có văn bản đi phù hợp.")
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "outgoing-table"}

    def render_issued_on(self, record: OutgoingDocument) -> str:
        return date_format(record.issued_on, "d/m/Y")

    def render_summary(self, record: OutgoingDocument) -> str:
        return _summary(record, reverse("documents:outgoing_detail", args=[record.pk]))

    def render_signer(self, record: OutgoingDocument) -> str:
        return record.signer.full_name

    def render_status(self, record: OutgoingDocument) -> str:
        css = "text-bg-secondary" if record.is_cancelled else "text-bg-success"
        return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())
