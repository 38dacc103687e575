"""Reads on internal regulations and yearly commitments.

Staff read the regulations of the units where they hold any role (``Perm.VIEW_STAFF_AREA``);
drafts only where they may issue them (``Perm.MANAGE_REGULATIONS``). Who has acknowledged a
version, and who has signed the year's commitments, is read where ``Perm.VIEW_COMMITMENTS`` is
held (leaders, reform officers, inspectors). Public versions are read by anyone on the portal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.text import terms
from reformdesk.documents.choices_regulations import CommitmentKind, RegulationStatus
from reformdesk.documents.models import (
    Commitment,
    CommitmentBreach,
    CommitmentEvent,
    CommitmentTemplate,
    RegulationAcknowledgement,
    RegulationEvent,
    RegulationVersion,
)
from reformdesk.documents.services.commitments import applicable_template, official_units
from reformdesk.documents.services.common import official_of
from reformdesk.documents.services.regulations import is_subject, subjects_of
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter


def visible_regulations(*, user: AnyUser) -> QuerySet[RegulationVersion]:
    """Versions ``user`` may read (see the module's docstring)."""
    rows = RegulationVersion.objects.filter(unit_filter(user, Perm.VIEW_STAFF_AREA, "unit"))
    return rows.filter(
        Q(status=RegulationStatus.PUBLISHED) | unit_filter(user, Perm.MANAGE_REGULATIONS, "unit")
    )


def regulation_list(
    *, user: AnyUser, unit: Unit | None = None, kind: str = "", search: str = ""
) -> QuerySet[RegulationVersion]:
    """The versions ``user`` may read, of ``unit`` when given, by kind and newest first; each
    annotated with ``acknowledged_count`` and ``mine`` (whether ``user`` acknowledged it)."""
    rows = visible_regulations(user=user)
    if unit is not None:
        rows = rows.filter(unit=unit)
    if kind:
        rows = rows.filter(kind=kind)
    for term in terms(search):
        rows = rows.filter(search_text__contains=term)
    mine = RegulationAcknowledgement.objects.filter(
        version=OuterRef("pk"), official__user_id=user.pk if user.is_authenticated else 0
    )
    return (
        rows.select_related("unit", "issuing_document", "replaces", "replaced_by")
        .annotate(acknowledged_count=Count("acknowledgements", distinct=True), mine=Exists(mine))
        .order_by("kind", "-effective_on", "-id")
    )


def regulations_to_acknowledge(*, user: AnyUser) -> list[RegulationVersion]:
    """The published versions the signed-in official has not acknowledged yet, of the units
    they work in, not replaced by a published version; oldest first."""
    official = official_of(user)
    if official is None:
        return []
    unit_ids = Membership.objects.active_on(timezone.localdate()).filter(official=official).values("unit_id")
    return list(
        RegulationVersion.objects.filter(unit_id__in=unit_ids, status=RegulationStatus.PUBLISHED)
        .exclude(replaced_by__status=RegulationStatus.PUBLISHED)
        .exclude(acknowledgements__official=official)
        .select_related("unit")
        .order_by("effective_on", "pk")
    )


@dataclass(frozen=True)
class Acknowledger:
    official: Official
    acknowledged_at: dt.datetime | None


@dataclass(frozen=True)
class RegulationDetail:
    version: RegulationVersion
    events: list[RegulationEvent]
    can_publish: bool
    can_acknowledge: bool
    acknowledged_at: dt.datetime | None
    # Who the version applies to and when each acknowledged; empty unless the reader may see it.
    acknowledgers: list[Acknowledger] = field(default_factory=list)
    can_see_acknowledgers: bool = False

    @property
    def missing(self) -> list[Acknowledger]:
        return [row for row in self.acknowledgers if row.acknowledged_at is None]


def regulation_get(*, user: AnyUser, pk: int) -> RegulationVersion:
    version = (
        visible_regulations(user=user)
        .select_related("unit", "issuing_document", "replaces", "created_by")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404(_("Không tìm thấy quy chế."))
    return version


def acknowledgement_status(*, version: RegulationVersion, on: dt.date) -> list[Acknowledger]:
    """Everyone the version applies to on ``on``, with the moment they acknowledged (or None),
    the missing first; plus anyone who acknowledged and has since left the unit. Two queries."""
    moments = dict(
        RegulationAcknowledgement.objects.filter(version=version).values_list(
            "official_id", "acknowledged_at"
        )
    )
    subjects = subjects_of(unit=version.unit, on=on)
    rows = [Acknowledger(o, moments.pop(o.pk, None)) for o in subjects]
    if moments:
        rows += [
            Acknowledger(o, moments[o.pk])
            for o in Official.objects.filter(pk__in=moments).order_by("full_name")
        ]
    return sorted(rows, key=lambda r: (r.acknowledged_at is not None, r.official.full_name))


def regulation_detail(*, user: AnyUser, pk: int) -> RegulationDetail:
    version = regulation_get(user=user, pk=pk)
    official = official_of(user)
    today = timezone.localdate()
    mine = (
        RegulationAcknowledgement.objects.filter(version=version, official=official)
        .values_list("acknowledged_at", flat=True)
        .first()
        if official
        else None
    )
    can_see = has_perm(user, Perm.VIEW_COMMITMENTS, version.unit) or has_perm(
        user, Perm.MANAGE_REGULATIONS, version.unit
    )
    return RegulationDetail(
        version=version,
        events=list(
            RegulationEvent.objects.filter(version=version)
            .select_related("actor_official")
            .order_by("at", "id")
        ),
        can_publish=not version.is_published and has_perm(user, Perm.MANAGE_REGULATIONS, version.unit),
        can_acknowledge=bool(
            version.is_published
            and official is not None
            and mine is None
            and is_subject(official=official, unit=version.unit, on=today)
        ),
        acknowledged_at=mine,
        acknowledgers=acknowledgement_status(version=version, on=today)
        if can_see and version.is_published
        else [],
        can_see_acknowledgers=can_see,
    )


def replaceable_versions(*, unit: Unit) -> QuerySet[RegulationVersion]:
    """Published versions of ``unit`` not replaced yet: what a new version may replace."""
    return RegulationVersion.objects.filter(
        unit=unit, status=RegulationStatus.PUBLISHED, replaced_by__isnull=True
    ).order_by("kind", "-effective_on", "-id")


def public_regulations(*, unit: Unit, on: dt.date | None = None) -> list[RegulationVersion]:
    """The unit's public versions in force on ``on`` (today): published, marked public, in
    effect, and not replaced by a published version already in effect."""
    on = on or timezone.localdate()
    return list(
        RegulationVersion.objects.filter(
            unit=unit, is_public=True, status=RegulationStatus.PUBLISHED, effective_on__lte=on
        )
        .exclude(replaced_by__status=RegulationStatus.PUBLISHED, replaced_by__effective_on__lte=on)
        .select_related("issuing_document")
        .order_by("kind", "title", "pk")
    )


def public_regulation_get(*, pk: int) -> RegulationVersion:
    version = (
        RegulationVersion.objects.filter(pk=pk, is_public=True, status=RegulationStatus.PUBLISHED)
        .select_related("unit", "issuing_document")
        .first()
    )
    if version is None:
        raise Http404(_("Không tìm thấy quy chế."))
    return version


# --- commitments -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToSign:
    """A template the signed-in official may sign: their own, or a unit's they lead (``unit``)."""

    template: CommitmentTemplate
    unit: Unit | None
    commitment: Commitment | None


def commitments_of(*, user: AnyUser, year: int) -> list[ToSign]:
    """The year's commitments the signed-in official signs: their own, and those of the units
    they lead, each with its signature when signed."""
    official = official_of(user)
    if official is None:
        return []
    today = timezone.localdate()
    result: list[ToSign] = []
    units = official_units(official=official, on=today)
    seen: set[int] = set()
    for unit in units:
        template = applicable_template(unit=unit, year=year, kind=CommitmentKind.OFFICIAL)
        if template is not None and template.pk not in seen:
            seen.add(template.pk)
            signed = Commitment.objects.filter(template=template, official=official).first()
            result.append(ToSign(template, None, signed))
    led = (
        Membership.objects.active_on(today).filter(official=official, role=Role.LEADER).select_related("unit")
    )
    for membership in led:
        template = applicable_template(unit=membership.unit, year=year, kind=CommitmentKind.UNIT)
        if template is not None:
            signed = Commitment.objects.filter(
                template=template, unit=membership.unit, official__isnull=True
            ).first()
            result.append(ToSign(template, membership.unit, signed))
    return result


@dataclass(frozen=True)
class SignatureRow:
    official: Official
    commitment: Commitment | None


@dataclass(frozen=True)
class CommitmentStatus:
    unit: Unit
    year: int
    official_template: CommitmentTemplate | None
    unit_template: CommitmentTemplate | None
    unit_commitment: Commitment | None
    rows: list[SignatureRow]

    @property
    def signed_count(self) -> int:
        return sum(1 for row in self.rows if row.commitment is not None)

    @property
    def missing_count(self) -> int:
        return len(self.rows) - self.signed_count


def commitment_status(*, user: AnyUser, unit: Unit, year: int) -> CommitmentStatus:
    """Who of ``unit``'s officials has signed the year's commitment and who has not (missing
    first), and whether the unit's own commitment is signed. A fixed number of queries
    whatever the unit's size. Needs ``Perm.VIEW_COMMITMENTS`` on ``unit`` (else 404)."""
    if not has_perm(user, Perm.VIEW_COMMITMENTS, unit):
        raise Http404(_("Không tìm thấy đơn vị."))
    official_template = applicable_template(unit=unit, year=year, kind=CommitmentKind.OFFICIAL)
    unit_template = applicable_template(unit=unit, year=year, kind=CommitmentKind.UNIT)
    signed = (
        {
            c.official_id: c
            for c in Commitment.objects.filter(template=official_template, official__isnull=False)
        }
        if official_template
        else {}
    )
    officials = subjects_of(unit=unit, on=timezone.localdate())
    rows = sorted(
        (SignatureRow(o, signed.get(o.pk)) for o in officials),
        key=lambda r: (r.commitment is not None, r.official.full_name),
    )
    unit_commitment = (
        Commitment.objects.filter(template=unit_template, unit=unit, official__isnull=True)
        .select_related("signed_by")
        .first()
        if unit_template
        else None
    )
    return CommitmentStatus(unit, year, official_template, unit_template, unit_commitment, rows)


def templates_list(*, user: AnyUser, year: int | None = None) -> QuerySet[CommitmentTemplate]:
    """Templates issued by units where ``user`` holds a role, or above them, newest year first."""
    rows = CommitmentTemplate.objects.all()
    if year is not None:
        rows = rows.filter(year=year)
    above: set[int] = set()
    for unit in Unit.objects.filter(unit_filter(user, Perm.VIEW_STAFF_AREA)).only("pk", "path"):
        above.update(unit.ancestor_ids())
    rows = rows.filter(Q(unit_id__in=above) | unit_filter(user, Perm.VIEW_STAFF_AREA, "unit"))
    return rows.select_related("unit").prefetch_related("items").order_by("-year", "unit__path", "kind")


@dataclass(frozen=True)
class CommitmentDetail:
    commitment: Commitment
    breaches: list[CommitmentBreach]
    events: list[CommitmentEvent]
    can_record_breach: bool


def commitment_get(*, user: AnyUser, pk: int) -> Commitment:
    """One signed commitment: its signer's (or, for a unit's, its leaders'), or where the reader
    holds ``Perm.VIEW_COMMITMENTS``; else 404."""
    commitment = (
        Commitment.objects.select_related("template", "template__unit", "unit", "official", "signed_by")
        .filter(pk=pk)
        .first()
    )
    if commitment is None:
        raise Http404(_("Không tìm thấy bản cam kết."))
    own = user.is_authenticated and commitment.signed_by.user_id == user.pk
    if not own and not has_perm(user, Perm.VIEW_COMMITMENTS, commitment.unit):
        raise Http404(_("Không tìm thấy bản cam kết."))
    return commitment


def commitment_detail(*, user: AnyUser, pk: int) -> CommitmentDetail:
    commitment = commitment_get(user=user, pk=pk)
    return CommitmentDetail(
        commitment=commitment,
        breaches=list(
            commitment.breaches.select_related("item", "recorded_by").order_by("-occurred_on", "-id")
        ),
        events=list(
            CommitmentEvent.objects.filter(commitment=commitment)
            .select_related("actor_official")
            .order_by("at", "id")
        ),
        can_record_breach=has_perm(user, Perm.RECORD_BREACHES, commitment.unit),
    )


def is_subject_to_regulation(*, user: AnyUser, version: RegulationVersion) -> bool:
    official = official_of(user)
    return official is not None and is_subject(official=official, unit=version.unit, on=timezone.localdate())
