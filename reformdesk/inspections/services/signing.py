"""Signing the record: the team leader first (the record is then frozen), then the inspected
unit's leader with the unit's response; once both signed, the record is entered in the
inspecting unit's outgoing register as a biên bản (through the documents services)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.uploads import check_upload
from reformdesk.documents.choices import DocumentType
from reformdesk.documents.services.outgoing import outgoing_register
from reformdesk.inspections.choices import SIGNED_STATUSES, EventKind, Status
from reformdesk.inspections.models import Inspection
from reformdesk.inspections.models.inspections import RESPONSE_MAX_CHARS
from reformdesk.inspections.record import record_digest, record_pdf
from reformdesk.inspections.selectors import detail_of
from reformdesk.inspections.services.base import (
    ActionNotAllowed,
    Errors,
    check_team,
    checked,
    expect,
    locked,
    moment,
    official_of,
    raise_errors,
    record,
    transition,
)
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official
from reformdesk.org.permissions import AnyUser


@transaction.atomic
def inspection_sign_leader(
    *, actor: AnyUser, inspection: Inspection, at: dt.datetime | None = None
) -> Inspection:
    """The team leader signs the finished record; from then on nothing in it changes."""
    inspection = locked(inspection)
    me = check_team(actor, inspection, leader=True)
    if inspection.status in SIGNED_STATUSES:
        raise ActionNotAllowed(_("Trưởng đoàn đã ký biên bản này."))
    expect(inspection, {Status.COMPLETED}, _("Cuộc kiểm tra chưa kết thúc: chưa ký biên bản được."))
    at = moment(at)
    transition(
        inspection,
        kind=EventKind.LEADER_SIGNED,
        actor=actor,
        at=at,
        status=Status.LEADER_SIGNED,
        fields={"leader_signed_at": at, "leader_signed_by": me, "record_sha256": record_digest(inspection)},
    )
    return inspection


def leads_target(official: Official | None, inspection: Inspection, on: dt.date) -> bool:
    return (
        official is not None
        and Membership.objects.active_on(on)
        .filter(official=official, unit=inspection.target_unit, role=Role.LEADER)
        .exists()
    )


@transaction.atomic
def inspection_sign_unit(
    *, actor: AnyUser, inspection: Inspection, response: str = "", at: dt.datetime | None = None
) -> Inspection:
    """The inspected unit's leader writes the unit's response and signs; signing twice is
    refused, and so is a record whose contents changed since the team leader signed it."""
    inspection = locked(inspection)
    at = moment(at)
    me = official_of(actor)
    if not leads_target(me, inspection, timezone.localtime(at).date()):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị được kiểm tra mới ký biên bản thay mặt đơn vị."))
    if inspection.status == Status.SIGNED:
        raise ActionNotAllowed(_("Đơn vị đã ký biên bản này."))
    expect(inspection, {Status.LEADER_SIGNED}, _("Trưởng đoàn chưa ký biên bản."))
    if record_digest(inspection) != inspection.record_sha256:
        raise ActionNotAllowed(_("Nội dung biên bản đã thay đổi sau khi trưởng đoàn ký."))
    errors: Errors = {}
    response = checked(errors, response, name="response", limit=RESPONSE_MAX_CHARS)
    raise_errors(errors)
    transition(
        inspection,
        kind=EventKind.UNIT_SIGNED,
        actor=actor,
        at=at,
        status=Status.SIGNED,
        fields={"unit_response": response, "unit_signed_at": at, "unit_signed_by": me},
    )
    return inspection


@transaction.atomic
def inspection_register_record(
    *, actor: AnyUser, inspection: Inspection, signer: Official | None = None
) -> Inspection:
    """Enter the signed record in the inspecting unit's outgoing register (a biên bản, "BB"),
    with its PDF; the register's rules apply (who may register, the signer leads the unit)."""
    inspection = locked(inspection)
    expect(inspection, {Status.SIGNED}, _("Biên bản chưa được ký đủ: chưa vào sổ được."))
    if inspection.outgoing_document_id is not None:
        raise ActionNotAllowed(_("Biên bản đã được vào sổ văn bản đi."))
    signer = signer or inspection.inspecting_unit.leader
    if signer is None:
        raise_errors({"signer": [_("Cần chọn người ký của đơn vị kiểm tra.")]})
    assert signer is not None and inspection.unit_signed_at is not None
    pdf = record_pdf(detail=detail_of(inspection))
    checked_pdf = check_upload(
        SimpleUploadedFile("bien-ban-kiem-tra.pdf", pdf, content_type="application/pdf")
    )
    document = outgoing_register(
        actor=actor,
        unit=inspection.inspecting_unit,
        doc_type=DocumentType.MINUTES,
        summary=_("Biên bản kiểm tra công vụ tại %(unit)s ngày %(day)s")
        % {
            "unit": inspection.target_unit.name,
            "day": timezone.localtime(inspection.at).strftime("%d/%m/%Y") if inspection.at else "",
        },
        issued_on=timezone.localdate(),
        signer=signer,
        recipients=inspection.target_unit.name,
        signed_pdf=checked_pdf,
    )
    inspection.outgoing_document = document
    inspection.save(update_fields=["outgoing_document", "updated_at"])
    record(
        inspection=inspection,
        kind=EventKind.REGISTERED,
        actor=actor,
        at=timezone.now(),
        from_status=inspection.status,
        data={"document": document.pk, "symbol": document.symbol},
        changes={"outgoing_document": [None, document.pk]},
    )
    return inspection
