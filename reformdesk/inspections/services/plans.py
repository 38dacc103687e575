"""The yearly plan of an inspecting unit: planning the year, then editing its lines on the plan's
page — a line added, changed or removed — each change with its event row and audit row.

What a line allows once inspections cite it (issue 14 is silent; decided here):

- once an inspection of the line has *started*, the line is what was inspected: it is not
  changed or removed any more;
- while an inspection set up for it has not started, its subjects and month may change but not
  its target unit (the inspection was set up for that unit);
- a line that any inspection cites, even a cancelled one, is not removed (the inspection keeps
  citing its line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record
from reformdesk.inspections.choices import STARTED_STATUSES, PlanEventKind, Status
from reformdesk.inspections.models import Inspection, InspectionPlan, PlanEntry, PlanEvent
from reformdesk.inspections.services.base import (
    ActionNotAllowed,
    Errors,
    add,
    checked,
    moment,
    official_of,
    raise_errors,
)
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, require

SUBJECTS_MAX_CHARS = 500


def _entry_values(
    errors: Errors, *, actor: AnyUser, unit: Unit, target: Unit, subjects: str, month: int
) -> str:
    """The checks of one line, its refusals added to ``errors``; the cleaned subjects."""
    if target.pk == unit.pk or not has_perm(actor, Perm.MANAGE_INSPECTIONS, target):
        add(errors, "entries", _("%(unit)s không thuộc phạm vi kiểm tra của đơn vị.") % {"unit": target})
    if not 1 <= month <= 12:
        add(errors, "entries", _("Tháng phải từ 1 đến 12."))
    subjects = " ".join((subjects or "").split())
    if not subjects or len(subjects) > SUBJECTS_MAX_CHARS:
        add(errors, "entries", _("Cần ghi nội dung kiểm tra (tối đa 500 ký tự)."))
    return subjects


def _values(entry: PlanEntry) -> dict[str, Any]:
    return {"target_unit": entry.target_unit_id, "subjects": entry.subjects, "month": entry.month}


def _record(
    *,
    plan: InspectionPlan,
    kind: str,
    actor: AnyUser,
    at: dt.datetime,
    entry: PlanEntry | None,
    data: dict[str, Any],
    changes: dict[str, Any],
) -> PlanEvent:
    event = PlanEvent.objects.create(
        plan=plan,
        entry=entry,
        kind=kind,
        at=at,
        actor=actor if isinstance(actor, User) and actor.is_authenticated else None,
        actor_official=official_of(actor),
        data=data,
    )
    audit_record(actor=actor, action=f"inspection_plan.{kind}", obj=plan, changes=changes)
    return event


@transaction.atomic
def plan_create(
    *,
    actor: AnyUser,
    unit: Unit,
    year: int,
    title: str,
    entries: Sequence[tuple[Unit, str, int]],
    at: dt.datetime | None = None,
) -> InspectionPlan:
    """``unit``'s plan for ``year``: each entry a target unit, the subjects and the month."""
    require(actor, Perm.MANAGE_INSPECTIONS, unit)
    at = moment(at)
    errors: Errors = {}
    title = checked(
        errors, title, name="title", required=_("Cần ghi tên kế hoạch."), multiline=False, limit=300
    )
    if not 2000 <= year <= 2100:
        add(errors, "year", _("Năm không hợp lệ."))
    elif InspectionPlan.objects.filter(unit=unit, year=year).exists():
        add(errors, "year", _("Đơn vị đã có kế hoạch kiểm tra năm %(year)d.") % {"year": year})
    if not entries:
        add(errors, "entries", _("Kế hoạch cần ít nhất một đơn vị được kiểm tra."))
    clean_entries = [
        (
            target,
            _entry_values(errors, actor=actor, unit=unit, target=target, subjects=subjects, month=month),
            month,
        )
        for target, subjects, month in entries
    ]
    raise_errors(errors)
    assert isinstance(actor, User)
    plan = InspectionPlan.objects.create(unit=unit, year=year, title=title, created_by=actor, created_at=at)
    PlanEntry.objects.bulk_create(
        PlanEntry(plan=plan, target_unit=target, subjects=subjects, month=month)
        for target, subjects, month in clean_entries
    )
    # The audit action predates the plan's event rows and keeps its name.
    PlanEvent.objects.create(
        plan=plan,
        kind=PlanEventKind.CREATED,
        at=at,
        actor=actor,
        actor_official=official_of(actor),
        data={"entries": len(clean_entries)},
    )
    audit_record(
        actor=actor,
        action="inspection_plan.create",
        obj=plan,
        changes={"year": [None, year], "entries": [None, len(clean_entries)]},
    )
    return plan


