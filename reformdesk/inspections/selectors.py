"""Reads on inspections: who sees which (the confidentiality rules of issue 14), the lists, one
inspection with its checklist, presence, findings and timeline, the record's contents, and the
figures the reform index and the yearly evaluation read (:func:`inspection_figures`).

Who sees an inspection: its team; whoever set it up; the inspecting side (``MANAGE_INSPECTIONS``
on the inspecting unit); the inspected unit's leaders once it has started (a sudden inspection is
invisible to its target until then); the inspected unit's staff once the record is signed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import access_records, subject_of
from reformdesk.documents.choices_regulations import CommitmentKind
from reformdesk.documents.models import Commitment
from reformdesk.inspections.choices import (
    STARTED_STATUSES,
    FindingKind,
    FindingStatus,
    Severity,
    Status,
)
from reformdesk.inspections.models import (
    Answer,
    Finding,
    Inspection,
    InspectionEvent,
    InspectionPlan,
    Photo,
    PlanEntry,
    PresenceCheck,
    TeamMember,
)
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Unit
from reformdesk.org.permissions import AnyUser, Perm, is_superuser, unit_filter
from reformdesk.worktime.selectors import VN_TZ


def visible_inspections(*, user: AnyUser) -> QuerySet[Inspection]:
    if not user.is_authenticated:
        return Inspection.objects.none()
    if is_superuser(user):
        return Inspection.objects.all()
    led = Membership.objects.active_on(timezone.localdate()).filter(
        official__user_id=user.pk, official__is_active=True, role=Role.LEADER
    )
    on_team = TeamMember.objects.filter(inspection=OuterRef("pk"), official__user_id=user.pk)
    return Inspection.objects.filter(
        Exists(on_team)
        | Q(created_by_id=user.pk)
        | unit_filter(user, Perm.MANAGE_INSPECTIONS, "inspecting_unit")
        | Q(target_unit__in=led.values("unit_id"), status__in=STARTED_STATUSES)
        | (unit_filter(user, Perm.VIEW_STAFF_AREA, "target_unit") & Q(status=Status.SIGNED))
    )


def inspection_list(*, user: AnyUser, status: str = "", unit: Unit | None = None) -> QuerySet[Inspection]:
    rows = visible_inspections(user=user)
    if status:
        rows = rows.filter(status=status)
    if unit is not None:
        rows = rows.filter(Q(target_unit__path__startswith=unit.path) | Q(inspecting_unit=unit))
    return rows.select_related("target_unit", "inspecting_unit").order_by("-created_at", "-id")


def plan_list(*, user: AnyUser) -> QuerySet[InspectionPlan]:
    """The plans of the units where ``user`` holds inspections; each line says whether an
    inspection of it has started (``started``: it is frozen) and whether any cites it (``cited``:
    it is not removed). Four queries, whatever the number of plans and lines."""
    of_entry = Inspection.objects.filter(plan_entry=OuterRef("pk"))
    entries = (
        PlanEntry.objects.select_related("target_unit")
        .annotate(
            started=Exists(of_entry.filter(status__in=STARTED_STATUSES)),
            cited=Exists(of_entry),
        )
        .order_by("month", "id")
    )
    return (
        InspectionPlan.objects.filter(unit_filter(user, Perm.MANAGE_INSPECTIONS, "unit"))
        .select_related("unit")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .order_by("-year", "unit__path", "id")
    )


def plan_entry_get(*, user: AnyUser, entry_id: int) -> PlanEntry:
    """A line of a plan ``user`` may edit; 404 otherwise."""
    entry = (
        PlanEntry.objects.filter(pk=entry_id, plan__in=plan_list(user=user).values("pk"))
        .select_related("plan", "plan__unit", "target_unit")
        .first()
    )
    if entry is None:
        raise Http404(_("Không tìm thấy nội dung kế hoạch."))
    return entry


def plan_get(*, user: AnyUser, plan_id: int) -> InspectionPlan:
    plan = plan_list(user=user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404(_("Không tìm thấy kế hoạch kiểm tra."))
    return plan


@dataclass
class InspectionDetail:
    inspection: Inspection
    team: list[TeamMember]
    answers: list[Answer]
    presence: list[PresenceCheck]
    findings: list[Finding]
    events: list[InspectionEvent]
    photos: dict[int, list[Photo]] = field(default_factory=dict)
    finding_photos: dict[int, list[Photo]] = field(default_factory=dict)

    @property
    def leader(self) -> TeamMember | None:
        return next((member for member in self.team if member.is_leader), None)


def inspection_get(*, user: AnyUser, inspection_id: int) -> Inspection:
    inspection = (
        visible_inspections(user=user)
        .select_related("target_unit", "inspecting_unit", "template", "outgoing_document")
        .filter(pk=inspection_id)
        .first()
    )
    if inspection is None:
        raise Http404(_("Không tìm thấy cuộc kiểm tra."))
    return inspection


def inspection_detail(*, user: AnyUser, inspection_id: int, purpose: str = "inspection") -> InspectionDetail:
    """One inspection with everything the run page, the record and the API show; 404 when it does
    not exist or ``user`` may not see it. Reading the officials' presence is logged."""
    inspection = inspection_get(user=user, inspection_id=inspection_id)
    return detail_of(inspection, user=user, purpose=purpose)


