"""Reads on questionnaires: the lists staff see, the answering form, and honest results.

Results are per version (a response answered exactly its version's questions). Every share comes
with its count, its denominator n and a 95 % Wilson interval, and is marked not reliable when n
is below the survey's minimum. The satisfaction index of a SIPAS element is the share of
"hài lòng" and "rất hài lòng" among the answers to that element's satisfaction questions; the
survey's index pools the answers to all its satisfaction questions. The measured contents
(assessment, satisfaction, expectation over five elements) follow the Ministry of Home Affairs'
methodology, Decision 1001/QĐ-BNV of 11/12/2023 ("Phương pháp đo lường sự hài lòng của người dân
đối với sự phục vụ của cơ quan hành chính nhà nước giai đoạn 2023–2026"); pooling the elements'
answers, rather than averaging the element indices, is our choice, said on the results page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Avg, Count, Max, Min, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter
from reformdesk.surveys.choices import (
    Element,
    Measure,
    QuestionKind,
    ResponseChannel,
)
from reformdesk.surveys.models import (
    Answer,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
    SurveyInvitation,
)
from reformdesk.surveys.services.responses import LoadedQuestion, load_version
from reformdesk.surveys.stats import wilson_interval


def questionnaire_list(*, user: AnyUser) -> QuerySet[Questionnaire]:
    """Surveys owned by units where the user builds surveys or reads their results, newest first,
    with ``response_count`` and ``version_count`` (one query)."""
    visible = unit_filter(user, Perm.MANAGE_SURVEYS, "owner_unit") | unit_filter(
        user, Perm.VIEW_SURVEY_RESULTS, "owner_unit"
    )
    return (
        Questionnaire.objects.filter(visible, is_template=False)
        .select_related("owner_unit")
        .annotate(
            response_count=Count("versions__responses", distinct=True),
            version_count=Count("versions", distinct=True),
        )
        .order_by("-created_at", "slug")
    )


def questionnaire_templates() -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(is_template=True).order_by("kind", "slug")


def questionnaire_for_staff(*, user: AnyUser, slug: str, perm: Perm) -> Questionnaire | None:
    """The survey ``slug`` if the user holds ``perm`` on its owner unit (else None: a 404, so
    another commune's surveys are not even confirmed to exist)."""
    questionnaire = (
        Questionnaire.objects.select_related("owner_unit").filter(slug=slug[:64], is_template=False).first()
    )
    if questionnaire is None or not has_perm(user, perm, questionnaire.owner_unit):
        return None
    return questionnaire


def questionnaire_public(*, slug: str) -> Questionnaire | None:
    return (
        Questionnaire.objects.select_related("owner_unit").filter(slug=slug[:64], is_template=False).first()
    )


def survey_invitation_by_token(*, questionnaire: Questionnaire, token: str) -> SurveyInvitation | None:
    token = token.strip()[:64]
    if not token:
        return None
    return SurveyInvitation.objects.filter(questionnaire=questionnaire, token=token).first()


def answering_units(*, questionnaire: Questionnaire) -> QuerySet[Unit]:
    """The units a response may be given for: the owner and the units under it."""
    owner = questionnaire.owner_unit
    if owner is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=owner.path).order_by("path")


def version_for_results(
    questionnaire: Questionnaire, number: int | None = None
) -> QuestionnaireVersion | None:
    """Version ``number``, or the latest version that has a response (else the latest)."""
    versions = questionnaire.versions.all()
    if number is not None:
        return versions.filter(number=number).first()
    answered = versions.filter(responses__isnull=False).order_by("-number").first()
    return answered or versions.order_by("-number").first()


@dataclass(frozen=True)
class Share:
    """``count`` of ``n`` with its 95 % Wilson interval; ``reliable`` when n reaches the minimum."""

    count: int
    n: int
    min_n: int

    @property
    def share(self) -> float | None:
        return self.count / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.count, self.n)

    @property
    def low(self) -> float | None:
        interval = self.interval
        return interval[0] if interval else None

    @property
    def high(self) -> float | None:
        interval = self.interval
        return interval[1] if interval else None

    @property
    def reliable(self) -> bool:
        return self.n >= self.min_n

    def percent(self) -> tuple[float, float, float] | None:
        """Share, low and high in per cent, to 0.1 (for pages)."""
        if not self.n or self.interval is None:
            return None
        low, high = self.interval
        return round(100 * self.count / self.n, 1), round(100 * low, 1), round(100 * high, 1)


