"""Reads of yearly reform plans and reform reports: the rates the index reads, and the rows the
plan page shows.

Shapes: ``reports_on_time`` and ``plan_items_on_time`` return ``(on time, counted)`` or None
when nothing counts yet — the framework's computed criteria read them as a rate source
(``RateSource.REPORTS_ON_TIME``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from reformdesk.assignments.choices import Status, Timeliness
from reformdesk.assignments.models import Task
from reformdesk.assignments.rules import timeliness_of
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter
from reformdesk.scoring.models_plans import (
    PlanEvent,
    PlanItem,
    ReformPlan,
    ReportObligation,
    ReportSubmission,
)
from reformdesk.scoring.plans_rules import (
    ITEM_OUTCOME_LABELS,
    OUTCOME_LABELS,
    Outcome,
    counts,
    report_outcome,
)

BADGES = {
    Outcome.ON_TIME: "text-bg-success",
    Outcome.LATE: "text-bg-warning",
    Outcome.MISSING: "text-bg-danger",
    Outcome.PENDING: "text-bg-secondary",
}

ON_TIME = frozenset({Timeliness.EARLY, Timeliness.ON_TIME})


@dataclass(frozen=True)
class ObligationRow:
    obligation: ReportObligation
    outcome: Outcome

    @property
    def submission(self) -> ReportSubmission | None:
        return getattr(self.obligation, "submission", None)

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def badge(self) -> str:
        return BADGES[self.outcome]


@dataclass(frozen=True)
class ItemRow:
    item: PlanItem
    outcome: Outcome

    @property
    def label(self) -> str:
        return str(ITEM_OUTCOME_LABELS[self.outcome])

    @property
    def badge(self) -> str:
        return BADGES[self.outcome]


def _today() -> dt.date:
    return timezone.localdate()


def obligations(*, unit: Unit, year: int, today: dt.date | None = None) -> list[ObligationRow]:
    """The unit's obligations for the year with their standing on ``today`` (one query)."""
    today = today or _today()
    rows = (
        ReportObligation.objects.filter(unit=unit, year=year)
        .select_related("submission__document", "submission__submitted_by")
        .order_by("due_on", "id")
    )
    out = []
    for obligation in rows:
        submission = getattr(obligation, "submission", None)
        outcome = report_outcome(
            due_on=obligation.due_on,
            submitted_at=submission.submitted_at if submission is not None else None,
            today=today,
        )
        out.append(ObligationRow(obligation, outcome))
    return out


def _rate(outcomes: list[Outcome]) -> tuple[int, int] | None:
    counted = [o for o in outcomes if counts(o)]
    if not counted:
        return None
    return sum(1 for o in counted if o == Outcome.ON_TIME), len(counted)


def reports_on_time(unit: Unit, year: int, today: dt.date | None = None) -> tuple[int, int] | None:
    """(reports submitted on time, reports counted) for ``unit``'s ``year``: an obligation counts
    once submitted or once its due day is over (a missing report is counted, not on time). None
    when nothing counts yet."""
    return _rate([row.outcome for row in obligations(unit=unit, year=year, today=today)])


def item_outcome(task: Task, now: dt.datetime) -> Outcome:
    """A plan item's standing from its task: finished (reported or evaluated) on time or late by
    ``assignments.rules.timeliness_of``; unfinished and past its due moment, missing; pending
    before it. A cancelled task is pending: it never counts. Completion reported after ``now`` is
    not seen, so a past moment's standing stays as it was."""
    if task.done_at is not None and task.done_at > now:
        return Outcome.MISSING if task.due_at <= now else Outcome.PENDING
    if task.status == Status.EVALUATED:
        return Outcome.ON_TIME if task.timeliness in ON_TIME else Outcome.LATE
    if task.status == Status.REPORTED and task.done_at is not None:
        on_time = timeliness_of(done_at=task.done_at, due_at=task.due_at) in ON_TIME
        return Outcome.ON_TIME if on_time else Outcome.LATE
    if task.status != Status.CANCELLED and task.due_at <= now:
        return Outcome.MISSING
    return Outcome.PENDING


def plan_items(*, unit: Unit, year: int, now: dt.datetime | None = None) -> list[ItemRow]:
    now = now or timezone.now()
    rows = (
        PlanItem.objects.filter(plan__unit=unit, plan__year=year)
        .select_related("task__assignee", "task__assignee_unit")
        .order_by("due_on", "id")
    )
    return [ItemRow(item, item_outcome(item.task, now)) for item in rows]


def plan_items_on_time(unit: Unit, year: int, now: dt.datetime | None = None) -> tuple[int, int] | None:
    """(plan items finished on time, items counted) for ``unit``'s plan of ``year``: an item
    counts once its task is finished or past its due moment. None when nothing counts yet."""
    return _rate([row.outcome for row in plan_items(unit=unit, year=year, now=now)])


def plan_of(*, unit: Unit, year: int) -> ReformPlan | None:
    return ReformPlan.objects.filter(unit=unit, year=year).select_related("document").first()


def plan_events(*, unit: Unit, year: int) -> QuerySet[PlanEvent]:
    return PlanEvent.objects.filter(unit=unit, year=year).select_related("actor").order_by("-at", "-id")


def units_for_plans(*, user: AnyUser) -> QuerySet[Unit]:
    """The units whose plans and reports the user may read: where they read the index, assign
    tasks or register documents, in tree order."""
    scope = (
        unit_filter(user, Perm.VIEW_INDEX)
        | unit_filter(user, Perm.ASSIGN_TASKS)
        | unit_filter(user, Perm.REGISTER_DOCUMENTS)
    )
    return Unit.objects.filter(scope).order_by("path")


def can_read(user: AnyUser, unit: Unit) -> bool:
    return any(
        has_perm(user, perm, unit) for perm in (Perm.VIEW_INDEX, Perm.ASSIGN_TASKS, Perm.REGISTER_DOCUMENTS)
    )
