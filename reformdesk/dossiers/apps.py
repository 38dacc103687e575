from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "reformdesk.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ một cửa")

    def ready(self) -> None:
        from reformdesk.core import demo
        from reformdesk.dossiers import demo as dossiers_demo

        demo.register(order=40, name="dossiers", run=dossiers_demo.seed)
