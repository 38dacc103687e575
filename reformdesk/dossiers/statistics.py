"""Dossier statistics for the leader's dashboard: received, finished, on time, late, online share.

For one unit's subtree and a period of days (Vietnam time, both ends included), by the units
directly under it, by procedure and by month. A dossier counts where it is processed
(``processing_unit``): the unit answerable for its appointment.

- *received*: the clock started (``received_at``) in the period; *online*: of those, filed online;
- *finished*: the result was ready (``finished_at``, granted or declined) in the period; *on time*
  and *late* split the finished ones by their stored outcome (early counts as on time), which the
  services decide by the 766 rule (``services.clock.outcome_766``): the finish less the wall-clock
  supplement waits against the receipt's appointment, late after two requests in processing.

The page reads the rollups (``DossierRollup``, one row per unit, procedure, day and measure, kept
by the services): :func:`dossier_statistics`, three aggregate queries over at most a few rows per
unit, procedure and day, however many dossiers there are. :func:`dossier_statistics_scan` computes
the same figures from the dossier rows; the tests hold the two equal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from reformdesk.catalog.choices import Channel
from reformdesk.catalog.models import Procedure
from reformdesk.core.numbers import percent
from reformdesk.dossiers.choices import Measure, Outcome
from reformdesk.dossiers.models import Dossier, DossierRollup
from reformdesk.org.models import Unit
from reformdesk.org.selectors import unit_roll_up
from reformdesk.worktime.periods import month_key, months_between, period_bounds
from reformdesk.worktime.selectors import VN_TZ

ON_TIME = (Outcome.EARLY, Outcome.ON_TIME)


@dataclass(frozen=True)
class Figures:
    """The counts of one row (a unit, a procedure, a month, or the total)."""

    received: int = 0
    online: int = 0
    finished: int = 0
    on_time: int = 0
    late: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.received + other.received,
            self.online + other.online,
            self.finished + other.finished,
            self.on_time + other.on_time,
            self.late + other.late,
        )

    @property
    def online_share(self) -> Decimal | None:
        """Per cent of the received dossiers filed online, one decimal; None when none was received."""
        return percent(self.online, self.received)

    @property
    def on_time_share(self) -> Decimal | None:
        """Per cent of the finished dossiers finished on time, one decimal; None when none finished."""
        return percent(self.on_time, self.finished)


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    own: bool  # the chosen unit itself (its own dossiers), not a unit under it
    figures: Figures


@dataclass(frozen=True)
class ProcedureRow:
    procedure_id: int
    code: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class MonthRow:
    month: dt.date  # the first day of the month
    figures: Figures


@dataclass(frozen=True)
class DossierStatistics:
    unit: Unit
    start: dt.date
    end: dt.date
    total: Figures
    by_unit: list[UnitRow]
    by_procedure: list[ProcedureRow]
    by_month: list[MonthRow]


def _counts(received: Q, finished: Q) -> dict[str, Any]:
    return {
        "received": Count("id", filter=received),
        "online": Count("id", filter=received & Q(channel=Channel.ONLINE)),
        "finished": Count("id", filter=finished),
        "on_time": Count("id", filter=finished & Q(outcome__in=ON_TIME)),
        "late": Count("id", filter=finished & Q(outcome=Outcome.LATE)),
    }


def _figures(row: dict[str, Any]) -> Figures:
    return Figures(row["received"], row["online"], row["finished"], row["on_time"], row["late"])


def dossier_statistics_scan(*, unit: Unit, start: dt.date, end: dt.date) -> DossierStatistics:
    """The dashboard's figures computed from the dossier rows themselves (every dossier of the
    period is read): the reference the rollups are checked against, and the bench's old path."""
    low, high = period_bounds(start, end)
    received = Q(received_at__gte=low, received_at__lt=high)
    finished = Q(finished_at__gte=low, finished_at__lt=high)
    rows: QuerySet[Dossier] = Dossier.objects.filter(processing_unit__path__startswith=unit.path).order_by()
    in_period = rows.filter(received | finished)

    # By unit: one row per processing unit, rolled up to the units directly under ``unit``.
    per_unit = {
        row["processing_unit_id"]: _figures(row)
        for row in in_period.values("processing_unit_id").annotate(**_counts(received, finished))
    }
    by_unit = [
        UnitRow(*row)
        for row in unit_roll_up(unit=unit, per_unit=per_unit, zero=Figures(), add=Figures.__add__)
    ]
    total = sum(per_unit.values(), Figures())

    # By procedure, busiest first.
    per_procedure = in_period.values("procedure_id").annotate(**_counts(received, finished))
    procedures = Procedure.objects.in_bulk([row["procedure_id"] for row in per_procedure])
    by_procedure = sorted(
        (
            ProcedureRow(
                row["procedure_id"],
                procedures[row["procedure_id"]].national_code,
                procedures[row["procedure_id"]].name,
                _figures(row),
            )
            for row in per_procedure
        ),
        key=lambda r: (-r.figures.received, -r.figures.finished, r.code),
    )

    # By month: received ones by the month of receipt, finished ones by the month of the result.
    months: dict[dt.date, dict[str, int]] = {m: {} for m in months_between(start, end)}
    for row in (
        rows.filter(received)
        .annotate(month=TruncMonth("received_at", tzinfo=VN_TZ))
        .values("month")
        .annotate(received=Count("id"), online=Count("id", filter=Q(channel=Channel.ONLINE)))
    ):
        months.setdefault(month_key(row["month"]), {}).update(received=row["received"], online=row["online"])
    for row in (
        rows.filter(finished)
        .annotate(month=TruncMonth("finished_at", tzinfo=VN_TZ))
        .values("month")
        .annotate(
            finished=Count("id"),
            on_time=Count("id", filter=Q(outcome__in=ON_TIME)),
            late=Count("id", filter=Q(outcome=Outcome.LATE)),
        )
    ):
        months.setdefault(month_key(row["month"]), {}).update(
            finished=row["finished"], on_time=row["on_time"], late=row["late"]
        )
    by_month = [MonthRow(month, Figures(**values)) for month, values in sorted(months.items())]
    return DossierStatistics(unit, start, end, total, by_unit, by_procedure, by_month)


