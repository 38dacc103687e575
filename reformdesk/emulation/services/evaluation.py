"""The yearly evaluation's process (issue 16): open → self-assessment with a proposed level →
the collective meeting's comments → the leader decides → notified → contested once → final.

Who may act: the official alone writes their self-assessment and contests; a leader of the
deciding unit records the meeting's comments, decides, notifies and finalizes. The deciding unit
is the evaluation's unit, or the unit above it when the official leads that unit ("leaders' own
evaluation goes to the level above"). Nobody decides their own level, and a final evaluation
changes no more. Every step writes one ``EvaluationEvent`` and one audit row.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record
from reformdesk.emulation.choices import CLOSED_STAGES, TRANSITIONS, EventKind, Stage
from reformdesk.emulation.models import Evaluation, EvaluationEvent, EvaluationLevel, EvaluationRules
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm

TEXT_MAX_CHARS = 5000


class ActionNotAllowed(Exception):
    """The step does not apply to the evaluation at its current stage (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def official_of(actor: AnyUser | None) -> Official | None:
    if actor is None or not actor.is_authenticated:
        return None
    return Official.objects.filter(user_id=actor.pk, is_active=True).first()


def leads(official: Official, unit: Unit, on: dt.date | None = None) -> bool:
    """Whether ``official`` holds the leader role at ``unit`` on ``on`` (today)."""
    return (
        Membership.objects.active_on(on or timezone.localdate())
        .filter(official=official, unit=unit, role=Role.LEADER)
        .exists()
    )


def deciding_unit(evaluation: Evaluation) -> Unit | None:
    """Where the evaluation is decided: its unit, or the unit above for the unit's own leader
    (None when a top unit's leader has no unit above: the rules' authority is outside the app)."""
    if leads(evaluation.official, evaluation.unit):
        return evaluation.unit.parent
    return evaluation.unit


def may_decide(actor: AnyUser, evaluation: Evaluation) -> bool:
    unit = deciding_unit(evaluation)
    return unit is not None and has_perm(actor, Perm.VIEW_EVALUATIONS, unit)


def rules_for(year: int) -> EvaluationRules:
    rules = EvaluationRules.objects.filter(year=year).first()
    if rules is None:
        raise ValidationError(
            {"year": _("Chưa có quy định đánh giá, xếp loại của năm %(year)s.") % {"year": year}}
        )
    return rules


def _text(value: str, field: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Cần ghi nội dung.")})
    if len(value) > TEXT_MAX_CHARS:
        raise ValidationError({field: _("Nội dung dài quá %(max)s ký tự.") % {"max": TEXT_MAX_CHARS}})
    return value


def _level(evaluation: Evaluation, level: EvaluationLevel | None, field: str) -> EvaluationLevel:
    if level is None or level.rules.year != evaluation.year:
        raise ValidationError(
            {field: _("Cần chọn một mức xếp loại của năm %(year)s.") % {"year": evaluation.year}}
        )
    return level


def _locked(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update().select_related("official", "unit").get(pk=evaluation.pk)


def _move(
    *,
    actor: AnyUser,
    evaluation: Evaluation,
    kind: EventKind,
    fields: dict[str, object],
    level: EvaluationLevel | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Evaluation:
    """Check the stage allows ``kind``, write ``fields`` and the new stage, one event, one audit row."""
    if evaluation.stage in CLOSED_STAGES:
        raise ActionNotAllowed(_("Phiếu đánh giá đã hoàn tất, không thể sửa."))
    allowed, to_stage = TRANSITIONS[kind]
    if evaluation.stage not in allowed:
        raise ActionNotAllowed(
            _("Không thể thực hiện bước này khi phiếu đang ở bước «%(stage)s».")
            % {"stage": Stage(evaluation.stage).label}
        )
    at = at or timezone.now()
    before = {name: getattr(evaluation, name) for name in fields}
    from_stage = evaluation.stage
    for name, value in fields.items():
        setattr(evaluation, name, value)
    evaluation.stage = to_stage
    evaluation.save(update_fields=[*fields, "stage"])
    EvaluationEvent.objects.create(
        evaluation=evaluation,
        kind=kind,
        at=at,
        actor=actor if actor.is_authenticated else None,
        actor_official=official_of(actor),
        from_stage=from_stage,
        to_stage=to_stage,
        level=level,
        note=note,
    )
    changes = {name: [before[name], value] for name, value in fields.items() if before[name] != value}
    changes["stage"] = [from_stage, to_stage]
    audit_record(actor=actor, action=f"evaluation.{kind}", obj=evaluation, changes=changes)
    return evaluation


def evaluation_open(*, actor: AnyUser, official: Official, year: int) -> Evaluation:
    """The official's evaluation for ``year`` in their primary unit, opened if needed (by the
    official themself or a leader of that unit). Idempotent."""
    rules_for(year)
    existing = Evaluation.objects.filter(official=official, year=year).first()
    if existing is not None:
        return existing
    membership = (
        Membership.objects.active_on(timezone.localdate())
        .filter(official=official)
        .order_by("-is_primary", "id")
        .select_related("unit")
        .first()
    )
    if membership is None:
        raise ValidationError({"official": _("Cán bộ không thuộc đơn vị nào đang hoạt động.")})
    own = official.user_id is not None and official.user_id == actor.pk
    if not own and not has_perm(actor, Perm.VIEW_EVALUATIONS, membership.unit):
        raise PermissionDenied(_("Bạn không có quyền mở phiếu đánh giá của cán bộ này."))
    with transaction.atomic():
        evaluation, created = Evaluation.objects.get_or_create(
            official=official, year=year, defaults={"unit": membership.unit}
        )
        if created:
            EvaluationEvent.objects.create(
                evaluation=evaluation,
                kind=EventKind.OPENED,
                at=timezone.now(),
                actor=actor if actor.is_authenticated else None,
                actor_official=official_of(actor),
                to_stage=Stage.OPEN,
            )
            audit_record(
                actor=actor, action="evaluation.opened", obj=evaluation, changes={"year": [None, year]}
            )
    return evaluation


@transaction.atomic
def evaluation_self_assess(
    *,
    actor: AnyUser,
    evaluation: Evaluation,
    text: str,
    level: EvaluationLevel | None,
    points: int | None = None,
) -> Evaluation:
    """The official's self-assessment and proposed level (may be rewritten until the meeting)."""
    evaluation = _locked(evaluation)
    if evaluation.official.user_id is None or evaluation.official.user_id != actor.pk:
        raise PermissionDenied(_("Chỉ cán bộ được đánh giá mới tự đánh giá."))
    text = _text(text, "self_assessment", required=True)
    level = _level(evaluation, level, "proposed_level")
    if points is not None and not 0 <= points <= level.rules.max_points:
        raise ValidationError(
            {"self_points": _("Điểm tự chấm phải từ 0 đến %(max)s.") % {"max": level.rules.max_points}}
        )
    return _move(
        actor=actor,
        evaluation=evaluation,
        kind=EventKind.SELF_ASSESSED,
        fields={"self_assessment": text, "proposed_level": level, "self_points": points},
        level=level,
    )


def _require_decider(actor: AnyUser, evaluation: Evaluation) -> None:
    if evaluation.official.user_id is not None and evaluation.official.user_id == actor.pk:
        raise PermissionDenied(
            _("Lãnh đạo không tự xếp loại chính mình: phiếu của bạn do cấp trên quyết định.")
        )
    if not may_decide(actor, evaluation):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị có thẩm quyền mới thực hiện bước này."))


@transaction.atomic
def evaluation_comment(*, actor: AnyUser, evaluation: Evaluation, comments: str) -> Evaluation:
    """Record the collective meeting's comments (by a leader of the deciding unit)."""
    evaluation = _locked(evaluation)
    if evaluation.stage in CLOSED_STAGES:
        raise ActionNotAllowed(_("Phiếu đánh giá đã hoàn tất, không thể sửa."))
    _require_decider(actor, evaluation)
    comments = _text(comments, "meeting_comments", required=True)
    return _move(
        actor=actor, evaluation=evaluation, kind=EventKind.COMMENTED, fields={"meeting_comments": comments}
    )


@transaction.atomic
def evaluation_decide(
    *, actor: AnyUser, evaluation: Evaluation, level: EvaluationLevel | None, note: str = ""
) -> Evaluation:
    """The leader decides the level. Refused: the official deciding their own level, anyone but
    a leader of the deciding unit, a level of another year, a final evaluation."""
    evaluation = _locked(evaluation)
    if evaluation.stage in CLOSED_STAGES:
        raise ActionNotAllowed(_("Phiếu đánh giá đã hoàn tất, không thể sửa."))
    _require_decider(actor, evaluation)
    level = _level(evaluation, level, "decided_level")
    decider = official_of(actor)
    if decider is None:
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị có thẩm quyền mới thực hiện bước này."))
    return _move(
        actor=actor,
        evaluation=evaluation,
        kind=EventKind.DECIDED,
        fields={"decided_level": level, "decided_by": decider, "decided_at": timezone.now()},
        level=level,
        note=_text(note, "note"),
    )


@transaction.atomic
def evaluation_notify(*, actor: AnyUser, evaluation: Evaluation) -> Evaluation:
    evaluation = _locked(evaluation)
    if evaluation.stage in CLOSED_STAGES:
        raise ActionNotAllowed(_("Phiếu đánh giá đã hoàn tất, không thể sửa."))
    _require_decider(actor, evaluation)
    return _move(
        actor=actor,
        evaluation=evaluation,
        kind=EventKind.NOTIFIED,
        fields={"notified_at": timezone.now()},
        level=evaluation.decided_level,
    )


@transaction.atomic
def evaluation_contest(*, actor: AnyUser, evaluation: Evaluation, reason: str) -> Evaluation:
    """The official disagrees with the notified result, once."""
    evaluation = _locked(evaluation)
    if evaluation.official.user_id is None or evaluation.official.user_id != actor.pk:
        raise PermissionDenied(_("Chỉ cán bộ được đánh giá mới nêu ý kiến không đồng ý."))
    if evaluation.contested_at is not None and evaluation.stage not in CLOSED_STAGES:
        raise ActionNotAllowed(_("Kết quả chỉ được nêu ý kiến không đồng ý một lần."))
    reason = _text(reason, "contest_reason", required=True)
    return _move(
        actor=actor,
        evaluation=evaluation,
        kind=EventKind.CONTESTED,
        fields={"contested_at": timezone.now(), "contest_reason": reason},
        note=reason,
    )


@transaction.atomic
def evaluation_finalize(*, actor: AnyUser, evaluation: Evaluation) -> Evaluation:
    evaluation = _locked(evaluation)
    if evaluation.stage in CLOSED_STAGES:
        raise ActionNotAllowed(_("Phiếu đánh giá đã hoàn tất, không thể sửa."))
    _require_decider(actor, evaluation)
    return _move(
        actor=actor,
        evaluation=evaluation,
        kind=EventKind.FINALIZED,
        fields={"finalized_at": timezone.now()},
        level=evaluation.decided_level,
    )
