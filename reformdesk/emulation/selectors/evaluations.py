"""Evaluation reads: who may read an official's evaluation and evidence (the official, the
leaders of their unit, a superuser), the year's rules, and the unit's overview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from reformdesk.emulation.models import Evaluation, EvaluationRules
from reformdesk.emulation.selectors.prefill import Prefill, prefill_for_officials
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter


def rules_get(*, year: int) -> EvaluationRules | None:
    return EvaluationRules.objects.filter(year=year).prefetch_related("levels", "criteria").first()


def may_read_official(*, user: AnyUser, official: Official) -> bool:
    """Evaluation content is personal data: the official themself, or a leader holding
    ``VIEW_EVALUATIONS`` on one of the official's units."""
    if not user.is_authenticated:
        return False
    if official.user_id is not None and official.user_id == user.pk:
        return True
    units = Unit.objects.filter(memberships__official=official).distinct()
    return any(has_perm(user, Perm.VIEW_EVALUATIONS, unit) for unit in units)


def evaluation_visible(*, user: AnyUser) -> QuerySet[Evaluation]:
    """Evaluations ``user`` may read: their own and those of units where they lead."""
    own = Q(official__user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    return Evaluation.objects.filter(own | unit_filter(user, Perm.VIEW_EVALUATIONS, "unit"))


@dataclass
class OverviewRow:
    official: Official
    role: str
    evaluation: Evaluation | None
    prefill: Prefill


def unit_overview(*, unit: Unit, year: int, on: dt.date | None = None) -> list[OverviewRow]:
    """Every official with an active primary membership in ``unit``, by name, with their
    evaluation of ``year`` (None when not opened yet) and the pre-fill of their year. A fixed
    number of queries (2 + ``PREFILL_QUERIES``), whatever the number of officials."""
    on = on or timezone.localdate()
    members = list(
        Membership.objects.active_on(on)
        .filter(unit=unit, is_primary=True, official__is_active=True)
        .select_related("official")
        .order_by("official__full_name", "official_id")
    )
    ids = [m.official_id for m in members]
    evaluations = {
        e.official_id: e
        for e in Evaluation.objects.filter(official_id__in=ids, year=year).select_related(
            "proposed_level", "decided_level"
        )
    }
    prefills = prefill_for_officials(unit=unit, official_ids=ids, year=year)
    return [
        OverviewRow(m.official, m.role, evaluations.get(m.official_id), prefills[m.official_id])
        for m in members
    ]
