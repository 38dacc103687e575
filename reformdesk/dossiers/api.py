"""Staff API at /api/v1/dossiers: intake, worklists, one dossier, and actions on it.

Errors: 422 with per-field messages for bad input, 409 for an action the dossier's status does
not allow, 403 for a role that may not act; in each case nothing changes.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate

from reformdesk.catalog.choices import Channel
from reformdesk.catalog.models import Procedure, ProcedureCase
from reformdesk.core.api import (
    ApiError,
    Digits,
    ErrorOut,
    Id,
    LongText,
    SearchText,
    Text,
    ValidationErrorOut,
    field_error,
    local_time,
)
from reformdesk.core.pagination import AccessLogged, LimitOffset
from reformdesk.dossiers import actions, selectors, services, workflow
from reformdesk.dossiers.choices import EventKind, Status
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.models.dossier import MAX_FEE_VND
from reformdesk.dossiers.selectors import Worklist
from reformdesk.dossiers.workflow import WORKFLOW
from reformdesk.org.api import unit_param
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, units_with_perm

router = Router()
MAX_LIMIT = 100


class ApplicantIn(Schema):
    name: Text = Field(max_length=200)
    kind: Literal["person", "organisation"] = "person"
    id_number: Digits = Field("", max_length=14)
    phone: Digits = Field("", max_length=20)
    email: Text = Field("", max_length=254)
    address: Text = Field("", max_length=300)
    representative_name: Text = Field("", max_length=200)
    representative_id_number: Digits = Field("", max_length=12)


class DossierIn(Schema):
    procedure: Text = Field(description="National procedure code, e.g. 1.001193")
    channel: Literal[1, 2, 3] = 1
    unit: Text | None = Field(None, description="Receiving unit code; needed when you receive at several")
    processing_unit: Text | None = Field(None, description="Competent unit code when it is not the desk's")
    case: Id | None = None
    applicant: ApplicantIn
    papers: list[Id | Text] = Field(default_factory=list, description="Submitted papers: ids or exact names")
    client_token: uuid.UUID | None = Field(None, description="Repeat it to make a retried request harmless")
    note: LongText = Field("", max_length=2000)
    papers_digitised: bool = Field(False, description="The papers were scanned into the dossier")
    reused_from: Text = Field(
        "",
        max_length=32,
        description="Code of an earlier dossier of the same applicant whose digitised data were reused",
    )
    population_data_used: bool = Field(False, description="The national population database was used")


class DigitisationOut(Schema):
    """What the 766 index's digitisation and online payment groups count."""

    papers_digitised: bool
    reused_from: str | None
    population_data_used: bool
    electronic_result: bool
    paid_online: bool


class StepOut(Schema):
    order: int
    kind: str
    name: str
    unit: str
    assignee: str | None
    due_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    outcome: str


class EventOut(Schema):
    at: dt.datetime
    kind: str
    label: str
    from_status: int | None
    to_status: int
    by: str | None
    from_official: str | None
    to_official: str | None
    note: str
    data: dict[str, Any]


class DossierItemOut(Schema):
    code: str
    status: int
    status_label: str
    channel: int
    procedure: str
    procedure_name: str
    applicant_name: str
    receiving_unit: str
    processing_unit: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    apology_due_at: dt.datetime | None
    assignee: str | None
    outcome: str


class DossierOut(DossierItemOut):
    secret: str
    applicant: ApplicantIn
    case: int | None
    time_limit_days: float | None
    supplement_count: int
    finished_at: dt.datetime | None
    delivered_at: dt.datetime | None
    result_kind: str
    missing_papers: list[str]
    digitisation: DigitisationOut
    steps: list[StepOut]
    events: list[EventOut]


class ActionIn(Schema):
    note: LongText = Field("", max_length=2000)
    to_official: Text | None = Field(None, description="Employee code of the official to hand over to")
    missing: list[Text] = Field(default_factory=list, max_length=50)
    papers: list[Id | Text] = Field(default_factory=list)
    amount_vnd: int | None = Field(None, ge=1, le=MAX_FEE_VND, description="Fees to pay, in đồng")
    reasons: LongText = Field("", max_length=4000)
    new_due_at: dt.datetime | None = None
    method: Text = ""
    collected_by: Text = Field("", max_length=200)
    papers_digitised: bool | None = Field(None, description="accept, digitisation; omitted: unchanged")
    reused_from: Text | None = Field(
        None, max_length=32, description='accept, digitisation: an earlier dossier\'s code; "" clears it'
    )
    population_data_used: bool | None = Field(None, description="accept, digitisation")
    electronic_result: bool | None = Field(None, description="deliver, digitisation")
    paid_online: bool = Field(False, description="fees_paid: paid through an online payment service")


