"""Reads of the 766 index over time and across units: a unit's group scores month by month (or
quarter by quarter) over a year, and the units of a parent's subtree at one level side by side.

Every figure goes through :func:`reformdesk.scoring.selectors.index_766`, so the trend and the
comparison score each period exactly as the index page does (the indicator rows in force on the
period's first day). Each index reads a fixed number of queries whatever the number of dossiers,
so a year of twelve months costs twelve times one index; months that have not started are not
computed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from reformdesk.org.choices import UnitKind
from reformdesk.org.models import Unit
from reformdesk.scoring.choices import Group
from reformdesk.scoring.periods import Period, parse_period
from reformdesk.scoring.selectors import Index766, index_766

MONTHS, QUARTERS = "month", "quarter"
# The levels a comparison lines up: the communes (with wards and towns) or the districts.
LEVELS = {
    "commune": (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWN),
    "district": (UnitKind.DISTRICT,),
}


def periods_of(year: int, step: str, *, today: dt.date) -> list[tuple[str, Period | None]]:
    """The months (or quarters) of ``year`` as (key, period); a period that has not started on
    ``today`` has no ``Period`` (it is shown empty, not scored)."""
    keys = (
        [f"{year}-{m:02d}" for m in range(1, 13)] if step == MONTHS else [f"{year}-Q{q}" for q in range(1, 5)]
    )
    result: list[tuple[str, Period | None]] = []
    for key in keys:
        try:
            result.append((key, parse_period(key, today=today)))
        except ValidationError:  # only "not started yet" can happen for these keys
            result.append((key, None))
    return result


@dataclass
class GroupPoint:
    """One group's score in one period (``None``: the period has not started)."""

    score: Decimal | None
    max_points: Decimal


@dataclass
class TrendRow:
    key: str
    index: Index766 | None

    def group(self, group: str) -> GroupPoint:
        if self.index is None:
            return GroupPoint(None, Decimal(0))
        for result in self.index.groups:
            if result.group == group:
                return GroupPoint(result.score, result.max_points)
        return GroupPoint(None, Decimal(0))


@dataclass
class Trend:
    unit: Unit
    year: int
    step: str
    subtree: bool
    rows: list[TrendRow]

    @property
    def groups(self) -> list[Group]:
        seen = {g.group for row in self.rows if row.index for g in row.index.groups}
        return [Group(key) for key in Group.values if key in seen]

    def series(self, group: str) -> list[GroupPoint]:
        return [row.group(group) for row in self.rows]


def group_trend(
    *, unit: Unit, year: int, step: str = MONTHS, subtree: bool = True, now: dt.datetime | None = None
) -> Trend:
    """The unit's index for each month (or quarter) of ``year`` that has started."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = [
        TrendRow(key, index_766(unit=unit, period=period, subtree=subtree, now=now) if period else None)
        for key, period in periods_of(year, step, today=today)
    ]
    return Trend(unit, year, step, subtree, rows)


def comparison_units(*, parent: Unit, level: str, period: Period, readable: QuerySet[Unit]) -> list[Unit]:
    """The units of ``parent``'s subtree (itself excluded) at ``level`` that the user may read
    (``readable``: :func:`reformdesk.scoring.selectors.units_for_index`) and that existed during
    ``period`` (a unit merged away before it is not listed), in tree order."""
    existed = (Q(valid_from__isnull=True) | Q(valid_from__lte=period.last)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.first)
    )
    rows = readable.filter(existed, path__startswith=parent.path, kind__in=LEVELS[level])
    return list(rows.exclude(pk=parent.pk).order_by("path"))


@dataclass
class ComparisonRow:
    rank: int
    index: Index766

    @property
    def unit(self) -> Unit:
        return self.index.unit

    @property
    def group_scores(self) -> list[Decimal | None]:
        """Each group's score in the order of ``Group`` (``None``: no indicator of the group)."""
        by_group: dict[str, Decimal] = {str(g.group): g.score for g in self.index.groups}
        return [by_group.get(key) for key in Group.values]

    @property
    def percent(self) -> Decimal | None:
        """The total as a share of the maximum of the indicators that had data."""
        scored = self.index.scored_max
        return None if not scored else (self.index.score * 100 / scored).quantize(Decimal("0.01"))


def comparison(*, units: list[Unit], period: Period, now: dt.datetime | None = None) -> list[ComparisonRow]:
    """Each unit's index for ``period`` (with its subtree), the highest share of the maximum its
    scored indicators allow first (units lacking data on different indicators stay comparable);
    ties go to the higher total, then to the unit code (a stated, stable rule)."""
    now = now or timezone.now()
    indices = [index_766(unit=unit, period=period, now=now) for unit in units]
    indices.sort(key=lambda i: (-(i.score / i.scored_max if i.scored_max else 0), -i.score, i.unit.code))
    return [ComparisonRow(rank, index) for rank, index in enumerate(indices, 1)]
