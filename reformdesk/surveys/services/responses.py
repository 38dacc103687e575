"""A citizen's response to a questionnaire, checked whole and saved all at once.

The answers are a mapping from question key to value: a choice's value (single choice, Likert,
yes/no), a list of values (multiple choice), a mapping of row value to choice value (matrix), an
integer (number), a text, or an official's id. Refused, with nothing saved, when the survey is not
open (status or window), the unit is not the survey's, the invitation token is unknown or used, or
any answer is wrong: a required question unanswered, a hidden question answered (conditions are
applied here, whatever the page did), a choice not in the question, a text over its limit, a
number out of range. Each message names the question.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record
from reformdesk.dossiers.models import Dossier
from reformdesk.org.models import Official, Unit
from reformdesk.surveys.choices import ChoiceRole, QuestionKind, QuestionnaireStatus, ResponseChannel
from reformdesk.surveys.models import (
    Answer,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    SurveyInvitation,
)


class SurveyNotOpen(Exception):
    """The survey is not taking answers now (draft, closed, or outside its window)."""


class TokenUsed(Exception):
    """This invitation token has already been used for a response."""


class TokenUnknown(Exception):
    """No invitation of this survey has this token."""


class QuotaReached(Exception):
    """The unit already has the survey's quota of responses."""

    def __init__(self, quota: int) -> None:
        super().__init__(quota)
        self.quota = quota

    @property
    def message(self) -> str:
        """The refusal the pages and the API show."""
        return _(
            "Đơn vị này đã nhận đủ %(quota)s phiếu trả lời của đợt khảo sát: phiếu không được ghi nhận. "
            "Cảm ơn Ông/Bà."
        ) % {"quota": self.quota}


@dataclass(frozen=True)
class LoadedQuestion:
    question: Question
    options: dict[str, Choice]
    rows: dict[str, Choice]
    condition_choice_ids: frozenset[int]


def load_version(version: QuestionnaireVersion) -> list[LoadedQuestion]:
    """The version's questions in order with their options, rows and condition (three queries)."""
    questions = list(version.questions.order_by("order").prefetch_related("choices", "condition_choices"))
    return [
        LoadedQuestion(
            question=q,
            options={c.value: c for c in q.choices.all() if c.role == ChoiceRole.OPTION},
            rows={c.value: c for c in q.choices.all() if c.role == ChoiceRole.ROW},
            condition_choice_ids=frozenset(c.pk for c in q.condition_choices.all()),
        )
        for q in questions
    ]


def is_open(questionnaire: Questionnaire, at: dt.datetime) -> bool:
    """Open status, and ``at`` within the window (either end may be unset)."""
    return (
        questionnaire.status == QuestionnaireStatus.OPEN
        and (questionnaire.opens_at is None or questionnaire.opens_at <= at)
        and (questionnaire.closes_at is None or at < questionnaire.closes_at)
    )


def unit_officials(*, unit: Unit) -> QuerySet[Official]:
    """The officials a named-official question at ``unit`` may name: active, with a role at the
    unit today; by name."""
    active = unit.memberships.active_on(timezone.localdate())
    return (
        Official.objects.filter(is_active=True, memberships__in=active).distinct().order_by("full_name", "id")
    )


def new_survey_token() -> str:
    return secrets.token_urlsafe(24)


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str | list | tuple | dict) and len(value) == 0)
        or (isinstance(value, str) and not value.strip())
    )


def _name(question: Question) -> str:
    return question.text_vi if len(question.text_vi) <= 80 else question.text_vi[:79] + "…"


