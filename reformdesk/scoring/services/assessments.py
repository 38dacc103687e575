"""Writes of scoring a unit on a published framework, step by step (models_assessments):
opening, the unit's self-assessment with evidence, and its submission. The council's steps
(appraisal, answers, survey points, final result, revisions) are in ``services.appraisal``.

Every write checks the stage, the actor's permission and the input first and raises
``ValidationError`` / ``PermissionDenied`` with nothing saved; every step writes one
:class:`AssessmentEvent` and an audit row.

Who may do what (unit-scoped, reformdesk/org/permissions.py):
- the framework issuer's reform office (``Perm.ENTER_INDEX`` on the issuer) opens assessments,
  appraises, reviews answers, adds survey points, finalizes and revises;
- the assessed unit's chair or reform officer (``Perm.SELF_ASSESS`` on the unit) self-assesses,
  submits and answers the appraisal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_created, audit_record
from reformdesk.core.uploads import check_upload
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, require
from reformdesk.scoring.inputs import prefill
from reformdesk.scoring.models_assessments import (
    Assessment,
    AssessmentEvent,
    AssessmentEventKind,
    AssessmentEvidence,
    CriterionScore,
    Stage,
)
from reformdesk.scoring.models_frameworks import Framework, Method

MAX_NOTE = 4000
_HUNDREDTH = Decimal("0.01")


def parse_points(text: str | None) -> Decimal | None:
    """A score typed on a page ("7,5" or "7.5"); None when empty. Raises ``ValidationError``."""
    raw = (text or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationError({"points": _("Điểm phải là một số, ví dụ 7,5.")}) from exc
    if not value.is_finite():
        raise ValidationError({"points": _("Điểm phải là một số, ví dụ 7,5.")})
    return value


def check_points(points: Decimal | None, score: CriterionScore, *, field: str = "points") -> Decimal:
    """``points`` within 0…the criterion's maximum, at most two decimals."""
    node = score.node
    if points is None:
        raise ValidationError({field: _("Cần nhập điểm.")})
    if points < 0 or points > node.max_points:
        raise ValidationError(
            {
                field: _("Điểm của tiêu chí %(code)s phải từ 0 đến %(max)s.")
                % {"code": node.code, "max": node.max_points}
            }
        )
    if points != points.quantize(_HUNDREDTH):
        raise ValidationError({field: _("Điểm chỉ được có tối đa hai chữ số thập phân.")})
    return points.quantize(_HUNDREDTH)


def user_of(actor: AnyUser) -> User:
    assert isinstance(actor, User)  # a permission is only ever held by a signed-in user
    return actor


def event(
    assessment: Assessment,
    kind: str,
    actor: AnyUser,
    *,
    node_id: int | None = None,
    note: str = "",
    data: Mapping[str, Any] | None = None,
) -> AssessmentEvent:
    return AssessmentEvent.objects.create(
        kind=kind,
        at=timezone.now(),
        actor=actor if isinstance(actor, User) else None,
        assessment=assessment,
        node_id=node_id,
        note=note[:MAX_NOTE],
        data=dict(data or {}),
    )


def locked(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update()
        .select_related("framework__issuer", "unit")
        .get(pk=assessment.pk)
    )


def locked_score(score: CriterionScore) -> tuple[Assessment, CriterionScore]:
    assessment = locked(score.assessment)
    fresh = CriterionScore.objects.select_for_update().select_related("node").get(pk=score.pk)
    return assessment, fresh


def need_stage(assessment: Assessment, *stages: str) -> None:
    if assessment.stage not in stages:
        raise ValidationError(
            _("Kết quả chấm của %(unit)s đang ở bước «%(stage)s»; thao tác này không làm được ở bước này.")
            % {"unit": assessment.unit.name, "stage": assessment.get_stage_display()}
        )


