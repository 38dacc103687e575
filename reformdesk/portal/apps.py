from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "reformdesk.portal"
    label = "portal"
    verbose_name = _("Cổng công khai")

    def ready(self) -> None:
        from reformdesk.catalog.cache import watch_catalog_writes
        from reformdesk.core.navigation import NavItem, register

        watch_catalog_writes()  # the search's cached pieces are rebuilt after every catalog write

        register(
            NavItem(_("Tra cứu thủ tục"), "portal:procedure_search", "public", order=5),
            NavItem(_("Tra cứu hồ sơ"), "portal:dossier_lookup", "public", order=7),
            NavItem(_("Danh bạ đơn vị"), "portal:unit_directory", "public", order=10),
            NavItem(_("Đường dây nóng"), "portal:hotline", "public", order=20),
        )
