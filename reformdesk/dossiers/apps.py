from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def seed_tracking_book() -> list[str]:
    """Enter the demo's received dossiers in their tracking books (the demo writes them in bulk)."""
    from reformdesk.dossiers.services.tracking import tracking_book_fill

    entered = tracking_book_fill()
    return [f"Tracking books: {entered} dossiers entered."] if entered else []


class DossiersConfig(AppConfig):
    name = "reformdesk.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ một cửa")

    def ready(self) -> None:
        from reformdesk.core import demo
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.dossiers import demo as dossiers_demo
        from reformdesk.dossiers.views.dashboard import nav_visible
        from reformdesk.org.permissions import Perm, has_perm

        demo.register(order=40, name="dossiers", run=dossiers_demo.seed)
        demo.register(order=41, name="dossiers tracking book", run=seed_tracking_book)
        register(
            NavItem(
                pgettext_lazy("menu", "Hồ sơ một cửa"),
                "dossiers:worklist",
                "staff",
                order=20,
                group=pgettext_lazy("menu", "Một cửa"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_DOSSIERS),
            ),
            NavItem(
                pgettext_lazy("menu", "Thống kê hồ sơ"),
                "dossiers:dashboard",
                "staff",
                order=22,
                group=pgettext_lazy("menu", "Một cửa"),
                visible=nav_visible,
            ),
        )
