"""Staff API at /api/v1/inspections: yearly plans, inspections (a sudden one set up and started
in one call), one inspection with its checklist, presence, findings and timeline, the answers and
presence saved one at a time, findings, actions on an inspection and on a finding, and the
figures.

Errors: 422 with per-field messages for bad input (an inspector of the inspected unit, a finding
about an official outside it), 409 for an action the status does not allow (signing twice,
changing a signed record), 403 for someone who may not take it, 404 for an inspection the caller
may not see (a sudden inspection not started, for its target); in each case nothing changes.
Photos are taken through the pages (the phone's camera).
"""

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate

from reformdesk.core.api import (
    ApiError,
    ErrorOut,
    Id,
    LongText,
    Text,
    ValidationErrorOut,
    field_error,
    local_time,
)
from reformdesk.core.pagination import LimitOffset
from reformdesk.inspections import selectors, services
from reformdesk.inspections.choices import Status
from reformdesk.inspections.models import Finding, Inspection
from reformdesk.inspections.selectors import InspectionDetail
from reformdesk.org.api import unit_param
from reformdesk.org.models import Official
from reformdesk.org.permissions import Perm, require

router = Router()
MAX_LIMIT = 100


class InspectionPlanEntryIn(Schema):
    unit: Text = Field(max_length=20, description="Code of the inspected unit")
    subjects: Text = Field(max_length=1000)
    month: int = Field(ge=1, le=12)


class InspectionPlanIn(Schema):
    unit: Text = Field(max_length=20, description="Code of the inspecting unit")
    year: int = Field(ge=2000, le=2100)
    title: Text = Field(max_length=600)
    entries: list[InspectionPlanEntryIn] = Field(max_length=500)


class InspectionPlanEntryOut(Schema):
    unit: str
    unit_name: str
    subjects: str
    month: int


class InspectionPlanOut(Schema):
    id: int
    unit: str
    year: int
    title: str
    entries: list[InspectionPlanEntryOut]


class InspectionIn(Schema):
    inspecting_unit: Text = Field(max_length=20)
    target_unit: Text = Field(max_length=20)
    kind: Literal["planned", "sudden"] = "sudden"
    leader: Text = Field(max_length=20, description="Employee code of the team leader")
    members: list[Text] = Field([], max_length=15, description="Employee codes of the other inspectors")
    subject: Text = Field("", max_length=1000)
    start: bool = Field(False, description="Start at once (a sudden inspection on the spot)")


class InspectionAnswerIn(Schema):
    result: Literal["", "pass", "fail", "na"]
    expected: int | None = Field(None, ge=0, le=100_000)
    found: int | None = Field(None, ge=0, le=100_000)
    note: LongText = Field("", max_length=4000)


class InspectionPresenceIn(Schema):
    confirmed: Literal["present", "late", "absent", "leave", "business_trip", "training", "outside_hours"]
    note: Text = Field("", max_length=1000)


class InspectionFindingIn(Schema):
    item: Text = Field("", max_length=50, description="Code of the checklist item, if any")
    kind: Text = Field("", max_length=20, description="Kind; defaults to the item's")
    severity: Literal["minor", "moderate", "serious"]
    description: LongText = Field(max_length=4000)
    rule: Text = Field("", max_length=1000, description="The rule breached; defaults to the item's")
    official: Text = Field("", max_length=20, description="Employee code, where it applies")


class InspectionActionIn(Schema):
    note: LongText = Field("", max_length=4000, description="cancel")
    response: LongText = Field("", max_length=8000, description="sign_unit: the unit's response")
    signer: Text = Field("", max_length=20, description="register: employee code of the signer")


class InspectionFindingActionIn(Schema):
    assignee: Text = Field("", max_length=20, description="to_task: employee code")
    assignee_unit: Text = Field("", max_length=20, description="to_task: or a unit code")
    deadline_days: int | None = Field(None, ge=1, le=250, description="to_task")
    deadline_date: dt.date | None = Field(None, description="to_task")
    fixed: bool | None = Field(None, description="follow_up")
    note: LongText = Field("", max_length=4000, description="follow_up")


class InspectionTeamOut(Schema):
    official: str
    name: str
    is_leader: bool


class InspectionAnswerOut(Schema):
    item: str
    text: str
    method: str
    data_source: str
    rule: str
    result: str
    expected: int | None
    found: int | None
    note: str
    prefill: dict[str, Any]


class InspectionPresenceOut(Schema):
    official: str
    name: str
    prefilled: str
    detail: str
    confirmed: str
    note: str


