from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FeedbackConfig(AppConfig):
    name = "reformdesk.feedback"
    label = "feedback"
    verbose_name = _("Phản ánh, kiến nghị")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from reformdesk.core import demo
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.feedback import demo as feedback_demo
        from reformdesk.feedback.rating_events import on_rating_saved
        from reformdesk.feedback.views_dashboard import nav_visible
        from reformdesk.org.permissions import Perm, has_perm

        # After the dossiers (40) and the surveys' ratings (45): cases about dossiers name them.
        demo.register(order=47, name="feedback", run=feedback_demo.seed)
        register(
            NavItem(_("Gửi phản ánh"), "feedback:public_submit", "public", order=22),
            NavItem(_("Trả lời phản ánh"), "feedback:published", "public", order=23),
            NavItem(
                pgettext_lazy("menu", "Phản ánh, kiến nghị"),
                "feedback:worklist",
                "staff",
                order=25,
                group=pgettext_lazy("menu", "Phản ánh"),
                visible=lambda request: has_perm(request.user, Perm.VIEW_FEEDBACK),
            ),
            NavItem(
                pgettext_lazy("menu", "Thống kê phản ánh"),
                "feedback:dashboard",
                "staff",
                order=26,
                group=pgettext_lazy("menu", "Phản ánh"),
                visible=nav_visible,
            ),
        )
        # A "Không hài lòng" rating of a dossier or an official opens a case (feedback.services.ratings).
        post_save.connect(on_rating_saved, sender="surveys.Rating", dispatch_uid="feedback.rating_cases")
        # The feedback kinds are Open311 services beside the procedures (catalog.open311).
        from reformdesk.catalog.open311 import register_services
        from reformdesk.feedback.open311 import feedback_service_definition, feedback_services

        register_services(listing=feedback_services, definition=feedback_service_definition)
