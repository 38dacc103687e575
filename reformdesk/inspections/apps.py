from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InspectionsConfig(AppConfig):
    name = "reformdesk.inspections"
    label = "inspections"
    verbose_name = _("Kiểm tra công vụ")

    def ready(self) -> None:
        from reformdesk.core import demo
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.inspections import demo as inspections_demo
        from reformdesk.org.permissions import Perm, has_perm

        demo.register(order=60, name="inspections", run=inspections_demo.seed)
        register(
            NavItem(
                pgettext_lazy("menu", "Kiểm tra công vụ"),
                "inspections:list",
                "staff",
                order=46,
                group=pgettext_lazy("menu", "Công vụ"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_STAFF_AREA),
            ),
            NavItem(
                pgettext_lazy("menu", "Kế hoạch kiểm tra"),
                "inspections:plans",
                "staff",
                order=47,
                group=pgettext_lazy("menu", "Công vụ"),
                visible=lambda request: has_perm(request.user, Perm.MANAGE_INSPECTIONS),
            ),
        )
