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
        model = Unit
        fields = ("name_vi", "code", "kind", "parent", "hotline")
        order_by = ("path",)
        attrs = {"class": "table table-sm table-hover align-middle"}


class OfficialTable(tables.Table):
    full_name = tables.Column(verbose_name=_("Họ và tên"))
    employee_code = tables.Column(verbose_name=_("Mã cán bộ"))
    position = tables.Column(verbose_name=_("Chức vụ"))
    category = tables.Column(verbose_name=_("Phân loại"))
    unit = tables.Column(verbose_name=_("Đơn vị"), empty_values=(), orderable=False)
    phone = tables.Column(verbose_name=_("Điện thoại"), orderable=False)

    class Meta:
        model = Official
        fields = ("full_name", "employee_code", "position", "category", "unit", "phone")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_unit(self, record: Official) -> str:
        primary = getattr(record, "primary_memberships", [])
        return primary[0].unit.name if primary else "—"