def store_evidence(score: CriterionScore, upload: UploadedFile, actor: User) -> AssessmentEvidence:
    """The checked file (PDF, JPEG or PNG within the size limit, core.uploads) kept for ``score``.
    The caller has checked it with ``check_upload`` before any write."""
    checked = check_upload(upload)
    evidence = AssessmentEvidence(
        score=score,
        original_name=(upload.name or "")[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    upload.seek(0)
    evidence.file.save(checked.sha256[:16], upload, save=False)
    evidence.save()
    audit_created(
        actor=actor,
        obj=evidence,
        fields=("score_id", "original_name", "content_type", "size", "sha256"),
        action="assessment_evidence.add",
    )
    return evidence


def upload_errors(upload: UploadedFile | None) -> str:
    """The file's problem as one message, empty when there is no file or it is sound."""
    if upload is None:
        return ""
    try:
        check_upload(upload)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@transaction.atomic
def assessment_open(
    *,
    actor: AnyUser,
    framework: Framework,
    units: Iterable[Unit],
    self_deadline: dt.date,
    at: dt.datetime | None = None,
) -> list[Assessment]:
    """Open an assessment of ``framework`` for each of ``units`` with the self-assessment
    deadline, one score row per leaf criterion; computed leaves pre-filled from ReformDesk's data
    (rate and points, or None for "no data"). Refused, nothing saved: no ``Perm.ENTER_INDEX`` on
    the issuer; a draft framework; no unit; a unit outside the issuer's tree or the issuer itself;
    a unit already assessed on the framework; a deadline in the past."""
    require(actor, Perm.ENTER_INDEX, framework.issuer)
    now = at or timezone.now()
    chosen = list(units)
    errors: dict[str, str] = {}
    if not framework.is_published:
        errors["framework"] = _("Chỉ chấm điểm theo bộ chỉ số đã ban hành.")
    if not chosen:
        errors["units"] = _("Hãy chọn ít nhất một đơn vị.")
    outside = [
        u.name for u in chosen if u.pk == framework.issuer_id or not u.path.startswith(framework.issuer.path)
    ]
    if outside:
        errors["units"] = _("Không thuộc phạm vi của đơn vị ban hành bộ chỉ số: %(units)s.") % {
            "units": ", ".join(outside)
        }
    taken = [
        a.unit.name
        for a in Assessment.objects.filter(framework=framework, unit__in=chosen).select_related("unit")
    ]
    if taken:
        errors["units"] = _("Đã mở chấm điểm cho: %(units)s.") % {"units": ", ".join(taken)}
    if self_deadline < timezone.localdate(now):
        errors["self_deadline"] = _("Hạn tự chấm không được trước hôm nay.")
    if errors:
        raise ValidationError(errors)
    leaves = [node for node in framework.nodes.all() if node.method != Method.SUM]
    computed = [node for node in leaves if node.method == Method.COMPUTED]
    opened: list[Assessment] = []
    for unit in chosen:
        assessment = Assessment.objects.create(
            framework=framework, unit=unit, self_deadline=self_deadline, opened_at=now
        )
        filled = prefill(computed, unit=unit, year=framework.year, at=now)
        CriterionScore.objects.bulk_create(
            CriterionScore(
                assessment=assessment,
                node=node,
                computed_rate=filled[node.pk].rate if node.pk in filled else None,
                computed_score=filled[node.pk].points if node.pk in filled else None,
                self_score=filled[node.pk].points if node.pk in filled else None,
            )
            for node in leaves
        )
        no_data = [node.code for node in computed if filled[node.pk].rate is None]
        event(
            assessment,
            AssessmentEventKind.OPENED,
            actor,
            data={"deadline": self_deadline.isoformat(), "computed": len(computed), "no_data": no_data},
        )
        audit_created(
            actor=actor,
            obj=assessment,
            fields=("framework_id", "unit_id", "self_deadline", "stage"),
            action="assessment.open",
        )
        opened.append(assessment)
    return opened


@transaction.atomic
def assessment_self_score(
    *,
    actor: AnyUser,
    score: CriterionScore,
    points: Decimal | None,
    note: str = "",
    evidence: UploadedFile | None = None,
) -> CriterionScore:
    """The unit's score for one leaf, with a note and optionally an evidence file. Refused,
    nothing saved: no ``Perm.SELF_ASSESS`` on the unit; not at the self-assessment step; after
    the deadline; a survey criterion (its points come from the survey); points missing, below 0,
    over the maximum or with more than two decimals; an evidence file that is not a PDF, JPEG or
    PNG within the size limit."""
    require(actor, Perm.SELF_ASSESS, score.assessment.unit)
    user = user_of(actor)
    assessment, score = locked_score(score)
    need_stage(assessment, Stage.SELF)
    if timezone.localdate() > assessment.self_deadline:
        raise ValidationError(
            _("Đã quá hạn tự chấm (%(deadline)s); không sửa được điểm tự chấm.")
            % {"deadline": assessment.self_deadline.strftime("%d/%m/%Y")}
        )
    if score.node.method == Method.SURVEY:
        raise ValidationError(_("Điểm khảo sát do hội đồng thẩm định cộng theo kết quả khảo sát."))
    errors: dict[str, str] = {}
    try:
        points = check_points(points, score)
    except ValidationError as error:
        errors.update({k: " ".join(v) for k, v in error.message_dict.items()})
    if len(note) > MAX_NOTE:
        errors["note"] = _("Giải trình dài quá %(limit)s ký tự.") % {"limit": MAX_NOTE}
    problem = upload_errors(evidence)
    if problem:
        errors["evidence"] = problem
    if errors:
        raise ValidationError(errors)
    old = score.self_score
    score.self_score = points
    score.self_note = note.strip()
    score.save(update_fields=["self_score", "self_note"])
    event(
        assessment,
        AssessmentEventKind.SELF_SCORED,
        actor,
        node_id=score.node_id,
        note=score.self_note,
        data={"old": str(old) if old is not None else None, "new": str(points)},
    )
    audit_record(
        actor=actor,
        action="criterion_score.self_score",
        obj=score,
        changes={"self_score": [str(old) if old is not None else None, str(points)]},
    )
    if evidence is not None:
        stored = store_evidence(score, evidence, user)
        event(
            assessment,
            AssessmentEventKind.EVIDENCE_ADDED,
            actor,
            node_id=score.node_id,
            data={"evidence": stored.pk, "name": stored.original_name},
        )
    return score


@transaction.atomic
def assessment_submit(*, actor: AnyUser, assessment: Assessment) -> Assessment:
    """The unit sends its self-assessment to the council. Refused, nothing saved: no
    ``Perm.SELF_ASSESS``; not at the self step; after the deadline; any non-survey leaf unscored
    (every one is named)."""
    require(actor, Perm.SELF_ASSESS, assessment.unit)
    assessment = locked(assessment)
    need_stage(assessment, Stage.SELF)
    if timezone.localdate() > assessment.self_deadline:
        raise ValidationError(
            _("Đã quá hạn tự chấm (%(deadline)s); không gửi được kết quả tự chấm.")
            % {"deadline": assessment.self_deadline.strftime("%d/%m/%Y")}
        )
    unscored = list(
        assessment.scores.filter(self_score__isnull=True)
        .exclude(node__method=Method.SURVEY)
        .order_by("node__sort_order")
        .values_list("node__code", flat=True)
    )
    if unscored:
        raise ValidationError(_("Còn tiêu chí chưa tự chấm: %(codes)s.") % {"codes": ", ".join(unscored)})
    assessment.stage = Stage.APPRAISAL
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["stage", "submitted_at"])
    event(assessment, AssessmentEventKind.SUBMITTED, actor)
    audit_record(
        actor=actor,
        action="assessment.submit",
        obj=assessment,
        changes={"stage": [Stage.SELF, Stage.APPRAISAL]},
    )
    return assessment


def deny_own_unit(actor: AnyUser, assessment: Assessment) -> None:
    """An appraiser who works in the assessed unit or a unit below it may not appraise it. (Units
    above it are where the council sits, so they are not refused.)"""
    from reformdesk.org.models import Membership

    if not isinstance(actor, User):
        return
    own = Membership.objects.active_on(timezone.localdate()).filter(
        official__user=actor, unit__path__startswith=assessment.unit.path
    )
    if own.exists():
        raise PermissionDenied(_("Không được thẩm định điểm của chính đơn vị mình."))
