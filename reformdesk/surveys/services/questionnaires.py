"""Writes on questionnaires: building (sections, questions, choices, conditions), versions,
opening and closing.

Every edit goes to the questionnaire's editable version: its latest version while nobody has
answered it, else a copy made as the next version (the answered one stays frozen, so results
always say which wording they come from). Edits lock the version's row, as ``response_submit``
does, so an edit and a first response cannot cross. Every change writes one audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, require
from reformdesk.surveys.choices import (
    CHOICE_KINDS,
    ChoiceRole,
    Element,
    Measure,
    QuestionKind,
    QuestionnaireKind,
    QuestionnaireStatus,
)
from reformdesk.surveys.models import (
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
)
from reformdesk.surveys.models.questionnaires import TEXT_MAX_CHARS

TEXT_DEFAULT_MAX = 500


@dataclass(frozen=True)
class ChoiceSpec:
    value: str
    text_vi: str
    text_en: str = ""
    satisfied: bool = False


# The five-point scale every Likert and matrix question uses; "hài lòng" and "rất hài lòng" count
# in the satisfaction index. The wording is the national rating scale's, extended to five points.
LIKERT_SCALE = (
    ChoiceSpec("1", "Rất không hài lòng", "Very dissatisfied"),
    ChoiceSpec("2", "Không hài lòng", "Dissatisfied"),
    ChoiceSpec("3", "Bình thường", "Neither satisfied nor dissatisfied"),
    ChoiceSpec("4", "Hài lòng", "Satisfied", satisfied=True),
    ChoiceSpec("5", "Rất hài lòng", "Very satisfied", satisfied=True),
)
YES_NO = (ChoiceSpec("yes", "Có", "Yes"), ChoiceSpec("no", "Không", "No"))


@dataclass(frozen=True)
class QuestionSpec:
    """A question as the builder (or a shipped template) describes it."""

    key: str
    kind: str
    text_vi: str
    text_en: str = ""
    required: bool = True
    measure: str = Measure.OTHER
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    choices: Sequence[ChoiceSpec] = ()
    rows: Sequence[ChoiceSpec] = ()
    condition_key: str = ""
    condition_values: Sequence[str] = field(default_factory=tuple)


class NotEditable(Exception):
    """A closed questionnaire or a shipped template is not edited (copy it to a unit instead)."""


def _require_manage(actor: AnyUser, questionnaire: Questionnaire) -> None:
    require(actor, Perm.MANAGE_SURVEYS, questionnaire.owner_unit)


def latest_version(questionnaire: Questionnaire) -> QuestionnaireVersion:
    version = questionnaire.versions.order_by("-number").first()
    assert version is not None, "every questionnaire is created with its first version"
    return version


def _copy_version(source: QuestionnaireVersion, *, into: QuestionnaireVersion) -> None:
    """Copy ``source``'s sections, questions, choices and conditions into the empty ``into``."""
    section_map: dict[int, Section] = {}
    for section in source.sections.order_by("order"):
        section_map[section.pk] = Section.objects.create(
            version=into,
            order=section.order,
            title_vi=section.title_vi,
            title_en=section.title_en,
            element=section.element,
        )
    question_map: dict[int, Question] = {}
    choice_map: dict[int, Choice] = {}
    questions = list(source.questions.order_by("order").prefetch_related("choices", "condition_choices"))
    for question in questions:
        question_map[question.pk] = Question.objects.create(
            version=into,
            section=section_map[question.section_id],
            key=question.key,
            order=question.order,
            kind=question.kind,
            measure=question.measure,
            text_vi=question.text_vi,
            text_en=question.text_en,
            required=question.required,
            max_length=question.max_length,
            min_value=question.min_value,
            max_value=question.max_value,
        )
        for choice in question.choices.all():
            choice_map[choice.pk] = Choice.objects.create(
                question=question_map[question.pk],
                role=choice.role,
                order=choice.order,
                value=choice.value,
                text_vi=choice.text_vi,
                text_en=choice.text_en,
                satisfied=choice.satisfied,
            )
    for question in questions:
        if question.condition_question_id is None:
            continue
        copy = question_map[question.pk]
        copy.condition_question = question_map[question.condition_question_id]
        copy.save(update_fields=["condition_question"])
        copy.condition_choices.set([choice_map[c.pk] for c in question.condition_choices.all()])


