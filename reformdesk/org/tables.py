import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from reformdesk.org.models import Official, Unit


class UnitTable(tables.Table):
    name_vi = tables.LinkColumn("portal:unit_detail", args=[tables.A("code")], verbose_name=_("Tên đơn vị"))
    code = tables.Column(verbose_name=_("Mã định danh"))
    kind = tables.Column(verbose_name=_("Loại"))
    parent = tables.Column(verbose_name=_("Cấp trên"), orderable=False)
    hotline = tables.Column(verbose_name=_("Đường dây nóng"), orderable=False)

    class Meta:
        empty_text = _("Không có đơn vị phù hợp. Hãy thử tên hoặc mã khác.")
        model = Unit
        fields = ("name_vi", "code", "kind", "parent", "hotline")
        order_by = ("path",)


class OfficialTable(tables.Table):
    full_name = tables.LinkColumn(
        "org:official_card", args=[tables.A("employee_code")], verbose_name=_("Họ và tên")
    )
    employee_code = tables.Column(verbose_name=_("Mã cán bộ"), attrs={"td": {"class": "text-nowrap"}})
    position = tables.Column(
        verbose_name=_("Chức vụ, chức danh"), empty_values=(), order_by=("position", "job_title")
    )
    category = tables.Column(verbose_name=_("Phân loại"))
    unit = tables.Column(verbose_name=_("Đơn vị"), empty_values=(), orderable=False)
    phone = tables.Column(
        verbose_name=_("Điện thoại"), orderable=False, attrs={"td": {"class": "text-nowrap"}}
    )

    class Meta:
        empty_text = _("Không có cán bộ phù hợp. Hãy bỏ bớt điều kiện lọc hoặc chọn đơn vị khác.")
        model = Official
        fields = ("full_name", "employee_code", "position", "category", "unit", "phone")

    def render_position(self, record: Official) -> str:
        return record.position or record.job_title or "—"

    def render_unit(self, record: Official) -> str:
        primary = getattr(record, "primary_memberships", [])
        return primary[0].unit.name if primary else "—"
