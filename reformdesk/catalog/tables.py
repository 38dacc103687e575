"""Tables of the catalog's staff lists (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.choices import Level
from reformdesk.catalog.models import Field, Procedure, Publication
from reformdesk.core.tables import NumberColumn
from reformdesk.org.permissions import Perm, has_perm

_LEVEL_LABELS = dict(Level.choices)


class ProcedureTable(tables.Table):
    national_code = tables.LinkColumn(
        "catalog:procedure_detail",
        args=[tables.A("national_code")],
        verbose_name=_("Mã thủ tục"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    # Sorted on the folded name: the same order on every database, whatever its collation, with
    # "Đ" among the "D"s as a Vietnamese reader expects.
    name_vi = tables.LinkColumn(
        "catalog:procedure_detail",
        args=[tables.A("national_code")],
        verbose_name=_("Tên thủ tục"),
        order_by=("search_text", "national_code"),
    )
    field = tables.Column(
        verbose_name=_("Lĩnh vực"), order_by=("field__sort_order", "field__name_vi", "national_code")
    )
    levels = tables.Column(verbose_name=_("Cấp thực hiện"), empty_values=(), orderable=False)
    online_level = tables.Column(verbose_name=_("Mức độ trực tuyến"))
    is_active = tables.Column(verbose_name=_("Tình trạng"))
    posted = tables.Column(
        verbose_name=_("Nơi đang công khai"),
        order_by=("posted", "national_code"),
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )

    class Meta:
        empty_text = _(
            "Không có thủ tục phù hợp. Hãy bỏ bớt điều kiện lọc, hoặc nhập danh mục thủ tục từ tệp Excel."
        )
        model = Procedure
        fields = ("national_code", "name_vi", "field", "levels", "online_level", "is_active", "posted")
        order_by = ("national_code",)

    def render_name_vi(self, record: Procedure) -> str:
        return record.name

    def render_levels(self, record: Procedure) -> str:
        return ", ".join(str(_LEVEL_LABELS[level]) for level in record.levels) or "—"

    def render_is_active(self, value: bool) -> str:
        return str(_("Đang áp dụng") if value else _("Ngừng áp dụng"))


class FieldTable(tables.Table):
    code = tables.Column(verbose_name=_("Mã lĩnh vực"), attrs={"td": {"class": "text-nowrap"}})
    name_vi = tables.Column(verbose_name=_("Tên lĩnh vực"))
    name_en = tables.Column(verbose_name=_("Tên tiếng Anh"))
    sort_order = tables.Column(verbose_name=_("Thứ tự"), order_by=("sort_order", "code"))
    procedure_count = NumberColumn(verbose_name=_("Số thủ tục"))
    actions = tables.Column(verbose_name=_("Thao tác"), empty_values=(), orderable=False)

    class Meta:
        empty_text = _("Chưa có lĩnh vực nào. Lĩnh vực được tạo khi nhập danh mục thủ tục.")
        model = Field
        fields = ("code", "name_vi", "name_en", "sort_order", "procedure_count", "actions")
        order_by = ("sort_order", "name_vi")

    def render_procedure_count(self, record: Field, value: int) -> str:
        url = reverse("catalog:procedure_list") + f"?field={record.pk}"
        return format_html('<a href="{}">{}</a>', url, value)

    def render_actions(self, record: Field) -> str:
        if not has_perm(self.request.user, Perm.MANAGE_CATALOG):
            return ""
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            reverse("catalog:field_edit", args=[record.pk]),
            _("Sửa"),
            record.code,
        )


class PublicationTable(tables.Table):
    procedure = tables.Column(
        verbose_name=_("Thủ tục"), order_by=("procedure__national_code",), attrs={"td": {"class": "w-50"}}
    )
    unit = tables.Column(verbose_name=_("Đơn vị"), order_by=("unit__path",))
    place = tables.Column(verbose_name=_("Hình thức"))
    published_on = tables.DateColumn(
        verbose_name=_("Ngày công khai"), format="d/m/Y", order_by=("published_on", "id")
    )
    withdrawn_on = tables.DateColumn(verbose_name=_("Ngày gỡ bỏ"), format="d/m/Y")
    actions = tables.Column(verbose_name=_("Thao tác"), empty_values=(), orderable=False)

    class Meta:
        empty_text = _(
            "Thủ tục chưa được công khai ở đâu. "
            "Bấm “Công khai thủ tục” để niêm yết tại Bộ phận Một cửa hoặc trên Cổng."
        )
        model = Publication
        fields = ("procedure", "unit", "place", "published_on", "withdrawn_on", "actions")
        order_by = ("-published_on",)

    def render_procedure(self, record: Publication) -> str:
        procedure = record.procedure
        return format_html(
            '<a href="{}">{}</a> {}',
            reverse("catalog:procedure_detail", args=[procedure.national_code]),
            procedure.national_code,
            procedure.name,
        )

    def render_unit(self, record: Publication) -> str:
        return record.unit.name

    def render_actions(self, record: Publication) -> str:
        if record.withdrawn_on is not None or not has_perm(
            self.request.user, Perm.MANAGE_CATALOG, record.unit
        ):
            return ""
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {} — {}</span></a>',
            reverse("catalog:publication_withdraw", args=[record.pk]),
            _("Gỡ bỏ"),
            record.procedure.national_code,
            record.unit.name,
        )
