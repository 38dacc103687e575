"""The data inputs of computed framework criteria: one function per :class:`RateSource`, each
returning ``(numerator, denominator)`` for a unit (and its subtree) over a calendar year, or None
when ReformDesk holds nothing to count ("no data": shown as such, never scored 0 or full).

The 766 figures reuse :mod:`reformdesk.scoring.rates`; the others read the domain apps' selectors
(attendance compliance, task figures, inspection figures) or, where none exists, their models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from reformdesk.assignments.selectors import Period as TaskPeriod
from reformdesk.assignments.selectors import task_figures
from reformdesk.attendance.selectors import compliance
from reformdesk.documents.choices_regulations import RegulationStatus
from reformdesk.documents.models import RegulationVersion
from reformdesk.documents.selectors_regulations import acknowledgement_status
from reformdesk.inspections.selectors import inspection_figures
from reformdesk.org.models import Unit
from reformdesk.scoring import rates, selectors_plans
from reformdesk.scoring.models_frameworks import FrameworkNode, RateSource
from reformdesk.scoring.periods import Period
from reformdesk.scoring.shapes import rate_of, score
from reformdesk.surveys.choices import QuestionnaireKind, QuestionnaireStatus
from reformdesk.surveys.models import Questionnaire
from reformdesk.surveys.selectors.questionnaires import survey_results, version_for_results

Figure = tuple[int, int] | None


@dataclass(frozen=True)
class Context:
    """One unit and year, and the moment they are evaluated at (the year's end, or now)."""

    unit: Unit
    year: int
    at: dt.datetime

    @property
    def period(self) -> Period:
        return Period(str(self.year), dt.date(self.year, 1, 1), dt.date(self.year, 12, 31))

    @property
    def last_day(self) -> dt.date:
        return min(self.period.last, timezone.localdate(self.at))


def _figure(numerator: int, denominator: int) -> Figure:
    return (numerator, denominator) if denominator else None


class _RecordsCache:
    """The 766 records of a context, loaded once for the four figures that read them."""

    def __init__(self) -> None:
        self._records: dict[tuple[int, int], rates.Records] = {}

    def get(self, ctx: Context) -> rates.Records:
        key = (ctx.unit.pk, ctx.year)
        if key not in self._records:
            self._records[key] = rates.Records(unit=ctx.unit, period=ctx.period, at=ctx.at)
        return self._records[key]


def dossiers_on_time(ctx: Context, cache: _RecordsCache) -> Figure:
    """Dossiers on time by the 766 rule (in progress within time counted) of those received."""
    count = rates.on_time_766(cache.get(ctx))
    return _figure(count.numerator, count.denominator)


def dossiers_online(ctx: Context, cache: _RecordsCache) -> Figure:
    count = rates.dossiers_online(cache.get(ctx))
    return _figure(count.numerator, count.denominator)


def procedures_published(ctx: Context, cache: _RecordsCache) -> Figure:
    count = rates.portal_published(cache.get(ctx))
    return _figure(count.numerator, count.denominator)


def petitions_on_time(ctx: Context, cache: _RecordsCache) -> Figure:
    count = rates.petitions_on_time(cache.get(ctx))
    return _figure(count.numerator, count.denominator)


def attendance(ctx: Context, cache: _RecordsCache) -> Figure:
    """Working days without a late arrival, early leave, absence or unexplained missing punch
    (accepted explanations and approved leave count as kept), of all working days recorded."""
    total = compliance(unit=ctx.unit, start=ctx.period.first, end=ctx.last_day).total
    breaches = total["late"] + total["early"] + total["absent"] + total["missing"]
    return _figure(max(total["workdays"] - breaches, 0), total["workdays"])


def tasks_on_time(ctx: Context, cache: _RecordsCache) -> Figure:
    """Tasks evaluated in the year early or on time (extensions granted counted), of those evaluated."""
    figures = task_figures(period=TaskPeriod.year(ctx.year), unit=ctx.unit, now=ctx.at)
    return _figure(figures.early + figures.on_time, figures.finished)


def findings_remedied(ctx: Context, cache: _RecordsCache) -> Figure:
    """Findings of the year's inspections closed (remedied), of all their findings."""
    figures = inspection_figures(unit=ctx.unit, start=ctx.period.first, end=ctx.last_day)
    return _figure(figures.closed, figures.findings)


def regulations_acknowledged(ctx: Context, cache: _RecordsCache) -> Figure:
    """(Regulation, official) pairs acknowledged, of every pair a published regulation of the
    unit's subtree in force on the last day applies to (commitments are not counted here)."""
    day = ctx.last_day
    versions = (
        RegulationVersion.objects.filter(
            unit__path__startswith=ctx.unit.path, status=RegulationStatus.PUBLISHED, effective_on__lte=day
        )
        .exclude(replaced_by__status=RegulationStatus.PUBLISHED)
        .select_related("unit")
    )
    numerator = denominator = 0
    for version in versions:
        rows = acknowledgement_status(version=version, on=day)
        denominator += len(rows)
        numerator += sum(1 for row in rows if row.acknowledged_at is not None)
    return _figure(numerator, denominator)


def reports_on_time(ctx: Context, cache: _RecordsCache) -> Figure:
    """The unit's yearly reform plan and reports submitted on time, as they stood on ``last_day``."""
    return selectors_plans.reports_on_time(ctx.unit, ctx.year, today=ctx.last_day)


SOURCES: dict[str, Callable[[Context, _RecordsCache], Figure]] = {
    RateSource.DOSSIERS_ON_TIME: dossiers_on_time,
    RateSource.DOSSIERS_ONLINE: dossiers_online,
    RateSource.PROCEDURES_PUBLISHED: procedures_published,
    RateSource.PETITIONS_ON_TIME: petitions_on_time,
    RateSource.ATTENDANCE: attendance,
    RateSource.TASKS_ON_TIME: tasks_on_time,
    RateSource.FINDINGS_REMEDIED: findings_remedied,
    RateSource.REGULATIONS_ACKNOWLEDGED: regulations_acknowledged,
    RateSource.REPORTS_ON_TIME: reports_on_time,
}


@dataclass(frozen=True)
class Prefill:
    figure: Figure
    rate: Decimal | None
    points: Decimal | None


def prefill(nodes: list[FrameworkNode], *, unit: Unit, year: int, at: dt.datetime) -> dict[int, Prefill]:
    """Rate and points of every computed node for ``unit`` and ``year`` (node pk → prefill);
    a source without data gives rate and points None."""
    ctx = Context(unit=unit, year=year, at=at)
    cache = _RecordsCache()
    figures: dict[str, Figure] = {}
    result: dict[int, Prefill] = {}
    for node in nodes:
        if node.rate_source not in figures:
            figures[node.rate_source] = SOURCES[node.rate_source](ctx, cache)
        figure = figures[node.rate_source]
        rate = rate_of(*figure) if figure else None
        points = (
            score(shape=node.shape, params=node.shape_params, max_points=node.max_points, rate=rate)
            if rate is not None
            else None
        )
        result[node.pk] = Prefill(figure, rate, points)
    return result


@dataclass(frozen=True)
class SurveyFigure:
    """The satisfaction index a survey gives a unit: ``satisfied`` of ``answers``."""

    slug: str
    title: str
    satisfied: int
    answers: int

    @property
    def rate(self) -> Decimal | None:
        return rate_of(self.satisfied, self.answers)

    def source(self) -> str:
        return f"{self.title} ({self.slug}): {self.satisfied}/{self.answers}"[:300]


def survey_figure(*, unit: Unit, year: int) -> SurveyFigure | None:
    """The unit's satisfaction index for ``year`` from a sociological survey for the commune
    reform index (else a SIPAS survey) run by the unit or a unit above it and opened that year,
    when its answers for the unit reach the survey's reliable minimum; None otherwise (the
    council then enters the points with the survey report as evidence)."""
    found = (
        Questionnaire.objects.filter(
            is_template=False,
            kind__in=(QuestionnaireKind.REFORM_INDEX, QuestionnaireKind.SIPAS),
            owner_unit_id__in=[*unit.ancestor_ids(), unit.pk],
            opens_at__year=year,
        )
        .exclude(status=QuestionnaireStatus.DRAFT)
        .order_by("kind", "-opens_at", "pk")  # "reform_index" sorts before "sipas"
    )
    for questionnaire in found:
        version = version_for_results(questionnaire)
        if version is None:
            continue
        overall = survey_results(questionnaire=questionnaire, version=version, unit=unit).overall
        if overall is not None and overall.n and overall.reliable:
            return SurveyFigure(questionnaire.slug, questionnaire.title_vi, overall.count, overall.n)
    return None
