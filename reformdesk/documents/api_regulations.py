"""Staff API at /api/v1/regulations (internal regulations: versions, publication,
acknowledgements) and /api/v1/commitments (the year's templates, signing, the status per unit,
breaches), unit-scoped like the rest.

Errors: 422 with per-field messages for bad input (a version effective before the one it
replaces, say), 409 for an action that does not apply (acknowledging a version one is not
subject to, signing twice), 403 for a role that may not act on the unit, 404 for what the caller
may not read; in each case nothing changes. PDFs are uploaded on the staff pages.
"""

import datetime as dt
from typing import Annotated, Any, Literal

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
    SearchText,
    Text,
    ValidationErrorOut,
    local_time,
)
from reformdesk.core.pagination import LimitOffset
from reformdesk.documents import selectors_regulations as selectors
from reformdesk.documents.choices_regulations import RegulationKind
from reformdesk.documents.models import (
    Commitment,
    CommitmentItem,
    CommitmentTemplate,
    OutgoingDocument,
    RegulationVersion,
)
from reformdesk.documents.services import commitments as commitment_services
from reformdesk.documents.services import regulations as regulation_services
from reformdesk.documents.services.common import ActionNotAllowed
from reformdesk.org.api import unit_param

router = Router()
commitments_router = Router()
MAX_LIMIT = 100
Year = Annotated[int, Field(ge=2000, le=2100, description="A commitment year")]

KindCode = Literal[tuple(RegulationKind.values)]  # type: ignore[valid-type]
CommitmentKindCode = Literal["official", "unit"]


class _Page:
    """A queryset as the paginator slices it, each served row converted."""

    def __init__(self, queryset: Any, convert: Any) -> None:
        self.queryset, self.convert = queryset, convert

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [self.convert(row) for row in self.queryset[window]]


def _conflict(exc: ActionNotAllowed) -> ApiError:
    return ApiError(409, exc.message, "action_not_allowed")


# --- regulations ---------------------------------------------------------------------------------


class RegulationIn(Schema):
    unit: Text = Field(max_length=20, description="Code of the unit whose regulation this is")
    kind: KindCode  # type: ignore[valid-type]
    title: Text = Field(max_length=600, description="At most 300 characters")
    effective_on: dt.date
    issuing_document: Id | None = Field(None, description="Id of the unit's outgoing register entry")
    decision_symbol: Text = Field(
        "", max_length=240, description="The decision's symbol when not in the register"
    )
    replaces: Id | None = Field(None, description="Id of the published version this one replaces")
    body: LongText = Field("", max_length=200_000, description="The text, for search")
    is_public: bool = False


class RegulationAcknowledgementOut(Schema):
    official: str
    employee_code: str
    acknowledged_at: dt.datetime | None


class RegulationItemOut(Schema):
    id: int
    unit: str
    kind: str
    kind_label: str
    title: str
    effective_on: dt.date
    decision: str
    replaces: int | None
    status: str
    is_public: bool
    published_at: dt.datetime | None
    has_pdf: bool


class RegulationOut(RegulationItemOut):
    body: str
    acknowledged_at: dt.datetime | None = Field(description="When the caller acknowledged it")
    acknowledgements: list[RegulationAcknowledgementOut] | None = Field(
        description="Everyone it applies to; only for leaders, reform officers and inspectors"
    )


def _regulation(v: RegulationVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "unit": v.unit.code,
        "kind": v.kind,
        "kind_label": str(RegulationKind(v.kind).label),
        "title": v.title,
        "effective_on": v.effective_on,
        "decision": v.decision,
        "replaces": v.replaces_id,
        "status": v.status,
        "is_public": v.is_public,
        "published_at": local_time(v.published_at),
        "has_pdf": bool(v.pdf),
    }