def _editable_version(*, actor: AnyUser, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """The version edits go to (call inside a transaction): the latest, or its copy once answered."""
    if questionnaire.is_template or questionnaire.status == QuestionnaireStatus.CLOSED:
        raise NotEditable
    version = QuestionnaireVersion.objects.select_for_update().get(pk=latest_version(questionnaire).pk)
    if not Response.objects.filter(version=version).exists():
        return version
    user = actor if actor.is_authenticated else None
    new = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=version.number + 1, created_by=user
    )
    _copy_version(version, into=new)
    audit_record(
        actor=actor,
        action="questionnaire.new_version",
        obj=questionnaire,
        changes={"version": [version.number, new.number]},
    )
    return new


def _clean_specs(specs: Sequence[ChoiceSpec], label: str, errors: dict[str, str]) -> None:
    values = [spec.value.strip() for spec in specs]
    if any(not value for value in values) or any(not spec.text_vi.strip() for spec in specs):
        errors[label] = _("Mỗi phương án cần có giá trị và nội dung tiếng Việt.")
    elif len(set(values)) != len(values):
        errors[label] = _("Các phương án phải có giá trị khác nhau.")


def _check_question(
    spec: QuestionSpec, version: QuestionnaireVersion, *, replacing: Question | None, position: int
) -> None:
    """Refuse a wrong question (by field); ``position`` is the order it has or will have."""
    errors: dict[str, str] = {}
    if spec.kind not in QuestionKind.values:
        errors["kind"] = _("Loại câu hỏi không hợp lệ.")
    if spec.measure not in Measure.values:
        errors["measure"] = _("Nội dung đo không hợp lệ.")
    if not spec.text_vi.strip():
        errors["text_vi"] = _("Hãy nhập nội dung câu hỏi bằng tiếng Việt.")
    taken = version.questions.filter(key=spec.key)
    if replacing is not None:
        taken = taken.exclude(pk=replacing.pk)
    if not spec.key or taken.exists():
        errors["key"] = _("Mã câu hỏi phải có và không trùng với câu khác của phiếu.")
    if spec.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(spec.choices) < 2:
            errors["choices"] = _("Câu hỏi lựa chọn cần ít nhất hai phương án.")
        _clean_specs(spec.choices, "choices", errors)
    if spec.kind == QuestionKind.MATRIX:
        if not spec.rows:
            errors["rows"] = _("Câu hỏi dạng bảng cần ít nhất một dòng.")
        _clean_specs(spec.rows, "rows", errors)
    if (
        spec.kind == QuestionKind.TEXT
        and spec.max_length is not None
        and not 1 <= spec.max_length <= TEXT_MAX_CHARS
    ):
        errors["max_length"] = _("Số ký tự tối đa phải từ 1 đến %(max)s.") % {"max": TEXT_MAX_CHARS}
    if spec.min_value is not None and spec.max_value is not None and spec.max_value < spec.min_value:
        errors["max_value"] = _("Giá trị lớn nhất phải từ giá trị nhỏ nhất trở lên.")
    if spec.condition_key:
        condition = version.questions.filter(key=spec.condition_key).first()
        if condition is None or condition.kind not in CHOICE_KINDS:
            errors["condition_key"] = _("Điều kiện phải là một câu hỏi lựa chọn đã có trong phiếu.")
        elif condition.order >= position:
            errors["condition_key"] = _("Điều kiện phải là một câu hỏi đứng trước câu này.")
        else:
            known = set(condition.choices.filter(role=ChoiceRole.OPTION).values_list("value", flat=True))
            if not spec.condition_values or not set(spec.condition_values) <= known:
                errors["condition_values"] = _("Hãy chọn các câu trả lời của câu điều kiện làm hiện câu này.")
    if errors:
        raise ValidationError(errors)