def _item(d: Dossier) -> dict[str, Any]:
    return {
        "code": d.code,
        "status": d.status,
        "status_label": str(Status(d.status).label),
        "channel": d.channel,
        "procedure": d.procedure.national_code,
        "procedure_name": d.procedure.name,
        "applicant_name": d.applicant_name,
        "receiving_unit": d.receiving_unit.code,
        "processing_unit": d.processing_unit.code,
        "submitted_at": local_time(d.submitted_at),
        "received_at": local_time(d.received_at),
        "due_at": local_time(d.due_at),
        "apology_due_at": local_time(d.apology_due_at),
        "assignee": d.assignee.full_name if d.assignee else None,
        "outcome": d.outcome,
    }


def _detail(detail: selectors.DossierDetail) -> dict[str, Any]:
    d = detail.dossier
    asked = [
        e for e in detail.events if e.kind in (EventKind.INTAKE_SUPPLEMENT, EventKind.SUPPLEMENT_REQUESTED)
    ]
    return {
        **_item(d),
        "secret": d.secret,
        "applicant": {
            "name": d.applicant_name,
            "kind": d.applicant_kind,
            "id_number": d.applicant_id_number,
            "phone": d.applicant_phone,
            "email": d.applicant_email,
            "address": d.applicant_address,
            "representative_name": d.representative_name,
            "representative_id_number": d.representative_id_number,
        },
        "case": d.case_id,
        "time_limit_days": float(d.time_limit_days) if d.time_limit_days is not None else None,
        "supplement_count": d.supplement_count,
        "finished_at": local_time(d.finished_at),
        "delivered_at": local_time(d.delivered_at),
        "result_kind": d.result_kind,
        "digitisation": {
            "papers_digitised": d.papers_digitised,
            "reused_from": d.reused_from.code if d.reused_from else None,
            "population_data_used": d.population_data_used,
            "electronic_result": d.electronic_result,
            "paid_online": d.paid_online,
        },
        "missing_papers": list(asked[-1].data.get("missing", []))
        if asked and d.status == Status.SUPPLEMENT
        else [],
        "steps": [
            {
                "order": s.order,
                "kind": s.kind,
                "name": s.name,
                "unit": s.unit.code,
                "assignee": s.assignee.full_name if s.assignee else None,
                "due_at": local_time(s.due_at),
                "started_at": local_time(s.started_at),
                "finished_at": local_time(s.finished_at),
                "outcome": s.outcome,
            }
            for s in detail.steps
        ],
        "events": [
            {
                "at": local_time(e.at),
                "kind": e.kind,
                "label": str(EventKind(e.kind).label),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "by": e.actor_official.full_name if e.actor_official else None,
                "from_official": e.from_official.full_name if e.from_official else None,
                "to_official": e.to_official.full_name if e.to_official else None,
                "note": e.note,
                "data": e.data,
            }
            for e in detail.events
        ],
    }


def _receiving_unit(request: HttpRequest, code: str | None) -> Unit:
    if code:
        return unit_param(code)
    units = units_with_perm(request.user, Perm.RECEIVE_DOSSIERS)
    if len(units) != 1:
        raise field_error(
            "unit", _("Bạn tiếp nhận hồ sơ tại nhiều đơn vị: hãy ghi mã đơn vị tiếp nhận."), "unit_required"
        )
    return units[0]


def _procedure(code: str) -> Procedure:
    procedure = Procedure.objects.filter(national_code=code.strip()).first()
    if procedure is None:
        raise field_error(
            "procedure", _("Không có thủ tục mã «%(code)s».") % {"code": code[:20]}, "unknown_procedure"
        )
    return procedure


def _not_allowed(call: Callable[[], Dossier]) -> Dossier:
    try:
        return call()
    except services.ActionNotAllowed as exc:
        raise ApiError(409, exc.message, "action_not_allowed") from exc


