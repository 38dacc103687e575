"""The evaluation form's pre-fill: an official's year in figures, each figure linking to the
records behind it (the evidence page, ``emulation:evidence``).

One read for a whole unit: :func:`prefill_for_officials` runs a fixed number of queries
(:data:`PREFILL_QUERIES`) whatever the number of officials — one grouped query per source, never
one per official — so the leader's overview of 300 officials costs what one official's form does.
Definitions (our choices where the issue is silent):

- tasks: ``assignments.selectors.task_figures_by_official`` over the calendar year — assigned in
  the year, evaluated early / on time / late in the year, and their average quality (4 the best);
  counted at the official's unit and below;
- attendance: the official's daily records of the year — days worked (any day with a punch:
  present, late, left early, missing a punch), late arrivals (days with minutes late not excused
  by an accepted explanation) and unexplained absences (absent, not excused);
- dossiers: steps of the control slip the official finished in the year, on time (early or on
  time) and late — a hand-over per step is the unit of an official's work on a dossier;
- ratings: the citizens' ratings naming the official at result delivery in the year (satisfied =
  "Rất hài lòng" or "Hài lòng"), and the survey answers on satisfaction in responses naming the
  official, each a share with its n and 95 % Wilson interval, never pooled (as ``surveys`` does);
- feedback: cases about the official received in the year, per status they ended in (or stand in);
- inspections: findings recorded against the official in the year, per severity;
- commitments: the official's signed commitments of the year and breaches of them;
- training: courses attended that ended in the year, and their hours.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from reformdesk.assignments.selectors import Period, TaskFigures, task_figures_by_official
from reformdesk.attendance.choices import DayStatus
from reformdesk.attendance.models import DailyRecord
from reformdesk.documents.models import Commitment
from reformdesk.dossiers.choices import Outcome
from reformdesk.dossiers.models import DossierStep
from reformdesk.emulation.models import CourseAttendance
from reformdesk.feedback.models import FeedbackCase
from reformdesk.inspections.models import Finding
from reformdesk.org.models import Unit
from reformdesk.surveys.choices import SATISFIED_SCORES, Measure, QuestionKind
from reformdesk.surveys.models import Answer, OfficialRating
from reformdesk.surveys.models.questionnaires import MIN_RELIABLE_N
from reformdesk.surveys.selectors.questionnaires import Share

# Queries run by prefill_for_officials: tasks 2, attendance 1, dossier steps 1, ratings 1,
# survey answers 2, feedback 1, findings 1, commitments 1, training 1.
PREFILL_QUERIES = 11

WORKED_STATUSES = (DayStatus.PRESENT, DayStatus.LATE, DayStatus.EARLY, DayStatus.MISSING_PUNCH)


class Evidence:
    """The kinds of records a figure links to (the evidence page's ``kind``)."""

    TASKS = "tasks"
    ATTENDANCE = "attendance"
    DOSSIERS = "dossiers"
    RATINGS = "ratings"
    SURVEYS = "surveys"
    FEEDBACK = "feedback"
    FINDINGS = "findings"
    COMMITMENTS = "commitments"
    TRAINING = "training"
    ALL = (TASKS, ATTENDANCE, DOSSIERS, RATINGS, SURVEYS, FEEDBACK, FINDINGS, COMMITMENTS, TRAINING)


@dataclass
class Prefill:
    """One official's year, as the form shows it."""

    official_id: int
    year: int
    tasks: TaskFigures
    days_worked: int = 0
    late_arrivals: int = 0
    unexplained_absences: int = 0
    steps_on_time: int = 0
    steps_late: int = 0
    ratings: Share = field(default_factory=lambda: Share(0, 0, MIN_RELIABLE_N))
    survey_responses: int = 0
    survey: Share = field(default_factory=lambda: Share(0, 0, MIN_RELIABLE_N))
    feedback_by_status: dict[str, int] = field(default_factory=dict)
    findings_by_severity: dict[str, int] = field(default_factory=dict)
    commitments_signed: int = 0
    commitment_breaches: int = 0
    courses: int = 0
    training_hours: Decimal = Decimal(0)

    @property
    def steps_handled(self) -> int:
        return self.steps_on_time + self.steps_late

    @property
    def feedback_cases(self) -> int:
        return sum(self.feedback_by_status.values())

    @property
    def findings(self) -> int:
        return sum(self.findings_by_severity.values())

    def link(self, kind: str) -> str:
        """The evidence page listing the records behind the figures of ``kind``."""
        return reverse("emulation:evidence", args=[self.year, self.official_id, kind])


_NO_TASKS = TaskFigures(
    assigned=0, early=0, on_time=0, late=0, overdue_now=0, average_quality=None, returns=0
)


def prefill_for_officials(
    *, unit: Unit, official_ids: list[int], year: int, now: dt.datetime | None = None
) -> dict[int, Prefill]:
    """:class:`Prefill` of each of ``official_ids`` (officials of ``unit``) for ``year``, keyed by
    id. :data:`PREFILL_QUERIES` queries, whatever the number of officials. The caller checks who
    may read them (evaluation content is personal data) and logs the reads."""
    now = now or timezone.now()
    period = Period.year(year)
    start, end = period.bounds()
    ids = list(official_ids)
    tasks = task_figures_by_official(period=period, unit=unit, now=now)
    result = {pk: Prefill(official_id=pk, year=year, tasks=tasks.get(pk, _NO_TASKS)) for pk in ids}

    for row in (
        DailyRecord.objects.filter(official_id__in=ids, day__gte=period.start, day__lt=period.end)
        .values("official_id")
        .annotate(
            worked=Count("id", filter=Q(status__in=WORKED_STATUSES)),
            late=Count("id", filter=Q(late_minutes__gt=0, excused=False)),
            absent=Count("id", filter=Q(status=DayStatus.ABSENT, excused=False)),
        )
        .order_by()
    ):
        item = result[row["official_id"]]
        item.days_worked, item.late_arrivals, item.unexplained_absences = (
            row["worked"],
            row["late"],
            row["absent"],
        )

    for row in (
        DossierStep.objects.filter(assignee_id__in=ids, finished_at__gte=start, finished_at__lt=end)
        .values("assignee_id")
        .annotate(
            on_time=Count("id", filter=Q(outcome__in=(Outcome.EARLY, Outcome.ON_TIME))),
            late=Count("id", filter=Q(outcome=Outcome.LATE)),
        )
        .order_by()
    ):
        item = result[row["assignee_id"]]
        item.steps_on_time, item.steps_late = row["on_time"], row["late"]

    for row in (
        OfficialRating.objects.filter(
            official_id__in=ids, rating__created_at__gte=start, rating__created_at__lt=end
        )
        .values("official_id")
        .annotate(n=Count("id"), satisfied=Count("id", filter=Q(score__in=SATISFIED_SCORES)))
        .order_by()
    ):
        result[row["official_id"]].ratings = Share(row["satisfied"], row["n"], MIN_RELIABLE_N)

    in_year = Q(response__submitted_at__gte=start, response__submitted_at__lt=end)
    for row in (
        Answer.objects.filter(in_year, official_id__in=ids)
        .values("official_id")
        .annotate(responses=Count("response_id", distinct=True))
        .order_by()
    ):
        result[row["official_id"]].survey_responses = row["responses"]
    for row in (
        Answer.objects.filter(
            in_year,
            question__measure=Measure.SATISFACTION,
            choice__isnull=False,
            response__answers__official_id__in=ids,
        )
        .exclude(question__kind=QuestionKind.MULTIPLE)
        .values("response__answers__official_id")
        .annotate(n=Count("id"), satisfied=Count("id", filter=Q(choice__satisfied=True)))
        .order_by()
    ):
        result[row["response__answers__official_id"]].survey = Share(
            row["satisfied"], row["n"], MIN_RELIABLE_N
        )

    for row in (
        FeedbackCase.objects.filter(related_official_id__in=ids, received_at__gte=start, received_at__lt=end)
        .values("related_official_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        result[row["related_official_id"]].feedback_by_status[row["status"]] = row["n"]

    for row in (
        Finding.objects.filter(official_id__in=ids, created_at__gte=start, created_at__lt=end)
        .values("official_id", "severity")
        .annotate(n=Count("id"))
        .order_by()
    ):
        result[row["official_id"]].findings_by_severity[row["severity"]] = row["n"]

    for row in (
        Commitment.objects.filter(official_id__in=ids, template__year=year)
        .values("official_id")
        .annotate(signed=Count("id", distinct=True), breach_count=Count("breaches", distinct=True))
        .order_by()
    ):
        item = result[row["official_id"]]
        item.commitments_signed, item.commitment_breaches = row["signed"], row["breach_count"]

    for row in (
        CourseAttendance.objects.filter(official_id__in=ids, course__ends_on__year=year)
        .values("official_id")
        .annotate(courses=Count("id"), hours=Sum("hours"))
        .order_by()
    ):
        item = result[row["official_id"]]
        item.courses, item.training_hours = (
            row["courses"],
            Decimal(row["hours"] or 0).quantize(Decimal("0.1")),
        )
    return result
