"""What ReformDesk's own data says about a unit at the inspected moment (issue 14): who should be
at work and who is (attendance records, the office hours, approved leave, business trips and
training), the procedures the desk must have posted (the catalog's publication list), the desk's
staff, and the tasks and dossiers overdue then.

Read through the other apps' selectors, as the user who starts the inspection may read them: an
inspector's role reads attendance, tasks and dossiers of the units it reaches. The number of
queries does not grow with the number of officials (``tests/test_prefill.py`` pins it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.assignments.choices import OPEN_STATUSES as OPEN_TASK_STATUSES
from reformdesk.assignments.selectors import task_list
from reformdesk.attendance.choices import DaySession, ExceptionKind, ExceptionStatus
from reformdesk.attendance.selectors import exception_visible, punch_list
from reformdesk.catalog.models import Procedure
from reformdesk.catalog.selectors import posted_at_desk
from reformdesk.dossiers.selectors import Worklist, dossier_worklist
from reformdesk.inspections.choices import DataSource, Presence
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm
from reformdesk.worktime import selectors as worktime

# How many overdue tasks, dossiers and posted procedures the checklist lists by name.
LISTED = 20
_EXCEPTION_PRESENCE = {
    ExceptionKind.BUSINESS_TRIP: Presence.BUSINESS_TRIP,
    ExceptionKind.TRAINING: Presence.TRAINING,
}
# The morning session ends by noon in every office-hours rule of the province (DESIGN §4).
NOON = dt.time(12, 0)


@dataclass(frozen=True)
class PresenceRow:
    official: Official
    presence: str
    detail: str
    is_desk: bool


@dataclass
class Prefill:
    unit: Unit
    at: dt.datetime
    in_hours: bool
    sessions: tuple[tuple[dt.time, dt.time], ...]
    attendance_readable: bool
    people: list[PresenceRow] = field(default_factory=list)
    posted: list[tuple[str, str]] = field(default_factory=list)
    posted_count: int = 0
    overdue_tasks: list[tuple[int, str, str]] = field(default_factory=list)
    overdue_task_count: int = 0
    overdue_dossiers: list[tuple[str, str]] = field(default_factory=list)
    overdue_dossier_count: int = 0

    def for_source(self, source: str) -> dict[str, Any]:
        """The JSON an answer keeps of what the data said (``Answer.prefill``)."""
        if source == DataSource.ATTENDANCE:
            counts: dict[str, int] = {}
            for row in self.people:
                counts[row.presence] = counts.get(row.presence, 0) + 1
            return {"officials": len(self.people), "by_presence": counts, "in_hours": self.in_hours}
        if source == DataSource.POSTINGS:
            return {"expected": self.posted_count, "procedures": self.posted}
        if source == DataSource.DESK_STAFF:
            desk = [row for row in self.people if row.is_desk]
            return {
                "officials": len(desk),
                "present": sum(row.presence in (Presence.PRESENT, Presence.LATE) for row in desk),
                "names": [[row.official.full_name, row.presence] for row in desk],
            }
        if source == DataSource.OVERDUE_TASKS:
            return {"count": self.overdue_task_count, "tasks": self.overdue_tasks}
        if source == DataSource.OVERDUE_DOSSIERS:
            return {"count": self.overdue_dossier_count, "dossiers": self.overdue_dossiers}
        return {}

    def expected(self, source: str) -> int | None:
        """The figure a counted item is compared with, where the data gives one."""
        if source == DataSource.POSTINGS:
            return self.posted_count
        if source == DataSource.DESK_STAFF:
            return sum(row.is_desk for row in self.people)
        return None


def _hhmm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _session_of(moment: dt.time) -> str:
    return DaySession.MORNING if moment < NOON else DaySession.AFTERNOON


def _presence(
    *,
    first_punch: dt.datetime | None,
    exception: Any,
    in_hours: bool,
    day_start: dt.time | None,
) -> tuple[str, str]:
    if exception is not None:
        presence = _EXCEPTION_PRESENCE.get(exception.kind, Presence.LEAVE)
        detail = _("%(kind)s từ %(start)s đến %(end)s (đã duyệt)") % {
            "kind": exception.get_kind_display(),
            "start": exception.start.strftime("%d/%m/%Y"),
            "end": exception.end.strftime("%d/%m/%Y"),
        }
        return presence, detail
    if first_punch is not None:
        arrived = timezone.localtime(first_punch).time()
        detail = _("Chấm công vào lúc %(time)s") % {"time": _hhmm(first_punch)}
        if day_start is not None and arrived > day_start:
            return Presence.LATE, detail
        return Presence.PRESENT, detail
    if not in_hours:
        return Presence.OUTSIDE_HOURS, _("Ngoài giờ làm việc, không có lượt chấm công")
    return Presence.ABSENT, _("Không có lượt chấm công, không có đơn nghỉ được duyệt")


def checklist_prefill(*, user: AnyUser, unit: Unit, at: dt.datetime) -> Prefill:
    """The data of ``unit`` at the moment ``at``, as ``user`` may read it."""
    local = timezone.localtime(at)
    day, now = local.date(), local.time()
    sessions = tuple(worktime.work_clock(unit=unit).sessions(day=day))
    in_hours = any(start <= now <= end for start, end in sessions)
    readable = has_perm(user, Perm.VIEW_ATTENDANCE, unit)

    memberships = (
        Membership.objects.active_on(day)
        .filter(unit=unit, official__is_active=True)
        .select_related("official")
        .order_by("official__full_name", "official_id", "id")
    )
    officials: dict[int, Official] = {}
    desk: set[int] = set()
    for membership in memberships:
        officials.setdefault(membership.official_id, membership.official)
        if membership.role == Role.ONE_STOP:
            desk.add(membership.official_id)

    first_punches: dict[int, dt.datetime] = {}
    exceptions: dict[int, Any] = {}
    morning_off: set[int] = set()
    if readable and officials:
        punches = (
            punch_list(user=user, unit=unit, start=day, end=day)
            .filter(official_id__in=officials, punched_at__lte=at, is_future=False)
            .order_by()
            .values("official_id")
            .annotate(first=Min("punched_at"))
        )
        first_punches = {row["official_id"]: row["first"] for row in punches}
        rows = exception_visible(user=user, status=ExceptionStatus.APPROVED).filter(
            official_id__in=officials, start__lte=day, end__gte=day
        )
        session = _session_of(now)
        for row in rows:
            if row.session in ("", session):
                exceptions[row.official_id] = row
            elif row.session == DaySession.MORNING:
                morning_off.add(row.official_id)

    prefill = Prefill(unit=unit, at=at, in_hours=in_hours, sessions=sessions, attendance_readable=readable)
    for official_id, official in officials.items():
        exception = exceptions.get(official_id)
        day_start = None
        if sessions:
            # A morning of approved leave: that official's working day starts with the afternoon.
            day_start = sessions[-1][0] if official_id in morning_off else sessions[0][0]
        if readable:
            presence, detail = _presence(
                first_punch=first_punches.get(official_id),
                exception=exception,
                in_hours=in_hours,
                day_start=day_start,
            )
        else:
            presence, detail = Presence.ABSENT, _("Không có quyền xem dữ liệu chấm công của đơn vị")
        prefill.people.append(PresenceRow(official, presence, detail, official_id in desk))

    procedures = Procedure.objects.filter(posted_at_desk(unit=unit, on=day)).order_by("national_code")
    posted = list(procedures.values_list("national_code", "name_vi"))
    prefill.posted_count = len(posted)
    prefill.posted = [(code, name) for code, name in posted[:LISTED]]

    tasks = task_list(user=user, unit=unit).filter(status__in=OPEN_TASK_STATUSES, due_at__lt=at)
    prefill.overdue_task_count = tasks.count()
    prefill.overdue_tasks = [
        (task.pk, task.title, timezone.localtime(task.due_at).strftime("%d/%m/%Y")) for task in tasks[:LISTED]
    ]
    dossiers = dossier_worklist(user=user, worklist=Worklist.OVERDUE, unit=unit, now=at)
    prefill.overdue_dossier_count = dossiers.count()
    prefill.overdue_dossiers = [
        (
            dossier.code,
            timezone.localtime(getattr(dossier, "effective_due", dossier.due_at)).strftime("%d/%m/%Y"),
        )
        for dossier in dossiers[:LISTED]
    ]
    return prefill
