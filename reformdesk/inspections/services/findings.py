"""Findings and their remediation: a finding about the inspected unit (and, where it applies, one
of its officials), turned into a task through the task services, and a follow-up check that
closes it or reopens it."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.assignments import services as tasks
from reformdesk.assignments.choices import SourceKind
from reformdesk.inspections.choices import (
    OPEN_FINDING_STATUSES,
    STARTED_STATUSES,
    EventKind,
    FindingKind,
    FindingStatus,
    Severity,
    Status,
)
from reformdesk.inspections.models import ChecklistItem, Finding, FollowUp, Inspection
from reformdesk.inspections.models.findings import DESCRIPTION_MAX_CHARS
from reformdesk.inspections.services.base import (
    ActionNotAllowed,
    Errors,
    add,
    check_team,
    checked,
    expect,
    expect_editable,
    locked,
    moment,
    official_of,
    raise_errors,
    record,
    team_member,
)
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm

# Findings may be remediated once the team has finished on site.
REMEDIABLE_STATUSES = frozenset({Status.COMPLETED, Status.LEADER_SIGNED, Status.SIGNED})


def record_reference(inspection: Inspection) -> str:
    """How a task cites the inspection it comes from: the record's register number when it has one."""
    if inspection.outgoing_document_id is not None and inspection.outgoing_document is not None:
        return _("Biên bản kiểm tra số %(symbol)s") % {"symbol": inspection.outgoing_document.symbol}
    day = timezone.localtime(inspection.at).strftime("%d/%m/%Y") if inspection.at else ""
    return _("Biên bản kiểm tra #%(id)d ngày %(day)s tại %(unit)s") % {
        "id": inspection.pk,
        "day": day,
        "unit": inspection.target_unit.name,
    }


def may_remediate(actor: AnyUser, inspection: Inspection) -> bool:
    """The team, the inspecting side and the inspected unit's leaders act on findings."""
    if team_member(actor, inspection) is not None:
        return True
    if has_perm(actor, Perm.MANAGE_INSPECTIONS, inspection.inspecting_unit):
        return True
    me = official_of(actor)
    return (
        me is not None
        and Membership.objects.active_on(timezone.localdate())
        .filter(official=me, unit=inspection.target_unit, role=Role.LEADER)
        .exists()
    )


@transaction.atomic
def finding_add(
    *,
    actor: AnyUser,
    inspection: Inspection,
    severity: str,
    description: str,
    kind: str = "",
    rule: str = "",
    official: Official | None = None,
    item: ChecklistItem | None = None,
    at: dt.datetime | None = None,
) -> Finding:
    """A finding of the team about the inspected unit and, where it applies, one of its officials.

    Refused (``ValidationError``, nothing saved): an official outside the inspected unit on the
    inspected day, an item of another checklist, an unknown kind or severity."""
    inspection = locked(inspection)
    check_team(actor, inspection)
    expect_editable(inspection)
    expect(inspection, STARTED_STATUSES, _("Cuộc kiểm tra chưa bắt đầu."))
    at = moment(at)
    errors: Errors = {}
    if item is not None:
        if item.template_id != inspection.template_id:
            add(errors, "item", _("Nội dung không thuộc phiếu kiểm tra của cuộc kiểm tra này."))
        kind = kind or item.finding_kind
        rule = rule or item.rule
    if kind not in FindingKind.values:
        add(errors, "kind", _("Nhóm vi phạm không hợp lệ."))
    if severity not in Severity.values:
        add(errors, "severity", _("Mức độ không hợp lệ."))
    description = checked(
        errors,
        description,
        name="description",
        required=_("Cần ghi nội dung vi phạm."),
        limit=DESCRIPTION_MAX_CHARS,
    )
    rule = checked(errors, rule, name="rule", multiline=False, limit=500)
    unit: Unit = inspection.target_unit
    if official is not None:
        assert inspection.at is not None
        day = timezone.localtime(inspection.at).date()
        inside = (
            Membership.objects.active_on(day)
            .filter(official=official, unit__path__startswith=unit.path)
            .exists()
        )
        if not inside:
            add(
                errors,
                "official",
                _("%(name)s không thuộc đơn vị được kiểm tra (%(unit)s).")
                % {"name": official.full_name, "unit": unit.name},
            )
    raise_errors(errors)
    assert isinstance(actor, User)
    finding = Finding.objects.create(
        inspection=inspection,
        item=item,
        unit=unit,
        official=official,
        kind=kind,
        severity=severity,
        description=description,
        rule=rule,
        status=FindingStatus.OPEN,
        created_by=actor,
        created_at=at,
    )
    record(
        inspection=inspection,
        finding=finding,
        kind=EventKind.FINDING_ADDED,
        actor=actor,
        at=at,
        changes={"kind": [None, kind], "severity": [None, severity], "official": [None, official]},
    )
    return finding


