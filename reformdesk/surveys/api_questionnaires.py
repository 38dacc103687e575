"""Questionnaires in the API: for staff at /api/v1/surveys/questionnaires (list, detail, results),
and for citizens ``POST /api/v1/public/surveys/{slug}/responses``.

A survey another unit owns answers 404, as an unknown slug does. Results take the filters of the
results page: ``unit`` (a code: that unit and its subtree), ``month`` (YYYY-MM), ``channel`` and
``version`` (by default the latest answered). Every share carries its count, n, a 95 % Wilson
interval and ``reliable`` (n at least the survey's minimum).

The public endpoint is rate-limited per client. Refusals: 404 unknown survey, 409 ``survey_closed``
(draft, closed or outside its window), 409 ``token_used``, 409 ``quota_reached`` (the unit has
the survey's quota of responses), 422 with one error per question (the
message names it) for any wrong answer, an unknown token or a unit outside the survey's; nothing is
saved.
"""

# Annotations are evaluated where written: ninja reads a decorated view's string annotations in
# its decorator's module, where ``Text`` is unknown.

import datetime as dt
import re
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from reformdesk.core.api import (
    ApiError,
    ErrorOut,
    LongText,
    Text,
    ValidationErrorOut,
    field_error,
    local_time,
)
from reformdesk.core.ratelimit import public_rate_limit
from reformdesk.org.api import unit_param
from reformdesk.org.permissions import Perm
from reformdesk.surveys import services
from reformdesk.surveys.choices import ResponseChannel
from reformdesk.surveys.selectors import questionnaires as selectors
from reformdesk.surveys.selectors.questionnaires import ChoiceResult, Share

router = Router()
public_router = Router()

PUBLIC_PER_MINUTE = 20
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class QuestionnaireRowOut(Schema):
    slug: str
    title: str
    kind: str
    owner_unit: str
    status: str
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    responses: int
    versions: int


class ConditionOut(Schema):
    question: str
    values: list[str]


class ChoiceOut(Schema):
    value: str
    text_vi: str
    text_en: str
    satisfied: bool


class QuestionOut(Schema):
    key: str
    order: int
    kind: str
    measure: str
    text_vi: str
    text_en: str
    required: bool
    max_length: int | None
    min_value: int | None
    max_value: int | None
    condition: ConditionOut | None
    choices: list[ChoiceOut]
    rows: list[ChoiceOut]


class SectionOut(Schema):
    order: int
    title_vi: str
    title_en: str
    element: str
    questions: list[QuestionOut]


class QuestionnaireOut(Schema):
    slug: str
    title_vi: str
    title_en: str
    kind: str
    owner_unit: str
    status: str
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    anonymous: bool
    min_reliable_n: int
    version: int
    sections: list[SectionOut]


class ShareOut(Schema):
    count: int
    n: int
    share: float | None
    low: float | None  # the 95 % Wilson interval
    high: float | None
    reliable: bool


class AnswerShareOut(Schema):
    value: str
    text: str
    satisfied: bool
    share: ShareOut


class MatrixRowOut(Schema):
    value: str
    text: str
    choices: list[AnswerShareOut]


class QuestionResultOut(Schema):
    key: str
    text: str
    kind: str
    measure: str
    element: str
    answered: int
    choices: list[AnswerShareOut]
    rows: list[MatrixRowOut]
    number_mean: float | None
    number_min: int | None
    number_max: int | None
    texts: int


class ElementIndexOut(Schema):
    element: str
    label: str
    share: ShareOut


class SurveyResultsOut(Schema):
    slug: str
    version: int
    responses: int
    min_reliable_n: int
    reliable: bool
    overall: ShareOut | None
    elements: list[ElementIndexOut]
    questions: list[QuestionResultOut]


# A version number and a numeric answer fit the database's 32-bit integers; beyond, a 422.
INT32_MAX = 2**31 - 1
VersionNumber = Annotated[int, Field(ge=1, le=INT32_MAX)]
NumberAnswer = Annotated[int, Field(ge=-INT32_MAX, le=INT32_MAX)]


class ResultFilters(Schema):
    unit: Text | None = None
    month: Text | None = None
    channel: Text | None = None
    version: VersionNumber | None = None


