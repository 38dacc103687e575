"""Reads on tasks: who sees which, the lists of the pages and the API, one task with its
timeline, and the figures per official and per unit that the reform index and the yearly
evaluation read (:func:`task_figures`, :class:`TaskFigures`).

A user sees the tasks they assigned, those given to them (or to a unit they lead), those they
help with, and every task of the units where they hold ``Perm.VIEW_TASKS``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.assignments.choices import CLOSED_STATUSES, OPEN_STATUSES, EventKind, Status, Timeliness
from reformdesk.assignments.models import Task, TaskEvent, TaskFile
from reformdesk.assignments.services.base import is_assignee
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, is_superuser, unit_filter
from reformdesk.worktime.selectors import VN_TZ


class TaskList(StrEnum):
    """The lists of tasks: the user's own (to do, waiting for evaluation, done), those they
    assigned, and every task they may read."""

    TODO = "todo"
    WAITING = "waiting"
    DONE = "done"
    ASSIGNED = "assigned"
    ALL = "all"


_LIST_STATUSES = {
    TaskList.TODO: OPEN_STATUSES,
    TaskList.WAITING: frozenset({Status.REPORTED}),
    TaskList.DONE: CLOSED_STATUSES,
}


def _led_units(user: AnyUser) -> QuerySet[Membership]:
    return Membership.objects.active_on(timezone.localdate()).filter(
        official__user_id=user.pk or 0, official__is_active=True, role=Role.LEADER
    )


def mine_q(user: AnyUser) -> Q:
    """Tasks given to ``user``: as assignee, as a leader of the assigned unit, or as co-handler."""
    co_handled = Task.co_handlers.through.objects.filter(official__user_id=user.pk or 0).values("task_id")
    return (
        Q(assignee__user_id=user.pk)
        | Q(assignee_unit__in=_led_units(user).values("unit_id"))
        | Q(pk__in=co_handled)
    )


def visible_tasks(*, user: AnyUser) -> QuerySet[Task]:
    if not user.is_authenticated:
        return Task.objects.none()
    if is_superuser(user):
        return Task.objects.all()
    return Task.objects.filter(
        unit_filter(user, Perm.VIEW_TASKS, "unit") | Q(assigned_by_id=user.pk) | mine_q(user)
    )


def task_list(
    *, user: AnyUser, task_list: str = TaskList.ALL, unit: Unit | None = None, status: str = ""
) -> QuerySet[Task]:
    """One list for ``user``, optionally at ``unit`` and its subtree and in one ``status``; the
    soonest due first (done: the latest evaluated first)."""
    rows = visible_tasks(user=user)
    if task_list in _LIST_STATUSES:
        rows = rows.filter(mine_q(user), status__in=_LIST_STATUSES[TaskList(task_list)])
    elif task_list == TaskList.ASSIGNED:
        rows = rows.filter(assigned_by_id=user.pk)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if status:
        rows = rows.filter(status=status)
    ordering = ("-updated_at", "-id") if task_list == TaskList.DONE else ("due_at", "id")
    return rows.select_related("unit", "assignee", "assignee_unit", "assigner").order_by(*ordering)


@dataclass(frozen=True)
class TaskDetail:
    task: Task
    events: list[TaskEvent]
    files: list[TaskFile]
    co_handlers: list[Official]
    subtasks: list[Task]
    is_assignee: bool
    is_assigner: bool


def task_detail(*, user: AnyUser, task_id: int) -> TaskDetail:
    """One task with its timeline, files, co-handlers and subtasks; 404 when it does not exist or
    ``user`` may not see it."""
    task = (
        visible_tasks(user=user)
        .select_related(
            "unit", "assignee", "assignee_unit", "assigner", "assigned_by", "parent", "result_document"
        )
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    events = list(task.events.select_related("actor_official").order_by("at", "id"))
    return TaskDetail(
        task=task,
        events=events,
        files=list(task.files.order_by("id")),
        co_handlers=list(task.co_handlers.order_by("full_name", "id")),
        subtasks=list(task.subtasks.select_related("assignee", "assignee_unit").order_by("due_at", "id")),
        is_assignee=is_assignee(user, task),
        is_assigner=user.is_authenticated and user.pk == task.assigned_by_id,
    )


# --- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Calendar days ``start`` (inclusive) to ``end`` (exclusive), in Vietnam time."""

    start: dt.date
    end: dt.date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        end = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        return cls(dt.date(year, month, 1), end)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, first + 3, 1)
        return cls(dt.date(year, first, 1), end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return (
            dt.datetime.combine(self.start, dt.time(), tzinfo=VN_TZ),
            dt.datetime.combine(self.end, dt.time(), tzinfo=VN_TZ),
        )


@dataclass(frozen=True)
class TaskFigures:
    """An official's or a unit's tasks over a period — the shape the reform index and the
    yearly evaluation read.

    - ``assigned``: tasks assigned within the period, cancelled ones left out;
    - ``early``, ``on_time``, ``late``: tasks evaluated within the period, by their timeliness
      (``rules.timeliness_of``: against the due moment in force, a granted extension included);
    - ``overdue_now``: tasks still owed at ``now`` (assigned, acknowledged, in progress or
      returned) whose due moment has passed — a snapshot at ``now``, whatever the period;
    - ``average_quality``: the mean of the quality levels (4 "Hoàn thành xuất sắc nhiệm vụ" …
      1 "Không hoàn thành nhiệm vụ", Decree 90/2020/NĐ-CP) of the tasks evaluated within the
      period, ``None`` when none was;
    - ``returns``: results sent back for rework within the period (one per return).
    """

    assigned: int
    early: int
    on_time: int
    late: int
    overdue_now: int
    average_quality: float | None
    returns: int

    @property
    def finished(self) -> int:
        return self.early + self.on_time + self.late


def _figure_aggregates(start: dt.datetime, end: dt.datetime, now: dt.datetime) -> dict[str, Count | Avg]:
    evaluated = Q(status=Status.EVALUATED, evaluated_at__gte=start, evaluated_at__lt=end)
    return {
        "assigned": Count(
            "id", filter=Q(assigned_at__gte=start, assigned_at__lt=end) & ~Q(status=Status.CANCELLED)
        ),
        "early": Count("id", filter=evaluated & Q(timeliness=Timeliness.EARLY)),
        "on_time": Count("id", filter=evaluated & Q(timeliness=Timeliness.ON_TIME)),
        "late": Count("id", filter=evaluated & Q(timeliness=Timeliness.LATE)),
        "overdue_now": Count("id", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
        "average_quality": Avg("quality", filter=evaluated),
    }


def _figures(row: dict[str, object], returns: int) -> TaskFigures:
    average = row.get("average_quality")
    return TaskFigures(
        assigned=int(row.get("assigned") or 0),  # type: ignore[call-overload]
        early=int(row.get("early") or 0),  # type: ignore[call-overload]
        on_time=int(row.get("on_time") or 0),  # type: ignore[call-overload]
        late=int(row.get("late") or 0),  # type: ignore[call-overload]
        overdue_now=int(row.get("overdue_now") or 0),  # type: ignore[call-overload]
        average_quality=round(float(average), 2) if average is not None else None,  # type: ignore[arg-type]
        returns=returns,
    )


def task_figures(
    *,
    period: Period,
    official: Official | None = None,
    unit: Unit | None = None,
    now: dt.datetime | None = None,
) -> TaskFigures:
    """The figures of the tasks given to ``official`` directly, or of the tasks counted at
    ``unit`` and the units below it (exactly one of the two). Two queries."""
    if (official is None) == (unit is None):
        raise ValueError("task_figures needs exactly one of official and unit")
    now = now or timezone.now()
    start, end = period.bounds()
    if official is not None:
        scope, event_scope = Q(assignee=official), Q(task__assignee=official)
    else:
        assert unit is not None
        scope, event_scope = Q(unit__path__startswith=unit.path), Q(task__unit__path__startswith=unit.path)
    row = Task.objects.filter(scope).aggregate(**_figure_aggregates(start, end, now))
    returns = TaskEvent.objects.filter(
        event_scope, kind=EventKind.RETURNED, at__gte=start, at__lt=end
    ).count()
    return _figures(row, returns)


def task_figures_by_official(
    *, period: Period, unit: Unit, now: dt.datetime | None = None
) -> dict[int, TaskFigures]:
    """:class:`TaskFigures` of each official with a task counted at ``unit`` or below, keyed by
    the official's id (tasks given to a unit are left out: they have no one official). Two
    queries, whatever the number of officials."""
    now = now or timezone.now()
    start, end = period.bounds()
    rows = (
        Task.objects.filter(unit__path__startswith=unit.path, assignee__isnull=False)
        .values("assignee_id")
        .annotate(**_figure_aggregates(start, end, now))
        .order_by("assignee_id")
    )
    returns = dict(
        TaskEvent.objects.filter(
            task__unit__path__startswith=unit.path,
            task__assignee__isnull=False,
            kind=EventKind.RETURNED,
            at__gte=start,
            at__lt=end,
        )
        .values("task__assignee_id")
        .annotate(n=Count("id"))
        .values_list("task__assignee_id", "n")
    )
    return {row["assignee_id"]: _figures(row, returns.get(row["assignee_id"], 0)) for row in rows}


# --- calendar -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    in_month: bool
    tasks: list[Task]


def task_calendar(*, user: AnyUser, month: dt.date) -> list[list[CalendarDay]]:
    """The weeks (Monday to Sunday) covering ``month``, each day with the tasks due on it that
    ``user`` may read, cancelled ones left out. One query."""
    first = month.replace(day=1)
    following = Period.month(first.year, first.month).end
    start = first - dt.timedelta(days=first.weekday())
    end = following + dt.timedelta(days=(7 - following.weekday()) % 7)
    rows = (
        visible_tasks(user=user)
        .exclude(status=Status.CANCELLED)
        .filter(
            due_at__gte=dt.datetime.combine(start, dt.time(), tzinfo=VN_TZ),
            due_at__lt=dt.datetime.combine(end, dt.time(), tzinfo=VN_TZ),
        )
        .select_related("assignee", "assignee_unit")
        .order_by("due_at", "id")
    )
    by_day: dict[dt.date, list[Task]] = {}
    for task in rows:
        by_day.setdefault(task.due_at.astimezone(VN_TZ).date(), []).append(task)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days)]
    cells = [CalendarDay(day, day.month == first.month, by_day.get(day, [])) for day in days]
    return [cells[n : n + 7] for n in range(0, len(cells), 7)]