class InspectionFindingOut(Schema):
    id: int
    kind: str
    severity: str
    status: str
    description: str
    rule: str
    official: str | None
    task: int | None
    closed_at: dt.datetime | None
    closed_on_time: bool | None
    commitment_breach: int | None


class InspectionEventOut(Schema):
    at: dt.datetime
    kind: str
    from_status: str
    to_status: str
    by: str | None
    note: str


class InspectionItemOut(Schema):
    id: int
    kind: str
    status: str
    status_label: str
    inspecting_unit: str
    target_unit: str
    subject: str
    at: dt.datetime | None


class InspectionOut(InspectionItemOut):
    team: list[InspectionTeamOut]
    answers: list[InspectionAnswerOut]
    presence: list[InspectionPresenceOut]
    findings: list[InspectionFindingOut]
    events: list[InspectionEventOut]
    leader_signed_at: dt.datetime | None
    unit_signed_at: dt.datetime | None
    unit_response: str
    record_symbol: str | None


class InspectionOfficialFiguresOut(Schema):
    employee_code: str
    full_name: str
    findings: int
    breaches: int = Field(description="Findings recorded as a breach of the official's commitment")


class InspectionFiguresOut(Schema):
    held: int
    sudden: int
    findings: int
    by_kind: dict[str, int]
    by_severity: dict[str, int]
    closed: int
    closed_on_time: int
    repeat: int
    by_official: list[InspectionOfficialFiguresOut]


def _official(code: str, field: str) -> Official:
    official = Official.objects.filter(employee_code=code.strip()[:20]).first()
    if official is None:
        raise field_error(
            field, _("Không có cán bộ mã «%(code)s».") % {"code": code[:20]}, "unknown_official"
        )
    return official


def _item(inspection: Inspection) -> dict[str, Any]:
    return {
        "id": inspection.pk,
        "kind": inspection.kind,
        "status": inspection.status,
        "status_label": str(Status(inspection.status).label),
        "inspecting_unit": inspection.inspecting_unit.code,
        "target_unit": inspection.target_unit.code,
        "subject": inspection.subject,
        "at": local_time(inspection.at),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.pk,
        "kind": finding.kind,
        "severity": finding.severity,
        "status": finding.status,
        "description": finding.description,
        "rule": finding.rule,
        "official": finding.official.employee_code if finding.official else None,
        "task": finding.task_id,
        "closed_at": local_time(finding.closed_at),
        "closed_on_time": finding.closed_on_time,
        "commitment_breach": finding.commitment_breach_id,
    }


def _detail(detail: InspectionDetail) -> dict[str, Any]:
    inspection = detail.inspection
    return {
        **_item(inspection),
        "team": [
            {"official": m.official.employee_code, "name": m.official.full_name, "is_leader": m.is_leader}
            for m in detail.team
        ],
        "answers": [
            {
                "item": a.item.code,
                "text": a.item.text,
                "method": a.item.method,
                "data_source": a.item.data_source,
                "rule": a.item.rule,
                "result": a.result,
                "expected": a.expected,
                "found": a.found,
                "note": a.note,
                "prefill": a.prefill,
            }
            for a in detail.answers
        ],
        "presence": [
            {
                "official": p.official.employee_code,
                "name": p.official.full_name,
                "prefilled": p.prefilled,
                "detail": p.detail,
                "confirmed": p.confirmed,
                "note": p.note,
            }
            for p in detail.presence
        ],
        "findings": [_finding(f) for f in detail.findings],
        "events": [
            {
                "at": local_time(e.at),
                "kind": e.kind,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "by": e.actor_official.full_name if e.actor_official else None,
                "note": e.note,
            }
            for e in detail.events
        ],
        "leader_signed_at": local_time(inspection.leader_signed_at),
        "unit_signed_at": local_time(inspection.unit_signed_at),
        "unit_response": inspection.unit_response,
        "record_symbol": inspection.outgoing_document.symbol if inspection.outgoing_document else None,
    }


def _get(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    return _detail(selectors.inspection_detail(user=request.user, inspection_id=inspection_id, purpose="api"))


def _conflict(call: Any) -> Any:
    try:
        with transaction.atomic():
            return call()
    except services.ActionNotAllowed as exc:
        raise ApiError(409, exc.message, "action_not_allowed") from exc


@router.get("/plans", response=list[InspectionPlanOut], summary="Yearly inspection plans")
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
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
        for plan in selectors.plan_list(user=request.user)[:MAX_LIMIT]
    ]


