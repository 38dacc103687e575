"""Staff API at /api/v1/inspections/plans/…: a yearly plan's lines added, changed and removed
(``services.plans``). Errors: 422 for bad input (a unit outside the inspecting unit's reach, a
month out of range, a new target for a line an inspection was set up for), 409 for a line an
inspection of which has started (or that an inspection cites, for a removal), 403 for someone
who may not plan, 404 for a plan the caller does not hold; in each case nothing changes."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja import Status as HttpStatus

from reformdesk.core.api import ErrorOut, Id, ValidationErrorOut
from reformdesk.inspections import selectors, services
from reformdesk.inspections.api import InspectionPlanEntryIn, InspectionPlanOut, _conflict
from reformdesk.inspections.models import InspectionPlan
from reformdesk.org.api import unit_param

router = Router()
RESPONSES: dict[int, Any] = {
    200: InspectionPlanOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


def _plan(request: HttpRequest, plan: InspectionPlan) -> dict[str, Any]:
    plan = selectors.plan_get(user=request.user, plan_id=plan.pk)
    return {
        "id": plan.pk,
        "unit": plan.unit.code,
        "year": plan.year,
        "title": plan.title,
        "entries": [
            {
                "unit": e.target_unit.code,
                "unit_name": e.target_unit.name,
                "subjects": e.subjects,
                "month": e.month,
            }
            for e in plan.entries.all()
        ],
    }


@router.post(
    "/plans/{plan_id}/entries",
    response={201: InspectionPlanOut, **{k: v for k, v in RESPONSES.items() if k != 200}},
    summary="Add a line to a yearly plan",
)
def add_plan_entry(
    request: HttpRequest, plan_id: Id, payload: InspectionPlanEntryIn
) -> HttpStatus[dict[str, Any]]:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    target = unit_param(payload.unit)
    _conflict(
        lambda: services.plan_entry_add(
            actor=request.user, plan=plan, target=target, subjects=payload.subjects, month=payload.month
        )
    )
    return HttpStatus(201, _plan(request, plan))


@router.put("/plans/entries/{entry_id}", response=RESPONSES, summary="Change a line of a yearly plan")
def change_plan_entry(request: HttpRequest, entry_id: Id, payload: InspectionPlanEntryIn) -> dict[str, Any]:
    entry = selectors.plan_entry_get(user=request.user, entry_id=entry_id)
    target = unit_param(payload.unit)
    _conflict(
        lambda: services.plan_entry_update(
            actor=request.user, entry=entry, target=target, subjects=payload.subjects, month=payload.month
        )
    )
    return _plan(request, entry.plan)


@router.delete("/plans/entries/{entry_id}", response=RESPONSES, summary="Remove a line of a yearly plan")
def remove_plan_entry(request: HttpRequest, entry_id: Id) -> dict[str, Any]:
    entry = selectors.plan_entry_get(user=request.user, entry_id=entry_id)
    plan = _conflict(lambda: services.plan_entry_remove(actor=request.user, entry=entry))
    return _plan(request, plan)