# --- the unit's board ---------------------------------------------------------------------------

BOARD_STATUSES = (
    Status.ASSIGNED,
    Status.ACKNOWLEDGED,
    Status.IN_PROGRESS,
    Status.RETURNED,
    Status.REPORTED,
    Status.EVALUATED,
)


@dataclass(frozen=True)
class BoardRow:
    """One official's (or one assigned unit's) tasks on the board: a count per status in
    ``BOARD_STATUSES`` order, those overdue now, and those still owed."""

    name: str
    official_id: int | None
    counts: list[int]
    overdue: int

    @property
    def open(self) -> int:
        return sum(c for s, c in zip(BOARD_STATUSES, self.counts, strict=True) if s in OPEN_STATUSES)


@dataclass(frozen=True)
class TaskBoard:
    rows: list[BoardRow]
    totals: BoardRow
    since: dt.date


def task_board(*, unit: Unit, now: dt.datetime | None = None) -> TaskBoard:
    """The tasks counted at ``unit`` and below, by official (or assigned unit) and status: every
    task still owed or waiting for evaluation, and those evaluated since 1 January of this year
    (cancelled ones left out). Officials by name. One query, whatever the number of tasks."""
    now = now or timezone.now()
    since = dt.date(timezone.localtime(now).year, 1, 1)
    shown = Q(status__in=[s for s in BOARD_STATUSES if s != Status.EVALUATED]) | Q(
        status=Status.EVALUATED, evaluated_at__gte=dt.datetime.combine(since, dt.time(), tzinfo=VN_TZ)
    )
    grouped = (
        Task.objects.filter(shown, unit__path__startswith=unit.path)
        .values("assignee_id", "assignee__full_name", "assignee_unit_id", "assignee_unit__name_vi", "status")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)))
        .order_by()
    )
    by_key: dict[tuple[str, int], dict[str, object]] = {}
    for row in grouped:
        key = ("o", row["assignee_id"]) if row["assignee_id"] else ("u", row["assignee_unit_id"])
        name = row["assignee__full_name"] or row["assignee_unit__name_vi"]
        entry = by_key.setdefault(
            key, {"name": name, "counts": dict.fromkeys(BOARD_STATUSES, 0), "overdue": 0}
        )
        entry["counts"][row["status"]] = row["n"]  # type: ignore[index]
        entry["overdue"] = int(entry["overdue"]) + row["overdue"]  # type: ignore[call-overload]
    rows = [
        BoardRow(
            name=str(entry["name"]),
            official_id=key[1] if key[0] == "o" else None,
            counts=[entry["counts"][s] for s in BOARD_STATUSES],  # type: ignore[index]
            overdue=int(entry["overdue"]),  # type: ignore[call-overload]
        )
        for key, entry in by_key.items()
    ]
    # Officials first, by name; then the units given tasks as a whole.
    rows.sort(key=lambda r: (r.official_id is None, r.name, r.official_id or 0))
    totals = BoardRow(
        name="",
        official_id=None,
        counts=[sum(r.counts[i] for r in rows) for i in range(len(BOARD_STATUSES))],
        overdue=sum(r.overdue for r in rows),
    )
    return TaskBoard(rows=rows, totals=totals, since=since)