@router.post(
    "/plans", response={201: InspectionPlanOut, 403: ErrorOut, 422: ValidationErrorOut}, summary="Plan a year"
)
def create_plan(request: HttpRequest, payload: InspectionPlanIn) -> HttpStatus[dict[str, Any]]:
    unit = unit_param(payload.unit)
    entries = [(unit_param(e.unit, "entries"), e.subjects, e.month) for e in payload.entries]
    with transaction.atomic():
        plan = services.plan_create(
            actor=request.user, unit=unit, year=payload.year, title=payload.title, entries=entries
        )
    entries_out = [
        {
            "unit": e.target_unit.code,
            "unit_name": e.target_unit.name,
            "subjects": e.subjects,
            "month": e.month,
        }
        for e in plan.entries.select_related("target_unit")
    ]
    return HttpStatus(
        201,
        {"id": plan.pk, "unit": unit.code, "year": plan.year, "title": plan.title, "entries": entries_out},
    )


class _Items:
    def __init__(self, queryset: Any) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [_item(row) for row in self.queryset[window]]


@router.get("", response=list[InspectionItemOut], summary="Inspections the caller may see")
@paginate(LimitOffset, max_limit=MAX_LIMIT)
def list_inspections(request: HttpRequest, status: Text = "", unit: Text = ""):  # type: ignore[no-untyped-def]
    """Newest first; ``status`` one status code; ``unit`` an inspected unit (and its subtree) or the
    inspecting unit."""
    if status and status not in Status.values:
        raise field_error("status", _("Trạng thái không hợp lệ."), "invalid_status")
    scope = unit_param(unit) if unit else None
    return _Items(selectors.inspection_list(user=request.user, status=status, unit=scope))


@router.post(
    "", response={201: InspectionOut, 403: ErrorOut, 422: ValidationErrorOut}, summary="Set up an inspection"
)
def create_inspection(request: HttpRequest, payload: InspectionIn) -> HttpStatus[dict[str, Any]]:
    """A sudden inspection is usually set up and started at once (``start``)."""
    inspecting = unit_param(payload.inspecting_unit, "inspecting_unit")
    target = unit_param(payload.target_unit, "target_unit")
    leader = _official(payload.leader, "leader")
    members = [_official(code, "members") for code in payload.members]
    with transaction.atomic():
        inspection = services.inspection_create(
            actor=request.user,
            inspecting_unit=inspecting,
            target_unit=target,
            kind=payload.kind,
            leader=leader,
            members=members,
            subject=payload.subject,
            start=payload.start,
        )
    return HttpStatus(201, _get(request, inspection.pk))


@router.get(
    "/figures", response=InspectionFiguresOut, summary="Figures of a unit and its subtree over a period"
)
def figures(request: HttpRequest, unit: Text, start: dt.date, end: dt.date) -> dict[str, Any]:
    scope = unit_param(unit)
    require(request.user, Perm.MANAGE_INSPECTIONS, scope)
    if end < start or (end - start).days > 3660:
        raise field_error("end", _("Khoảng thời gian không hợp lệ."), "invalid_period")
    result = selectors.inspection_figures(unit=scope, start=start, end=end)
    return {name: getattr(result, name) for name in InspectionFiguresOut.model_fields}


@router.get("/{inspection_id}", response={200: InspectionOut, 404: ErrorOut}, summary="One inspection")
def get_inspection(request: HttpRequest, inspection_id: Id) -> dict[str, Any]:
    return _get(request, inspection_id)


