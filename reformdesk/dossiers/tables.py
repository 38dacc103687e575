"""The worklists' table (django-tables2): one row per dossier, its promised date highlighted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reformdesk.dossiers.choices import RUNNING_STATUSES, Status
from reformdesk.dossiers.models import Dossier

STATUS_BADGES = {
    Status.SUBMITTED: "text-bg-info",
    Status.RECEIVED: "text-bg-primary",
    Status.REFUSED: "text-bg-secondary",
    Status.PROCESSING: "text-bg-primary",
    Status.SUPPLEMENT: "text-bg-warning",
    Status.AWAITING_FEES: "text-bg-warning",
    Status.WITHDRAWN: "text-bg-secondary",
    Status.STOPPED: "text-bg-dark",
    Status.RESULT_READY: "text-bg-success",
    Status.DELIVERED: "text-bg-light border",
}


def moment(value: dt.datetime | None) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else "—"


class DossierTable(tables.Table):
    pick = tables.CheckBoxColumn(
        accessor="code",
        verbose_name="",
        attrs={"input": {"form": "bulk-form", "class": "form-check-input"}, "th__input": {"hidden": True}},
    )
    code = tables.Column(verbose_name=_("Mã hồ sơ"), attrs={"td": {"class": "text-nowrap"}})
    procedure = tables.Column(verbose_name=_("Thủ tục"), order_by=("procedure__national_code", "id"))
    applicant_name = tables.Column(verbose_name=_("Người nộp"))
    status = tables.Column(verbose_name=_("Trạng thái"))
    submitted_at = tables.Column(verbose_name=_("Ngày nộp"))
    effective_due = tables.Column(verbose_name=_("Hẹn trả"), empty_values=())
    assignee = tables.Column(verbose_name=_("Đang xử lý"), orderable=False)

    class Meta:
        empty_text = _("Không có hồ sơ phù hợp.")
        model = Dossier
        fields = (
            "code",
            "procedure",
            "applicant_name",
            "status",
            "submitted_at",
            "effective_due",
            "assignee",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "dossier-table"}

    def __init__(self, *args: Any, now: dt.datetime | None = None, bulk: bool = False, **kwargs: Any) -> None:
        # Leaders pick rows for a bulk hand-over; others see no checkboxes.
        super().__init__(*args, exclude=() if bulk else ("pick",), **kwargs)
        self.now = now or timezone.now()

    def render_code(self, record: Dossier) -> str:
        return format_html('<a href="{}">{}</a>', reverse("dossiers:detail", args=[record.code]), record.code)

    def render_procedure(self, record: Dossier) -> str:
        name = record.procedure.name
        short = name if len(name) <= 70 else name[:67] + "…"
        return format_html('<span title="{}">{}</span>', name, short)

    def render_status(self, record: Dossier) -> str:
        css = STATUS_BADGES.get(Status(record.status), "text-bg-secondary")
        return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())

    def render_submitted_at(self, record: Dossier) -> str:
        return moment(record.received_at or record.submitted_at)

    def render_effective_due(self, record: Dossier) -> str:
        due = getattr(record, "effective_due", None) or record.effective_due_at
        if due is None:
            return "—"
        if record.status in RUNNING_STATUSES and due < self.now:
            return format_html(
                '<span class="text-danger fw-semibold">{} ({})</span>', moment(due), _("quá hạn")
            )
        return moment(due)

    def render_assignee(self, record: Dossier) -> str:
        return record.assignee.full_name if record.assignee else "—"