def _locked_plan(plan: InspectionPlan) -> InspectionPlan:
    # Edits of one plan queue on its row, so two of them never judge the same stale lines.
    return InspectionPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)


def entry_started(entry: PlanEntry) -> bool:
    """An inspection of this line has started: the line is frozen."""
    return Inspection.objects.filter(plan_entry=entry, status__in=STARTED_STATUSES).exists()


@transaction.atomic
def plan_entry_add(
    *,
    actor: AnyUser,
    plan: InspectionPlan,
    target: Unit,
    subjects: str,
    month: int,
    at: dt.datetime | None = None,
) -> PlanEntry:
    """A new line of ``plan``, with the checks of :func:`plan_create`."""
    plan = _locked_plan(plan)
    require(actor, Perm.MANAGE_INSPECTIONS, plan.unit)
    at = moment(at)
    errors: Errors = {}
    subjects = _entry_values(
        errors, actor=actor, unit=plan.unit, target=target, subjects=subjects, month=month
    )
    raise_errors(errors)
    entry = PlanEntry.objects.create(plan=plan, target_unit=target, subjects=subjects, month=month)
    _record(
        plan=plan,
        kind=PlanEventKind.ENTRY_ADDED,
        actor=actor,
        at=at,
        entry=entry,
        data={"entry": entry.pk, "after": _values(entry)},
        changes={"entry": [None, entry.pk], **{k: [None, v] for k, v in _values(entry).items()}},
    )
    return entry


@transaction.atomic
def plan_entry_update(
    *,
    actor: AnyUser,
    entry: PlanEntry,
    target: Unit,
    subjects: str,
    month: int,
    at: dt.datetime | None = None,
) -> PlanEntry:
    """Change a line: refused once an inspection of it started, and its target unit while an
    inspection set up for it is waiting to start."""
    plan = _locked_plan(entry.plan)
    entry = PlanEntry.objects.get(pk=entry.pk)
    require(actor, Perm.MANAGE_INSPECTIONS, plan.unit)
    if entry_started(entry):
        raise ActionNotAllowed(_("Đã kiểm tra theo nội dung này: không sửa được nữa."))
    at = moment(at)
    errors: Errors = {}
    subjects = _entry_values(
        errors, actor=actor, unit=plan.unit, target=target, subjects=subjects, month=month
    )
    waiting = Inspection.objects.filter(plan_entry=entry).exclude(status=Status.CANCELLED).exists()
    if target.pk != entry.target_unit_id and waiting:
        add(
            errors,
            "target_unit",
            _("Đã lập cuộc kiểm tra %(unit)s theo nội dung này: không đổi đơn vị được kiểm tra.")
            % {"unit": entry.target_unit.name},
        )
    raise_errors(errors)
    before = _values(entry)
    entry.target_unit, entry.subjects, entry.month = target, subjects, month
    after = _values(entry)
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if not changes:
        return entry
    entry.save(update_fields=["target_unit", "subjects", "month"])
    _record(
        plan=plan,
        kind=PlanEventKind.ENTRY_CHANGED,
        actor=actor,
        at=at,
        entry=entry,
        data={"entry": entry.pk, "before": before, "after": after},
        changes={"entry": [entry.pk, entry.pk], **changes},
    )
    return entry


@transaction.atomic
def plan_entry_remove(*, actor: AnyUser, entry: PlanEntry, at: dt.datetime | None = None) -> InspectionPlan:
    """Remove a line no inspection cites; the plan keeps at least one line."""
    plan = _locked_plan(entry.plan)
    entry = PlanEntry.objects.get(pk=entry.pk)
    require(actor, Perm.MANAGE_INSPECTIONS, plan.unit)
    if entry_started(entry):
        raise ActionNotAllowed(_("Đã kiểm tra theo nội dung này: không bỏ được nữa."))
    if Inspection.objects.filter(plan_entry=entry).exists():
        raise ActionNotAllowed(_("Đã lập cuộc kiểm tra theo nội dung này: không bỏ được."))
    if plan.entries.count() <= 1:
        raise ActionNotAllowed(_("Kế hoạch cần ít nhất một đơn vị được kiểm tra."))
    at = moment(at)
    before, pk = _values(entry), entry.pk
    entry.delete()
    _record(
        plan=plan,
        kind=PlanEventKind.ENTRY_REMOVED,
        actor=actor,
        at=at,
        entry=None,
        data={"entry": pk, "before": before},
        changes={"entry": [pk, None], **{k: [v, None] for k, v in before.items()}},
    )
    return plan
