"""The worklists: mine, my unit's, due within a working day, overdue, awaiting supplement, to receive."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.core.views.generic import FilteredTableView
from reformdesk.dossiers.filters import DossierFilter
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.selectors import Worklist, dossier_worklist
from reformdesk.dossiers.tables import DossierTable
from reformdesk.org.current import current_unit
from reformdesk.org.permissions import Perm, has_perm

TABS = (
    (Worklist.MINE, _("Của tôi")),
    (Worklist.UNIT, _("Đang giải quyết")),
    (Worklist.DUE_SOON, _("Sắp đến hạn")),
    (Worklist.OVERDUE, _("Quá hạn")),
    (Worklist.SUPPLEMENT, _("Chờ bổ sung")),
    (Worklist.TO_RECEIVE, _("Chờ tiếp nhận")),
    (Worklist.ALL, _("Tất cả")),
)
# Tabs whose size is shown: the warnings a processor and a leader must see at a glance.
COUNTED = (Worklist.MINE, Worklist.DUE_SOON, Worklist.OVERDUE)


class DossierWorklistView(LoginRequiredMixin, FilteredTableView):
    template_name = "dossiers/staff/worklist.html"
    table_class = DossierTable
    filterset_class = DossierFilter
    page_title = _("Hồ sơ một cửa")

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
        return {"now": self.now}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = {w: self._list(w).count() for w in COUNTED}
        context["tabs"] = [(value, label, counts.get(value)) for value, label in TABS]
        context["worklist"] = self.worklist
        context["can_receive"] = has_perm(self.request.user, Perm.RECEIVE_DOSSIERS)
        return context
