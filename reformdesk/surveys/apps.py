from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveysConfig(AppConfig):
    name = "reformdesk.surveys"
    label = "surveys"
    verbose_name = _("Đánh giá sự hài lòng")

    def ready(self) -> None:
        from reformdesk.core import demo
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.dossiers import hooks
        from reformdesk.org.permissions import Perm, has_perm
        from reformdesk.surveys import demo as surveys_demo
        from reformdesk.surveys import dossier_events

        hooks.subscribe(dossier_events.SUBSCRIBER_NAME, dossier_events.on_dossier_event)
        hooks.subscribe(dossier_events.SURVEY_SUBSCRIBER_NAME, dossier_events.on_dossier_delivered_survey)
        demo.register(order=45, name="surveys", run=surveys_demo.seed)
        register(
            NavItem(
                pgettext_lazy("menu", "Đánh giá tại quầy"),
                "surveys:counter",
                "staff",
                order=21,
                group=pgettext_lazy("menu", "Một cửa"),
                visible=lambda request: has_perm(request.user, Perm.RECEIVE_DOSSIERS),
            ),
            NavItem(
                pgettext_lazy("menu", "Kết quả đánh giá"),
                "surveys:results",
                "staff",
                order=23,
                group=pgettext_lazy("menu", "Một cửa"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_DOSSIERS),
            ),
            NavItem(
                pgettext_lazy("menu", "Phiếu khảo sát"),
                "surveys:questionnaires",
                "staff",
                order=33,
                visible=lambda request: (
                    has_perm(request.user, Perm.MANAGE_SURVEYS)
                    or has_perm(request.user, Perm.VIEW_SURVEY_RESULTS)
                ),
            ),
        )
