"""Unit-scoped permissions: which roles may do what, and where.

A permission is held on a unit when the user has an active membership whose role grants it and
whose unit is that unit, or an ancestor of it with ``scope = subtree``. Services call
:func:`require`; selectors filter with :func:`unit_filter`. Views only render what these allow.
Superusers hold every permission everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.org.choices import Role, Scope
from reformdesk.org.models import Membership, Unit

AnyUser = User | AnonymousUser


class Perm(StrEnum):
    VIEW_STAFF_AREA = "core.view_staff_area"
    VIEW_AUDIT = "core.view_audit"
    MANAGE_UNIT = "org.manage_unit"
    VIEW_OFFICIAL = "org.view_official"
    MANAGE_OFFICIAL = "org.manage_official"
    MANAGE_MEMBERSHIP = "org.manage_membership"
    MANAGE_CALENDAR = "worktime.manage_calendar"
    MANAGE_OFFICE_HOURS = "worktime.manage_office_hours"
    MANAGE_CATALOG = "catalog.manage_catalog"
    VIEW_DOSSIERS = "dossiers.view_dossier"
    RECEIVE_DOSSIERS = "dossiers.receive_dossier"
    PROCESS_DOSSIERS = "dossiers.process_dossier"
    DECIDE_DOSSIERS = "dossiers.decide_dossier"
    VIEW_ATTENDANCE = "attendance.view_attendance"
    VIEW_PUNCH_PHOTOS = "attendance.view_punch_photos"
    MANAGE_DEVICE_PEOPLE = "attendance.manage_device_people"
    MANAGE_DEVICES = "attendance.manage_devices"
    ENTER_ATTENDANCE_EXCEPTIONS = "attendance.enter_exceptions"
    DECIDE_ATTENDANCE = "attendance.decide_attendance"
    VIEW_FEEDBACK = "feedback.view_feedback"
    RECEIVE_FEEDBACK = "feedback.receive_feedback"
    HANDLE_FEEDBACK = "feedback.handle_feedback"
    DECIDE_FEEDBACK = "feedback.decide_feedback"
    VIEW_TASKS = "assignments.view_task"
    ASSIGN_TASKS = "assignments.assign_task"
    VIEW_DOCUMENTS = "documents.view_document"
    REGISTER_DOCUMENTS = "documents.register_document"
    ASSIGN_DOCUMENTS = "documents.assign_document"
    VIEW_CONFIDENTIAL_DOCUMENTS = "documents.view_confidential"
    MANAGE_SURVEYS = "surveys.manage_survey"
    VIEW_SURVEY_RESULTS = "surveys.view_survey_results"
    MANAGE_REGULATIONS = "documents.manage_regulations"
    VIEW_COMMITMENTS = "documents.view_commitments"
    RECORD_BREACHES = "documents.record_breach"
    MANAGE_INSPECTIONS = "inspections.manage_inspection"
    VIEW_INDEX = "scoring.view_index"
    ENTER_INDEX = "scoring.enter_index"
    SELF_ASSESS = "scoring.self_assess"
    VIEW_TRAINING = "emulation.view_training"
    MANAGE_TRAINING = "emulation.manage_training"
    VIEW_EVALUATIONS = "emulation.view_evaluation"


_ALL_STAFF = {Perm.VIEW_STAFF_AREA, Perm.VIEW_OFFICIAL}
# Dossiers: the one-stop officer receives and returns, specialists assess, leaders decide (approve,
# refuse, sign apologies); everyone on the unit's staff may read its dossiers.
_DOSSIER_WORK = {Perm.VIEW_DOSSIERS, Perm.PROCESS_DOSSIERS}
# Attendance: leaders, reform officers and inspectors read punches; only leaders and inspectors see
# the devices' photos; leaders and reform officers map device PINs; administrators manage devices.
# Leave and explanations: leaders and reform officers enter leave for an official; only leaders
# approve leave and accept explanations (every official requests leave and answers for themselves).
_ATTENDANCE_READ = {Perm.VIEW_ATTENDANCE}
# Citizens' feedback: one-stop officers, specialists and leaders record letters, calls and visits,
# sort them (accept or refuse) and draft answers; only leaders assign handlers and sign answers;
# reform officers read and record (they often keep the suggestion box); inspectors read.
_FEEDBACK_WORK = {Perm.VIEW_FEEDBACK, Perm.RECEIVE_FEEDBACK, Perm.HANDLE_FEEDBACK}
# Tasks (3-step mechanism): every official reads and reports on the tasks given to them, with
# no permission needed; leaders assign to their unit's officials (their subtree's with a subtree
# scope) and read all its tasks; reform officers and inspectors read them.
_TASK_LEADING = {Perm.VIEW_TASKS, Perm.ASSIGN_TASKS}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.ADMIN: frozenset(Perm),
    Role.LEADER: frozenset(
        _ALL_STAFF
        | _DOSSIER_WORK
        | _ATTENDANCE_READ
        | {Perm.MANAGE_OFFICIAL, Perm.MANAGE_MEMBERSHIP, Perm.MANAGE_OFFICE_HOURS, Perm.DECIDE_DOSSIERS}
        | {Perm.VIEW_PUNCH_PHOTOS, Perm.MANAGE_DEVICE_PEOPLE}
        | {Perm.ENTER_ATTENDANCE_EXCEPTIONS, Perm.DECIDE_ATTENDANCE}
        | _FEEDBACK_WORK
        | {Perm.DECIDE_FEEDBACK}
        | _TASK_LEADING
    ),
    Role.ONE_STOP: frozenset(_ALL_STAFF | _DOSSIER_WORK | {Perm.RECEIVE_DOSSIERS} | _FEEDBACK_WORK),
    Role.SPECIALIST: frozenset(_ALL_STAFF | _DOSSIER_WORK | _FEEDBACK_WORK),
    Role.REFORM: frozenset(
        _ALL_STAFF
        | {
            Perm.MANAGE_CATALOG,
            Perm.VIEW_DOSSIERS,
            Perm.MANAGE_UNIT,
            Perm.MANAGE_OFFICIAL,
            Perm.MANAGE_MEMBERSHIP,
            Perm.MANAGE_CALENDAR,
            Perm.MANAGE_OFFICE_HOURS,
            Perm.MANAGE_DEVICE_PEOPLE,
            Perm.ENTER_ATTENDANCE_EXCEPTIONS,
            Perm.VIEW_FEEDBACK,
            Perm.RECEIVE_FEEDBACK,
        }
        | _ATTENDANCE_READ
        | {Perm.VIEW_TASKS}
    ),
    Role.INSPECTOR: frozenset(
        _ALL_STAFF
        | _ATTENDANCE_READ
        | {Perm.VIEW_AUDIT, Perm.VIEW_DOSSIERS, Perm.VIEW_PUNCH_PHOTOS, Perm.VIEW_FEEDBACK}
        | {Perm.VIEW_TASKS}
    ),
}

# Document registers (Decree 30/2020/NĐ-CP): there is no clerk (văn thư) role; at a commune the
# office civil servant keeps the registers and usually staffs the one-stop desk, so one-stop
# officers and leaders register documents and pass incoming ones to a handler (Article 23); every
# role reads its unit's registers. Confidential documents are read by their handler, by whoever
# keeps the unit's registers and by the unit's leaders (documents.selectors), never by role alone.
_DOCUMENT_PERMS: dict[str, frozenset[Perm]] = {
    Role.LEADER: frozenset(
        {
            Perm.VIEW_DOCUMENTS,
            Perm.REGISTER_DOCUMENTS,
            Perm.ASSIGN_DOCUMENTS,
            Perm.VIEW_CONFIDENTIAL_DOCUMENTS,
        }
    ),
    Role.ONE_STOP: frozenset({Perm.VIEW_DOCUMENTS, Perm.REGISTER_DOCUMENTS, Perm.ASSIGN_DOCUMENTS}),
    Role.SPECIALIST: frozenset({Perm.VIEW_DOCUMENTS}),
    Role.REFORM: frozenset({Perm.VIEW_DOCUMENTS}),
    Role.INSPECTOR: frozenset({Perm.VIEW_DOCUMENTS}),
}
for _role, _perms in _DOCUMENT_PERMS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms

# Sociological surveys (questionnaires): reform officers build, open and close their unit's
# surveys (administrators hold every permission); leaders, reform officers and inspectors read
# the results of the surveys their unit owns.
_SURVEY_PERMS: dict[str, frozenset[Perm]] = {
    Role.REFORM: frozenset({Perm.MANAGE_SURVEYS, Perm.VIEW_SURVEY_RESULTS}),
    Role.LEADER: frozenset({Perm.VIEW_SURVEY_RESULTS}),
    Role.INSPECTOR: frozenset({Perm.VIEW_SURVEY_RESULTS}),
}
for _role, _perms in _SURVEY_PERMS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms

# Internal regulations and yearly commitments: every official reads their unit's regulations and
# signs their own commitment with no permission needed; leaders and reform officers issue
# regulations and commitment templates; they and inspectors see who has not acknowledged or
# signed, and record breaches of a commitment (an inspection's finding, say).
_REGULATION_PERMS: dict[str, frozenset[Perm]] = {
    Role.LEADER: frozenset({Perm.MANAGE_REGULATIONS, Perm.VIEW_COMMITMENTS, Perm.RECORD_BREACHES}),
    Role.REFORM: frozenset({Perm.MANAGE_REGULATIONS, Perm.VIEW_COMMITMENTS, Perm.RECORD_BREACHES}),
    Role.INSPECTOR: frozenset({Perm.VIEW_COMMITMENTS, Perm.RECORD_BREACHES}),
}
for _role, _perms in _REGULATION_PERMS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms

# Inspections of work discipline: inspectors and reform officers plan and hold them over the units
# their role reaches (administrators hold every permission); who sees an inspection is decided by
# its team and its signatures (inspections.selectors), never by role alone.
for _role in (Role.INSPECTOR, Role.REFORM):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {Perm.MANAGE_INSPECTIONS}

# The Decision 766 index: leaders, reform officers and inspectors read their units' index and the
# dossiers behind lost points; reform officers enter the figures ReformDesk cannot compute.
for _role in (Role.LEADER, Role.REFORM, Role.INSPECTOR):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {Perm.VIEW_INDEX}
ROLE_PERMISSIONS[Role.REFORM] = ROLE_PERMISSIONS[Role.REFORM] | {Perm.ENTER_INDEX}
# The commune reform index: a unit's chair and its reform officer self-assess it and answer the
# appraisal; the appraisal council is the framework issuer's reform office (Perm.ENTER_INDEX there).
for _role in (Role.LEADER, Role.REFORM):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {Perm.SELF_ASSESS}

# Training and yearly evaluation (emulation): leaders and reform officers record courses and who
# attended them; they and inspectors read the unit's training hours and gaps. Evaluation content is
# personal data: an official reads their own, and only the unit's leaders read everyone's.
for _role in (Role.LEADER, Role.REFORM, Role.INSPECTOR):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {Perm.VIEW_TRAINING}
for _role in (Role.LEADER, Role.REFORM):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {Perm.MANAGE_TRAINING}
ROLE_PERMISSIONS[Role.LEADER] = ROLE_PERMISSIONS[Role.LEADER] | {Perm.VIEW_EVALUATIONS}

# Calendar overrides are national or provincial: only a role held over a subtree may edit them.
# The procedure catalog is provincial reference data too; publishing at a desk is checked per unit.
GLOBAL_PERMS = frozenset({Perm.MANAGE_CALENDAR, Perm.MANAGE_CATALOG})


@dataclass(frozen=True)
class Grant:
    unit_id: int
    unit_path: str
    subtree: bool
    role: str


def grants(user: AnyUser) -> list[Grant]:
    """The user's active role grants, cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    cached: list[Grant] | None = getattr(user, "_reformdesk_grants", None)
    if cached is not None:
        return cached
    rows = (
        Membership.objects.active_on(timezone.localdate())
        .filter(official__user=user, official__is_active=True)
        .values_list("unit_id", "unit__path", "scope", "role")
    )
    result = [Grant(unit_id, path, scope == Scope.SUBTREE, role) for unit_id, path, scope, role in rows]
    setattr(user, "_reformdesk_grants", result)  # noqa: B010 - a per-request cache on the user
    return result


