from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentsConfig(AppConfig):
    name = "reformdesk.documents"
    label = "documents"
    verbose_name = _("Văn bản đến, văn bản đi")

    def ready(self) -> None:
        from reformdesk.core import demo
        from reformdesk.core.navigation import NavItem, register
        from reformdesk.documents import demo as documents_demo
        from reformdesk.org.permissions import Perm, has_perm

        demo.register(order=54, name="documents", run=documents_demo.seed)

        def can_read(request):  # type: ignore[no-untyped-def]
            return has_perm(request.user, Perm.VIEW_DOCUMENTS)

        def has_staff_area(request):  # type: ignore[no-untyped-def]
            return has_perm(request.user, Perm.VIEW_STAFF_AREA)

        from reformdesk.core import demo
        from reformdesk.documents import demo_regulations

        demo.register(order=60, name="regulations and commitments", run=demo_regulations.seed)

        # In the "Công vụ" menu beside attendance and officials: a new top-level entry made the
        # staff menu wrap over the user menu on a laptop screen (the axe check of staff pages).
        register(
            NavItem(
                pgettext_lazy("menu", "Quy chế nội bộ"),
                "documents:regulations",
                "staff",
                order=29,
                visible=has_staff_area,
                group=pgettext_lazy("menu", "Công vụ"),
            ),
            NavItem(
                pgettext_lazy("menu", "Cam kết năm"),
                "documents:commitments",
                "staff",
                order=29,
                visible=has_staff_area,
                group=pgettext_lazy("menu", "Công vụ"),
            ),
            NavItem(
                pgettext_lazy("menu", "Sổ văn bản đến"),
                "documents:incoming",
                "staff",
                order=27,
                visible=can_read,
                group=pgettext_lazy("menu", "Công vụ"),
            ),
            NavItem(
                pgettext_lazy("menu", "Sổ văn bản đi"),
                "documents:outgoing",
                "staff",
                order=28,
                visible=can_read,
                group=pgettext_lazy("menu", "Công vụ"),
            ),
        )
