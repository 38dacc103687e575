"""The council's steps on an assessment and the unit's answer (see ``services.assessments`` for
who may do what): appraise each criterion, send the appraisal, the unit's one answer per
criterion and the council's one review of it, survey points, the final result, revisions.

Decisions where the issue is silent:
- The appraiser accepts a score by giving the same points (a comment optional) or changes it
  with a required comment; an appraiser who works in the assessed unit or below it is refused.
- The unit answers each appraised criterion at most once; the council then reviews each answer
  once (keeps or changes the score, always with a comment). Moving on to the survey step closes
  the answers.
- Survey points: on moving to the survey step, every survey criterion whose unit has a reliable
  survey result for the year (inputs.survey_figure) gets max × satisfaction share; the council
  enters the others (or replaces a figure) with the survey report as an evidence file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record
from reformdesk.org.permissions import AnyUser, Perm, require
from reformdesk.scoring.inputs import survey_figure
from reformdesk.scoring.models_assessments import (
    Assessment,
    AssessmentEventKind,
    AssessmentRevision,
    CriterionScore,
    Stage,
)
from reformdesk.scoring.models_frameworks import Method
from reformdesk.scoring.services.assessments import (
    MAX_NOTE,
    check_points,
    deny_own_unit,
    event,
    locked,
    locked_score,
    need_stage,
    store_evidence,
    upload_errors,
    user_of,
)
from reformdesk.scoring.shapes import score as shape_score

_HUNDREDTH = Decimal("0.01")


def _council(actor: AnyUser, assessment: Assessment) -> None:
    require(actor, Perm.ENTER_INDEX, assessment.framework.issuer)
    deny_own_unit(actor, assessment)


def _text(value: str, field: str, *, required: bool, message: str) -> str:
    text = value.strip()
    if required and not text:
        raise ValidationError({field: message})
    if len(text) > MAX_NOTE:
        raise ValidationError({field: _("Nội dung dài quá %(limit)s ký tự.") % {"limit": MAX_NOTE}})
    return text


def _s(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


@transaction.atomic
def assessment_appraise(
    *, actor: AnyUser, score: CriterionScore, points: Decimal | None, comment: str = ""
) -> CriterionScore:
    """The council accepts (same points) or changes (other points, comment required) one leaf.
    Refused, nothing saved: no ``Perm.ENTER_INDEX`` on the issuer; the appraiser's own unit;
    not at the appraisal step; a survey criterion; points out of range; a change without comment."""
    _council(actor, score.assessment)
    assessment, score = locked_score(score)
    need_stage(assessment, Stage.APPRAISAL)
    if score.node.method == Method.SURVEY:
        raise ValidationError(_("Tiêu chí khảo sát được cộng điểm ở bước khảo sát."))
    points = check_points(points, score)
    changed = points != score.self_score
    comment = _text(
        comment,
        "comment",
        required=changed,
        message=_("Khi đổi điểm tự chấm phải ghi ý kiến thẩm định."),
    )
    old = score.appraised_score
    score.appraised_score = points
    score.appraisal_comment = comment
    score.appraised_by = user_of(actor)
    score.appraised_at = timezone.now()
    score.save(update_fields=["appraised_score", "appraisal_comment", "appraised_by", "appraised_at"])
    event(
        assessment,
        AssessmentEventKind.APPRAISED,
        actor,
        node_id=score.node_id,
        note=comment,
        data={"self": _s(score.self_score), "old": _s(old), "new": str(points), "changed": changed},
    )
    audit_record(
        actor=actor,
        action="criterion_score.appraise",
        obj=score,
        changes={"appraised_score": [_s(old), str(points)], "appraisal_comment": comment},
    )
    return score


def _unappraised(assessment: Assessment) -> list[str]:
    return list(
        assessment.scores.filter(appraised_score__isnull=True)
        .exclude(node__method=Method.SURVEY)
        .order_by("node__sort_order")
        .values_list("node__code", flat=True)
    )


def _move(
    actor: AnyUser, assessment: Assessment, kind: str, to: str, data: dict[str, Any] | None = None
) -> None:
    before = assessment.stage
    assessment.stage = to
    assessment.save(update_fields=["stage"])
    event(assessment, kind, actor, data=data)
    audit_record(actor=actor, action=f"assessment.{kind}", obj=assessment, changes={"stage": [before, to]})


@transaction.atomic
def assessment_send_appraisal(*, actor: AnyUser, assessment: Assessment) -> Assessment:
    """Send the appraisal to the unit (answer step). Refused: any non-survey leaf not appraised."""
    _council(actor, assessment)
    assessment = locked(assessment)
    need_stage(assessment, Stage.APPRAISAL)
    missing = _unappraised(assessment)
    if missing:
        raise ValidationError(_("Còn tiêu chí chưa thẩm định: %(codes)s.") % {"codes": ", ".join(missing)})
    _move(actor, assessment, AssessmentEventKind.APPRAISAL_SENT, Stage.ANSWER)
    return assessment


@transaction.atomic
def assessment_answer(*, actor: AnyUser, score: CriterionScore, text: str) -> CriterionScore:
    """The unit's one answer to an appraised criterion. Refused, nothing saved: no
    ``Perm.SELF_ASSESS``; not at the answer step; a criterion not appraised; a second answer;
    an empty answer."""
    require(actor, Perm.SELF_ASSESS, score.assessment.unit)
    assessment, score = locked_score(score)
    need_stage(assessment, Stage.ANSWER)
    if score.appraised_score is None:
        raise ValidationError(_("Tiêu chí này chưa được thẩm định."))
    if score.answered_at is not None:
        raise ValidationError(
            _("Đơn vị đã giải trình tiêu chí %(code)s; chỉ được giải trình một lần.")
            % {"code": score.node.code}
        )
    answer = _text(text, "text", required=True, message=_("Hãy ghi nội dung giải trình."))
    score.unit_answer = answer
    score.answered_at = timezone.now()
    score.save(update_fields=["unit_answer", "answered_at"])
    event(assessment, AssessmentEventKind.ANSWERED, actor, node_id=score.node_id, note=answer)
    audit_record(
        actor=actor, action="criterion_score.answer", obj=score, changes={"unit_answer": [None, answer]}
    )
    return score


@transaction.atomic
def assessment_review_answer(
    *, actor: AnyUser, score: CriterionScore, points: Decimal | None, comment: str
) -> CriterionScore:
    """The council's one review of the unit's answer: keep or change the appraised score, with a
    comment. Refused, nothing saved: not the council; not at the answer step; no answer; already
    reviewed; points out of range; no comment."""
    _council(actor, score.assessment)
    assessment, score = locked_score(score)
    need_stage(assessment, Stage.ANSWER)
    if score.answered_at is None:
        raise ValidationError(_("Đơn vị chưa giải trình tiêu chí này."))
    if score.answer_reviewed_at is not None:
        raise ValidationError(_("Hội đồng đã xem xét giải trình của tiêu chí này."))
    points = check_points(points, score)
    comment = _text(
        comment, "comment", required=True, message=_("Hãy ghi ý kiến của hội đồng về giải trình.")
    )
    old = score.appraised_score
    score.appraised_score = points
    score.appraisal_comment = f"{score.appraisal_comment}\n{comment}".strip()
    score.answer_reviewed_at = timezone.now()
    score.save(update_fields=["appraised_score", "appraisal_comment", "answer_reviewed_at"])
    event(
        assessment,
        AssessmentEventKind.APPRAISED,
        actor,
        node_id=score.node_id,
        note=comment,
        data={"review": True, "old": _s(old), "new": str(points), "changed": old != points},
    )
    audit_record(
        actor=actor,
        action="criterion_score.review_answer",
        obj=score,
        changes={"appraised_score": [_s(old), str(points)]},
    )
    return score


@transaction.atomic
def assessment_open_survey(*, actor: AnyUser, assessment: Assessment) -> Assessment:
    """Close the answers and move to the survey step, filling each survey leaf from the unit's
    survey result for the year when there is one (max × satisfaction share)."""
    _council(actor, assessment)
    assessment = locked(assessment)
    need_stage(assessment, Stage.ANSWER)
    figure = survey_figure(unit=assessment.unit, year=assessment.framework.year)
    filled = 0
    if figure is not None and figure.rate is not None:
        for score in assessment.scores.filter(node__method=Method.SURVEY).select_related("node"):
            score.survey_points = shape_score(
                shape="linear", params={}, max_points=score.node.max_points, rate=figure.rate
            )
            score.survey_source = figure.source()
            score.save(update_fields=["survey_points", "survey_source"])
            filled += 1
    _move(
        actor,
        assessment,
        AssessmentEventKind.SURVEY_ADDED,
        Stage.SURVEY,
        data={"filled": filled, "source": figure.source() if figure else None},
    )
    return assessment


@transaction.atomic
def assessment_survey_points(
    *, actor: AnyUser, score: CriterionScore, points: Decimal | None, evidence: UploadedFile | None
) -> CriterionScore:
    """The council enters a survey criterion's points with the survey report as evidence. Refused,
    nothing saved: not the council; not at the survey step; not a survey criterion; points out of
    range; no evidence file, or a file that is not a PDF, JPEG or PNG within the size limit."""
    _council(actor, score.assessment)
    user = user_of(actor)
    assessment, score = locked_score(score)
    need_stage(assessment, Stage.SURVEY)
    if score.node.method != Method.SURVEY:
        raise ValidationError(_("Chỉ tiêu chí khảo sát mới cộng điểm khảo sát."))
    points = check_points(points, score)
    if evidence is None:
        raise ValidationError({"evidence": _("Hãy đính kèm báo cáo kết quả khảo sát làm minh chứng.")})
    problem = upload_errors(evidence)
    if problem:
        raise ValidationError({"evidence": problem})
    old = score.survey_points
    stored = store_evidence(score, evidence, user)
    score.survey_points = points
    score.survey_source = _("Hội đồng nhập theo báo cáo khảo sát «%(name)s»") % {
        "name": stored.original_name[:200]
    }
    score.save(update_fields=["survey_points", "survey_source"])
    event(
        assessment,
        AssessmentEventKind.SURVEY_ADDED,
        actor,
        node_id=score.node_id,
        data={"old": _s(old), "new": str(points), "evidence": stored.pk},
    )
    audit_record(
        actor=actor,
        action="criterion_score.survey_points",
        obj=score,
        changes={"survey_points": [_s(old), str(points)]},
    )
    return score


def _final_of(score: CriterionScore) -> Decimal | None:
    if score.node.method == Method.SURVEY:
        return score.survey_points
    return score.appraised_score if score.appraised_score is not None else score.self_score


def _totals(scores: QuerySet[CriterionScore] | list[CriterionScore]) -> dict[str, Decimal]:
    totals = {"total": Decimal(0), "survey_total": Decimal(0), "computed_total": Decimal(0)}
    for score in scores:
        value = score.final_score or Decimal(0)
        totals["total"] += value
        if score.node.method == Method.SURVEY:
            totals["survey_total"] += value
        elif score.node.method == Method.COMPUTED:
            totals["computed_total"] += value
    return totals


@transaction.atomic
def assessment_finalize(*, actor: AnyUser, assessment: Assessment) -> Assessment:
    """Compute every leaf's final score and the totals and lock the result. Refused, nothing
    saved: not the council; not at the survey step; a survey criterion without points."""
    _council(actor, assessment)
    assessment = locked(assessment)
    need_stage(assessment, Stage.SURVEY)
    scores = list(assessment.scores.select_related("node").order_by("node__sort_order"))
    missing = [s.node.code for s in scores if _final_of(s) is None]
    if missing:
        raise ValidationError(_("Còn tiêu chí chưa có điểm: %(codes)s.") % {"codes": ", ".join(missing)})
    for score in scores:
        score.final_score = _final_of(score)
    CriterionScore.objects.bulk_update(scores, ["final_score"])
    totals = _totals(scores)
    roots = assessment.framework.nodes.filter(parent__isnull=True).values_list("max_points", flat=True)
    assessment.total = totals["total"]
    assessment.survey_total = totals["survey_total"]
    assessment.computed_total = totals["computed_total"]
    assessment.max_total = sum(roots, Decimal(0))
    assessment.finalized_at = timezone.now()
    assessment.stage = Stage.FINAL
    assessment.save(
        update_fields=["total", "survey_total", "computed_total", "max_total", "finalized_at", "stage"]
    )
    data = {key: str(value) for key, value in totals.items()} | {"max_total": str(assessment.max_total)}
    event(assessment, AssessmentEventKind.FINALIZED, actor, data=data)
    audit_record(
        actor=actor,
        action="assessment.finalize",
        obj=assessment,
        changes={"stage": [Stage.SURVEY, Stage.FINAL], "total": [None, str(assessment.total)]},
    )
    return assessment


@transaction.atomic
def assessment_revise(
    *, actor: AnyUser, assessment: Assessment, reason: str, changes: dict[int, Decimal | None]
) -> AssessmentRevision:
    """Correct a final result: ``changes`` maps score ids to new final points. Refused, nothing
    saved: not the council; not final; no reason; no change; a score of another assessment;
    points out of range. The revision keeps the old and new points and totals."""
    _council(actor, assessment)
    assessment = locked(assessment)
    need_stage(assessment, Stage.FINAL)
    reason = _text(
        reason, "reason", required=True, message=_("Điều chỉnh kết quả chính thức phải ghi lý do.")
    )
    scores = {s.pk: s for s in assessment.scores.select_related("node").select_for_update()}
    unknown = [pk for pk in changes if pk not in scores]
    if unknown:
        raise ValidationError(_("Tiêu chí không thuộc kết quả chấm này."))
    rows: list[dict[str, str]] = []
    for pk, points in changes.items():
        score = scores[pk]
        new = check_points(points, score)
        if new != score.final_score:
            rows.append({"node": score.node.code, "old": str(score.final_score), "new": str(new)})
            score.final_score = new
    if not rows:
        raise ValidationError(_("Không có điểm nào thay đổi."))
    old_total = assessment.total or Decimal(0)
    changed = [s for s in scores.values() if s.node.code in {row["node"] for row in rows}]
    CriterionScore.objects.bulk_update(changed, ["final_score"])
    totals = _totals(list(scores.values()))
    assessment.total = totals["total"]
    assessment.survey_total = totals["survey_total"]
    assessment.computed_total = totals["computed_total"]
    assessment.revision += 1
    assessment.save(update_fields=["total", "survey_total", "computed_total", "revision"])
    revision = AssessmentRevision.objects.create(
        assessment=assessment,
        number=assessment.revision,
        reason=reason,
        changes=rows,
        old_total=old_total,
        new_total=assessment.total,
        by=user_of(actor),
        at=timezone.now(),
    )
    event(
        assessment,
        AssessmentEventKind.REVISED,
        actor,
        note=reason,
        data={
            "number": revision.number,
            "changes": rows,
            "old_total": str(old_total),
            "new_total": str(assessment.total),
        },
    )
    audit_record(
        actor=actor,
        action="assessment.revise",
        obj=assessment,
        changes={"total": [str(old_total), str(assessment.total)], "revision": revision.number},
    )
    return revision
