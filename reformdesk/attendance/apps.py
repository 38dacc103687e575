from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AttendanceConfig(AppConfig):
    name = "reformdesk.attendance"
    label = "attendance"
    verbose_name = _("Chấm công")

    def ready(self) -> None:
        from reformdesk.attendance import demo as attendance_demo
        from reformdesk.attendance.views.staff import may_see_devices
        from reformdesk.core import demo
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.org.permissions import Perm, has_perm

        demo.register(order=50, name="attendance", run=attendance_demo.seed)
        register(
            NavItem(
                pgettext_lazy("menu", "Chấm công"),
                "attendance:punch_list",
                "staff",
                order=42,
                group=pgettext_lazy("menu", "Công vụ"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_ATTENDANCE),
            ),
            NavItem(
                pgettext_lazy("menu", "Máy chấm công"),
                "attendance:device_list",
                "staff",
                order=43,
                group=pgettext_lazy("menu", "Công vụ"),
                visible=lambda request: may_see_devices(request.user),
            ),
            NavItem(
                pgettext_lazy("menu", "Nghỉ phép, giải trình"),
                "attendance:exception_list",
                "staff",
                order=44,
                group=pgettext_lazy("menu", "Công vụ"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_STAFF_AREA),
            ),
        )
