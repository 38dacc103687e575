"""Reads on feedback cases: staff worklists and one case with its timeline and due moments.

Staff see the cases handled or received at units where they hold ``Perm.VIEW_FEEDBACK``, except
those about themselves (the official a case is about never sees it, so the citizen who complained
about them is not exposed to them). Reading one case's personal data writes an access-log row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import access_record
from reformdesk.core.text import terms
from reformdesk.feedback.choices import HANDLING_STATUSES, OPEN_STATUSES, Status
from reformdesk.feedback.models import FeedbackCase, FeedbackEvent, FeedbackFile
from reformdesk.feedback.services.deadlines import Deadlines, case_deadlines
from reformdesk.org.models import Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter
from reformdesk.worktime import selectors as worktime


class Worklist(StrEnum):
    """The staff worklists (issue 11): to accept, mine, due within one working day, overdue,
    awaiting the citizen; and every open case, and every case."""

    OPEN = "open"
    TO_ACCEPT = "to_accept"
    MINE = "mine"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    AWAITING_CITIZEN = "awaiting_citizen"
    ALL = "all"


def visible_cases(*, user: AnyUser) -> QuerySet[FeedbackCase]:
    """Cases handled or received at a unit where ``user`` may read feedback, minus those about
    ``user`` themselves."""
    handling = unit_filter(user, Perm.VIEW_FEEDBACK, "unit")
    receiving = unit_filter(user, Perm.VIEW_FEEDBACK, "receiving_unit")
    rows = FeedbackCase.objects.filter(handling | receiving)
    if user.is_authenticated:
        rows = rows.exclude(related_official__user_id=user.pk)
    return rows


def due_soon_limit(*, unit: Unit, now: dt.datetime) -> dt.datetime:
    """One working day after ``now`` on ``unit``'s calendar: the warning horizon."""
    return worktime.due_at(unit=unit, start=now, days=1, cutoff=False)


def feedback_worklist(
    *,
    user: AnyUser,
    worklist: str = Worklist.OPEN,
    unit: Unit | None = None,
    now: dt.datetime | None = None,
    status: str = "",
    kind: str = "",
    channel: str = "",
    search: str = "",
) -> QuerySet[FeedbackCase]:
    """One worklist for ``user``, optionally at ``unit`` and its subtree, filtered and searched.

    Due-soon and overdue compare the current step's due moment (``due_at``, empty when nothing is
    due) with ``now``; the horizon is one working day on ``unit``'s calendar, else a calendar day.
    A case waiting for the citizen is in neither: its clock stands still. ``search`` matches the
    code and the subject, ignoring diacritics and case.
    """
    now = now or timezone.now()
    rows = visible_cases(user=user)
    if unit is not None:
        rows = rows.filter(
            Q(unit__path__startswith=unit.path) | Q(receiving_unit__path__startswith=unit.path)
        )
    if worklist == Worklist.OPEN:
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif worklist == Worklist.TO_ACCEPT:
        rows = rows.filter(status=Status.RECEIVED)
    elif worklist == Worklist.MINE:
        me = Official.objects.filter(user_id=user.pk).first() if user.is_authenticated else None
        rows = rows.filter(handler=me, status__in=HANDLING_STATUSES) if me is not None else rows.none()
    elif worklist == Worklist.DUE_SOON:
        horizon = due_soon_limit(unit=unit, now=now) if unit is not None else now + dt.timedelta(days=1)
        rows = rows.filter(due_at__gte=now, due_at__lte=horizon)
    elif worklist == Worklist.OVERDUE:
        rows = rows.filter(due_at__lt=now)
    elif worklist == Worklist.AWAITING_CITIZEN:
        rows = rows.filter(status=Status.CLARIFYING)
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if channel:
        rows = rows.filter(channel=channel)
    for term in terms(search):
        rows = rows.filter(search_text__contains=term)
    ordering = (
        ("due_at", "id") if worklist in (Worklist.DUE_SOON, Worklist.OVERDUE) else ("-received_at", "-id")
    )
    return rows.select_related("unit", "receiving_unit", "handler").order_by(*ordering)


@dataclass(frozen=True)
class FeedbackDetail:
    case: FeedbackCase
    events: list[FeedbackEvent]
    files: list[FeedbackFile]
    deadlines: Deadlines
    can_receive: bool
    can_handle: bool
    can_decide: bool
    is_handler: bool


def feedback_detail(*, user: AnyUser, code: str, purpose: str = "view") -> FeedbackDetail:
    """One case with its timeline, files and due moments; 404 when it does not exist or is not
    visible. Writes an access-log row: the case carries the citizen's personal data."""
    case = (
        visible_cases(user=user)
        .select_related(
            "unit",
            "receiving_unit",
            "handler",
            "related_official",
            "related_dossier",
            "duplicate_of",
            "approved_by",
            "reception_slot",
        )
        .filter(code=code[:40])
        .first()
    )
    if case is None:
        raise Http404(_("Không tìm thấy phản ánh."))
    access_record(actor=user, subject=case, purpose=purpose)
    events = list(
        case.events.select_related("actor_official", "from_official", "to_official")
        .prefetch_related("files")
        .order_by("at", "id")
    )
    me = (
        Official.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
        if user.is_authenticated
        else None
    )
    return FeedbackDetail(
        case=case,
        events=events,
        files=list(case.files.order_by("id")),
        deadlines=case_deadlines(case),
        can_receive=has_perm(user, Perm.RECEIVE_FEEDBACK, case.unit),
        can_handle=has_perm(user, Perm.HANDLE_FEEDBACK, case.unit),
        can_decide=has_perm(user, Perm.DECIDE_FEEDBACK, case.unit),
        is_handler=me is not None and me == case.handler_id,
    )