@dataclass
class ChoiceResult:
    value: str
    text: str
    satisfied: bool
    share: Share


@dataclass
class RowResult:
    value: str
    text: str
    choices: list[ChoiceResult]


@dataclass
class QuestionResult:
    key: str
    text: str
    kind: str
    measure: str
    element: str
    answered: int  # responses that answered it
    choices: list[ChoiceResult] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    number_mean: float | None = None
    number_min: int | None = None
    number_max: int | None = None
    texts: int = 0
    officials: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class IndexResult:
    element: str
    label: str
    share: Share


@dataclass
class SurveyResults:
    questionnaire: Questionnaire
    version: QuestionnaireVersion
    responses: int
    min_n: int
    questions: list[QuestionResult]
    elements: list[IndexResult]
    overall: Share | None

    @property
    def reliable(self) -> bool:
        return self.responses >= self.min_n


def responses_filtered(
    version: QuestionnaireVersion,
    *,
    unit: Unit | None,
    month: dt.date | None,
    channel: str | None,
) -> QuerySet[Response]:
    responses = Response.objects.filter(version=version)
    if unit is not None:
        responses = responses.filter(unit__path__startswith=unit.path)
    if month is not None:
        tz = timezone.get_current_timezone()
        start = dt.datetime(month.year, month.month, 1, tzinfo=tz)
        end = dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=tz)
        responses = responses.filter(submitted_at__gte=start, submitted_at__lt=end)
    if channel:
        responses = responses.filter(channel=channel)
    return responses


def survey_results(
    *,
    questionnaire: Questionnaire,
    version: QuestionnaireVersion,
    unit: Unit | None = None,
    month: dt.date | None = None,
    channel: str | None = None,
) -> SurveyResults:
    """Counts and shares per question and answer, and the satisfaction index per element and for
    the survey, over ``version``'s responses for ``unit``'s subtree, ``month`` (its first day)
    and ``channel``. A fixed number of queries, whatever the number of responses."""
    min_n = questionnaire.min_reliable_n
    responses = responses_filtered(version, unit=unit, month=month, channel=channel)
    loaded: list[LoadedQuestion] = load_version(version)
    sections = {s.pk: s for s in version.sections.all()}
    answers = Answer.objects.filter(response__in=responses)
    counts: dict[tuple[int, int | None, int | None], int] = {
        (row["question_id"], row["row_id"], row["choice_id"]): row["count"]
        for row in answers.filter(choice__isnull=False)
        .values("question_id", "row_id", "choice_id")
        .annotate(count=Count("id"))
        .order_by()
    }
    # A single-choice question has one answer per response: the counts above give its
    # respondents. The other kinds are read in one query restricted to their questions (the
    # index on question and choice), not over every answer of the survey.
    one_choice = {QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.YES_NO}
    others = [item.question.pk for item in loaded if item.question.kind not in one_choice]
    answered: dict[int, int] = {}
    for (question_id, row_id, _choice_id), count in counts.items():
        if question_id not in others and row_id is None:
            answered[question_id] = answered.get(question_id, 0) + count
    numbers: dict[int, dict[str, Any]] = {}
    text_counts: dict[int, int] = {}
    for row in (
        answers.filter(question_id__in=others)
        .values("question_id")
        .annotate(
            n=Count("response_id", distinct=True),
            mean=Avg("number"),
            low=Min("number"),
            high=Max("number"),
            texts=Count("id", filter=~models.Q(text="")),
        )
        .order_by()
    ):
        answered[row["question_id"]] = row["n"]
        if row["low"] is not None:
            numbers[row["question_id"]] = row
        if row["texts"]:
            text_counts[row["question_id"]] = row["texts"]
    official_counts: dict[int, list[tuple[str, int]]] = {}
    official_questions = [item.question.pk for item in loaded if item.question.kind == QuestionKind.OFFICIAL]
    for row in (
        answers.filter(question_id__in=official_questions, official__isnull=False)
        .values("question_id", "official__full_name")
        .annotate(count=Count("id"))
        .order_by("question_id", "-count", "official__full_name")
    ):
        official_counts.setdefault(row["question_id"], []).append((row["official__full_name"], row["count"]))
    total = responses.count()

    results: list[QuestionResult] = []
    per_element: dict[str, list[int]] = {}
    overall = [0, 0]
    for item in loaded:
        q = item.question
        element = sections[q.section_id].element
        result = QuestionResult(
            key=q.key,
            text=q.text,
            kind=q.kind,
            measure=q.measure,
            element=element,
            answered=answered.get(q.pk, 0),
        )
        options = list(item.options.values())
        if q.kind == QuestionKind.MATRIX:
            for matrix_row in item.rows.values():
                row_n = sum(counts.get((q.pk, matrix_row.pk, c.pk), 0) for c in options)
                result.rows.append(
                    RowResult(
                        value=matrix_row.value,
                        text=matrix_row.text,
                        choices=[
                            ChoiceResult(
                                c.value,
                                c.text,
                                c.satisfied,
                                Share(counts.get((q.pk, matrix_row.pk, c.pk), 0), row_n, min_n),
                            )
                            for c in options
                        ],
                    )
                )
        elif options:
            # A multiple choice's shares are of the respondents who answered (they may pick several).
            n = (
                result.answered
                if q.kind == QuestionKind.MULTIPLE
                else sum(counts.get((q.pk, None, c.pk), 0) for c in options)
            )
            result.choices = [
                ChoiceResult(c.value, c.text, c.satisfied, Share(counts.get((q.pk, None, c.pk), 0), n, min_n))
                for c in options
            ]
        if q.pk in numbers:
            row_numbers = numbers[q.pk]
            result.number_mean = float(row_numbers["mean"]) if row_numbers["mean"] is not None else None
            result.number_min, result.number_max = row_numbers["low"], row_numbers["high"]
        result.texts = text_counts.get(q.pk, 0)
        result.officials = official_counts.get(q.pk, [])
        results.append(result)
        if q.measure == Measure.SATISFACTION and q.kind != QuestionKind.MULTIPLE:
            choice_rows = [c for r in result.rows for c in r.choices] or result.choices
            satisfied = sum(c.share.count for c in choice_rows if c.satisfied)
            given = sum(c.share.count for c in choice_rows)
            if element:
                bucket = per_element.setdefault(element, [0, 0])
                bucket[0] += satisfied
                bucket[1] += given
            overall[0] += satisfied
            overall[1] += given
    elements = [
        IndexResult(
            element=e.value,
            label=str(e.label),
            share=Share(per_element[e.value][0], per_element[e.value][1], min_n),
        )
        for e in Element
        if e.value in per_element
    ]
    has_index = any(item.question.measure == Measure.SATISFACTION for item in loaded)
    return SurveyResults(
        questionnaire=questionnaire,
        version=version,
        responses=total,
        min_n=min_n,
        questions=results,
        elements=elements,
        overall=Share(overall[0], overall[1], min_n) if has_index else None,
    )


