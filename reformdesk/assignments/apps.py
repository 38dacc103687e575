from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssignmentsConfig(AppConfig):
    name = "reformdesk.assignments"
    label = "assignments"
    verbose_name = _("Giao việc")

    def ready(self) -> None:
        from reformdesk.assignments import demo as assignments_demo
        from reformdesk.core import demo
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.org.permissions import Perm, has_perm

        # After the registers (54), before the inspections (60), whose remediation tasks would
        # otherwise make this seeder take the communes for already seeded.
        demo.register(order=55, name="assignments", run=assignments_demo.seed)

        register(
            NavItem(
                pgettext_lazy("menu", "Nhiệm vụ của tôi"),
                "assignments:mine",
                "staff",
                order=30,
                visible=lambda request: has_perm(request.user, Perm.VIEW_STAFF_AREA),
                group=pgettext_lazy("menu", "Giao việc"),
            ),
            NavItem(
                pgettext_lazy("menu", "Lịch hạn nhiệm vụ"),
                "assignments:calendar",
                "staff",
                order=32,
                visible=lambda request: has_perm(request.user, Perm.VIEW_STAFF_AREA),
                group=pgettext_lazy("menu", "Giao việc"),
            ),
            NavItem(
                pgettext_lazy("menu", "Nhiệm vụ tôi đã giao"),
                "assignments:assigned",
                "staff",
                order=31,
                visible=lambda request: has_perm(request.user, Perm.ASSIGN_TASKS),
                group=pgettext_lazy("menu", "Giao việc"),
            ),
            NavItem(
                pgettext_lazy("menu", "Bảng nhiệm vụ của đơn vị"),
                "assignments:board",
                "staff",
                order=33,
                visible=lambda request: has_perm(request.user, Perm.VIEW_TASKS),
                group=pgettext_lazy("menu", "Giao việc"),
            ),
        )