@router.post(
    "",
    response={201: DossierOut, 403: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    summary="Record a dossier at a one-stop desk",
)
def create_dossier(request: HttpRequest, payload: DossierIn) -> HttpStatus[dict[str, Any]]:
    """Received with a code and an appointment when every required paper is there (status 2),
    else one supplement request listing the missing papers (status 5). Channel 2 records a dossier
    filed online and checked by the officer in one call."""
    unit = _receiving_unit(request, payload.unit)
    procedure = _procedure(payload.procedure)
    processing = unit_param(payload.processing_unit, "processing_unit") if payload.processing_unit else None
    case = None
    if payload.case is not None:
        case = ProcedureCase.objects.filter(pk=payload.case, version__procedure=procedure).first()
        if case is None:
            raise field_error("case", _("Trường hợp không thuộc thủ tục này."), "unknown_case")
    version = procedure.version_on(timezone.localdate())  # checked again, with the moment, by the service
    applicant = services.Applicant(**payload.applicant.dict())
    digitisation = services.Digitisation(
        papers_digitised=payload.papers_digitised,
        reused_from=payload.reused_from,
        population_data_used=payload.population_data_used,
    )
    with transaction.atomic():
        ids = actions.paper_ids(version_id=version.pk, case=case, papers=payload.papers) if version else []
        if payload.channel == Channel.ONLINE:
            if processing is not None:
                raise field_error(
                    "processing_unit", _("Hồ sơ trực tuyến do đơn vị nhận giải quyết."), "invalid"
                )
            dossier = services.dossier_submit_online(
                unit=unit,
                procedure=procedure,
                applicant=applicant,
                case=case,
                client_token=payload.client_token,
                files_required=False,  # the officer checks the papers just below
            )
            if dossier.status == Status.SUBMITTED:
                dossier = services.dossier_accept(
                    actor=request.user, dossier=dossier, submitted_papers=ids, digitisation=digitisation
                )
        else:
            dossier = services.dossier_receive(
                actor=request.user,
                unit=unit,
                procedure=procedure,
                applicant=applicant,
                submitted_papers=ids,
                channel=payload.channel,
                case=case,
                processing_unit=processing,
                client_token=payload.client_token,
                note=payload.note,
                digitisation=digitisation,
            )
    return HttpStatus(
        201, _detail(selectors.dossier_detail(user=request.user, code=dossier.code, purpose="create"))
    )


@router.get("", response=list[DossierItemOut], summary="Worklists and search")
@paginate(LimitOffset, max_limit=MAX_LIMIT)
def list_dossiers(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    list: Worklist = Worklist.UNIT,
    unit: Text = "",
    status: int | None = Query(None, ge=min(Status.values), le=max(Status.values)),
    search: SearchText = "",
    procedure: Text = "",
):
    """Dossiers the caller may read. ``list``: mine, unit (open, the default), due_soon (within a
    working day), overdue, supplement, to_receive, all; ``unit`` limits to a unit and its subtree;
    ``search`` matches the code, the applicant's name or ID number."""
    if status is not None and status not in Status.values:
        raise field_error("status", _("Trạng thái phải là một số từ 1 đến 10."), "invalid_status")
    scope = unit_param(unit) if unit else None
    # Each listed dossier shows its applicant's name: one access row per dossier returned.
    return AccessLogged(
        selectors.dossier_worklist(
            user=request.user,
            worklist=list,
            unit=scope,
            status=status,
            search=search[:200],
            procedure_code=procedure.strip(),
        ),
        actor=request.user,
        purpose="api.list",
        convert=_item,
    )


@router.get("/{code}", response={200: DossierOut, 404: ErrorOut}, summary="One dossier with its timeline")
def get_dossier(request: HttpRequest, code: Text) -> dict[str, Any]:
    return _detail(selectors.dossier_detail(user=request.user, code=code))


@router.post(
    "/{code}/actions/{action}",
    response={200: DossierOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    summary="Act on a dossier",
)
def act(request: HttpRequest, code: Text, action: Text, body: ActionIn | None = None) -> dict[str, Any]:
    """``action``: accept, refuse, forward, approve, send_back, reassign, request_supplement,
    receive_supplement, request_fees, fees_paid, decline, apologise, withdraw, stop, deliver,
    digitisation (papers digitised, data reused from an earlier dossier, population data used,
    electronic result; a flag omitted is left as recorded)."""
    if action not in WORKFLOW:
        raise ApiError(404, _("Không có thao tác «%(action)s».") % {"action": action[:30]}, "unknown_action")
    dossier = selectors.visible_dossiers(user=request.user).filter(code=code).first()
    if dossier is None:
        raise ApiError(404, _("Không tìm thấy hồ sơ."), "not_found")
    data = actions.ActionData(**(body or ActionIn()).dict())
    _not_allowed(lambda: workflow.perform(action, user=request.user, dossier=dossier, data=data))
    return _detail(selectors.dossier_detail(user=request.user, code=code, purpose=f"action:{action}"))