class ResponseIn(Schema):
    unit: Text
    token: Text | None = None
    version: VersionNumber | None = None
    # key -> a choice's value, several values, a matrix's row -> value, a number, or a text
    answers: dict[Text, NumberAnswer | list[Text] | dict[Text, Text] | LongText]


class ResponseOut(Schema):
    version: int
    unit: str
    channel: str
    submitted_at: dt.datetime


def _share(share: Share) -> dict[str, Any]:
    return {
        "count": share.count,
        "n": share.n,
        "share": share.share,
        "low": share.low,
        "high": share.high,
        "reliable": share.reliable,
    }


def _answer_share(choice: ChoiceResult) -> dict[str, Any]:
    return {
        "value": choice.value,
        "text": choice.text,
        "satisfied": choice.satisfied,
        "share": _share(choice.share),
    }


def _not_found() -> ApiError:
    return ApiError(404, _("Không tìm thấy phiếu khảo sát."), "not_found")


@router.get(
    "/questionnaires",
    response={200: list[QuestionnaireRowOut]},
    summary="Surveys of the units where the user builds surveys or reads their results",
)
def questionnaire_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": q.slug,
            "title": q.title,
            "kind": q.kind,
            "owner_unit": q.owner_unit.code if q.owner_unit else "",
            "status": q.status,
            "opens_at": local_time(q.opens_at),
            "closes_at": local_time(q.closes_at),
            "responses": q.response_count,  # type: ignore[attr-defined]
            "versions": q.version_count,  # type: ignore[attr-defined]
        }
        for q in selectors.questionnaire_list(user=request.user)[:500]
    ]


def _staff_questionnaire(request: HttpRequest, slug: str) -> Any:
    for perm in (Perm.MANAGE_SURVEYS, Perm.VIEW_SURVEY_RESULTS):
        found = selectors.questionnaire_for_staff(user=request.user, slug=slug, perm=perm)
        if found is not None:
            return found
    raise _not_found()


@router.get(
    "/questionnaires/{slug}",
    response={200: QuestionnaireOut, 404: ErrorOut},
    summary="A survey with its latest version's sections, questions, choices and conditions",
)
def questionnaire_detail(request: HttpRequest, slug: Text) -> dict[str, Any]:
    questionnaire = _staff_questionnaire(request, slug)
    structure = selectors.questionnaire_structure(questionnaire=questionnaire)
    return {
        "slug": questionnaire.slug,
        "title_vi": questionnaire.title_vi,
        "title_en": questionnaire.title_en,
        "kind": questionnaire.kind,
        "owner_unit": questionnaire.owner_unit.code,
        "status": questionnaire.status,
        "opens_at": local_time(questionnaire.opens_at),
        "closes_at": local_time(questionnaire.closes_at),
        "anonymous": questionnaire.anonymous,
        "min_reliable_n": questionnaire.min_reliable_n,
        "version": structure.version.number,
        "sections": [
            {
                "order": section.section.order,
                "title_vi": section.section.title_vi,
                "title_en": section.section.title_en,
                "element": section.section.element,
                "questions": [
                    {
                        "key": item.question.key,
                        "order": item.question.order,
                        "kind": item.question.kind,
                        "measure": item.question.measure,
                        "text_vi": item.question.text_vi,
                        "text_en": item.question.text_en,
                        "required": item.question.required,
                        "max_length": item.question.max_length,
                        "min_value": item.question.min_value,
                        "max_value": item.question.max_value,
                        "condition": (
                            {"question": item.condition_key, "values": item.condition_values}
                            if item.condition_key
                            else None
                        ),
                        "choices": [vars_choice(c) for c in item.options.values()],
                        "rows": [vars_choice(c) for c in item.rows.values()],
                    }
                    for item in section.questions
                ],
            }
            for section in structure.sections
        ],
    }


def vars_choice(choice: Any) -> dict[str, Any]:
    return {
        "value": choice.value,
        "text_vi": choice.text_vi,
        "text_en": choice.text_en,
        "satisfied": choice.satisfied,
    }


