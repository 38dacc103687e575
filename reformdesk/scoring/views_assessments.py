"""The commune reform-index scoring pages under /staff/indices/assessments/ (namespace
``scoring``): the list with the opening form, one assessment's page (self-assessment, appraisal,
answers, survey points, final result and revisions, each shown to whoever may act), and the
evidence files. Views parse input, call one service and redirect; the services decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reformdesk.core.services.audit import access_record
from reformdesk.org.permissions import Perm, has_perm
from reformdesk.scoring import selectors_assessments as selectors
from reformdesk.scoring.models_assessments import Assessment, CriterionScore, Stage
from reformdesk.scoring.services import appraisal
from reformdesk.scoring.services.assessments import (
    assessment_open,
    assessment_self_score,
    assessment_submit,
    parse_points,
)

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for ms in error.message_dict.values() for m in ms]
    return list(error.messages)


def _detail_url(assessment: Assessment, anchor: str = "") -> str:
    url = reverse("scoring:assessment_detail", args=[assessment.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    if not (has_perm(request.user, Perm.VIEW_INDEX) or has_perm(request.user, Perm.SELF_ASSESS)):
        raise PermissionDenied
    frameworks = selectors.openable_frameworks(user=request.user)
    year_text = (request.GET.get("year") or "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    context = {
        "page_title": _("Chấm điểm chỉ số CCHC cấp xã"),
        "assessments": selectors.assessment_list(user=request.user, year=year),
        "openable": [(f, selectors.unassessed_units(framework=f)) for f in frameworks],
        "year": year,
        "stages": Stage.choices,
    }
    return render(request, "scoring/assessments/list.html", context)


@login_required
@require_POST
def assessment_open_view(request: HttpRequest) -> HttpResponse:
    frameworks = {str(f.pk): f for f in selectors.openable_frameworks(user=request.user)}
    framework = frameworks.get(request.POST.get("framework", ""))
    if framework is None:
        raise PermissionDenied
    wanted = {value for value in request.POST.getlist("units") if value.isdigit() and len(value) <= 12}
    units = [u for u in selectors.unassessed_units(framework=framework) if str(u.pk) in wanted]
    try:
        deadline = dt.date.fromisoformat(request.POST.get("self_deadline", "").strip())
    except ValueError:
        messages.error(request, _("Hạn tự chấm phải là một ngày (ngày/tháng/năm)."))
        return redirect("scoring:assessments")
    try:
        opened = assessment_open(actor=request.user, framework=framework, units=units, self_deadline=deadline)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã mở chấm điểm cho %(count)s đơn vị.") % {"count": len(opened)})
    return redirect("scoring:assessments")


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors.assessment_detail(user=request.user, pk=pk)
    assessment = detail.assessment
    context = {
        "page_title": _("Chỉ số CCHC %(year)s — %(unit)s")
        % {"year": assessment.framework.year, "unit": assessment.unit.name},
        "detail": detail,
        "assessment": assessment,
        "Stage": {choice.name: choice.value for choice in Stage},
    }
    return render(request, "scoring/assessments/detail.html", context)


def _score_of(request: HttpRequest, pk: int, score_id: int) -> tuple[Assessment, CriterionScore]:
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    score = (
        CriterionScore.objects.select_related("node", "assessment__unit", "assessment__framework__issuer")
        .filter(pk=score_id, assessment=assessment)
        .first()
    )
    if score is None:
        raise Http404
    return assessment, score


def _points(request: HttpRequest, name: str = "points") -> Decimal | None:
    return parse_points(request.POST.get(name))


_SCORE_ACTIONS: dict[str, Callable[[HttpRequest, CriterionScore], object]] = {
    "self": lambda request, score: assessment_self_score(
        actor=request.user,
        score=score,
        points=_points(request),
        note=request.POST.get("note", ""),
        evidence=request.FILES.get("evidence"),
    ),
    "appraise": lambda request, score: appraisal.assessment_appraise(
        actor=request.user, score=score, points=_points(request), comment=request.POST.get("comment", "")
    ),
    "answer": lambda request, score: appraisal.assessment_answer(
        actor=request.user, score=score, text=request.POST.get("text", "")
    ),
    "review": lambda request, score: appraisal.assessment_review_answer(
        actor=request.user, score=score, points=_points(request), comment=request.POST.get("comment", "")
    ),
    "survey": lambda request, score: appraisal.assessment_survey_points(
        actor=request.user, score=score, points=_points(request), evidence=request.FILES.get("evidence")
    ),
}
_SCORE_DONE = {
    "self": _("Đã lưu điểm tự chấm tiêu chí %(code)s."),
    "appraise": _("Đã thẩm định tiêu chí %(code)s."),
    "answer": _("Đã gửi giải trình tiêu chí %(code)s."),
    "review": _("Đã xem xét giải trình tiêu chí %(code)s."),
    "survey": _("Đã cộng điểm khảo sát tiêu chí %(code)s."),
}


@login_required
@require_POST
def score_action(request: HttpRequest, pk: int, score_id: int, action: str) -> HttpResponse:
    if action not in _SCORE_ACTIONS:
        raise Http404
    assessment, score = _score_of(request, pk, score_id)
    try:
        _SCORE_ACTIONS[action](request, score)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(
                request, _("Tiêu chí %(code)s: %(message)s") % {"code": score.node.code, "message": message}
            )
    else:
        messages.success(request, str(_SCORE_DONE[action]) % {"code": score.node.code})
    return redirect(_detail_url(assessment, f"c-{score.node.code}"))


_STEPS: dict[str, Callable[..., Assessment]] = {
    "submit": assessment_submit,
    "send": appraisal.assessment_send_appraisal,
    "survey": appraisal.assessment_open_survey,
    "finalize": appraisal.assessment_finalize,
}
_STEP_DONE = {
    "submit": _("Đã gửi kết quả tự chấm đến hội đồng thẩm định."),
    "send": _("Đã gửi kết quả thẩm định đến đơn vị."),
    "survey": _("Đã khép lại giải trình và chuyển sang cộng điểm khảo sát."),
    "finalize": _("Đã công bố kết quả chính thức; kết quả đã khóa."),
}


@login_required
@require_POST
def assessment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in _STEPS:
        raise Http404
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    try:
        _STEPS[step](actor=request.user, assessment=assessment)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, str(_STEP_DONE[step]))
    return redirect(_detail_url(assessment))


@login_required
@require_POST
def assessment_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    changes: dict[int, Decimal | None] = {}
    try:
        for score_id in assessment.scores.values_list("pk", flat=True):
            raw = request.POST.get(f"points_{score_id}", "")
            if raw.strip():
                changes[score_id] = parse_points(raw)
        appraisal.assessment_revise(
            actor=request.user, assessment=assessment, reason=request.POST.get("reason", ""), changes=changes
        )
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã điều chỉnh kết quả chính thức."))
    return redirect(_detail_url(assessment, "revisions"))


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    """An evidence file, for whoever may read the assessment (the read is logged: a file may name people)."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    evidence = selectors.evidence_get(assessment=assessment, evidence_id=evidence_id)
    access_record(actor=request.user, subject=evidence, purpose="assessment_evidence")
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="minh-chung-{evidence.pk}.{_EXTENSIONS.get(evidence.content_type, "bin")}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