def response_months(*, version: QuestionnaireVersion) -> list[dt.date]:
    """First days of the months with responses (the results filter's choices)."""
    tz = timezone.get_current_timezone()
    months = (
        Response.objects.filter(version=version)
        .annotate(month=TruncMonth("submitted_at", tzinfo=tz))
        .values_list("month", flat=True)
        .distinct()
        .order_by("month")
    )
    return [m.date() if isinstance(m, dt.datetime) else m for m in months]


@dataclass
class StructureQuestion:
    question: Question
    options: dict[str, Choice]
    rows: dict[str, Choice]
    condition_key: str
    condition_values: list[str]


@dataclass
class StructureSection:
    section: Section
    questions: list[StructureQuestion]


@dataclass
class Structure:
    version: QuestionnaireVersion
    sections: list[StructureSection]


def questionnaire_structure(
    *, questionnaire: Questionnaire, version: QuestionnaireVersion | None = None
) -> Structure:
    """``version`` (by default the latest) as sections of questions with their options, rows and
    condition (the condition question's key and the values that show the question)."""
    version = version or questionnaire.versions.order_by("-number").first()
    assert version is not None, "every questionnaire is created with its first version"
    loaded = load_version(version)
    keys = {item.question.pk: item.question.key for item in loaded}
    values = {c.pk: c.value for item in loaded for c in item.options.values()}
    sections = [StructureSection(section=s, questions=[]) for s in version.sections.order_by("order")]
    by_id = {s.section.pk: s for s in sections}
    for item in loaded:
        condition_id = item.question.condition_question_id
        by_id[item.question.section_id].questions.append(
            StructureQuestion(
                question=item.question,
                options=item.options,
                rows=item.rows,
                condition_key=keys.get(condition_id, "") if condition_id else "",
                condition_values=sorted(values[c] for c in item.condition_choice_ids if c in values),
            )
        )
    return Structure(version=version, sections=sections)