def _regulation_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    detail = selectors.regulation_detail(user=request.user, pk=pk)
    return {
        **_regulation(detail.version),
        "body": detail.version.body,
        "acknowledged_at": local_time(detail.acknowledged_at),
        "acknowledgements": [
            {
                "official": row.official.full_name,
                "employee_code": row.official.employee_code,
                "acknowledged_at": local_time(row.acknowledged_at),
            }
            for row in detail.acknowledgers
        ]
        if detail.can_see_acknowledgers
        else None,
    }


@router.get("", response=list[RegulationItemOut], summary="Internal regulations")
@paginate(LimitOffset, max_limit=MAX_LIMIT)
def list_regulations(request: HttpRequest, unit: Text = "", kind: Text = "", search: SearchText = ""):  # type: ignore[no-untyped-def]
    """Versions the caller may read (drafts only where they issue regulations), by kind and
    newest first; ``unit`` limits to one unit; ``search`` matches the title, the decision and the
    text, ignoring diacritics and case."""
    scope = unit_param(unit) if unit else None
    if kind and kind not in RegulationKind.values:
        raise ApiError(
            422,
            _("Loại quy chế không hợp lệ."),
            "invalid_kind",
            errors=[{"field": "kind", "message": _("Loại quy chế không hợp lệ.")}],
        )
    rows = selectors.regulation_list(user=request.user, unit=scope, kind=kind, search=search[:200])
    return _Page(rows, _regulation)


@router.get("/pending", response=list[RegulationItemOut], summary="Regulations I have to acknowledge")
def pending_regulations(request: HttpRequest) -> list[dict[str, Any]]:
    """Published versions of the caller's units the caller has not acknowledged yet."""
    return [_regulation(v) for v in selectors.regulations_to_acknowledge(user=request.user)]


