"""Demo surveys: the province's SIPAS survey and each commune's survey of citizens about its
officials, copied from the shipped templates and answered at the seven communes over the demo
year, through every channel (public link and QR, counter tablet, SMS invitation, paper batches).

SIPAS's five elements and its three measured contents (assessment, satisfaction, expectation)
follow Decision 1001/QĐ-BNV of 11/12/2023; the wording of every question and answer is
ReformDesk's own, not the Ministry's published questionnaire (the survey's title says so).

The answers follow the questions' conditions as the service checks them; each commune has its own
level of satisfaction, so the breakdowns differ. Deterministic for a run day, idempotent (nothing
is written when the demo surveys exist), written in batches without calling a service per
response, like the other demos.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from reformdesk.core.services.audit import audit_record
from reformdesk.core.text import fold
from reformdesk.org.models import Unit
from reformdesk.surveys.choices import QuestionKind, QuestionnaireStatus, ResponseChannel
from reformdesk.surveys.models import Answer, Questionnaire, QuestionnaireVersion, Response, SurveyInvitation
from reformdesk.surveys.services.questionnaires import _copy_version, latest_version
from reformdesk.surveys.services.responses import LoadedQuestion, load_version, unit_officials

BATCH = 1000
# (template, slug or slug prefix, title, responses per commune)
SIPAS = (
    "mau-sipas",
    "sipas-nghe-an",
    "Khảo sát SIPAS tại các xã (câu chữ của ReformDesk theo Quyết định 1001/QĐ-BNV)",
    "SIPAS at the communes (ReformDesk's wording after Decision 1001/QĐ-BNV)",
    320,
)
OFFICIALS = (
    "mau-can-bo",
    "can-bo",
    "Khảo sát người dân về cán bộ, công chức",
    "Citizens' survey about officials",
    200,
)
CHANNELS = [
    (ResponseChannel.PUBLIC_LINK, 0.35),
    (ResponseChannel.KIOSK, 0.35),
    (ResponseChannel.SMS, 0.15),
    (ResponseChannel.PAPER, 0.15),
]
OPTIONAL_ANSWERED = 0.35
COMMENTS = [
    "Cán bộ nhiệt tình, hướng dẫn rõ ràng.",
    "Nên bố trí thêm ghế chờ ở Bộ phận Một cửa.",
    "Mong được nhắn tin khi có kết quả.",
    "Thủ tục còn phải nộp nhiều bản sao.",
    "Trang dịch vụ công đôi lúc chậm.",
]


def _likert(rng: random.Random, quality: float) -> str:
    """A five-point answer: "4" or "5" (satisfied) with probability ``quality``."""
    weights = [
        (1 - quality) * 0.2,
        (1 - quality) * 0.35,
        (1 - quality) * 0.45,
        quality * 0.55,
        quality * 0.45,
    ]
    return rng.choices(["1", "2", "3", "4", "5"], weights=weights)[0]


def _pick_option(rng: random.Random, item: LoadedQuestion, quality: float) -> Any:
    values = list(item.options)
    if set(values) == {"1", "2", "3", "4", "5"}:
        return item.options[_likert(rng, quality)]
    if set(values) == {"yes", "no"}:
        return item.options["yes" if rng.random() < 0.8 else "no"]
    return item.options[rng.choice(values)]


def _answers(
    rng: random.Random, loaded: list[LoadedQuestion], officials: list[int], quality: float
) -> list[Answer]:
    """One response's answers, the conditions applied as ``clean_answers`` applies them."""
    rows: list[Answer] = []
    chosen: dict[int, set[int]] = {}
    shown: set[int] = set()
    for item in loaded:
        question = item.question
        visible = question.condition_question_id is None or (
            question.condition_question_id in shown
            and bool(chosen.get(question.condition_question_id, set()) & item.condition_choice_ids)
        )
        if not visible:
            continue
        shown.add(question.pk)
        if not question.required and rng.random() > OPTIONAL_ANSWERED:
            continue
        kind = question.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.YES_NO):
            choice = _pick_option(rng, item, quality)
            rows.append(Answer(question=question, choice=choice))
            chosen[question.pk] = {choice.pk}
        elif kind == QuestionKind.MULTIPLE:
            options = list(item.options.values())
            for choice in rng.sample(options, k=min(len(options), rng.choice([1, 1, 2]))):
                rows.append(Answer(question=question, choice=choice))
        elif kind == QuestionKind.MATRIX:
            for row in item.rows.values():
                rows.append(Answer(question=question, row=row, choice=_pick_option(rng, item, quality)))
        elif kind == QuestionKind.OFFICIAL:
            if officials:
                rows.append(Answer(question=question, official_id=rng.choice(officials)))
        elif kind == QuestionKind.NUMBER:
            low, high = question.min_value or 0, min(question.max_value or 10, 12)
            rows.append(Answer(question=question, number=rng.randint(low, max(low, high))))
        elif kind == QuestionKind.TEXT:
            rows.append(Answer(question=question, text=rng.choice(COMMENTS)[: question.max_length or 1000]))
    return rows


def _moment(rng: random.Random, start: dt.date, now: dt.datetime) -> dt.datetime:
    """A moment in office hours on a weekday between ``start`` and ``now``."""
    days = max(1, (now.date() - start).days)
    while True:
        day = start + dt.timedelta(days=rng.randrange(days))
        if day.weekday() < 5:
            break
    moment = dt.datetime.combine(day, dt.time(7, 30), tzinfo=now.tzinfo)
    return moment + dt.timedelta(minutes=rng.randrange(9 * 60))


