"""Evaluation reads: who may read an official's evaluation and evidence (the official, the
leaders of their unit, a superuser), the year's rules, and the unit's overview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from reformdesk.emulation.choices import QuotaBase
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


@dataclass(frozen=True)
class LevelCount:
    name: str
    code: str
    count: int


@dataclass(frozen=True)
class LevelSummary:
    """Decided levels of a unit's year, best first, and the cap on the top level where the
    year's rules set one: ``quota_percent`` of the decided total or of the level just below
    (Decree 335/2025/NĐ-CP for 2026: at most 20% of those rated "Hoàn thành tốt nhiệm vụ")."""

    levels: list[LevelCount]
    top_cap: int | None

    @property
    def over_quota(self) -> bool:
        return self.top_cap is not None and bool(self.levels) and self.levels[0].count > self.top_cap


def level_summary(*, unit: Unit, year: int) -> LevelSummary | None:
    """Counts per level of the evaluations of ``unit`` in ``year`` that have a decided level.
    Two queries; None when the year has no rules."""
    rules = EvaluationRules.objects.filter(year=year).prefetch_related("levels").first()
    if rules is None:
        return None
    counts = dict(
        Evaluation.objects.filter(unit=unit, year=year, decided_level__isnull=False)
        .values_list("decided_level_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    levels = [LevelCount(lv.name, lv.code, counts.get(lv.pk, 0)) for lv in rules.levels.all()]
    base: int | None = None
    if rules.quota_base == QuotaBase.EVALUATED:
        base = sum(lv.count for lv in levels)
    elif rules.quota_base == QuotaBase.NEXT_LEVEL:
        base = levels[1].count if len(levels) > 1 else 0
    cap = None if base is None or rules.quota_percent is None else base * rules.quota_percent // 100
    return LevelSummary(levels, cap)
