"""Turning a procedure's step template into a dossier's steps, and choosing who performs each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.catalog.choices import StepKind
from reformdesk.catalog.models import StepTemplate
from reformdesk.dossiers.choices import Outcome
from reformdesk.dossiers.models import Dossier, DossierStep
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit

# Where a procedure has no step template yet: receive, one step for the whole time, return.
_DEFAULT_PLAN = (
    (StepKind.RECEIVE, Role.ONE_STOP, Decimal(0)),
    (StepKind.ASSESS, Role.SPECIALIST, None),  # None: the whole time limit
    (StepKind.RETURN, Role.ONE_STOP, Decimal(0)),
)


def _templates(dossier: Dossier) -> list[StepTemplate]:
    rows = list(StepTemplate.objects.filter(version=dossier.version, case=dossier.case))
    if not rows and dossier.case is not None:
        rows = list(StepTemplate.objects.filter(version=dossier.version, case__isnull=True))
    return rows


def pick_assignee(*, unit: Unit, role: str, on: dt.date | None = None) -> Official | None:
    """Who gets a step by default: the unit's leader for a leader's step, else the first active
    official holding the role at the unit (by name); nobody when the unit has no such member."""
    on = on or timezone.localdate()
    if role == Role.LEADER and unit.leader_id is not None:
        leader = Official.objects.filter(pk=unit.leader_id, is_active=True).first()
        if leader is not None:
            return leader
    membership = (
        Membership.objects.active_on(on)
        .filter(unit=unit, role=role, official__is_active=True)
        .select_related("official")
        .order_by("official__full_name", "official_id")
        .first()
    )
    return membership.official if membership is not None else None


def step_plan(*, dossier: Dossier) -> list[tuple[str, str, Decimal, str]]:
    """The steps a dossier will go through, ``(kind, role, working days, name)`` in order: the
    procedure's step template, else receive, one step for the whole time limit, return."""
    assert dossier.time_limit_days is not None
    templates = _templates(dossier)
    if templates:
        return [(t.kind, t.role, t.working_days, t.name_vi) for t in templates]
    return [
        (kind, role, dossier.time_limit_days if days is None else days, str(StepKind(kind).label))
        for kind, role, days in _DEFAULT_PLAN
    ]


def plan_steps(
    *,
    dossier: Dossier,
    plan: list[tuple[str, str, Decimal, str]],
    dues: list[dt.datetime],
    received_by: Official | None,
) -> list[DossierStep]:
    """The dossier's steps from its :func:`step_plan` and their ``dues`` (unsaved: the caller
    writes them once the dossier row exists); the receiving step is done at receipt.

    Receiving and returning happen at the receiving unit's desk, every other step at the
    processing unit.
    """
    assert dossier.received_at is not None
    steps = []
    for order, ((kind, role, days, name), due) in enumerate(zip(plan, dues, strict=True), start=1):
        unit = (
            dossier.receiving_unit if kind in (StepKind.RECEIVE, StepKind.RETURN) else dossier.processing_unit
        )
        steps.append(
            DossierStep(
                dossier=dossier,
                order=order,
                kind=kind,
                name=name,
                role=role,
                unit=unit,
                working_days=days,
                due_at=due,
            )
        )
    first = steps[0]
    if first.kind == StepKind.RECEIVE:
        first.assignee = received_by
        first.started_at = first.finished_at = dossier.received_at
        first.outcome = Outcome.ON_TIME
    return steps


def step_label(step: DossierStep) -> str:
    return _("Bước %(order)s: %(name)s") % {"order": step.order, "name": step.name}
