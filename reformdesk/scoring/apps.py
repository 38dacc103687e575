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
        from reformdesk.scoring import demo_assessments, demo_frameworks, demo_plans

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
            NavItem(
                pgettext_lazy("menu", "Chỉ số CCHC"),
                "scoring:assessments",
                "staff",
                order=62,
                visible=lambda request: (
                    has_perm(request.user, Perm.VIEW_INDEX) or has_perm(request.user, Perm.SELF_ASSESS)
                ),
            ),
            NavItem(
                pgettext_lazy("menu", "Kế hoạch, báo cáo CCHC"),
                "scoring:plans",
                "staff",
                order=63,
                visible=lambda request: (
                    has_perm(request.user, Perm.VIEW_INDEX)
                    or has_perm(request.user, Perm.ASSIGN_TASKS)
                    or has_perm(request.user, Perm.REGISTER_DOCUMENTS)
                ),
            ),
            NavItem(_("Xếp hạng CCHC"), "scoring:ranking", "public", order=30),
        )
        demo.register(order=90, name="scoring frameworks", run=demo_frameworks.seed)
        # The plans come first: the assessments' "reports on time" criterion reads them.
        demo.register(order=91, name="reform plans and reports", run=demo_plans.seed)
        demo.register(order=92, name="scoring assessments", run=demo_assessments.seed)
