from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CatalogConfig(AppConfig):
    name = "reformdesk.catalog"
    label = "catalog"
    verbose_name = _("Thủ tục hành chính")

    def ready(self) -> None:
        from reformdesk.catalog import demo as catalog_demo
        from reformdesk.core import demo
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.org.permissions import Perm, has_perm

        demo.register(order=30, name="catalog", run=catalog_demo.seed)
        register(
            NavItem(
                pgettext_lazy("menu", "Danh mục thủ tục"),
                "catalog:procedure_list",
                "staff",
                order=30,
                group=pgettext_lazy("menu", "Thủ tục hành chính"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_STAFF_AREA),
            ),
            NavItem(
                pgettext_lazy("menu", "Thống kê"),
                "catalog:statistics",
                "staff",
                order=31,
                group=pgettext_lazy("menu", "Thủ tục hành chính"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_STAFF_AREA),
            ),
            NavItem(
                pgettext_lazy("menu", "Nhập, xuất"),
                "catalog:import",
                "staff",
                order=32,
                group=pgettext_lazy("menu", "Thủ tục hành chính"),
                visible=lambda request: has_perm(request.user, Perm.MANAGE_CATALOG),
            ),
        )
