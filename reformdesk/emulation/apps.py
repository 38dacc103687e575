from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmulationConfig(AppConfig):
    name = "reformdesk.emulation"
    label = "emulation"
    verbose_name = _("Đánh giá, đào tạo và thi đua")

    def ready(self) -> None:
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.org.permissions import Perm, has_perm

        register(
            NavItem(
                pgettext_lazy("menu", "Đào tạo, bồi dưỡng"),
                "emulation:courses",
                "staff",
                order=48,
                group=pgettext_lazy("menu", "Công vụ"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_STAFF_AREA),
            ),
            NavItem(
                pgettext_lazy("menu", "Thiếu giờ bồi dưỡng"),
                "emulation:training_gaps",
                "staff",
                order=49,
                group=pgettext_lazy("menu", "Công vụ"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_TRAINING),
            ),
            NavItem(
                pgettext_lazy("menu", "Đánh giá, xếp loại"),
                "emulation:evaluations",
                "staff",
                order=50,
                group=pgettext_lazy("menu", "Công vụ"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_STAFF_AREA),
            ),
        )
