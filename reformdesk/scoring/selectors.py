"""Reads of the 766 index: the indicator rows in force, and a unit's index for a period.

:func:`index_766` serves the page and the API alike. Shape of its answer (``Index766``): the
unit, the period, ``groups`` (each with its ``indicators``: numerator, denominator, rate 0..1,
score, max, how it was scored and by whom, the records that lost points), the total score, the
maximum of the indicators that could be scored, and the dashboard's different on-time figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, unit_filter
from reformdesk.scoring import rates
from reformdesk.scoring.choices import Group, HowScored, Rate, WhenEmpty
from reformdesk.scoring.models import Indicator, IndicatorEntry
from reformdesk.scoring.periods import Period
from reformdesk.scoring.shapes import rate_of, score


def indicators_on(day: dt.date) -> QuerySet[Indicator]:
    """The indicator rows in force on ``day``, in the index's order."""
    return Indicator.objects.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def indicator_current(*, code: str) -> Indicator | None:
    """The latest row of an indicator (the one a revision replaces)."""
    return Indicator.objects.filter(code=code).order_by("-valid_from").first()


@dataclass
class IndicatorResult:
    indicator: Indicator
    how: HowScored
    numerator: int | None = None
    denominator: int | None = None
    rate: Decimal | None = None
    score: Decimal | None = None
    entry: IndicatorEntry | None = None
    lost: list[rates.Lost] = field(default_factory=list)

    @property
    def max_points(self) -> Decimal:
        return self.indicator.max_points

    @property
    def can_enter(self) -> bool:
        return self.indicator.rate == Rate.ENTERED

    @property
    def percent(self) -> Decimal | None:
        """The rate in per cent, two places (for the page)."""
        return None if self.rate is None else (self.rate * 100).quantize(Decimal("0.01"))


@dataclass
class GroupResult:
    group: Group
    indicators: list[IndicatorResult]

    @property
    def label(self) -> str:
        return str(self.group.label)

    @property
    def max_points(self) -> Decimal:
        return sum((r.max_points for r in self.indicators), Decimal(0))

    @property
    def score(self) -> Decimal:
        return sum((r.score for r in self.indicators if r.score is not None), Decimal(0))

    @property
    def scored_max(self) -> Decimal:
        return sum((r.max_points for r in self.indicators if r.score is not None), Decimal(0))


@dataclass
class Index766:
    unit: Unit
    period: Period
    at: dt.datetime
    subtree: bool
    groups: list[GroupResult]
    dashboard_on_time: int
    dashboard_finished: int

    @property
    def score(self) -> Decimal:
        return sum((g.score for g in self.groups), Decimal(0))

    @property
    def max_points(self) -> Decimal:
        return sum((g.max_points for g in self.groups), Decimal(0))

    @property
    def scored_max(self) -> Decimal:
        return sum((g.scored_max for g in self.groups), Decimal(0))

    @property
    def dashboard_rate(self) -> Decimal | None:
        return rate_of(self.dashboard_on_time, self.dashboard_finished)

    @property
    def dashboard_percent(self) -> Decimal | None:
        rate = self.dashboard_rate
        return None if rate is None else (rate * 100).quantize(Decimal("0.01"))

    def indicator(self, code: str) -> IndicatorResult | None:
        for group in self.groups:
            for result in group.indicators:
                if result.indicator.code == code:
                    return result
        return None


def _scored(result: IndicatorResult, numerator: int, denominator: int) -> IndicatorResult:
    indicator = result.indicator
    result.numerator, result.denominator = numerator, denominator
    result.rate = rate_of(numerator, denominator)
    if result.rate is not None:
        result.score = score(
            shape=indicator.shape,
            params=indicator.shape_params,
            max_points=indicator.max_points,
            rate=result.rate,
        )
    elif indicator.when_empty == WhenEmpty.FULL:
        result.score = indicator.max_points
    else:
        result.how = HowScored.NO_DATA
    return result


def current_entries(*, unit: Unit, period: Period, indicators: list[Indicator]) -> dict[int, IndicatorEntry]:
    rows = IndicatorEntry.objects.filter(
        unit=unit, period=period.key, is_current=True, indicator__in=indicators
    )
    return {entry.indicator_id: entry for entry in rows}


def index_766(
    *, unit: Unit, period: Period, subtree: bool = True, now: dt.datetime | None = None
) -> Index766:
    """The unit's 766 index for ``period``, scored by the indicator rows in force on the period's
    first day (a later formula never rescores it), evaluated at the period's end or ``now``.

    Computed indicators read ReformDesk's records of the unit (with its subtree unless
    ``subtree`` is False); entered ones take the unit's current entry for the period; the rest
    have no data and score nothing — never zero or full in silence.
    """
    at = period.evaluated_at(now or timezone.now())
    records = rates.Records(unit=unit, period=period, at=at, subtree=subtree)
    indicators = list(indicators_on(period.first))
    entries = current_entries(unit=unit, period=period, indicators=indicators)
    by_group: dict[str, list[IndicatorResult]] = {}
    for indicator in indicators:
        result = IndicatorResult(indicator=indicator, how=HowScored.COMPUTED)
        compute = rates.COMPUTED.get(indicator.rate)
        if compute is not None:
            count = compute(records)
            _scored(result, count.numerator, count.denominator)
            result.lost = count.lost
        elif indicator.rate == Rate.ENTERED and indicator.pk in entries:
            entry = entries[indicator.pk]
            result.how, result.entry = HowScored.ENTERED, entry
            _scored(result, entry.numerator, entry.denominator)
        else:
            result.how = HowScored.NO_DATA
        by_group.setdefault(indicator.group, []).append(result)
    groups = [GroupResult(Group(key), by_group[key]) for key in Group.values if key in by_group]
    on_time, finished = rates.dashboard_on_time(records)
    return Index766(unit, period, at, subtree, groups, on_time, finished)


def units_for_index(*, user: AnyUser) -> QuerySet[Unit]:
    """The units whose index the user may read, in tree order."""
    return Unit.objects.filter(unit_filter(user, Perm.VIEW_INDEX)).order_by("path")
