"""The procedure list, a procedure's page, and the forms creating and editing a procedure."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reformdesk.catalog import services
from reformdesk.catalog.choices import ApplicantType, Level
from reformdesk.catalog.filters import ProcedureFilter
from reformdesk.catalog.forms import ProcedureCreateForm, ProcedureForm
from reformdesk.catalog.models import (
    FilingMethod,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.catalog.tables import ProcedureTable
from reformdesk.catalog.views.staff.access import (
    StaffListMixin,
    can_edit,
    editor_required,
    may_publish_somewhere,
    staff_required,
)
from reformdesk.core.views.generic import FilteredTableView
from reformdesk.org.permissions import Perm, has_perm


class ProcedureListView(StaffListMixin, FilteredTableView):
    template_name = "catalog/staff/procedure_list.html"
    table_class = ProcedureTable
    filterset_class = ProcedureFilter
    page_title = gettext_lazy("Thủ tục hành chính")
    page_intro = gettext_lazy(
        "Danh mục thủ tục hành chính áp dụng trong tỉnh. Tìm không cần gõ dấu: “dang ky khai sinh”."
    )

    def get_queryset(self) -> QuerySet[Procedure]:
        return Procedure.objects.select_related("field").annotate(
            posted=Count("publications", filter=Q(publications__withdrawn_on__isnull=True))
        )


def days_text(value: Decimal | None) -> str:
    """A number of working days as a reader writes it: "3", "2,5", "0,25" (no trailing zeros)."""
    if value is None:
        return ""
    return number_format(Decimal(format(value.normalize(), "f")))


@dataclass
class Section:
    """What applies to the whole version (``case`` None) or to one of its sub-cases."""

    case: ProcedureCase | None
    methods: list[FilingMethod] = field(default_factory=list)
    papers: list[RequiredPaper] = field(default_factory=list)
    steps: list[StepTemplate] = field(default_factory=list)
    limit: Decimal | None = None

    @property
    def steps_total(self) -> Decimal:
        return sum((step.working_days for step in self.steps), Decimal(0))

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.steps_total > self.limit

    @property
    def query(self) -> str:
        """The ``?case=`` suffix of this section's edit links."""
        return f"?case={self.case.pk}" if self.case else ""


def version_sections(version: ProcedureVersion) -> list[Section]:
    """The version's channels, papers and steps, grouped: the version's own, then each sub-case.
    Expects ``cases``, ``filing_methods``, ``papers`` and ``steps`` prefetched."""
    sections = {None: Section(case=None)}
    for case in version.cases.all():
        sections[case.pk] = Section(case=case)
    for method in version.filing_methods.all():
        sections[method.case_id].methods.append(method)
    for paper in version.papers.all():
        sections[paper.case_id].papers.append(paper)
    for step in version.steps.all():
        step.days_text = days_text(step.working_days)  # type: ignore[attr-defined]
        sections[step.case_id].steps.append(step)
    for section in sections.values():
        section.limit = services.legal_time_limit(version, section.case)
    return list(sections.values())


def _selected_version(
    request: HttpRequest, versions: list[ProcedureVersion], current: ProcedureVersion | None
) -> ProcedureVersion | None:
    raw = request.GET.get("version", "")
    if not raw:
        return current or (versions[0] if versions else None)
    try:
        wanted = int(raw)
    except ValueError:
        raise Http404 from None
    for version in versions:
        if version.pk == wanted:
            return version
    raise Http404


@staff_required
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Everything about a procedure: its versions (the one in force marked), and for the version
    shown its sub-cases, channels, papers, steps against the legal time limit; its publications."""
    procedure = get_object_or_404(Procedure.objects.select_related("field"), national_code=code)
    today = timezone.localdate()
    versions = list(procedure.versions.all())
    current = next(
        (
            v
            for v in versions
            if v.effective_from <= today and (v.effective_to is None or v.effective_to >= today)
        ),
        None,
    )
    version = _selected_version(request, versions, current)
    sections: list[Section] = []
    if version is not None:
        prefetch_related_objects([version], "cases", "filing_methods", "papers", "steps")
        sections = version_sections(version)
    publications = list(
        procedure.publications.select_related("unit").order_by("unit__path", "place", "-published_on")
    )
    for publication in publications:
        publication.can_withdraw = publication.withdrawn_on is None and has_perm(  # type: ignore[attr-defined]
            request.user, Perm.MANAGE_CATALOG, publication.unit
        )
    applicant_labels = dict(ApplicantType.choices)
    level_labels = dict(Level.choices)
    return render(
        request,
        "catalog/staff/procedure_detail.html",
        {
            "procedure": procedure,
            "levels": [level_labels[level] for level in procedure.levels],
            "versions": versions,
            "current": current,
            "version": version,
            "applicants": [applicant_labels.get(a, a) for a in (version.applicant_types if version else [])],
            "sections": sections,
            "publications": [p for p in publications if p.withdrawn_on is None],
            "withdrawn": [p for p in publications if p.withdrawn_on is not None],
            "can_edit": can_edit(request.user),
            "can_publish": may_publish_somewhere(request.user),
            "today": today,
        },
    )


@editor_required
def procedure_create(request: HttpRequest) -> HttpResponse:
    form = ProcedureCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.procedure_create(
                actor=request.user, national_code=form.cleaned_data["national_code"], **form.values()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã thêm thủ tục %(code)s.") % {"code": procedure.national_code})
            return redirect("catalog:procedure_detail", code=procedure.national_code)
    return render(
        request,
        "catalog/staff/procedure_form.html",
        {"form": form, "page_title": _("Thêm thủ tục hành chính"), "procedure": None},
    )


@editor_required
def procedure_edit(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure.objects.select_related("field"), national_code=code)
    # The form validates on a copy: the service compares the stored values with the new ones.
    form = ProcedureForm(request.POST or None, instance=copy.copy(procedure))
    if request.method == "POST" and form.is_valid():
        try:
            services.procedure_update(actor=request.user, procedure=procedure, **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu thông tin thủ tục."))
            return redirect("catalog:procedure_detail", code=procedure.national_code)
    return render(
        request,
        "catalog/staff/procedure_form.html",
        {
            "form": form,
            "page_title": _("Sửa thủ tục %(code)s") % {"code": procedure.national_code},
            "procedure": procedure,
        },
    )
