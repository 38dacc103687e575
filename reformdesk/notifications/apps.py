from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NotificationsConfig(AppConfig):
    name = "reformdesk.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.dossiers import hooks
        from reformdesk.notifications import dossier_events
        from reformdesk.notifications.selectors import is_administrator

        hooks.subscribe(dossier_events.SUBSCRIBER_NAME, dossier_events.on_dossier_event)
        register(
            NavItem(
                pgettext_lazy("menu", "Hộp thư đi"),
                "notifications:outbox",
                "staff",
                order=90,
                visible=lambda request: is_administrator(request.user),
            )
        )