def _month(raw: str | None) -> dt.date | None:
    text = (raw or "").strip()
    if not text:
        return None
    match = _MONTH.fullmatch(text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise field_error("month", _("Tháng không đúng định dạng YYYY-MM, ví dụ 2026-01."), "invalid_month")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


@router.get(
    "/questionnaires/{slug}/results",
    response={200: SurveyResultsOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="A survey's results: counts, shares with 95 % Wilson intervals, satisfaction index",
)
def questionnaire_results(request: HttpRequest, slug: Text, filters: Query[ResultFilters]) -> dict[str, Any]:
    questionnaire = selectors.questionnaire_for_staff(
        user=request.user, slug=slug, perm=Perm.VIEW_SURVEY_RESULTS
    )
    if questionnaire is None:
        raise _not_found()
    unit = unit_param(filters.unit) if (filters.unit or "").strip() else None
    month = _month(filters.month)
    channel = (filters.channel or "").strip() or None
    if channel is not None and channel not in ResponseChannel.values:
        raise field_error("channel", _("Kênh trả lời không hợp lệ."), "invalid_channel")
    version = selectors.version_for_results(questionnaire, filters.version)
    if version is None:
        raise field_error("version", _("Phiếu không có phiên bản này."), "unknown_version")
    found = selectors.survey_results(
        questionnaire=questionnaire, version=version, unit=unit, month=month, channel=channel
    )
    return {
        "slug": questionnaire.slug,
        "version": version.number,
        "responses": found.responses,
        "min_reliable_n": found.min_n,
        "reliable": found.reliable,
        "overall": _share(found.overall) if found.overall else None,
        "elements": [
            {"element": e.element, "label": e.label, "share": _share(e.share)} for e in found.elements
        ],
        "questions": [
            {
                "key": q.key,
                "text": q.text,
                "kind": q.kind,
                "measure": q.measure,
                "element": q.element,
                "answered": q.answered,
                "choices": [_answer_share(c) for c in q.choices],
                "rows": [
                    {
                        "value": r.value,
                        "text": r.text,
                        "choices": [
                            {
                                "value": c.value,
                                "text": c.text,
                                "satisfied": c.satisfied,
                                "share": _share(c.share),
                            }
                            for c in r.choices
                        ],
                    }
                    for r in q.rows
                ],
                "number_mean": q.number_mean,
                "number_min": q.number_min,
                "number_max": q.number_max,
                "texts": q.texts,
            }
            for q in found.questions
        ],
    }


@public_router.post(
    "/{slug}/responses",
    response={201: ResponseOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    auth=None,
    summary="Answer a survey (public), with the invitation token when there is one",
)
@public_rate_limit("surveys.respond", per_minute=PUBLIC_PER_MINUTE)
def response_create(request: HttpRequest, slug: Text, payload: ResponseIn) -> HttpStatus:
    questionnaire = selectors.questionnaire_public(slug=slug)
    if questionnaire is None:
        raise _not_found()
    unit = unit_param(payload.unit)
    version = None
    if payload.version is not None:
        version = questionnaire.versions.filter(number=payload.version).first()
        if version is None:
            raise field_error("version", _("Phiếu không có phiên bản này."), "unknown_version")
    token = (payload.token or "").strip()
    channel = ResponseChannel.SMS if token else ResponseChannel.PUBLIC_LINK
    try:
        response = services.response_submit(
            questionnaire=questionnaire,
            unit=unit,
            channel=channel,
            answers=payload.answers,
            version=version,
            token=token,
        )
    except services.SurveyNotOpen:
        raise ApiError(409, _("Phiếu khảo sát này hiện không nhận câu trả lời."), "survey_closed") from None
    except services.TokenUsed:
        raise ApiError(409, _("Mã mời này đã được dùng để trả lời."), "token_used") from None
    except services.TokenUnknown:
        raise field_error("token", _("Mã mời không đúng."), "token_unknown") from None
    except services.QuotaReached as refused:
        raise ApiError(409, refused.message, "quota_reached") from None
    return HttpStatus(
        201,
        {
            "version": response.version.number,
            "unit": unit.code,
            "channel": response.channel,
            "submitted_at": local_time(response.submitted_at),
        },
    )