@dataclass
class RawResponses:
    """Anonymised responses as rows: no token, no exact moment, no id (a running number)."""

    header: list[str]
    rows: list[list[str | int | None]]


def survey_raw_responses(
    *,
    questionnaire: Questionnaire,
    version: QuestionnaireVersion,
    unit: Unit | None = None,
    month: dt.date | None = None,
    channel: str | None = None,
) -> RawResponses:
    """One row per response (filtered as the results are): its running number, version, unit,
    channel, paper batch and month, then one column per question (a matrix: one per row; several
    chosen values joined by ";"). Four queries, whatever the number of responses."""
    loaded = load_version(version)
    columns: list[tuple[int, int | None]] = []
    header = ["stt", "phien_ban", "don_vi", "kenh", "lo_phieu_giay", "thang"]
    for item in loaded:
        if item.question.kind == QuestionKind.MATRIX:
            for matrix_row in item.rows.values():
                columns.append((item.question.pk, matrix_row.pk))
                header.append(f"{item.question.key}.{matrix_row.value}")
        else:
            columns.append((item.question.pk, None))
            header.append(item.question.key)
    responses = responses_filtered(version, unit=unit, month=month, channel=channel).order_by(
        "submitted_at", "id"
    )
    tz = timezone.get_current_timezone()
    meta = list(responses.values_list("id", "unit__code", "channel", "batch_code", "submitted_at"))
    cells: dict[tuple[int, int, int | None], list[str]] = {}
    answers = (
        Answer.objects.filter(response__in=responses)
        .values_list(
            "response_id", "question_id", "row_id", "choice__value", "number", "text", "official__full_name"
        )
        .order_by("response_id", "question_id", "row_id", "choice__order", "id")
    )
    for response_id, question_id, row_id, value, number, text, official in answers:
        shown = value if value is not None else number if number is not None else official or text
        cells.setdefault((response_id, question_id, row_id), []).append(str(shown))
    rows: list[list[str | int | None]] = []
    for position, (response_id, unit_code, response_channel, batch, submitted_at) in enumerate(meta, start=1):
        line: list[str | int | None] = [
            position,
            version.number,
            str(unit_code),
            str(response_channel),
            str(batch),
            f"{submitted_at.astimezone(tz):%Y-%m}",
        ]
        line += [";".join(cells.get((response_id, q, r), [])) or None for q, r in columns]
        rows.append(line)
    return RawResponses(header=header, rows=rows)


@dataclass
class BreakdownRow:
    key: str
    label: str
    share: Share


BREAKDOWNS = ("unit", "month", "channel")


def satisfaction_breakdown(
    *,
    questionnaire: Questionnaire,
    version: QuestionnaireVersion,
    by: str,
    unit: Unit | None = None,
    month: dt.date | None = None,
    channel: str | None = None,
) -> list[BreakdownRow]:
    """The survey's satisfaction index (as in :func:`survey_results`: satisfied answers among the
    answers to its satisfaction questions) per answering unit, month or channel, each with n, its
    interval and whether it is reliable. One query."""
    if by not in BREAKDOWNS:
        raise ValueError(by)
    responses = responses_filtered(version, unit=unit, month=month, channel=channel)
    answers = Answer.objects.filter(
        response__in=responses, question__measure=Measure.SATISFACTION, choice__isnull=False
    ).exclude(question__kind=QuestionKind.MULTIPLE)
    tz = timezone.get_current_timezone()
    group: dict[str, str] = {
        "unit": "response__unit__code",
        "channel": "response__channel",
    }
    if by == "month":
        answers = answers.annotate(group=TruncMonth("response__submitted_at", tzinfo=tz))
    else:
        answers = answers.annotate(group=models.F(group[by]))
    extra = ["response__unit__name_vi"] if by == "unit" else []
    rows = (
        answers.values("group", *extra)
        .annotate(n=Count("id"), satisfied=Count("id", filter=models.Q(choice__satisfied=True)))
        .order_by("group")
    )
    channels = dict(ResponseChannel.choices)
    found = []
    for row in rows:
        key = row["group"]
        if by == "month":
            key_text, label = f"{key:%Y-%m}", f"{key:%m/%Y}"
        elif by == "channel":
            key_text, label = str(key), str(channels.get(key, key))
        else:
            key_text, label = str(key), str(row["response__unit__name_vi"])
        found.append(
            BreakdownRow(key_text, label, Share(row["satisfied"], row["n"], questionnaire.min_reliable_n))
        )
    return found