def _write_choices(question: Question, spec: QuestionSpec) -> None:
    if spec.kind in (QuestionKind.LIKERT, QuestionKind.MATRIX):
        options: Sequence[ChoiceSpec] = LIKERT_SCALE
    elif spec.kind == QuestionKind.YES_NO:
        options = YES_NO
    elif spec.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = spec.choices
    else:
        options = ()
    rows = spec.rows if spec.kind == QuestionKind.MATRIX else ()
    Choice.objects.bulk_create(
        [
            Choice(
                question=question,
                role=role,
                order=order,
                value=item.value.strip(),
                text_vi=item.text_vi.strip(),
                text_en=item.text_en.strip(),
                satisfied=item.satisfied,
            )
            for role, items in ((ChoiceRole.OPTION, options), (ChoiceRole.ROW, rows))
            for order, item in enumerate(items, start=1)
        ]
    )


def _apply_condition(question: Question, spec: QuestionSpec) -> None:
    if not spec.condition_key:
        question.condition_question = None
        question.save(update_fields=["condition_question"])
        question.condition_choices.clear()
        return
    condition = question.version.questions.get(key=spec.condition_key)
    question.condition_question = condition
    question.save(update_fields=["condition_question"])
    question.condition_choices.set(
        condition.choices.filter(role=ChoiceRole.OPTION, value__in=list(spec.condition_values))
    )


def _spec_fields(spec: QuestionSpec) -> dict[str, Any]:
    return {
        "kind": spec.kind,
        "measure": spec.measure,
        "text_vi": spec.text_vi.strip(),
        "text_en": spec.text_en.strip(),
        "required": spec.required,
        "max_length": (spec.max_length or TEXT_DEFAULT_MAX) if spec.kind == QuestionKind.TEXT else None,
        "min_value": spec.min_value if spec.kind == QuestionKind.NUMBER else None,
        "max_value": spec.max_value if spec.kind == QuestionKind.NUMBER else None,
    }


def _add_question(version: QuestionnaireVersion, section: Section, spec: QuestionSpec) -> Question:
    """Append ``spec`` at the end of ``section`` (questions after it move down by one)."""
    last_in_section = section.questions.aggregate(m=Max("order"))["m"]
    if last_in_section is None:
        before = version.questions.filter(section__order__lt=section.order).aggregate(m=Max("order"))["m"]
        last_in_section = before or 0
    order = last_in_section + 1
    _check_question(spec, version, replacing=None, position=order)
    # Make room: move the later questions down, from the last one up (the order is unique).
    for later in version.questions.filter(order__gte=order).order_by("-order"):
        later.order += 1
        later.save(update_fields=["order"])
    question = Question.objects.create(
        version=version, section=section, key=spec.key, order=order, **_spec_fields(spec)
    )
    _write_choices(question, spec)
    _apply_condition(question, spec)
    return question


def _check_sampling(sms_sample_percent: int, quota_per_unit: int | None, errors: dict[str, str]) -> None:
    if not 0 <= sms_sample_percent <= 100:
        errors["sms_sample_percent"] = _("Tỷ lệ mời qua tin nhắn phải từ 0 đến 100%.")
    if quota_per_unit is not None and quota_per_unit < 1:
        errors["quota_per_unit"] = _("Số phiếu tối đa mỗi đơn vị phải từ 1 trở lên, hoặc để trống.")


def questionnaire_create(
    *,
    actor: AnyUser,
    unit: Unit,
    slug: str,
    title_vi: str,
    kind: str,
    title_en: str = "",
    anonymous: bool = True,
    min_reliable_n: int = 30,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    template: Questionnaire | None = None,
    sms_sample_percent: int = 0,
    quota_per_unit: int | None = None,
) -> Questionnaire:
    """A draft survey of ``unit`` with its first version, empty or a copy of ``template``'s latest."""
    require(actor, Perm.MANAGE_SURVEYS, unit)
    errors: dict[str, str] = {}
    if kind not in QuestionnaireKind.values:
        errors["kind"] = _("Loại phiếu không hợp lệ.")
    if not title_vi.strip():
        errors["title_vi"] = _("Hãy nhập tên phiếu bằng tiếng Việt.")
    if not slug or Questionnaire.objects.filter(slug=slug).exists():
        errors["slug"] = _("Mã phiếu phải có và chưa được dùng cho phiếu khác.")
    if min_reliable_n < 1:
        errors["min_reliable_n"] = _("Số phiếu tối thiểu phải từ 1 trở lên.")
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = _("Thời điểm đóng phải sau thời điểm mở.")
    if template is not None and not template.is_template:
        errors["template"] = _("Chỉ sao chép được từ phiếu mẫu.")
    _check_sampling(sms_sample_percent, quota_per_unit, errors)
    if errors:
        raise ValidationError(errors)
    user = actor if actor.is_authenticated else None
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            slug=slug,
            title_vi=title_vi.strip(),
            title_en=title_en.strip(),
            kind=kind,
            owner_unit=unit,
            anonymous=anonymous,
            min_reliable_n=min_reliable_n,
            opens_at=opens_at,
            closes_at=closes_at,
            sms_sample_percent=sms_sample_percent,
            quota_per_unit=quota_per_unit,
            created_by=user,
        )
        version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1, created_by=user)
        if template is not None:
            _copy_version(latest_version(template), into=version)
        audit_record(
            actor=actor,
            action="questionnaire.create",
            obj=questionnaire,
            changes={
                "unit": [None, unit.code],
                "kind": [None, kind],
                "template": [None, template.slug if template else None],
            },
        )
    return questionnaire


