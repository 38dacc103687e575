"""Tables of the audit pages (django-tables2), and the column every table uses for numbers."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from reformdesk.core.filters import CHANNEL_CHOICES
from reformdesk.core.models import AccessLog, AuditEvent
from reformdesk.core.numbers import number_text

CHANGES_MAX_CHARS = 300
_CHANNEL_LABELS = dict(CHANNEL_CHOICES)


class NumberColumn(tables.Column):
    """A count or an amount: right-aligned under a right-aligned heading (a number left under a
    left-aligned heading reads as belonging to the next column), thousands grouped."""

    def __init__(self, *args: Any, decimals: int | None = None, **kwargs: Any) -> None:
        attrs = kwargs.pop("attrs", None) or {}
        for part in ("th", "td", "tf"):
            own = dict(attrs.get(part, {}))
            own["class"] = f"{own.get('class', '')} text-end".strip()
            attrs[part] = own
        super().__init__(*args, attrs=attrs, **kwargs)
        self.decimals = decimals

    def render(self, value: Any) -> str:
        return number_text(value, self.decimals)


def _short(value: Any) -> str:
    return "—" if value is None or value == "" else str(value)


class _AuditBase(tables.Table):
    at = tables.DateTimeColumn(verbose_name=_("Thời điểm"), format="d/m/Y H:i:s")
    actor_label = tables.Column(verbose_name=_("Người thực hiện"), orderable=False)
    ip = tables.Column(verbose_name=_("Địa chỉ IP"), orderable=False)
    channel = tables.Column(verbose_name=_("Kênh"))

    def render_channel(self, value: str) -> str:
        return str(_CHANNEL_LABELS.get(value, value))


class AuditEventTable(_AuditBase):
    action = tables.Column(verbose_name=_("Hành động"))
    object_type = tables.Column(verbose_name=_("Loại đối tượng"))
    object_repr = tables.Column(verbose_name=_("Đối tượng"), orderable=False)
    object_id = tables.Column(verbose_name=_("Mã"), orderable=False)
    changes = tables.Column(verbose_name=_("Thay đổi"), orderable=False)

    class Meta:
        empty_text = _("Không có sự kiện nào phù hợp. Hãy bỏ bớt điều kiện lọc.")
        model = AuditEvent
        fields = ("at", "actor_label", "action", "object_type", "object_repr", "object_id", "changes")
        sequence = (*fields, "ip", "channel")
        order_by = ("-at",)

    def render_changes(self, value: dict[str, Any]) -> str:
        parts = []
        for name, change in value.items():
            if isinstance(change, list | tuple) and len(change) == 2:
                parts.append(f"{name}: {_short(change[0])} → {_short(change[1])}")
            else:
                parts.append(f"{name}: {_short(change)}")
        text = "; ".join(parts)
        return text if len(text) <= CHANGES_MAX_CHARS else text[: CHANGES_MAX_CHARS - 1] + "…"


class AccessLogTable(_AuditBase):
    actor_label = tables.Column(verbose_name=_("Người xem"), orderable=False)
    subject_type = tables.Column(verbose_name=_("Loại dữ liệu"))
    subject_repr = tables.Column(verbose_name=_("Chủ thể dữ liệu"), orderable=False)
    subject_id = tables.Column(verbose_name=_("Mã"), orderable=False)
    purpose = tables.Column(verbose_name=_("Mục đích"))

    class Meta:
        empty_text = _("Không có lượt truy cập dữ liệu cá nhân nào phù hợp. Hãy bỏ bớt điều kiện lọc.")
        model = AccessLog
        fields = ("at", "actor_label", "subject_type", "subject_repr", "subject_id", "purpose")
        sequence = (*fields, "ip", "channel")
        order_by = ("-at",)
