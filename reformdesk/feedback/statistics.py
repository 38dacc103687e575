"""Feedback statistics for the leader's dashboard: received, answered on time, late, satisfaction
and reopened, by unit, kind and month, with the two figures Decision 766 scores for petitions.

The cases counted are those received in the period (Vietnam time, both ends included) at a unit of
the chosen unit's subtree, counted where they are handled (``unit``) and by the month of receipt,
as they stand at ``now``:

- *received*: every case; *merged*: refused as a duplicate of another case (that case is the
  petition); *petitions*: received less merged;
- *answered*, *on time*: the answer was given (sent, or published for an anonymous case), on time
  when by its due moment; *late*: answered after the due moment, refused after the refusal's due
  moment, or still unanswered after the answer's due moment (a case waiting for the citizen's
  clarification has its clock stopped and is not late);
- *satisfaction*: the citizens' last rating, satisfied among the rated; *reopened*: a dissatisfied
  rating reopened the case.

Each breakdown is one aggregate query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from reformdesk.core.numbers import percent
from reformdesk.feedback.choices import CLOSED_STATUSES, Kind, RefusalReason, Satisfaction, Status
from reformdesk.feedback.models import FeedbackCase
from reformdesk.org.models import Unit
from reformdesk.org.selectors import unit_roll_up
from reformdesk.worktime.periods import month_key, months_between, period_bounds
from reformdesk.worktime.selectors import VN_TZ

# Decision 766/QĐ-TTg (23/06/2022), group "Mức độ hài lòng": two indicators of 6 points each on
# petitions (PAKN), as compiled in shared/data/index-766.md. The formulas there were
# reverse-engineered from published scores, not read in the legal annex: UNCONFIRMED.
#   handled on time:  R = petitions handled on time / petitions; score 6 × R; 6 without petitions
#   satisfaction:     R = (petitions − dissatisfied − re-complained − late) / petitions; 6 × R; 6 if none
# "Re-complained" is read as a case a dissatisfied rating reopened; R is never below 0.
INDICATOR_POINTS = Decimal(6)


@dataclass(frozen=True)
class Figures:
    """The counts of one row (a unit, a kind, a month, or the total)."""

    received: int = 0
    merged: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0
    rated: int = 0
    satisfied: int = 0
    dissatisfied: int = 0
    reopened: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def petitions(self) -> int:
        return self.received - self.merged

    @property
    def on_time_share(self) -> Decimal | None:
        """Per cent of the answered cases answered on time; None when none was answered."""
        return percent(self.on_time, self.answered)

    @property
    def satisfaction_share(self) -> Decimal | None:
        """Per cent of the rated cases rated satisfied; None when none was rated."""
        return percent(self.satisfied, self.rated)

    @property
    def rate_766_on_time(self) -> Decimal:
        """Decision 766, petitions handled on time: (petitions − late) / petitions, in per cent."""
        if not self.petitions:
            return Decimal(100)
        return percent(max(self.petitions - self.late, 0), self.petitions) or Decimal(0)

    @property
    def rate_766_satisfaction(self) -> Decimal:
        """Decision 766, satisfaction with petition handling, in per cent."""
        if not self.petitions:
            return Decimal(100)
        good = self.petitions - self.dissatisfied - self.reopened - self.late
        return percent(max(good, 0), self.petitions) or Decimal(0)

    @property
    def score_766_on_time(self) -> Decimal:
        return _points(self.rate_766_on_time)

    @property
    def score_766_satisfaction(self) -> Decimal:
        return _points(self.rate_766_satisfaction)


def _points(rate: Decimal) -> Decimal:
    return (INDICATOR_POINTS * rate / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    own: bool  # the chosen unit itself (the cases it handles), not a unit under it
    figures: Figures


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    figures: Figures


@dataclass(frozen=True)
class MonthRow:
    month: dt.date  # the first day of the month
    figures: Figures


@dataclass(frozen=True)
class FeedbackStatistics:
    unit: Unit
    start: dt.date
    end: dt.date
    total: Figures
    by_unit: list[UnitRow]
    by_kind: list[KindRow]
    by_month: list[MonthRow]


def _counts(now: dt.datetime) -> dict[str, Any]:
    merged = Q(status=Status.REFUSED, refusal_reason=RefusalReason.DUPLICATE)
    unanswered_late = Q(answered_at__isnull=True, answer_due_at__lt=now) & ~Q(
        status__in=[*CLOSED_STATUSES, Status.CLARIFYING]
    )
    refused_late = Q(status=Status.REFUSED, closed_at__gt=F("refuse_due_at"))
    late = (Q(answered_on_time=False) | unanswered_late | refused_late) & ~merged
    return {
        "received": Count("id"),
        "merged": Count("id", filter=merged),
        "answered": Count("id", filter=Q(answered_at__isnull=False)),
        "on_time": Count("id", filter=Q(answered_on_time=True)),
        "late": Count("id", filter=late),
        "rated": Count("id", filter=~Q(rating="")),
        "satisfied": Count("id", filter=Q(rating=Satisfaction.SATISFIED)),
        "dissatisfied": Count("id", filter=Q(rating=Satisfaction.DISSATISFIED)),
        "reopened": Count("id", filter=Q(reopened_at__isnull=False)),
    }


def _figures(row: dict[str, Any]) -> Figures:
    return Figures(**{f.name: row[f.name] for f in fields(Figures)})


def feedback_statistics(*, unit: Unit, start: dt.date, end: dt.date, now: dt.datetime) -> FeedbackStatistics:
    """The dashboard's figures for cases handled at ``unit`` and the units under it, received from
    ``start`` to ``end``, as they stand at ``now``."""
    low, high = period_bounds(start, end)
    rows: QuerySet[FeedbackCase] = FeedbackCase.objects.filter(
        unit__path__startswith=unit.path, received_at__gte=low, received_at__lt=high
    ).order_by()
    counts = _counts(now)

    # By unit: one row per handling unit, rolled up to the units directly under ``unit``.
    per_unit = {row["unit_id"]: _figures(row) for row in rows.values("unit_id").annotate(**counts)}
    by_unit = [
        UnitRow(*row)
        for row in unit_roll_up(unit=unit, per_unit=per_unit, zero=Figures(), add=Figures.__add__)
    ]
    total = sum(per_unit.values(), Figures())

    per_kind = {row["kind"]: _figures(row) for row in rows.values("kind").annotate(**counts)}
    by_kind = [KindRow(value, str(label), per_kind.get(value, Figures())) for value, label in Kind.choices]

    months: dict[dt.date, Figures] = dict.fromkeys(months_between(start, end), Figures())
    for row in (
        rows.annotate(month=TruncMonth("received_at", tzinfo=VN_TZ)).values("month").annotate(**counts)
    ):
        months[month_key(row["month"])] = _figures(row)
    by_month = [MonthRow(month, figures) for month, figures in sorted(months.items())]
    return FeedbackStatistics(unit, start, end, total, by_unit, by_kind, by_month)
