"""The unit directory, each unit's page (hotline, reception schedule, procedures posted at its desk)
and the hotline board. No personal data beyond what officials agreed to publish."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog import selectors as catalog_selectors
from reformdesk.core.views.generic import FilteredTableView
from reformdesk.documents.selectors_regulations import public_regulations
from reformdesk.feedback.selectors import unit_feedback_figures
from reformdesk.org import selectors
from reformdesk.org.filters import UnitFilter
from reformdesk.org.models import Unit
from reformdesk.org.tables import UnitTable
from reformdesk.portal.views.procedures import paginate, wants_fragment

UNIT_PROCEDURES_REGION_ID = "unit-procedures"


class UnitDirectoryView(FilteredTableView):
    table_class = UnitTable
    filterset_class = UnitFilter
    per_page = 50
    page_title = _("Danh bạ cơ quan, đơn vị")
    page_intro = _(
        "Các cơ quan, đơn vị đang hoạt động: địa chỉ, điện thoại, đường dây nóng và lịch tiếp công dân."
    )

    def get_queryset(self) -> QuerySet[Unit]:
        return selectors.unit_directory()


def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent", "leader"), code=code)
    procedures = paginate(request, catalog_selectors.procedure_search(unit=unit))
    procedures_context = {"unit": unit, "procedures": procedures, "region_id": UNIT_PROCEDURES_REGION_ID}
    if wants_fragment(request, UNIT_PROCEDURES_REGION_ID):
        return render(request, "portal/_unit_procedures.html", procedures_context)
    context = {
        **procedures_context,
        "ancestors": selectors.unit_ancestors(unit=unit),
        "children": selectors.unit_directory(root=unit).filter(parent=unit),
        "hotline_officials": selectors.hotline_board(unit=unit),
        "feedback_figures": unit_feedback_figures(unit=unit),
        "reception_slots": selectors.reception_schedule(unit=unit),
        "public_regulations": public_regulations(unit=unit),
        "successors": unit.successions_out.select_related("successor"),
        "predecessors": unit.successions_in.select_related("predecessor"),
        "active": unit.is_active_on(timezone.localdate()),
    }
    return render(request, "portal/unit_detail.html", context)


def hotline(request: HttpRequest) -> HttpResponse:
    """The hotline board of every unit in force (or of one subtree), as posted at each one-stop desk."""
    root_code = request.GET.get("unit", "")
    root = Unit.objects.filter(code=root_code).first() if root_code else None
    units = list(selectors.unit_directory(root=root))
    officials = selectors.hotline_boards(units=units)
    boards = [{"unit": u, "officials": officials[u.pk]} for u in units if officials[u.pk] or u.hotline]
    return render(request, "portal/hotline.html", {"boards": boards, "root": root})