def questionnaire_update(
    *,
    actor: AnyUser,
    questionnaire: Questionnaire,
    title_vi: str,
    title_en: str,
    anonymous: bool,
    min_reliable_n: int,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    sms_sample_percent: int = 0,
    quota_per_unit: int | None = None,
) -> Questionnaire:
    """Change the survey's title, rules and window (not its questions: those make versions). The
    SMS sample and the quota per unit are settings like the others: the form always sends them."""
    _require_manage(actor, questionnaire)
    errors: dict[str, str] = {}
    if not title_vi.strip():
        errors["title_vi"] = _("Hãy nhập tên phiếu bằng tiếng Việt.")
    if min_reliable_n < 1:
        errors["min_reliable_n"] = _("Số phiếu tối thiểu phải từ 1 trở lên.")
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = _("Thời điểm đóng phải sau thời điểm mở.")
    _check_sampling(sms_sample_percent, quota_per_unit, errors)
    if errors:
        raise ValidationError(errors)
    new = {
        "title_vi": title_vi.strip(),
        "title_en": title_en.strip(),
        "anonymous": anonymous,
        "min_reliable_n": min_reliable_n,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "sms_sample_percent": sms_sample_percent,
        "quota_per_unit": quota_per_unit,
    }
    changes = {
        name: [str(getattr(questionnaire, name)), str(value)]
        for name, value in new.items()
        if getattr(questionnaire, name) != value
    }
    if not changes:
        return questionnaire
    with transaction.atomic():
        for name, value in new.items():
            setattr(questionnaire, name, value)
        questionnaire.save(update_fields=list(new))
        audit_record(actor=actor, action="questionnaire.update", obj=questionnaire, changes=changes)
    return questionnaire


def section_add(
    *, actor: AnyUser, questionnaire: Questionnaire, title_vi: str, title_en: str = "", element: str = ""
) -> Section:
    """Append a section to the editable version."""
    _require_manage(actor, questionnaire)
    if not title_vi.strip():
        raise ValidationError({"title_vi": _("Hãy nhập tiêu đề phần bằng tiếng Việt.")})
    if element and element not in Element.values:
        raise ValidationError({"element": _("Yếu tố không hợp lệ.")})
    with transaction.atomic():
        version = _editable_version(actor=actor, questionnaire=questionnaire)
        order = (version.sections.aggregate(m=Max("order"))["m"] or 0) + 1
        section = Section.objects.create(
            version=version,
            order=order,
            title_vi=title_vi.strip(),
            title_en=title_en.strip(),
            element=element,
        )
        audit_record(
            actor=actor,
            action="questionnaire.section_add",
            obj=questionnaire,
            changes={"version": [None, version.number], "section": [None, order]},
        )
    return section


def question_add(
    *, actor: AnyUser, questionnaire: Questionnaire, section_order: int, spec: QuestionSpec
) -> Question:
    """Append a question to a section (by its order) of the editable version."""
    _require_manage(actor, questionnaire)
    with transaction.atomic():
        version = _editable_version(actor=actor, questionnaire=questionnaire)
        section = version.sections.filter(order=section_order).first()
        if section is None:
            raise ValidationError({"section": _("Phần này không có trong phiếu.")})
        question = _add_question(version, section, spec)
        audit_record(
            actor=actor,
            action="questionnaire.question_add",
            obj=questionnaire,
            changes={
                "version": [None, version.number],
                "question": [None, spec.key],
                "kind": [None, spec.kind],
            },
        )
    return question