def _locked_finding(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update(of=("self",))
        .select_related("inspection", "inspection__target_unit", "inspection__inspecting_unit", "task")
        .get(pk=finding.pk)
    )


@transaction.atomic
def finding_to_task(
    *,
    actor: AnyUser,
    finding: Finding,
    assignee: Official | None = None,
    assignee_unit: Unit | None = None,
    deadline_days: int | None = None,
    deadline_date: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Finding:
    """Make the finding a task for the responsible official or unit, with a deadline, through
    the task services (which check the assigner's authority and the deadline)."""
    finding = _locked_finding(finding)
    inspection = finding.inspection
    if not may_remediate(actor, inspection):
        raise PermissionDenied(_("Bạn không được giao khắc phục vi phạm của cuộc kiểm tra này."))
    expect(inspection, REMEDIABLE_STATUSES, _("Cuộc kiểm tra chưa kết thúc: chưa giao khắc phục được."))
    if finding.status not in (FindingStatus.OPEN, FindingStatus.REOPENED):
        raise ActionNotAllowed(_("Vi phạm đã được giao khắc phục hoặc đã khắc phục xong."))
    at = moment(at)
    task = tasks.task_assign(
        actor=actor,
        title=_("Khắc phục: %(text)s") % {"text": finding.description[:250]},
        expected_output=_("Khắc phục vi phạm (%(kind)s) và báo cáo kết quả, có minh chứng.")
        % {"kind": finding.get_kind_display()},
        assignee=assignee,
        assignee_unit=assignee_unit,
        deadline_days=deadline_days,
        deadline_date=deadline_date,
        source_kind=SourceKind.INSPECTION,
        source_reference=record_reference(inspection)[:300],
        at=at,
    )
    previous_task, previous = finding.task_id, finding.status
    finding.task, finding.status = task, FindingStatus.REMEDIATING
    finding.save(update_fields=["task", "status"])
    record(
        inspection=inspection,
        finding=finding,
        kind=EventKind.TASK_CREATED,
        actor=actor,
        at=at,
        from_status=previous,
        data={"task": task.pk, "replaces_task": previous_task},
        changes={"task": [previous_task, task.pk]},
    )
    return finding


@transaction.atomic
def finding_follow_up(
    *, actor: AnyUser, finding: Finding, fixed: bool, note: str = "", at: dt.datetime | None = None
) -> Finding:
    """A follow-up check: fixed closes the finding (on time when no later than its task's due
    moment), not fixed reopens it."""
    finding = _locked_finding(finding)
    inspection = finding.inspection
    on_team = team_member(actor, inspection) is not None
    if not on_team and not has_perm(actor, Perm.MANAGE_INSPECTIONS, inspection.inspecting_unit):
        raise PermissionDenied(_("Chỉ đoàn kiểm tra hoặc đơn vị kiểm tra mới kiểm tra lại vi phạm."))
    expect(inspection, REMEDIABLE_STATUSES, _("Cuộc kiểm tra chưa kết thúc."))
    if finding.status not in OPEN_FINDING_STATUSES:
        raise ActionNotAllowed(_("Vi phạm đã khắc phục xong."))
    errors: Errors = {}
    note = checked(errors, note, name="note", required="" if fixed else _("Cần ghi những gì chưa khắc phục."))
    raise_errors(errors)
    assert isinstance(actor, User)
    at = moment(at)
    FollowUp.objects.create(finding=finding, at=at, checked_by=actor, fixed=fixed, note=note)
    previous = finding.status
    if fixed:
        finding.status, finding.closed_at = FindingStatus.CLOSED, at
        finding.closed_on_time = finding.task.due_at >= at if finding.task is not None else None
        kind = EventKind.FOLLOW_UP_CLOSED
    else:
        finding.status = FindingStatus.REOPENED
        kind = EventKind.FOLLOW_UP_REOPENED
    finding.save(update_fields=["status", "closed_at", "closed_on_time"])
    record(
        inspection=inspection,
        finding=finding,
        kind=kind,
        actor=actor,
        at=at,
        from_status=previous,
        note=note,
        data={"on_time": finding.closed_on_time},
    )
    return finding
