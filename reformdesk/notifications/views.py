"""The outbox page for administrators, and its "retry now" action.

Messages show citizens' phone numbers and e-mail addresses: each message shown writes an access-log
row, and only administrators reach the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reformdesk.core.views.generic import FilteredTableView
from reformdesk.notifications import selectors, services
from reformdesk.notifications.filters import MessageFilter
from reformdesk.notifications.models import Message
from reformdesk.notifications.tables import MessageTable


class OutboxView(LoginRequiredMixin, FilteredTableView):
    template_name = "notifications/outbox.html"
    table_class = MessageTable
    filterset_class = MessageFilter
    page_title = gettext_lazy("Hộp thư đi")
    page_intro = gettext_lazy(
        "Thư điện tử và tin nhắn SMS gửi người dân, với trạng thái gửi. Thông báo lỗi được gửi lại "
        "sau 1, 5, 30 phút rồi 2 giờ. Mỗi lần xem được ghi nhật ký truy cập dữ liệu cá nhân."
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not selectors.is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Message]:
        return selectors.outbox_list(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        shown = [row.record for row in context["table"].page.object_list]
        services.messages_viewed(actor=self.request.user, messages=shown)
        context["template_gaps"] = selectors.template_gaps()
        return context


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not selectors.is_administrator(request.user):
        raise PermissionDenied
    message = get_object_or_404(Message, pk=pk)
    try:
        services.message_retry_now(actor=request.user, message=message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xếp thông báo vào hàng gửi lại."))
    return redirect("notifications:outbox")
