"""Evaluation pages under /staff/evaluations/: the leader's overview of the unit's year, an
official's pre-filled form with the step they may take, and the records behind each figure.
Every read of an evaluation or of its evidence is logged (personal data)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reformdesk.core.api import MAX_ID
from reformdesk.core.services.audit import access_record, access_records
from reformdesk.emulation import services
from reformdesk.emulation.choices import CLOSED_STAGES, Stage
from reformdesk.emulation.forms import DecisionForm, SelfAssessmentForm, TextForm
from reformdesk.emulation.models import EvaluationLevel
from reformdesk.emulation.selectors.evaluations import (
    level_summary,
    may_read_official,
    rules_get,
    unit_overview,
)
from reformdesk.emulation.selectors.evidence import evidence_rows
from reformdesk.emulation.selectors.prefill import Evidence, prefill_for_officials
from reformdesk.emulation.services.evaluation import may_decide, official_of
from reformdesk.emulation.views_training import _unit, error_messages, form_errors, staff_required, year_of
from reformdesk.org.models import Membership, Official
from reformdesk.org.permissions import Perm, has_perm

EVIDENCE_TITLES = {
    Evidence.TASKS: gettext_lazy("Nhiệm vụ được giao"),
    Evidence.ATTENDANCE: gettext_lazy("Chấm công"),
    Evidence.DOSSIERS: gettext_lazy("Hồ sơ đã xử lý"),
    Evidence.RATINGS: gettext_lazy("Đánh giá của người dân khi trả kết quả"),
    Evidence.SURVEYS: gettext_lazy("Phiếu khảo sát nêu tên cán bộ"),
    Evidence.FEEDBACK: gettext_lazy("Phản ánh về cán bộ"),
    Evidence.FINDINGS: gettext_lazy("Sai phạm qua kiểm tra công vụ"),
    Evidence.COMMITMENTS: gettext_lazy("Cam kết đã ký"),
    Evidence.TRAINING: gettext_lazy("Khóa đào tạo, bồi dưỡng"),
}
MIN_YEAR, MAX_YEAR = 2000, 2100


@staff_required
def evaluation_overview(request: HttpRequest) -> HttpResponse:
    unit, year = _unit(request), year_of(request)
    me = official_of(request.user)
    leader = has_perm(request.user, Perm.VIEW_EVALUATIONS, unit)
    rows = unit_overview(unit=unit, year=year) if leader else []
    if rows:
        access_records(
            actor=request.user,
            subjects=[("org.official", str(row.official.pk), row.official.full_name) for row in rows],
            purpose="evaluation",
        )
    missing = [row for row in rows if row.evaluation is None or row.evaluation.stage == Stage.OPEN]
    return render(
        request,
        "emulation/evaluations.html",
        {
            "page_title": _("Đánh giá, xếp loại năm %(year)s") % {"year": year},
            "unit": unit,
            "year": year,
            "rules": rules_get(year=year),
            "rows": rows,
            "missing": missing,
            "summary": level_summary(unit=unit, year=year) if leader else None,
            "leader": leader,
            "me": me,
        },
    )


def _official(request: HttpRequest, official_id: int, year: int) -> Official:
    if not MIN_YEAR <= year <= MAX_YEAR or official_id > MAX_ID:
        raise Http404
    official = Official.objects.filter(pk=official_id).first()
    if official is None or not may_read_official(user=request.user, official=official):
        raise Http404
    return official


@staff_required
def evaluation_detail(request: HttpRequest, year: int, official_id: int) -> HttpResponse:
    official = _official(request, official_id, year)
    rules = rules_get(year=year)
    if rules is None:
        raise Http404
    evaluation = (
        official.evaluations.filter(year=year)
        .select_related("proposed_level", "decided_level", "unit")
        .first()
    )
    unit = (
        evaluation.unit
        if evaluation
        else Membership.objects.filter(official=official).order_by("-is_primary", "id").first()
    )
    unit = getattr(unit, "unit", unit)
    prefill = prefill_for_officials(unit=unit, official_ids=[official.pk], year=year)[official.pk]
    access_record(actor=request.user, subject=official, purpose="evaluation")
    own = official.user_id == request.user.pk
    return render(
        request,
        "emulation/evaluation.html",
        {
            "page_title": _("Phiếu đánh giá năm %(year)s: %(name)s")
            % {"year": year, "name": official.full_name},
            "official": official,
            "year": year,
            "rules": rules,
            "evaluation": evaluation,
            "prefill": prefill,
            "own": own,
            "decider": bool(evaluation) and not own and may_decide(request.user, evaluation),
            "closed": bool(evaluation) and evaluation.stage in CLOSED_STAGES,
            "events": list(evaluation.events.select_related("actor_official", "level")) if evaluation else [],
            "evidence": Evidence,
        },
    )


def _level(rules_year: int, pk: int) -> EvaluationLevel | None:
    return EvaluationLevel.objects.filter(pk=pk, rules__year=rules_year).select_related("rules").first()


@staff_required
@require_POST
def evaluation_action(request: HttpRequest, year: int, official_id: int, action: str) -> HttpResponse:
    """One step of the process; refused steps show their message and change nothing."""
    official = _official(request, official_id, year)
    target = redirect("emulation:evaluation", year, official.pk)
    try:
        if action == "open":
            services.evaluation_open(actor=request.user, official=official, year=year)
            messages.success(request, _("Đã mở phiếu đánh giá."))
            return target
        evaluation = official.evaluations.filter(year=year).first()
        if evaluation is None:
            raise Http404
        if action == "self_assess":
            form = SelfAssessmentForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            services.evaluation_self_assess(
                actor=request.user,
                evaluation=evaluation,
                text=form.cleaned_data["text"],
                level=_level(year, form.cleaned_data["level"]),
                points=form.cleaned_data["points"],
            )
        elif action == "decide":
            decision = DecisionForm(request.POST)
            if not decision.is_valid():
                raise ValidationError(form_errors(decision))
            services.evaluation_decide(
                actor=request.user,
                evaluation=evaluation,
                level=_level(year, decision.cleaned_data["level"]),
                note=decision.cleaned_data["note"],
            )
        elif action in ("comment", "contest"):
            text = TextForm(request.POST)
            if not text.is_valid():
                raise ValidationError(form_errors(text))
            if action == "comment":
                services.evaluation_comment(
                    actor=request.user, evaluation=evaluation, comments=text.cleaned_data["text"]
                )
            else:
                services.evaluation_contest(
                    actor=request.user, evaluation=evaluation, reason=text.cleaned_data["text"]
                )
        elif action == "notify":
            services.evaluation_notify(actor=request.user, evaluation=evaluation)
        elif action == "finalize":
            services.evaluation_finalize(actor=request.user, evaluation=evaluation)
        else:
            raise Http404
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    except services.ActionNotAllowed as error:
        messages.error(request, error.message)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
    else:
        messages.success(request, _("Đã lưu."))
    return target


@staff_required
def evidence(request: HttpRequest, year: int, official_id: int, kind: str) -> HttpResponse:
    if kind not in Evidence.ALL:
        raise Http404
    official = _official(request, official_id, year)
    rows = evidence_rows(official_id=official.pk, year=year, kind=kind)
    access_record(actor=request.user, subject=official, purpose="evaluation")
    return render(
        request,
        "emulation/evidence.html",
        {
            "page_title": EVIDENCE_TITLES[kind],
            "official": official,
            "year": year,
            "rows": rows,
        },
    )
