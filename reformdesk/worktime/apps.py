from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorktimeConfig(AppConfig):
    name = "reformdesk.worktime"
    label = "worktime"
    verbose_name = _("Thời gian làm việc")

    def ready(self) -> None:
        from reformdesk.core import demo
        from reformdesk.core.navigation import NavItem, register, staff_only
        from reformdesk.worktime.demo import seed

        register(
            NavItem(
                _("Lịch làm việc"),
                "worktime:calendar",
                "staff",
                order=41,
                visible=staff_only,
                group=pgettext_lazy("menu", "Công vụ"),
            )
        )
        demo.register(order=20, name="worktime", run=seed)