def _clean_answer(loaded: LoadedQuestion, value: Any, unit: Unit, errors: dict[str, str]) -> list[Answer]:
    """The Answer rows (unsaved) for one visible, answered question; errors added by key."""
    question = loaded.question
    key = question.key
    name = _name(question)
    not_a_choice = _("Câu “%(question)s”: câu trả lời không có trong các phương án.") % {"question": name}
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.YES_NO):
        choice = loaded.options.get(str(value).strip()) if isinstance(value, str | int) else None
        if choice is None:
            errors[key] = not_a_choice
            return []
        return [Answer(question=question, choice=choice)]
    if kind == QuestionKind.MULTIPLE:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
            errors[key] = not_a_choice
            return []
        picked = [loaded.options.get(v.strip()) for v in dict.fromkeys(values)]
        if any(choice is None for choice in picked):
            errors[key] = not_a_choice
            return []
        return [Answer(question=question, choice=choice) for choice in picked if choice is not None]
    if kind == QuestionKind.MATRIX:
        if not isinstance(value, Mapping):
            errors[key] = not_a_choice
            return []
        answers = []
        for row_value, choice_value in value.items():
            row = loaded.rows.get(str(row_value))
            choice = loaded.options.get(str(choice_value)) if isinstance(choice_value, str | int) else None
            if row is None or choice is None:
                errors[key] = not_a_choice
                return []
            answers.append(Answer(question=question, row=row, choice=choice))
        if question.required and len(answers) < len(loaded.rows):
            errors[key] = _("Câu “%(question)s”: hãy trả lời mọi dòng.") % {"question": name}
            return []
        return answers
    if kind == QuestionKind.NUMBER:
        try:
            number = int(str(value).strip()) if not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None:
            errors[key] = _("Câu “%(question)s”: hãy nhập một số nguyên.") % {"question": name}
            return []
        low, high = question.min_value, question.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            errors[key] = _("Câu “%(question)s”: số phải từ %(low)s đến %(high)s.") % {
                "question": name,
                "low": low if low is not None else "…",
                "high": high if high is not None else "…",
            }
            return []
        return [Answer(question=question, number=number)]
    if kind == QuestionKind.TEXT:
        if not isinstance(value, str):
            errors[key] = _("Câu “%(question)s”: câu trả lời phải là văn bản.") % {"question": name}
            return []
        text = value.strip()
        limit = question.max_length or 0
        if len(text) > limit:
            errors[key] = _("Câu “%(question)s”: ý kiến dài tối đa %(max)s ký tự (đã nhập %(length)s).") % {
                "question": name,
                "max": limit,
                "length": len(text),
            }
            return []
        return [Answer(question=question, text=text)]
    if kind == QuestionKind.OFFICIAL:
        try:
            official_id = int(str(value).strip())
        except ValueError:
            official_id = 0
        official = unit_officials(unit=unit).filter(pk=official_id).first() if official_id > 0 else None
        if official is None:
            errors[key] = _("Câu “%(question)s”: hãy chọn một cán bộ của đơn vị.") % {"question": name}
            return []
        return [Answer(question=question, official=official)]
    errors[key] = not_a_choice
    return []


def clean_answers(*, loaded: list[LoadedQuestion], answers: Mapping[str, Any], unit: Unit) -> list[Answer]:
    """Check every answer against the version; the unsaved rows, or ``ValidationError`` by key.

    A question is shown when it has no condition, or when its condition question was shown and
    answered with one of the condition's choices."""
    errors: dict[str, str] = {}
    known = {item.question.key for item in loaded}
    for key in answers:
        if key not in known:
            errors[str(key)[:40]] = _("Phiếu không có câu hỏi mã “%(key)s”.") % {"key": str(key)[:40]}
    chosen: dict[int, set[int]] = {}  # question id -> ids of chosen options, for conditions
    shown: set[int] = set()
    rows: list[Answer] = []
    for item in loaded:
        question = item.question
        visible = question.condition_question_id is None or (
            question.condition_question_id in shown
            and bool(chosen.get(question.condition_question_id, set()) & item.condition_choice_ids)
        )
        value = answers.get(question.key)
        if not visible:
            if not _blank(value):
                errors[question.key] = _(
                    "Câu “%(question)s” không được hỏi với các câu trả lời trước đó: hãy bỏ câu trả lời này."
                ) % {"question": _name(question)}
            continue
        shown.add(question.pk)
        if _blank(value):
            if question.required:
                errors[question.key] = _("Câu “%(question)s” là câu bắt buộc: hãy trả lời.") % {
                    "question": _name(question)
                }
            continue
        cleaned = _clean_answer(item, value, unit, errors)
        chosen[question.pk] = {a.choice_id for a in cleaned if a.choice_id is not None and a.row_id is None}
        rows.extend(cleaned)
    if errors:
        raise ValidationError(errors)
    return rows


