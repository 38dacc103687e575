"""Writes on yearly reform plans and reform reports. Every change writes one ``PlanEvent`` row
and one audit row; a refusal (``ValidationError`` by field, or ``PermissionDenied``) saves
nothing.

Who may do what (``org.permissions``): a leader holding ``Perm.ASSIGN_TASKS`` on the unit draws
up, fills and approves its plan (each item is a task they assign); a reform officer holding
``Perm.ENTER_INDEX`` on the unit opens its reporting schedule for a year; whoever registers the
unit's documents (``Perm.REGISTER_DOCUMENTS``) submits its reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.assignments.models import TITLE_MAX_CHARS
from reformdesk.assignments.services import task_assign
from reformdesk.core.services.audit import audit_created, audit_record
from reformdesk.core.uploads import check_upload
from reformdesk.documents.choices import DocumentType, OutgoingStatus
from reformdesk.documents.models import OutgoingDocument
from reformdesk.documents.services import outgoing_register
from reformdesk.org.models import Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, require
from reformdesk.scoring.models_plans import (
    PlanEvent,
    PlanEventKind,
    PlanItem,
    PlanStatus,
    ReformPlan,
    ReportKind,
    ReportObligation,
    ReportSubmission,
)
from reformdesk.scoring.plans_rules import REPORT_SCHEDULE, scheduled_due
from reformdesk.scoring.services.frameworks import MAX_YEAR, MIN_YEAR

REFERENCE_MAX_CHARS = 60
DEFAULT_RECIPIENTS = "UBND tỉnh (Sở Nội vụ)"


def _event(
    *,
    kind: str,
    actor: AnyUser,
    at: dt.datetime,
    unit: Unit,
    year: int,
    plan: ReformPlan | None = None,
    item: PlanItem | None = None,
    obligation: ReportObligation | None = None,
    data: dict[str, Any] | None = None,
) -> PlanEvent:
    return PlanEvent.objects.create(
        kind=kind,
        at=at,
        actor=actor if actor.is_authenticated else None,
        unit=unit,
        year=year,
        plan=plan,
        item=item,
        obligation=obligation,
        data=data or {},
    )


def _line(errors: dict[str, str], name: str, value: str, *, limit: int, required: str = "") -> str:
    value = " ".join((value or "").split())
    if required and not value:
        errors[name] = required
    elif len(value) > limit:
        errors[name] = _("Tối đa %(limit)s ký tự.") % {"limit": limit}
    return value


def _document_errors(errors: dict[str, str], *, document: OutgoingDocument, unit: Unit, name: str) -> None:
    if document.unit_id != unit.pk:
        errors[name] = _("Văn bản %(symbol)s không phải của %(unit)s.") % {
            "symbol": document.symbol,
            "unit": unit.name,
        }
    elif document.status == OutgoingStatus.CANCELLED:
        errors[name] = _("Văn bản %(symbol)s đã bị hủy số.") % {"symbol": document.symbol}


@transaction.atomic
def plan_create(
    *,
    actor: AnyUser,
    unit: Unit,
    year: int,
    title: str,
    reference: str = "",
    document: OutgoingDocument | None = None,
) -> ReformPlan:
    """Draw up ``unit``'s reform plan for ``year``. Refused: a second plan for the same unit and
    year, a year out of range, no title, a document of another unit or a cancelled number."""
    require(actor, Perm.ASSIGN_TASKS, unit)
    assert isinstance(actor, User)
    errors: dict[str, str] = {}
    title = _line(errors, "title", title, limit=300, required=_("Cần ghi tên kế hoạch."))
    reference = _line(errors, "reference", reference, limit=REFERENCE_MAX_CHARS)
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = _("Năm phải từ %(low)s đến %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR}
    elif ReformPlan.objects.filter(unit=unit, year=year).exists():
        errors["year"] = _("%(unit)s đã có kế hoạch CCHC năm %(year)s.") % {"unit": unit.name, "year": year}
    if document is not None:
        _document_errors(errors, document=document, unit=unit, name="document")
        reference = reference or document.symbol
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    try:
        with transaction.atomic():
            plan = ReformPlan.objects.create(
                unit=unit,
                year=year,
                title=title,
                reference=reference,
                document=document,
                created_at=now,
                created_by=actor,
            )
    except IntegrityError as error:  # the same plan created at the same moment elsewhere
        raise ValidationError(
            {"year": _("%(unit)s đã có kế hoạch CCHC năm %(year)s.") % {"unit": unit.name, "year": year}}
        ) from error
    _event(kind=PlanEventKind.PLAN_CREATED, actor=actor, at=now, unit=unit, year=year, plan=plan)
    audit_created(
        actor=actor,
        obj=plan,
        fields=("unit_id", "year", "title", "reference", "document_id", "status"),
        action="reform_plan.create",
    )
    return plan


@transaction.atomic
def plan_add_item(
    *,
    actor: AnyUser,
    plan: ReformPlan,
    title: str,
    due_on: dt.date,
    expected_output: str = "",
    assignee: Official | None = None,
    assignee_unit: Unit | None = None,
    at: dt.datetime | None = None,
) -> PlanItem:
    """Add an item to ``plan`` and assign it as a task (``assignments.services.task_assign``) due
    at the end of the working day ``due_on``, to an official of the plan's unit or to a unit below
    it. Refused: a due day outside the plan's year, and everything ``task_assign`` refuses (a
    past day, a day off, an assignee outside the actor's authority)."""
    require(actor, Perm.ASSIGN_TASKS, plan.unit)
    errors: dict[str, str] = {}
    title = _line(errors, "title", title, limit=TITLE_MAX_CHARS, required=_("Cần ghi nội dung của kế hoạch."))
    if due_on.year != plan.year:
        errors["due_on"] = _("Thời hạn phải là một ngày trong năm %(year)s của kế hoạch.") % {
            "year": plan.year
        }
    if errors:
        raise ValidationError(errors)
    reference = plan.reference or _("Kế hoạch CCHC năm %(year)s") % {"year": plan.year}
    task = task_assign(
        actor=actor,
        title=title,
        expected_output=expected_output.strip() or title,
        assignee=assignee,
        assignee_unit=assignee_unit,
        deadline_date=due_on,
        source_reference=reference[:300],
        at=at,
    )
    if task.unit_id != plan.unit_id and plan.unit_id not in task.unit.ancestor_ids():
        # A task counts at its unit (the assignee's): an item of this plan must count under it.
        raise ValidationError(
            {"assignee": _("Người thực hiện phải thuộc %(unit)s.") % {"unit": plan.unit.name}}
        )
    now = timezone.now()
    item = PlanItem.objects.create(plan=plan, title=title, due_on=due_on, task=task, created_at=now)
    _event(
        kind=PlanEventKind.ITEM_ADDED,
        actor=actor,
        at=now,
        unit=plan.unit,
        year=plan.year,
        plan=plan,
        item=item,
        data={"task": task.pk, "due_on": due_on.isoformat()},
    )
    audit_created(
        actor=actor, obj=item, fields=("plan_id", "title", "due_on", "task_id"), action="plan_item.add"
    )
    return item