def detail_of(
    inspection: Inspection, *, user: AnyUser | None = None, purpose: str = "inspection"
) -> InspectionDetail:
    presence = list(inspection.presence.select_related("official", "checked_by"))
    photos: dict[int, list[Photo]] = {}
    finding_photos: dict[int, list[Photo]] = {}
    for photo in inspection.photos.order_by("id"):
        if photo.answer_id:
            photos.setdefault(photo.answer_id, []).append(photo)
        if photo.finding_id:
            finding_photos.setdefault(photo.finding_id, []).append(photo)
    if user is not None and presence:
        access_records(actor=user, subjects=[subject_of(row.official) for row in presence], purpose=purpose)
    return InspectionDetail(
        inspection=inspection,
        team=list(inspection.team.select_related("official")),
        answers=list(
            inspection.answers.select_related("item", "answered_by").order_by("item__position", "id")
        ),
        presence=presence,
        findings=list(
            inspection.findings.select_related(
                "official", "item", "task", "commitment_breach__item"
            ).order_by("id")
        ),
        events=list(inspection.events.select_related("actor_official").order_by("at", "id")),
        photos=photos,
        finding_photos=finding_photos,
    )


def breach_choices(*, inspection: Inspection, findings: list[Finding]) -> dict[int, list[Commitment]]:
    """For each finding about an official not yet recorded as a breach: the official's signed
    commitments of the inspected year, with their items, to pick the item breached. Two queries,
    whatever the number of findings."""
    officials = {f.official_id for f in findings if f.official_id and f.commitment_breach_id is None}
    if not officials or inspection.at is None:
        return {}
    year = timezone.localtime(inspection.at).year
    by_official: dict[int, list[Commitment]] = {}
    rows = (
        Commitment.objects.filter(
            official_id__in=officials, template__year=year, template__kind=CommitmentKind.OFFICIAL
        )
        .select_related("template")
        .prefetch_related("template__items")
        .order_by("signed_at", "id")
    )
    for commitment in rows:
        assert commitment.official_id is not None
        by_official.setdefault(commitment.official_id, []).append(commitment)
    return {
        f.pk: by_official.get(f.official_id, [])
        for f in findings
        if f.official_id in officials and f.commitment_breach_id is None
    }


def finding_get(*, user: AnyUser, finding_id: int) -> Finding:
    finding = (
        Finding.objects.filter(inspection__in=visible_inspections(user=user), pk=finding_id)
        .select_related("inspection", "inspection__target_unit", "official", "task")
        .first()
    )
    if finding is None:
        raise Http404(_("Không tìm thấy vi phạm."))
    return finding


@dataclass(frozen=True)
class OfficialFigures:
    """Findings about one official over the period, and how many of them were recorded as a
    breach of the official's yearly commitment (what the yearly evaluation weighs)."""

    official_id: int
    employee_code: str
    full_name: str
    findings: int
    breaches: int


@dataclass(frozen=True)
class InspectionFigures:
    """One unit's (and its subtree's) inspections over a period, for the index and the yearly
    evaluation: inspections held (sudden among them), findings by kind and severity, findings
    closed and closed on time, and repeat findings (a kind already found at the same unit by an
    earlier inspection), and per official their findings and commitment breaches."""

    held: int
    sudden: int
    findings: int
    by_kind: dict[str, int]
    by_severity: dict[str, int]
    closed: int
    closed_on_time: int
    repeat: int
    by_unit: list[tuple[str, int, int]]
    by_official: list[OfficialFigures] = field(default_factory=list)


def inspection_figures(*, unit: Unit, start: dt.date, end: dt.date) -> InspectionFigures:
    """Inspections of ``unit`` and its subtree whose inspected moment falls in ``start``–``end``
    (local days, both included). A fixed number of queries, whatever the period."""
    since = dt.datetime.combine(start, dt.time.min, tzinfo=VN_TZ)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)
    held = Inspection.objects.filter(
        target_unit__path__startswith=unit.path, status__in=STARTED_STATUSES, at__gte=since, at__lt=until
    )
    totals = held.aggregate(held=Count("pk"), sudden=Count("pk", filter=Q(kind="sudden")))
    findings = Finding.objects.filter(inspection__in=held)
    earlier = Finding.objects.filter(
        unit=OuterRef("unit"), kind=OuterRef("kind"), inspection__at__lt=OuterRef("inspection__at")
    )
    counts = findings.aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(status=FindingStatus.CLOSED)),
        on_time=Count("pk", filter=Q(status=FindingStatus.CLOSED, closed_on_time=True)),
    )
    repeat = findings.filter(Exists(earlier)).count()
    by_kind = dict.fromkeys(FindingKind.values, 0)
    by_severity = dict.fromkeys(Severity.values, 0)
    for row in findings.order_by().values("kind", "severity").annotate(n=Count("pk")):
        by_kind[row["kind"]] += row["n"]
        by_severity[row["severity"]] += row["n"]
    per_unit = (
        held.order_by()
        .values("target_unit__path", "target_unit__name_vi")
        .annotate(held_count=Count("pk", distinct=True), finding_count=Count("findings", distinct=True))
        .order_by("target_unit__path")
    )
    per_official = (
        findings.filter(official__isnull=False)
        .order_by()
        .values("official_id", "official__employee_code", "official__full_name")
        .annotate(n=Count("pk"), breaches=Count("pk", filter=Q(commitment_breach__isnull=False)))
        .order_by("-breaches", "-n", "official__full_name", "official_id")
    )
    return InspectionFigures(
        held=totals["held"],
        sudden=totals["sudden"],
        findings=counts["total"],
        by_kind=by_kind,
        by_severity=by_severity,
        closed=counts["closed"],
        closed_on_time=counts["on_time"],
        repeat=repeat,
        by_unit=[(row["target_unit__name_vi"], row["held_count"], row["finding_count"]) for row in per_unit],
        by_official=[
            OfficialFigures(
                official_id=row["official_id"],
                employee_code=row["official__employee_code"],
                full_name=row["official__full_name"],
                findings=row["n"],
                breaches=row["breaches"],
            )
            for row in per_official
        ],
    )
