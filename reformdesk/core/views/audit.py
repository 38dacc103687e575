"""The audit trail and the personal-data access log, for system administrators and inspectors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from reformdesk.core import access
from reformdesk.core.filters import AccessLogFilter, AuditEventFilter
from reformdesk.core.models import AccessLog, AuditEvent
from reformdesk.core.tables import AccessLogTable, AuditEventTable
from reformdesk.core.views.generic import FilteredTableView

VIEW_AUDIT = "core.view_audit"


class _AuditAccessMixin(LoginRequiredMixin):
    template_name = "core/audit_list.html"
    tab = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        access.require(request.user, VIEW_AUDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "tab": self.tab}  # type: ignore[misc]


class AuditEventListView(_AuditAccessMixin, FilteredTableView):
    table_class = AuditEventTable
    filterset_class = AuditEventFilter
    page_title = _("Nhật ký hệ thống")
    page_intro = _("Mọi thay đổi dữ liệu và sự kiện đăng nhập: ai, làm gì, lúc nào, từ đâu.")
    tab = "audit"

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return AuditEvent.objects.order_by("-at", "-id")


class AccessLogListView(_AuditAccessMixin, FilteredTableView):
    table_class = AccessLogTable
    filterset_class = AccessLogFilter
    page_title = _("Nhật ký truy cập dữ liệu cá nhân")
    page_intro = _("Mỗi lần xem dữ liệu cá nhân của công dân hoặc cán bộ (Nghị định 13/2023/NĐ-CP).")
    tab = "access"

    def get_queryset(self) -> QuerySet[AccessLog]:
        return AccessLog.objects.order_by("-at", "-id")