@transaction.atomic
def plan_approve(*, actor: AnyUser, plan: ReformPlan) -> ReformPlan:
    """Mark the plan as issued. Refused for a plan already approved or without any item."""
    plan = ReformPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    require(actor, Perm.ASSIGN_TASKS, plan.unit)
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError({"status": _("Kế hoạch đã được ban hành.")})
    if not plan.items.exists():
        raise ValidationError({"status": _("Kế hoạch chưa có nội dung nào.")})
    now = timezone.now()
    plan.status = PlanStatus.APPROVED
    plan.approved_at = now
    plan.approved_by = actor if isinstance(actor, User) else None
    plan.save(update_fields=["status", "approved_at", "approved_by"])
    _event(kind=PlanEventKind.PLAN_APPROVED, actor=actor, at=now, unit=plan.unit, year=plan.year, plan=plan)
    audit_record(
        actor=actor,
        action="reform_plan.approve",
        obj=plan,
        changes={"status": [PlanStatus.DRAFT, PlanStatus.APPROVED]},
    )
    return plan


@transaction.atomic
def report_obligations_open(*, actor: AnyUser, unit: Unit, year: int) -> list[ReportObligation]:
    """Open ``unit``'s reporting schedule for ``year``: one obligation per kind in
    ``plans_rules.REPORT_SCHEDULE`` that the unit does not owe yet. Returns the new rows."""
    require(actor, Perm.ENTER_INDEX, unit)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": _("Năm phải từ %(low)s đến %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR}}
        )
    now = timezone.now()
    have = set(ReportObligation.objects.filter(unit=unit, year=year).values_list("kind", flat=True))
    created = [
        ReportObligation.objects.create(
            unit=unit, year=year, kind=kind, due_on=scheduled_due(kind, year), basis=basis, created_at=now
        )
        for kind, (_month, _day, basis) in REPORT_SCHEDULE.items()
        if kind not in have
    ]
    if created:
        _event(
            kind=PlanEventKind.OBLIGATIONS_OPENED,
            actor=actor,
            at=now,
            unit=unit,
            year=year,
            data={"kinds": [o.kind for o in created]},
        )
        audit_record(
            actor=actor,
            action="report_obligation.open",
            object_type="scoring.reportobligation",
            object_id=",".join(str(o.pk) for o in created),
            object_repr=f"{unit.code} {year}",
            changes={"kinds": [None, [o.kind for o in created]]},
        )
    return created