@router.post(
    "/{inspection_id}/answers/{item}",
    response={200: InspectionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    summary="Save one item's answer",
)
def save_answer(
    request: HttpRequest, inspection_id: Id, item: Text, payload: InspectionAnswerIn
) -> dict[str, Any]:
    inspection = selectors.inspection_get(user=request.user, inspection_id=inspection_id)
    answer = inspection.answers.select_related("item").filter(item__code=item[:50]).first()
    if answer is None:
        raise ApiError(404, _("Không có nội dung kiểm tra «%(item)s».") % {"item": item[:50]}, "not_found")
    _conflict(
        lambda: services.answer_save(
            actor=request.user,
            inspection=inspection,
            answer=answer,
            result=payload.result,
            expected=payload.expected,
            found=payload.found,
            note=payload.note,
        )
    )
    return _get(request, inspection_id)


@router.post(
    "/{inspection_id}/presence/{official}",
    response={200: InspectionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    summary="Confirm or correct one official's presence",
)
def confirm_presence(
    request: HttpRequest, inspection_id: Id, official: Text, payload: InspectionPresenceIn
) -> dict[str, Any]:
    inspection = selectors.inspection_get(user=request.user, inspection_id=inspection_id)
    check = inspection.presence.filter(official__employee_code=official[:20]).first()
    if check is None:
        raise ApiError(404, _("Cán bộ không có trong danh sách của cuộc kiểm tra."), "not_found")
    _conflict(
        lambda: services.presence_confirm(
            actor=request.user,
            inspection=inspection,
            check=check,
            confirmed=payload.confirmed,
            note=payload.note,
        )
    )
    return _get(request, inspection_id)


@router.post(
    "/{inspection_id}/findings",
    response={
        201: InspectionFindingOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="Record a finding",
)
def add_finding(
    request: HttpRequest, inspection_id: Id, payload: InspectionFindingIn
) -> HttpStatus[dict[str, Any]]:
    inspection = selectors.inspection_get(user=request.user, inspection_id=inspection_id)
    item = None
    if payload.item:
        item = inspection.template.items.filter(code=payload.item[:50]).first()
        if item is None:
            raise field_error("item", _("Không có nội dung kiểm tra này."), "unknown_item")
    official = _official(payload.official, "official") if payload.official.strip() else None
    finding = _conflict(
        lambda: services.finding_add(
            actor=request.user,
            inspection=inspection,
            item=item,
            kind=payload.kind,
            severity=payload.severity,
            description=payload.description,
            rule=payload.rule,
            official=official,
        )
    )
    return HttpStatus(201, _finding(finding))


INSPECTION_ACTIONS = ("start", "complete", "sign_leader", "sign_unit", "register", "cancel")


@router.post(
    "/{inspection_id}/actions/{action}",
    response={200: InspectionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    summary="Act on an inspection",
)
def act(
    request: HttpRequest, inspection_id: Id, action: Text, body: InspectionActionIn | None = None
) -> dict[str, Any]:
    """``action``: start, complete, sign_leader, sign_unit (``response``), register (``signer``),
    cancel (``note``)."""
    if action not in INSPECTION_ACTIONS:
        raise ApiError(404, _("Không có thao tác «%(action)s».") % {"action": action[:30]}, "unknown_action")
    inspection = selectors.inspection_get(user=request.user, inspection_id=inspection_id)
    data = body or InspectionActionIn.model_validate({})
    user = request.user
    calls = {
        "start": lambda: services.inspection_start(actor=user, inspection=inspection),
        "complete": lambda: services.inspection_complete(actor=user, inspection=inspection),
        "sign_leader": lambda: services.inspection_sign_leader(actor=user, inspection=inspection),
        "sign_unit": lambda: services.inspection_sign_unit(
            actor=user, inspection=inspection, response=data.response
        ),
        "register": lambda: services.inspection_register_record(
            actor=user,
            inspection=inspection,
            signer=_official(data.signer, "signer") if data.signer else None,
        ),
        "cancel": lambda: services.inspection_cancel(actor=user, inspection=inspection, note=data.note),
    }
    _conflict(calls[action])
    return _get(request, inspection_id)


@router.post(
    "/findings/{finding_id}/actions/{action}",
    response={
        200: InspectionFindingOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="Act on a finding",
)
def act_on_finding(
    request: HttpRequest, finding_id: Id, action: Text, body: InspectionFindingActionIn | None = None
) -> dict[str, Any]:
    """``action``: to_task (``assignee`` or ``assignee_unit``, ``deadline_days`` or
    ``deadline_date``), follow_up (``fixed``, ``note``)."""
    if action not in ("to_task", "follow_up"):
        raise ApiError(404, _("Không có thao tác «%(action)s».") % {"action": action[:30]}, "unknown_action")
    finding = selectors.finding_get(user=request.user, finding_id=finding_id)
    data = body or InspectionFindingActionIn.model_validate({})
    if action == "to_task":
        assignee = _official(data.assignee, "assignee") if data.assignee.strip() else None
        unit = unit_param(data.assignee_unit, "assignee_unit") if data.assignee_unit.strip() else None
        finding = _conflict(
            lambda: services.finding_to_task(
                actor=request.user,
                finding=finding,
                assignee=assignee,
                assignee_unit=unit,
                deadline_days=data.deadline_days,
                deadline_date=data.deadline_date,
            )
        )
    else:
        if data.fixed is None:
            raise field_error(
                "fixed", _("Cần cho biết vi phạm đã được khắc phục hay chưa."), "fixed_required"
            )
        finding = _conflict(
            lambda: services.finding_follow_up(
                actor=request.user, finding=finding, fixed=data.fixed, note=data.note
            )
        )
    return _finding(finding)
