"""Tables of the attendance staff lists (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from reformdesk.attendance.choices import DeviceStatus
from reformdesk.attendance.models import DailyRecord, Device, DevicePerson, Punch
from reformdesk.core.tables import NumberColumn


class DeviceTable(tables.Table):
    serial = tables.LinkColumn(
        "attendance:device_detail",
        args=[tables.A("serial")],
        verbose_name=_("Số sê-ri"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    model_name = tables.Column(verbose_name=_("Kiểu máy"))
    unit = tables.Column(verbose_name=_("Đơn vị"), order_by=("unit__path", "serial"))
    location = tables.Column(verbose_name=_("Vị trí"))
    status = tables.Column(verbose_name=_("Trạng thái"))
    last_contact_at = tables.Column(verbose_name=_("Kết nối gần nhất"))
    health = tables.Column(verbose_name=_("Tình trạng kết nối"), empty_values=(), orderable=False)
    malformed_lines = NumberColumn(verbose_name=_("Dòng lỗi"))

    class Meta:
        empty_text = _(
            "Chưa có máy chấm công nào. "
            "Máy mới tự đăng ký khi kết nối lần đầu và chờ quản trị viên duyệt ở đây."
        )
        model = Device
        fields = (
            "serial",
            "model_name",
            "unit",
            "location",
            "status",
            "last_contact_at",
            "health",
            "malformed_lines",
        )
        order_by = ("serial",)

    def render_last_contact_at(self, value) -> str:  # type: ignore[no-untyped-def]
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"

    def render_health(self, record: Device) -> SafeString:
        if record.status == DeviceStatus.PENDING:
            url = reverse("attendance:device_approve", args=[record.serial])
            return format_html('<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>', url, _("Duyệt"))
        if record.is_offline():
            return format_html('<span class="badge text-bg-warning">{}</span>', _("Mất kết nối"))
        return format_html('<span class="badge text-bg-success">{}</span>', _("Bình thường"))


class PunchTable(tables.Table):
    punched_at = tables.Column(verbose_name=_("Thời điểm chấm"))
    official = tables.Column(
        verbose_name=_("Người chấm công"), empty_values=(), order_by=("official__full_name", "-punched_at")
    )
    pin = tables.Column(verbose_name=_("Mã chấm công"))
    device = tables.Column(verbose_name=_("Máy"), accessor="device__serial")
    location = tables.Column(verbose_name=_("Vị trí"), accessor="device__location", orderable=False)
    verify = tables.Column(verbose_name=_("Cách xác thực"))
    status = tables.Column(verbose_name=_("Trạng thái"))
    photo = tables.Column(verbose_name=_("Ảnh chụp"), empty_values=(), orderable=False)

    class Meta:
        empty_text = _(
            "Không có lượt chấm công nào phù hợp. Hãy đổi khoảng ngày, đơn vị hoặc bỏ bớt điều kiện lọc."
        )
        model = Punch
        fields = ("punched_at", "official", "pin", "device", "location", "verify", "status", "photo")
        order_by = ("-punched_at",)

    def render_photo(self, record: Punch) -> SafeString:
        photos = list(record.photos.all())  # prefetched by the view
        if not photos:
            return format_html("{}", "—")
        url = reverse("attendance:photo", args=[photos[0].pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Xem ảnh"))

    def render_punched_at(self, record: Punch) -> SafeString:
        text = f"{timezone.localtime(record.punched_at):%d/%m/%Y %H:%M:%S}"
        if record.is_future:
            return format_html(
                '{} <span class="badge text-bg-danger">{}</span>', text, _("Thời điểm ở tương lai")
            )
        return format_html("{}", text)

    def render_official(self, record: Punch) -> str:
        return record.official.full_name if record.official else str(_("Chưa xác định"))

    def render_location(self, record: Punch) -> str:
        return record.device.get_location_display()

    def render_verify(self, record: Punch) -> str:
        return record.verify_label

    def render_status(self, record: Punch) -> str:
        return record.status_label


class UnknownPinTable(tables.Table):
    unit = tables.Column(verbose_name=_("Đơn vị"), order_by=("unit__path", "pin"))
    pin = tables.Column(verbose_name=_("Mã chấm công"))
    name_on_device = tables.Column(verbose_name=_("Tên trên máy"))
    source_device = tables.Column(verbose_name=_("Máy báo về"), accessor="source_device__serial")
    punch_count = NumberColumn(verbose_name=_("Số lượt chấm"))
    last_punch_at = tables.Column(verbose_name=_("Lượt chấm gần nhất"))
    action = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        empty_text = _("Mọi mã chấm công trên các máy đều đã gắn với cán bộ.")
        model = DevicePerson
        fields = ("unit", "pin", "name_on_device", "source_device", "punch_count", "last_punch_at", "action")
        order_by = ("unit", "pin")

    def render_last_punch_at(self, value) -> str:  # type: ignore[no-untyped-def]
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"

    def render_action(self, record: DevicePerson) -> SafeString:
        url = reverse("attendance:pin_map", args=[record.pk])
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>', url, _("Xác định cán bộ")
        )


_STATUS_BADGES = {
    "present": "text-bg-success",
    "late": "text-bg-warning",
    "early": "text-bg-warning",
    "missing_punch": "text-bg-info",
    "absent": "text-bg-danger",
    "day_off": "text-bg-secondary",
    "exception": "text-bg-primary",
}


class DailyRecordTable(tables.Table):
    day = tables.DateColumn(verbose_name=_("Ngày"), format="d/m/Y")
    official = tables.Column(verbose_name=_("Người chấm công"), accessor="official__full_name")
    unit = tables.Column(verbose_name=_("Đơn vị"), order_by=("unit__path", "-day"))
    status = tables.Column(verbose_name=_("Kết quả"))
    first_in = tables.Column(verbose_name=_("Giờ vào"))
    last_out = tables.Column(verbose_name=_("Giờ ra"))
    late_minutes = NumberColumn(verbose_name=_("Phút đi muộn"))
    early_minutes = NumberColumn(verbose_name=_("Phút về sớm"))
    is_closed = tables.BooleanColumn(verbose_name=_("Đã chốt"))
    explain = tables.TemplateColumn(
        template_name="attendance/_explain_button.html", verbose_name="", orderable=False, empty_values=()
    )

    class Meta:
        empty_text = _(
            "Chưa có ngày công nào phù hợp. "
            "Ngày công được tính mỗi giờ từ các lượt chấm; hãy đổi khoảng ngày hoặc đơn vị."
        )
        model = DailyRecord
        fields = (
            "day",
            "official",
            "unit",
            "status",
            "first_in",
            "last_out",
            "late_minutes",
            "early_minutes",
            "is_closed",
            "explain",
        )
        order_by = ("-day",)

    def render_status(self, record: DailyRecord) -> SafeString:
        badge = _STATUS_BADGES.get(record.status, "text-bg-light")
        html = format_html('<span class="badge {}">{}</span>', badge, record.get_status_display())
        if record.exception_id and record.exception is not None:
            html = format_html(
                '{} <span class="small text-body-secondary">{}{}</span>',
                html,
                record.exception.get_kind_display(),
                format_html(" ({})", record.exception.get_session_display())
                if record.exception.session
                else "",
            )
        explanation = getattr(record, "explanation", None)
        if explanation is not None:
            html = format_html(
                '{} <a class="small" href="{}">{}: {}</a>',
                html,
                reverse("attendance:explanation_detail", args=[explanation.pk]),
                _("Giải trình"),
                explanation.get_status_display(),
            )
        return html

    def render_first_in(self, value) -> str:  # type: ignore[no-untyped-def]
        return f"{timezone.localtime(value):%H:%M}"

    def render_last_out(self, value) -> str:  # type: ignore[no-untyped-def]
        return f"{timezone.localtime(value):%H:%M}"
