"""The worklists: mine, my unit's, due within a working day, overdue, awaiting supplement, to receive."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from reformdesk.core.views.generic import FilteredTableView
from reformdesk.dossiers import services
from reformdesk.dossiers.filters import DossierFilter
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.selectors import Worklist, dossier_worklist, visible_dossiers
from reformdesk.dossiers.services import ActionNotAllowed
from reformdesk.dossiers.tables import DossierTable
from reformdesk.dossiers.views.access import desk_staff_required
from reformdesk.org.current import current_unit
from reformdesk.org.models import Membership, Official
from reformdesk.org.permissions import Perm, has_perm

TABS = (
    (Worklist.MINE, gettext_lazy("Của tôi")),
    (Worklist.UNIT, gettext_lazy("Đang giải quyết")),
    (Worklist.DUE_SOON, gettext_lazy("Sắp đến hạn")),
    (Worklist.OVERDUE, gettext_lazy("Quá hạn")),
    (Worklist.SUPPLEMENT, gettext_lazy("Chờ bổ sung")),
    (Worklist.TO_RECEIVE, gettext_lazy("Chờ tiếp nhận")),
    (Worklist.ALL, gettext_lazy("Tất cả")),
)
# What an empty tab says, with what to do next.
EMPTY = {
    Worklist.MINE: gettext_lazy("Không có hồ sơ nào đang giao cho bạn. Hồ sơ mới giao sẽ hiện ở đây."),
    Worklist.UNIT: gettext_lazy(
        "Đơn vị không có hồ sơ đang giải quyết. Hồ sơ tiếp nhận tại Bộ phận Một cửa sẽ hiện ở đây."
    ),
    Worklist.DUE_SOON: gettext_lazy("Không có hồ sơ nào đến hạn trong một ngày làm việc tới."),
    Worklist.OVERDUE: gettext_lazy("Không có hồ sơ quá hạn."),
    Worklist.SUPPLEMENT: gettext_lazy("Không có hồ sơ nào đang chờ người nộp bổ sung."),
    Worklist.TO_RECEIVE: gettext_lazy(
        "Không có hồ sơ trực tuyến nào chờ tiếp nhận. Hồ sơ người dân nộp qua mạng sẽ hiện ở đây để kiểm tra."
    ),
    Worklist.ALL: gettext_lazy("Chưa có hồ sơ nào. Bấm “Tiếp nhận hồ sơ mới” để nhận hồ sơ đầu tiên."),
}
SEARCHED_EMPTY = gettext_lazy("Không tìm thấy hồ sơ phù hợp. Hãy kiểm tra lại mã, tên hoặc số định danh.")
# A whole dossier code, as typed in the search box.
FULL_CODE = re.compile(r"^\s*(\d{3}\.\d{2}\.\d{2}\.[A-Za-z]\d{2}-\d{6}-\d{4})\s*$")
# Tabs whose size is shown: the warnings a processor and a leader must see at a glance.
COUNTED = (Worklist.MINE, Worklist.DUE_SOON, Worklist.OVERDUE)
BULK_MAX = 200


class DossierWorklistView(LoginRequiredMixin, FilteredTableView):
    template_name = "dossiers/staff/worklist.html"
    table_class = DossierTable
    filterset_class = DossierFilter
    page_title = gettext_lazy("Hồ sơ một cửa")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not has_perm(request.user, Perm.VIEW_DOSSIERS):
            raise PermissionDenied
        self.now = timezone.now()
        value = request.GET.get("list", "")
        self.worklist = Worklist(value) if value in {w.value for w in Worklist} else Worklist.UNIT
        return super().dispatch(request, *args, **kwargs)

    def _list(self, worklist: Worklist) -> QuerySet[Dossier]:
        return dossier_worklist(
            user=self.request.user, worklist=worklist, unit=current_unit(self.request), now=self.now
        )

    def get_queryset(self) -> QuerySet[Dossier]:
        return self._list(self.worklist)

    def get_table_kwargs(self) -> dict[str, Any]:
        empty = SEARCHED_EMPTY if self.request.GET.get("q", "").strip() else EMPTY[self.worklist]
        return {"now": self.now, "bulk": self.bulk_officials is not None, "empty_text": empty}

    def found_elsewhere(self, table_is_empty: bool) -> tuple[Dossier, str] | None:
        """A whole dossier code searched on a tab that does not hold it: the dossier, and the
        first tab that does ("Tất cả" at least, when the user may see it)."""
        match = FULL_CODE.match(self.request.GET.get("q", ""))
        if match is None or not table_is_empty:
            return None
        code = match.group(1).upper()
        dossier = visible_dossiers(user=self.request.user).filter(code=code).first()
        if dossier is None:
            return None
        for worklist, label in TABS:
            if worklist != self.worklist and self._list(worklist).filter(pk=dossier.pk).exists():
                return dossier, str(label)
        return dossier, ""

    @cached_property
    def bulk_officials(self) -> list[Official] | None:
        """Whom a leader of the current unit may hand dossiers to; None for everyone else."""
        unit = current_unit(self.request)
        if unit is None or not has_perm(self.request.user, Perm.DECIDE_DOSSIERS, unit):
            return None
        members = Membership.objects.active_on(timezone.localdate()).filter(
            unit=unit, official__is_active=True
        )
        return list(Official.objects.filter(pk__in=members.values("official_id")).order_by("full_name"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = {w: self._list(w).count() for w in COUNTED}
        context["tabs"] = [(value, label, counts.get(value)) for value, label in TABS]
        context["worklist"] = self.worklist
        context["can_receive"] = has_perm(self.request.user, Perm.RECEIVE_DOSSIERS)
        context["bulk_officials"] = self.bulk_officials
        found = self.found_elsewhere(not context["table"].paginator.count)
        if found is not None:
            dossier, tab = found
            url = reverse("dossiers:detail", args=[dossier.code])
            if tab:
                text = _("Hồ sơ %(code)s không ở mục này mà ở mục “%(tab)s”.") % {
                    "code": dossier.code,
                    "tab": tab,
                }
            else:
                text = _("Hồ sơ %(code)s không ở mục này.") % {"code": dossier.code}
            context["table_notice"] = format_html('{} <a href="{}">{}</a>', text, url, _("Mở hồ sơ"))
        return context


@require_POST
@desk_staff_required
def bulk_reassign(request: HttpRequest) -> HttpResponse:
    """Hand the picked dossiers to one official of the current unit, all or none."""
    codes = request.POST.getlist("pick")[:BULK_MAX]
    back = request.POST.get("next") or reverse("dossiers:worklist")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("dossiers:worklist")
    official = Official.objects.filter(
        employee_code=request.POST.get("to_official", ""), is_active=True
    ).first()
    dossiers = list(visible_dossiers(user=request.user).filter(code__in=codes))
    if official is None:
        messages.error(request, _("Hãy chọn cán bộ nhận hồ sơ."))
        return redirect(back)
    try:
        services.dossiers_reassign(actor=request.user, dossiers=dossiers, to_official=official)
    except (ValidationError, PermissionDenied, ActionNotAllowed) as error:
        text = getattr(error, "message", None) or "; ".join(getattr(error, "messages", [])) or str(error)
        messages.error(request, _("Không giao được hồ sơ nào: %(reason)s") % {"reason": text})
    else:
        messages.success(
            request,
            ngettext(
                "Đã giao %(count)d hồ sơ cho %(name)s.",
                "Đã giao %(count)d hồ sơ cho %(name)s.",
                len(dossiers),
            )
            % {"count": len(dossiers), "name": official.full_name},
        )
    return redirect(back)