def holds_role(user: AnyUser, role: str) -> bool:
    return any(g.role == role for g in grants(user))


def forget_grants(user: AnyUser) -> None:
    if hasattr(user, "_reformdesk_grants"):
        delattr(user, "_reformdesk_grants")


def _covers(grant: Grant, unit: Unit) -> bool:
    return grant.unit_id == unit.pk or (grant.subtree and unit.path.startswith(grant.unit_path))


def is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))


def has_perm(user: AnyUser, perm: Perm, unit: Unit | None = None) -> bool:
    """Whether ``user`` holds ``perm`` on ``unit`` (or anywhere, when ``unit`` is None)."""
    if is_superuser(user):
        return True
    for grant in grants(user):
        if perm not in ROLE_PERMISSIONS.get(grant.role, frozenset()):
            continue
        if perm in GLOBAL_PERMS and unit is None and not grant.subtree:
            continue
        if unit is None or _covers(grant, unit):
            return True
    return False


def require(user: AnyUser, perm: Perm, unit: Unit | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` holds ``perm`` on ``unit``."""
    if not has_perm(user, perm, unit):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này tại đơn vị này."))


def unit_filter(user: AnyUser, perm: Perm, field: str = "") -> Q:
    """A ``Q`` limiting rows to units where ``user`` holds ``perm``.

    ``field`` is the path from the filtered model to its unit (``"unit"``, ``"memberships__unit"``);
    empty when filtering units themselves. Denies everything when the user holds nothing.
    """
    prefix = f"{field}__" if field else ""
    if is_superuser(user):
        return Q()
    q = Q(pk__in=[])
    for grant in grants(user):
        if perm not in ROLE_PERMISSIONS.get(grant.role, frozenset()):
            continue
        if grant.subtree:
            q |= Q(**{f"{prefix}path__startswith": grant.unit_path})
        else:
            q |= Q(**{f"{prefix}pk": grant.unit_id})
    return q


def units_with_perm(user: AnyUser, perm: Perm) -> list[Unit]:
    """Units the user holds ``perm`` on directly (the unit switcher's choices), in tree order."""
    if not user.is_authenticated:
        return []
    ids = {g.unit_id for g in grants(user) if perm in ROLE_PERMISSIONS.get(g.role, frozenset())}
    if is_superuser(user) and not ids:
        return list(Unit.objects.filter(parent__isnull=True))
    return list(Unit.objects.filter(pk__in=ids))