@transaction.atomic
def report_submit(
    *,
    actor: AnyUser,
    obligation: ReportObligation,
    document: OutgoingDocument,
    at: dt.datetime | None = None,
) -> ReportSubmission:
    """Submit ``document`` (an entry of the unit's outgoing register) for ``obligation``, now.
    Refused: an obligation already submitted, a document of another unit, a cancelled number, a
    document already submitted for another obligation."""
    obligation = ReportObligation.objects.select_for_update().select_related("unit").get(pk=obligation.pk)
    require(actor, Perm.REGISTER_DOCUMENTS, obligation.unit)
    errors: dict[str, str] = {}
    if ReportSubmission.objects.filter(obligation=obligation).exists():
        errors["obligation"] = _("Báo cáo này đã được nộp.")
    _document_errors(errors, document=document, unit=obligation.unit, name="document")
    if "document" not in errors and ReportSubmission.objects.filter(document=document).exists():
        errors["document"] = _("Văn bản %(symbol)s đã được nộp cho một báo cáo khác.") % {
            "symbol": document.symbol
        }
    if errors:
        raise ValidationError(errors)
    now = at or timezone.now()  # ``at``: a submission recorded after the fact (demo, imports)
    submission = ReportSubmission.objects.create(
        obligation=obligation,
        document=document,
        submitted_at=now,
        submitted_by=actor if isinstance(actor, User) else None,
    )
    _event(
        kind=PlanEventKind.REPORT_SUBMITTED,
        actor=actor,
        at=now,
        unit=obligation.unit,
        year=obligation.year,
        obligation=obligation,
        data={"document": document.pk, "symbol": document.symbol},
    )
    audit_created(
        actor=actor,
        obj=submission,
        fields=("obligation_id", "document_id", "submitted_at"),
        action="report.submit",
    )
    return submission


@transaction.atomic
def report_submit_upload(
    *,
    actor: AnyUser,
    obligation: ReportObligation,
    upload: UploadedFile,
    signer: Official,
    summary: str = "",
) -> ReportSubmission:
    """Register the signed PDF ``upload`` in the unit's outgoing register (a report, or a plan
    for the plan's obligation; ``documents.services.outgoing_register``, its own event row) and
    submit it for ``obligation``. The file is checked by content (``core.uploads``)."""
    obligation = ReportObligation.objects.select_related("unit").get(pk=obligation.pk)
    require(actor, Perm.REGISTER_DOCUMENTS, obligation.unit)
    try:
        checked = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    label = ReportKind(obligation.kind).label
    document = outgoing_register(
        actor=actor,
        unit=obligation.unit,
        doc_type=DocumentType.PLAN if obligation.kind == ReportKind.PLAN else DocumentType.REPORT,
        summary=summary.strip() or f"{label} {obligation.year}",
        issued_on=timezone.localdate(),
        signer=signer,
        recipients=DEFAULT_RECIPIENTS,
        signed_pdf=checked,
    )
    return report_submit(actor=actor, obligation=obligation, document=document)
