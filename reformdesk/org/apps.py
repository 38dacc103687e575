from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgConfig(AppConfig):
    name = "reformdesk.org"
    label = "org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from reformdesk.core import access, demo
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.org import demo as org_demo
        from reformdesk.org.choices import Role
        from reformdesk.org.permissions import Perm, has_perm, holds_role

        access.install(
            checker=lambda user, perm, unit: has_perm(user, Perm(perm), unit),
            two_factor_rule=lambda user: holds_role(user, Role.ADMIN),
        )

        register(
            NavItem(
                pgettext_lazy("menu", "Cán bộ"),
                "org:official_list",
                "staff",
                order=40,
                group=pgettext_lazy("menu", "Công vụ"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_OFFICIAL),
            ),
        )
        demo.register(order=10, name="org", run=org_demo.seed)