def _lock_version(version: QuestionnaireVersion, *, exclusive: bool) -> None:
    """Lock the version's row against the builder's edit (which takes it ``FOR UPDATE``). On
    PostgreSQL responses share the lock (``FOR SHARE``), so citizens answering the same survey do
    not wait for one another; with a quota they take it exclusively, so that two responses cannot
    both take a unit's last place. SQLite locks the whole database in a write transaction."""
    if exclusive or connection.vendor != "postgresql":
        QuestionnaireVersion.objects.select_for_update().filter(pk=version.pk).first()
        return
    table = connection.ops.quote_name(QuestionnaireVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR SHARE", [version.pk])  # noqa: S608


def response_submit(
    *,
    questionnaire: Questionnaire,
    unit: Unit,
    channel: str,
    answers: Mapping[str, Any],
    version: QuestionnaireVersion | None = None,
    token: str = "",
    batch_code: str = "",
    at: dt.datetime | None = None,
) -> Response:
    """Record one response for ``unit`` (the survey's owner or a unit under it), all or nothing.

    Raises :class:`SurveyNotOpen`, :class:`TokenUnknown`, :class:`TokenUsed`,
    :class:`QuotaReached` or ``ValidationError`` (messages by question key); in each case nothing
    is written. ``version`` defaults to the latest: pass the one the form showed, so its questions
    are checked."""
    at = at or timezone.now()
    if not is_open(questionnaire, at):
        raise SurveyNotOpen
    if channel not in ResponseChannel.values:
        raise ValidationError({"channel": _("Kênh trả lời không hợp lệ.")})
    owner = questionnaire.owner_unit
    if owner is None or not (unit.pk == owner.pk or unit.path.startswith(owner.path)):
        raise ValidationError({"unit": _("Đơn vị này không thuộc phạm vi của phiếu khảo sát.")})
    batch_code = batch_code.strip()
    if channel != ResponseChannel.PAPER and batch_code:
        raise ValidationError({"batch_code": _("Chỉ phiếu giấy mới có mã lô.")})
    if channel == ResponseChannel.PAPER and not batch_code:
        raise ValidationError({"batch_code": _("Phiếu giấy phải ghi mã lô.")})
    token = token.strip()[:64]
    if version is None:
        version = questionnaire.versions.order_by("-number").first()
    if version is None or version.questionnaire_id != questionnaire.pk:
        raise ValidationError({"version": _("Phiên bản phiếu không hợp lệ.")})
    try:
        with transaction.atomic():
            # The builder's lock: a version is never edited under a first response, and the
            # answers are checked against the questions as they are under the lock.
            _lock_version(version, exclusive=questionnaire.quota_per_unit is not None)
            rows = clean_answers(loaded=load_version(version), answers=answers, unit=unit)
            # Counted under the version's lock: two citizens cannot both take the quota's last place
            # (responses to an older version of the same survey count too).
            quota = questionnaire.quota_per_unit
            if (
                quota is not None
                and Response.objects.filter(version__questionnaire=questionnaire, unit=unit).count() >= quota
            ):
                raise QuotaReached(quota)
            invitation = None
            if token:
                invitation = (
                    SurveyInvitation.objects.select_for_update()
                    .filter(questionnaire=questionnaire, token=token)
                    .first()
                )
                if invitation is None:
                    raise TokenUnknown
                if invitation.used_at is not None or invitation.unit_id != unit.pk:
                    raise TokenUsed if invitation.used_at is not None else TokenUnknown
            response = Response.objects.create(
                version=version,
                unit=unit,
                channel=channel,
                token=token or None,
                batch_code=batch_code,
                submitted_at=at,
            )
            for row in rows:
                row.response = response
            Answer.objects.bulk_create(rows)
            if invitation is not None:
                invitation.used_at = at
                invitation.save(update_fields=["used_at"])
            audit_record(
                actor=None,
                action="survey_response.create",
                obj=response,
                changes={
                    "questionnaire": [None, questionnaire.slug],
                    "version": [None, version.number],
                    "unit": [None, unit.code],
                    "channel": [None, channel],
                },
            )
    except IntegrityError:
        if token:  # the same token submitted twice at once: the database kept one
            raise TokenUsed from None
        raise
    return response


def survey_invitation_create(*, questionnaire: Questionnaire, unit: Unit) -> SurveyInvitation:
    """A one-use invitation token for ``unit`` (SMS links and paper forms use these)."""
    owner = questionnaire.owner_unit
    if owner is None or not (unit.pk == owner.pk or unit.path.startswith(owner.path)):
        raise ValidationError({"unit": _("Đơn vị này không thuộc phạm vi của phiếu khảo sát.")})
    with transaction.atomic():
        invitation = SurveyInvitation.objects.create(
            questionnaire=questionnaire, unit=unit, token=new_survey_token()
        )
        audit_record(
            actor=None,
            action="survey_invitation.create",
            obj=invitation,
            changes={"questionnaire": [None, questionnaire.slug], "unit": [None, unit.code]},
        )
    return invitation


def in_sms_sample(*, questionnaire: Questionnaire, dossier_code: str) -> bool:
    """Whether a delivered dossier falls in the survey's SMS sample: a hash of the survey and the
    dossier's code, below the survey's percentage. Reproducible (hearing the delivery again gives
    the same answer) and unrelated to anything about the citizen or the result."""
    percent = questionnaire.sms_sample_percent
    if percent <= 0:
        return False
    digest = hashlib.sha256(f"{questionnaire.slug}:{dossier_code}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def survey_invitation_for_dossier(
    *, dossier: Dossier, at: dt.datetime | None = None
) -> SurveyInvitation | None:
    """After ``dossier``'s delivery: its survey invitation, created when an open survey covering
    the receiving unit samples it. At most one per dossier, whatever the surveys (the database
    refuses a second); the first survey created wins when several cover the unit. None when no
    survey samples the dossier."""
    at = at or timezone.now()
    existing = SurveyInvitation.objects.filter(dossier=dossier).first()
    if existing is not None:
        return existing
    unit = dossier.receiving_unit
    candidates = (
        Questionnaire.objects.filter(
            is_template=False, status=QuestionnaireStatus.OPEN, sms_sample_percent__gt=0
        )
        .select_related("owner_unit")
        .order_by("created_at", "slug")
    )
    for questionnaire in candidates:
        owner = questionnaire.owner_unit
        if owner is None or not (unit.pk == owner.pk or unit.path.startswith(owner.path)):
            continue
        if not is_open(questionnaire, at) or not in_sms_sample(
            questionnaire=questionnaire, dossier_code=dossier.code
        ):
            continue
        try:
            with transaction.atomic():
                invitation = SurveyInvitation.objects.create(
                    questionnaire=questionnaire, unit=unit, dossier=dossier, token=new_survey_token()
                )
                audit_record(
                    actor=None,
                    action="survey_invitation.create",
                    obj=invitation,
                    changes={
                        "questionnaire": [None, questionnaire.slug],
                        "unit": [None, unit.code],
                        "dossier": [None, dossier.code],
                    },
                )
        except IntegrityError:  # created by a concurrent delivery subscriber
            return SurveyInvitation.objects.filter(dossier=dossier).first()
        return invitation
    return None