# --- from the rollups --------------------------------------------------------------------------------

ROLLUP_ON_TIME = (Measure.EARLY, Measure.ON_TIME)
ROLLUP_FINISHED = (Measure.EARLY, Measure.ON_TIME, Measure.LATE, Measure.UNRATED)
DASHBOARD_MEASURES = (Measure.RECEIVED, Measure.ONLINE, *ROLLUP_FINISHED)


def _sum(*measures: str) -> Coalesce:
    return Coalesce(Sum("count", filter=Q(measure__in=measures)), Value(0), output_field=IntegerField())


ROLLUP_SUMS = {
    "received": _sum(Measure.RECEIVED),
    "online": _sum(Measure.ONLINE),
    "finished": _sum(*ROLLUP_FINISHED),
    "on_time": _sum(*ROLLUP_ON_TIME),
    "late": _sum(Measure.LATE),
}


def dossier_statistics(*, unit: Unit, start: dt.date, end: dt.date) -> DossierStatistics:
    """The dashboard's figures for ``unit`` and the units under it, from ``start`` to ``end``,
    read from the rollups (the same figures as :func:`dossier_statistics_scan`)."""
    rows: QuerySet[DossierRollup] = DossierRollup.objects.filter(
        unit__path__startswith=unit.path, day__gte=start, day__lte=end, measure__in=DASHBOARD_MEASURES
    ).order_by()

    per_unit = {row["unit_id"]: _figures(row) for row in rows.values("unit_id").annotate(**ROLLUP_SUMS)}
    by_unit = [
        UnitRow(*row)
        for row in unit_roll_up(unit=unit, per_unit=per_unit, zero=Figures(), add=Figures.__add__)
    ]
    total = sum(per_unit.values(), Figures())

    per_procedure = list(rows.values("procedure_id").annotate(**ROLLUP_SUMS))
    procedures = Procedure.objects.in_bulk([row["procedure_id"] for row in per_procedure])
    by_procedure = sorted(
        (
            ProcedureRow(
                row["procedure_id"],
                procedures[row["procedure_id"]].national_code,
                procedures[row["procedure_id"]].name,
                _figures(row),
            )
            for row in per_procedure
        ),
        key=lambda r: (-r.figures.received, -r.figures.finished, r.code),
    )

    # The rows' days are Vietnam's already: a month is the month of the day.
    months = {m: Figures() for m in months_between(start, end)}
    for row in rows.annotate(month=TruncMonth("day")).values("month").annotate(**ROLLUP_SUMS):
        months[month_key(row["month"])] = _figures(row)
    by_month = [MonthRow(month, figures) for month, figures in sorted(months.items())]
    return DossierStatistics(unit, start, end, total, by_unit, by_procedure, by_month)