@router.post(
    "",
    response={201: RegulationOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Enter a regulation version (draft)",
)
def create_regulation(request: HttpRequest, payload: RegulationIn) -> HttpStatus[dict[str, Any]]:
    """Enter a version as a draft; it may not take effect before the version it replaces."""
    unit = unit_param(payload.unit)
    decision = None
    if payload.issuing_document is not None:
        decision = OutgoingDocument.objects.filter(pk=payload.issuing_document).first()
        if decision is None:
            raise ApiError(
                422,
                _("Không tìm thấy văn bản đi này."),
                "unknown_document",
                errors=[{"field": "issuing_document", "message": _("Không tìm thấy văn bản đi này.")}],
            )
    replaces = None
    if payload.replaces is not None:
        replaces = RegulationVersion.objects.filter(pk=payload.replaces).first()
        if replaces is None:
            raise ApiError(
                422,
                _("Không tìm thấy phiên bản quy chế này."),
                "unknown_version",
                errors=[{"field": "replaces", "message": _("Không tìm thấy phiên bản quy chế này.")}],
            )
    with transaction.atomic():
        version = regulation_services.regulation_create(
            actor=request.user,
            unit=unit,
            kind=payload.kind,
            title=payload.title,
            effective_on=payload.effective_on,
            issuing_document=decision,
            decision_symbol=payload.decision_symbol,
            replaces=replaces,
            body=payload.body,
            is_public=payload.is_public,
        )
    return HttpStatus(201, _regulation_detail(request, version.pk))


@router.get("/{version_id}", response={200: RegulationOut, 404: ErrorOut}, summary="One regulation version")
def get_regulation(request: HttpRequest, version_id: Id) -> dict[str, Any]:
    return _regulation_detail(request, version_id)


@router.post(
    "/{version_id}/publish",
    response={200: RegulationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Publish a version to the unit's officials",
)
def publish_regulation(request: HttpRequest, version_id: Id) -> dict[str, Any]:
    version = selectors.regulation_get(user=request.user, pk=version_id)
    try:
        regulation_services.regulation_publish(actor=request.user, version=version)
    except ActionNotAllowed as exc:
        raise _conflict(exc) from exc
    return _regulation_detail(request, version_id)


@router.post(
    "/{version_id}/acknowledge",
    response={200: RegulationOut, 404: ErrorOut, 409: ErrorOut},
    summary="Acknowledge having read a version",
)
def acknowledge_regulation(request: HttpRequest, version_id: Id) -> dict[str, Any]:
    """Refused (409) for a draft, a second time, or a version the caller is not subject to."""
    version = selectors.regulation_get(user=request.user, pk=version_id)
    try:
        regulation_services.regulation_acknowledge(actor=request.user, version=version)
    except ActionNotAllowed as exc:
        raise _conflict(exc) from exc
    return _regulation_detail(request, version_id)


# --- commitments ---------------------------------------------------------------------------------


class CommitmentTemplateIn(Schema):
    unit: Text = Field(max_length=20, description="Code of the issuing unit; applies to its subtree")
    year: Year
    kind: CommitmentKindCode
    title: Text = Field(max_length=600)
    preamble: LongText = Field("", max_length=20_000)
    items: list[LongText] = Field(max_length=50, description="The items committed to, in order")


class CommitmentItemOut(Schema):
    id: int
    number: int
    text: str


class CommitmentTemplateOut(Schema):
    id: int
    unit: str
    year: int
    kind: str
    title: str
    preamble: str
    items: list[CommitmentItemOut]


class CommitmentSignIn(Schema):
    unit: Text = Field("", max_length=20, description="A unit's template: the code of the unit you lead")


class CommitmentOut(Schema):
    id: int
    template: int
    year: int
    unit: str
    official: str | None
    signed_by: str
    signed_at: dt.datetime


class CommitmentStatusRowOut(Schema):
    official: str
    employee_code: str
    signed_at: dt.datetime | None


class CommitmentStatusOut(Schema):
    unit: str
    year: int
    official_template: int | None
    unit_template: int | None
    unit_signed_at: dt.datetime | None
    signed: int
    missing: int
    officials: list[CommitmentStatusRowOut]


class CommitmentBreachIn(Schema):
    item: int = Field(ge=1, le=50, description="The item's number in the commitment")
    occurred_on: dt.date
    description: LongText = Field(max_length=8000)
    source: Text = Field("", max_length=400, description="Free reference to where it was found")


class CommitmentBreachOut(Schema):
    id: int
    commitment: int
    item: int
    occurred_on: dt.date
    description: str
    source: str


def _template(t: CommitmentTemplate) -> dict[str, Any]:
    return {
        "id": t.pk,
        "unit": t.unit.code,
        "year": t.year,
        "kind": t.kind,
        "title": t.title,
        "preamble": t.preamble,
        "items": [{"id": i.pk, "number": i.number, "text": i.text} for i in t.items.all()],
    }


def _commitment(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "template": c.template_id,
        "year": c.template.year,
        "unit": c.unit.code,
        "official": c.official.full_name if c.official else None,
        "signed_by": c.signed_by.full_name,
        "signed_at": local_time(c.signed_at),
    }


@commitments_router.get("/templates", response=list[CommitmentTemplateOut], summary="Commitment templates")
@paginate(LimitOffset, max_limit=MAX_LIMIT)
def list_templates(request: HttpRequest, year: Year | None = None):  # type: ignore[no-untyped-def]
    """Templates issued by the caller's units or above them, newest year first."""
    return _Page(selectors.templates_list(user=request.user, year=year), _template)


@commitments_router.post(
    "/templates",
    response={201: CommitmentTemplateOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Issue a year's commitment template",
)
def create_template(request: HttpRequest, payload: CommitmentTemplateIn) -> HttpStatus[dict[str, Any]]:
    unit = unit_param(payload.unit)
    template = commitment_services.commitment_template_create(
        actor=request.user,
        unit=unit,
        year=payload.year,
        kind=payload.kind,
        title=payload.title,
        preamble=payload.preamble,
        items=payload.items,
    )
    return HttpStatus(201, _template(template))


@commitments_router.post(
    "/templates/{template_id}/sign",
    response={201: CommitmentOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    summary="Sign a commitment",
)
def sign(request: HttpRequest, template_id: Id, payload: CommitmentSignIn) -> HttpStatus[dict[str, Any]]:
    """An official's template: the caller signs their own. A unit's template: the caller, a
    leader of ``unit``, signs the unit's. Refused (409) a second time or where it does not apply."""
    template = CommitmentTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise ApiError(404, _("Không tìm thấy mẫu cam kết."), "not_found")
    unit = unit_param(payload.unit) if payload.unit else None
    try:
        commitment = commitment_services.commitment_sign(actor=request.user, template=template, unit=unit)
    except ActionNotAllowed as exc:
        raise _conflict(exc) from exc
    commitment = Commitment.objects.select_related("template", "unit", "official", "signed_by").get(
        pk=commitment.pk
    )
    return HttpStatus(201, _commitment(commitment))


class CommitmentToSignOut(Schema):
    template: int
    title: str
    kind: str
    unit: str | None = Field(description="For a unit's commitment: the unit the caller leads")
    commitment: int | None = Field(description="The signed commitment, when signed")
    signed_at: dt.datetime | None


@commitments_router.get("/mine", response=list[CommitmentToSignOut], summary="Commitments I sign")
def mine(request: HttpRequest, year: Year) -> list[dict[str, Any]]:
    """The year's commitments the caller signs (their own, and those of the units they lead),
    signed or not."""
    return [
        {
            "template": row.template.pk,
            "title": row.template.title,
            "kind": row.template.kind,
            "unit": row.unit.code if row.unit else None,
            "commitment": row.commitment.pk if row.commitment else None,
            "signed_at": local_time(row.commitment.signed_at) if row.commitment else None,
        }
        for row in selectors.commitments_of(user=request.user, year=year)
    ]


@commitments_router.get(
    "/status",
    response={200: CommitmentStatusOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Who has signed",
)
def status(request: HttpRequest, unit: Text, year: Year) -> dict[str, Any]:
    """The unit's officials, signed or missing, and the unit's own commitment, for ``year``."""
    found = selectors.commitment_status(user=request.user, unit=unit_param(unit), year=year)
    return {
        "unit": found.unit.code,
        "year": found.year,
        "official_template": found.official_template.pk if found.official_template else None,
        "unit_template": found.unit_template.pk if found.unit_template else None,
        "unit_signed_at": local_time(found.unit_commitment.signed_at) if found.unit_commitment else None,
        "signed": found.signed_count,
        "missing": found.missing_count,
        "officials": [
            {
                "official": row.official.full_name,
                "employee_code": row.official.employee_code,
                "signed_at": local_time(row.commitment.signed_at) if row.commitment else None,
            }
            for row in found.rows
        ],
    }


@commitments_router.get(
    "/{commitment_id}", response={200: CommitmentOut, 404: ErrorOut}, summary="One signed commitment"
)
def get_commitment(request: HttpRequest, commitment_id: Id) -> dict[str, Any]:
    return _commitment(selectors.commitment_get(user=request.user, pk=commitment_id))


@commitments_router.post(
    "/{commitment_id}/breaches",
    response={201: CommitmentBreachOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Record a breach of a commitment item",
)
def create_breach(
    request: HttpRequest, commitment_id: Id, payload: CommitmentBreachIn
) -> HttpStatus[dict[str, Any]]:
    commitment = selectors.commitment_get(user=request.user, pk=commitment_id)
    item = CommitmentItem.objects.filter(template_id=commitment.template_id, number=payload.item).first()
    if item is None:
        message = _("Nội dung này không thuộc bản cam kết đã ký.")
        raise ApiError(422, message, "unknown_item", errors=[{"field": "item", "message": message}])
    breach = commitment_services.record_breach(
        actor=request.user,
        commitment=commitment,
        item=item,
        occurred_on=payload.occurred_on,
        description=payload.description,
        source=payload.source,
    )
    return HttpStatus(
        201,
        {
            "id": breach.pk,
            "commitment": commitment.pk,
            "item": item.number,
            "occurred_on": breach.occurred_on,
            "description": breach.description,
            "source": breach.source,
        },
    )
