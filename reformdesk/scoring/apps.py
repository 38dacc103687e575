from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScoringConfig(AppConfig):
    name = "reformdesk.scoring"
    label = "scoring"
    verbose_name = _("Chỉ số cải cách hành chính")

    def ready(self) -> None:
        from reformdesk.core import demo
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.org.permissions import Perm, has_perm
        from reformdesk.scoring import demo_frameworks

        register(
            NavItem(
                pgettext_lazy("menu", "Chỉ số 766"),
                "scoring:index766",
                "staff",
                order=60,
                visible=lambda request: has_perm(request.user, Perm.VIEW_INDEX),
            ),
            NavItem(
                pgettext_lazy("menu", "Bộ chỉ số CCHC xã"),
                "scoring:frameworks",
                "staff",
                order=61,
                visible=lambda request: has_perm(request.user, Perm.VIEW_INDEX),
            ),
            NavItem(_("Xếp hạng CCHC"), "scoring:ranking", "public", order=30),
        )
        demo.register(order=90, name="scoring frameworks", run=demo_frameworks.seed)
