from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "reformdesk.core"
    label = "core"
    verbose_name = _("Nền tảng")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from reformdesk.core import access
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.core.services.auth import session_start

        def on_login(sender: object, request: object, user: object, **kwargs: object) -> None:
            # Every way of signing in (our form, the admin's, the test client) starts the session
            # the same way: absolute end, and whether a second factor is still owed.
            session = getattr(request, "session", None)
            if session is not None:
                session_start(session=session, user=user)  # type: ignore[arg-type]

        user_logged_in.connect(on_login, weak=False, dispatch_uid="reformdesk.core.session_start")

        register(
            NavItem(
                _("Nhật ký hệ thống"),
                "core:audit_list",
                "staff",
                order=900,
                visible=lambda request: access.allowed(request.user, "core.view_audit"),
            ),
        )