def _create_survey(
    *, template_slug: str, slug: str, title_vi: str, title_en: str, owner: Unit, opens_at: dt.datetime
) -> QuestionnaireVersion | None:
    template = Questionnaire.objects.filter(slug=template_slug, is_template=True).first()
    if template is None:
        return None
    questionnaire = Questionnaire.objects.create(
        slug=slug,
        title_vi=title_vi,
        title_en=title_en,
        kind=template.kind,
        owner_unit=owner,
        status=QuestionnaireStatus.OPEN,
        opens_at=opens_at,
        sms_sample_percent=10,
    )
    version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    _copy_version(latest_version(template), into=version)
    return version


def _seed_responses(
    *,
    rng: random.Random,
    version: QuestionnaireVersion,
    communes: list[Unit],
    per_commune: int,
    officials: dict[int, list[int]],
    quality: dict[int, float],
    start: dt.date,
    now: dt.datetime,
) -> int:
    """``per_commune`` responses to ``version`` at each of ``communes``, in batches."""
    loaded = load_version(version)
    responses: list[Response] = []
    answers: list[list[Answer]] = []
    invitations: list[SurveyInvitation] = []
    for unit in communes:
        for _response in range(per_commune):
            channel = rng.choices([c for c, _w in CHANNELS], weights=[w for _c, w in CHANNELS])[0]
            at = _moment(rng, start, now)
            token = f"{rng.getrandbits(128):032x}" if channel == ResponseChannel.SMS else None
            batch = f"{unit.code[4:9]}-{at:%Y-%m}" if channel == ResponseChannel.PAPER else ""
            responses.append(
                Response(
                    version=version,
                    unit=unit,
                    channel=channel,
                    token=token,
                    batch_code=batch,
                    submitted_at=at,
                )
            )
            answers.append(_answers(rng, loaded, officials[unit.pk], quality[unit.pk]))
            if token:
                invitations.append(
                    SurveyInvitation(
                        questionnaire=version.questionnaire,
                        unit=unit,
                        token=token,
                        created_at=at - dt.timedelta(hours=rng.randint(1, 48)),
                        used_at=at,
                    )
                )
    SurveyInvitation.objects.bulk_create(invitations, batch_size=BATCH)
    Response.objects.bulk_create(responses, batch_size=BATCH)
    rows = []
    for response, response_answers in zip(responses, answers, strict=True):
        for answer in response_answers:
            answer.response_id = response.pk
            rows.append(answer)
    Answer.objects.bulk_create(rows, batch_size=BATCH)
    return len(responses)


def commune_slug(prefix: str, unit: Unit) -> str:
    return f"{prefix}-{'-'.join(fold(unit.name).split())}"[:64]


def seed_surveys(*, communes: list[Unit], seed: int, start: dt.date, now: dt.datetime) -> list[str]:
    """Create the demo surveys and their responses: SIPAS, owned by the communes' province and
    answered at each commune; the survey about officials, one per commune (a commune surveys its
    own officials, as in the source report). Returns the lines load_demo prints; nothing is
    written when SIPAS exists or there are no communes."""
    if not communes or Questionnaire.objects.filter(slug=SIPAS[1]).exists():
        return []
    province = Unit.objects.filter(pk__in=communes[0].ancestor_ids()).order_by("path").first() or communes[0]
    rng = random.Random(seed + 12)  # noqa: S311 - demo data, not security (demo tokens too)
    officials = {unit.pk: list(unit_officials(unit=unit).values_list("id", flat=True)) for unit in communes}
    # Each commune's share of satisfied answers, so that the breakdown by unit shows differences.
    quality = {unit.pk: 0.62 + 0.05 * index for index, unit in enumerate(communes)}
    opens_at = dt.datetime.combine(start, dt.time(), tzinfo=now.tzinfo)
    lines = []
    with transaction.atomic():
        template_slug, slug, title_vi, title_en, per_commune = SIPAS
        version = _create_survey(
            template_slug=template_slug,
            slug=slug,
            title_vi=title_vi,
            title_en=title_en,
            owner=province,
            opens_at=opens_at,
        )
        if version is not None:
            count = _seed_responses(
                rng=rng,
                version=version,
                communes=communes,
                per_commune=per_commune,
                officials=officials,
                quality=quality,
                start=start,
                now=now,
            )
            lines.append(f"Survey {slug}: {count} responses at {len(communes)} communes.")
        template_slug, prefix, title_vi, title_en, per_commune = OFFICIALS
        total = 0
        for unit in communes:
            version = _create_survey(
                template_slug=template_slug,
                slug=commune_slug(prefix, unit),
                title_vi=f"{title_vi} – {unit.name}",
                title_en=f"{title_en} – {unit.name_en or unit.name}",
                owner=unit,
                opens_at=opens_at,
            )
            if version is not None:
                total += _seed_responses(
                    rng=rng,
                    version=version,
                    communes=[unit],
                    per_commune=per_commune,
                    officials=officials,
                    quality=quality,
                    start=start,
                    now=now,
                )
        if total:
            lines.append(f"Surveys about officials: {total} responses at {len(communes)} communes.")
        audit_record(actor=None, action="demo.load", object_type="surveys", object_repr="; ".join(lines))
    return lines
