"""Staff API at /api/v1/inspections/findings/{id}/commitment…: a finding about an official
recorded as a breach of the official's signed yearly commitment (issue 14). The items to choose
from, then the breach itself.

Errors: 422 when the official has not signed a commitment for the year of the inspection or
the item is not in it, 409 for a finding already recorded (or about no official, or before the
team has finished), 403 for someone who may not record breaches, 404 for a finding the caller
may not see; nothing changes in each case.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus

from reformdesk.core.api import ErrorOut, Id, LongText, ValidationErrorOut, field_error
from reformdesk.documents.models import CommitmentItem
from reformdesk.inspections import selectors, services
from reformdesk.inspections.api import InspectionFindingOut, _conflict, _finding

router = Router()


class InspectionCommitmentItemOut(Schema):
    id: int
    number: int
    text: str


class InspectionSignedCommitmentOut(Schema):
    id: int
    title: str
    year: int
    items: list[InspectionCommitmentItemOut]


class InspectionFindingBreachIn(Schema):
    item: Id = Field(description="Id of the commitment item breached")
    description: LongText = Field("", max_length=4000, description="Defaults to the finding's")


@router.get(
    "/findings/{finding_id}/commitment-items",
    response={200: list[InspectionSignedCommitmentOut], 403: ErrorOut, 404: ErrorOut},
    summary="The items of the official's signed commitment a finding may be recorded against",
)
def commitment_items(request: HttpRequest, finding_id: Id) -> list[dict[str, Any]]:
    """Empty when the finding is about no official, is already recorded, or the official has
    not signed a commitment for the year of the inspection."""
    finding = selectors.finding_get(user=request.user, finding_id=finding_id)
    if not services.may_record_breach(request.user, finding.inspection):
        raise PermissionDenied(_("Bạn không được ghi nhận vi phạm cam kết từ cuộc kiểm tra này."))
    choices = selectors.breach_choices(inspection=finding.inspection, findings=[finding])
    return [
        {
            "id": c.pk,
            "title": c.template.title,
            "year": c.template.year,
            "items": [{"id": i.pk, "number": i.number, "text": i.text} for i in c.template.items.all()],
        }
        for c in choices.get(finding.pk, [])
    ]


@router.post(
    "/findings/{finding_id}/commitment-breach",
    response={
        201: InspectionFindingOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="Record a finding as a breach of a commitment item",
)
def record_breach(
    request: HttpRequest, finding_id: Id, payload: InspectionFindingBreachIn
) -> HttpStatus[dict[str, Any]]:
    finding = selectors.finding_get(user=request.user, finding_id=finding_id)
    item = CommitmentItem.objects.filter(pk=payload.item).first()
    if item is None:
        raise field_error("item", _("Không có nội dung cam kết này."), "unknown_item")
    finding = _conflict(
        lambda: services.finding_record_breach(
            actor=request.user, finding=finding, item=item, description=payload.description
        )
    )
    return HttpStatus(201, _finding(finding))