def question_update(
    *, actor: AnyUser, questionnaire: Questionnaire, key: str, spec: QuestionSpec
) -> Question:
    """Reword a question (by its key) in the editable version: kind, wording, choices, condition."""
    _require_manage(actor, questionnaire)
    with transaction.atomic():
        version = _editable_version(actor=actor, questionnaire=questionnaire)
        question = version.questions.filter(key=key).first()
        if question is None:
            raise ValidationError({"key": _("Câu hỏi này không có trong phiếu.")})
        _check_question(spec, version, replacing=question, position=question.order)
        if question.dependents.exists():
            # Its choices are what the dependents' conditions name: rewriting them would drop those.
            raise ValidationError(
                {"key": _("Câu hỏi đang là điều kiện của câu khác: hãy bỏ điều kiện đó trước.")}
            )
        before = {"text_vi": question.text_vi, "kind": question.kind, "required": question.required}
        for name, value in _spec_fields(spec).items():
            setattr(question, name, value)
        question.key = spec.key
        question.save()
        question.condition_choices.clear()
        Choice.objects.filter(question=question).delete()
        _write_choices(question, spec)
        _apply_condition(question, spec)
        audit_record(
            actor=actor,
            action="questionnaire.question_update",
            obj=questionnaire,
            changes={
                "version": [None, version.number],
                "question": [key, spec.key],
                **{
                    name: [old, getattr(question, name)]
                    for name, old in before.items()
                    if old != getattr(question, name)
                },
            },
        )
    return question


def question_remove(*, actor: AnyUser, questionnaire: Questionnaire, key: str) -> QuestionnaireVersion:
    """Remove a question (by key) from the editable version; refused while another depends on it."""
    _require_manage(actor, questionnaire)
    with transaction.atomic():
        version = _editable_version(actor=actor, questionnaire=questionnaire)
        question = version.questions.filter(key=key).first()
        if question is None:
            raise ValidationError({"key": _("Câu hỏi này không có trong phiếu.")})
        if question.dependents.exists():
            raise ValidationError(
                {"key": _("Câu hỏi đang là điều kiện của câu khác: hãy bỏ điều kiện đó trước.")}
            )
        question.delete()
        audit_record(
            actor=actor,
            action="questionnaire.question_remove",
            obj=questionnaire,
            changes={"version": [None, version.number], "question": [key, None]},
        )
    return version


def questionnaire_open(*, actor: AnyUser, questionnaire: Questionnaire) -> Questionnaire:
    """Open a draft survey for answers (refused without any question)."""
    _require_manage(actor, questionnaire)
    if questionnaire.is_template or questionnaire.status != QuestionnaireStatus.DRAFT:
        raise ValidationError({"status": _("Chỉ mở được phiếu đang soạn.")})
    if not latest_version(questionnaire).questions.exists():
        raise ValidationError({"status": _("Phiếu chưa có câu hỏi nào.")})
    return _set_status(actor, questionnaire, QuestionnaireStatus.OPEN)


def questionnaire_close(*, actor: AnyUser, questionnaire: Questionnaire) -> Questionnaire:
    """Close an open survey: no more answers; its results stay."""
    _require_manage(actor, questionnaire)
    if questionnaire.status != QuestionnaireStatus.OPEN:
        raise ValidationError({"status": _("Chỉ đóng được phiếu đang mở.")})
    return _set_status(actor, questionnaire, QuestionnaireStatus.CLOSED)


def _set_status(actor: AnyUser, questionnaire: Questionnaire, status: str) -> Questionnaire:
    with transaction.atomic():
        before = questionnaire.status
        questionnaire.status = status
        questionnaire.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=f"questionnaire.{'open' if status == QuestionnaireStatus.OPEN else 'close'}",
            obj=questionnaire,
            changes={"status": [before, status], "at": [None, timezone.now().isoformat()]},
        )
    return questionnaire
