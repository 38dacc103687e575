from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "reformdesk.catalog"
    label = "catalog"
    verbose_name = _("Thủ tục hành chính")

    def ready(self) -> None:
        from reformdesk.catalog import demo as catalog_demo
        from reformdesk.core import demo

        demo.register(order=30, name="catalog", run=catalog_demo.seed)
