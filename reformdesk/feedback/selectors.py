"""Reads on feedback cases: staff worklists and one case with its timeline and due moments.

Staff see the cases handled or received at units where they hold ``Perm.VIEW_FEEDBACK``, except
those about themselves (the official a case is about never sees it, so the citizen who complained
about them is not exposed to them). Reading one case's personal data writes an access-log row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import access_record
from reformdesk.core.text import terms
from reformdesk.feedback.choices import HANDLING_STATUSES, OPEN_STATUSES, Satisfaction, Status
from reformdesk.feedback.models import AnswerTemplate, FeedbackCase, FeedbackEvent, FeedbackFile
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
            "possible_duplicate_of",
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


def answer_templates_for(*, case: FeedbackCase) -> QuerySet[AnswerTemplate]:
    """The active answer templates offered for ``case``: those of its unit or a unit above it,
    for its kind or for any kind, by title."""
    units = [*case.unit.ancestor_ids(), case.unit_id]
    return AnswerTemplate.objects.filter(
        Q(kind="") | Q(kind=case.kind), unit_id__in=units, is_active=True
    ).order_by("title", "id")


# --- public reads --------------------------------------------------------------------------------

# What a published answer shows: never the citizen's name, contact or the unpublished question.
PUBLISHED_FIELDS = (
    "code",
    "kind",
    "unit__name_vi",
    "unit__name_en",
    "unit__code",
    "published_question",
    "answer",
    "answered_at",
    "answered_on_time",
    "published_at",
)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of ``month`` and of the next one, in the project's time zone."""
    zone = timezone.get_current_timezone()
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (
        dt.datetime(month.year, month.month, 1, tzinfo=zone),
        dt.datetime(following.year, following.month, 1, tzinfo=zone),
    )


def published_answers(
    *, search: str = "", unit: Unit | None = None, kind: str = "", month: dt.date | None = None
) -> QuerySet[FeedbackCase]:
    """The answers published and still in force (a reopened case's contested answer is
    withdrawn), newest first: anonymised question, answer, its date and whether it was on time.
    ``search`` matches the question and the answer without diacritics; ``unit`` takes its
    subtree; ``month`` is the answer's month."""
    rows = FeedbackCase.objects.filter(published_at__isnull=False)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if kind:
        rows = rows.filter(kind=kind)
    if month is not None:
        start, end = month_bounds(month)
        rows = rows.filter(answered_at__gte=start, answered_at__lt=end)
    for term in terms(search):
        rows = rows.filter(published_search__contains=term)
    return rows.select_related("unit").only(*PUBLISHED_FIELDS).order_by("-published_at", "-id")


@dataclass(frozen=True)
class UnitFeedbackFigures:
    """A unit's public feedback figures over a period: cases it handled that were received then,
    how many were answered and how many of those on time, and the citizens' ratings."""

    since: dt.date
    received: int
    answered: int
    answered_on_time: int
    rated: int
    satisfied: int

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.answered_on_time / self.answered) if self.answered else None

    @property
    def satisfied_percent(self) -> int | None:
        return round(100 * self.satisfied / self.rated) if self.rated else None


# The unit pages show the last twelve months: a year of work, never an empty new calendar year.
FIGURES_DAYS = 365


def unit_feedback_figures(*, unit: Unit, today: dt.date | None = None) -> UnitFeedbackFigures:
    """The figures of the cases ``unit`` handled, received in the last ``FIGURES_DAYS`` days
    (one query). Refused cases count as received, not as answered; a rating counts once given."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=FIGURES_DAYS - 1)
    start = dt.datetime(since.year, since.month, since.day, tzinfo=timezone.get_current_timezone())
    counts = FeedbackCase.objects.filter(unit=unit, received_at__gte=start).aggregate(
        received=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        answered_on_time=Count("id", filter=Q(answered_on_time=True)),
        rated=Count("id", filter=~Q(rating="")),
        satisfied=Count("id", filter=Q(rating=Satisfaction.SATISFIED)),
    )
    return UnitFeedbackFigures(since=since, **counts)
