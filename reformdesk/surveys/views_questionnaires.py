"""Questionnaire pages: the builder for reform officers (list, create, edit sections, questions,
choices and conditions, open and close), the citizen's answering page per survey and unit, and
the results page with Wilson intervals.

Another unit's survey is a 404, as an unknown slug is. The answering page is rate-limited per
client; its conditions are applied in the browser (answer.js, progressive enhancement) and always
again by the service.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reformdesk.core.downloads import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, download, qr_svg_data_uri
from reformdesk.core.pdf import render_pdf
from reformdesk.core.ratelimit import hit, public_rate_limit, too_many_requests
from reformdesk.core.services.audit import access_records
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, has_perm, unit_filter
from reformdesk.surveys import services
from reformdesk.surveys.charts import interval_chart
from reformdesk.surveys.choices import ResponseChannel
from reformdesk.surveys.exports import raw_responses_xlsx
from reformdesk.surveys.forms_questionnaires import (
    AnswerForm,
    PaperBatchForm,
    QuestionForm,
    QuestionnaireCreateForm,
    QuestionnaireSettingsForm,
    SectionForm,
    SurveyResultsFilterForm,
)
from reformdesk.surveys.models import Questionnaire
from reformdesk.surveys.selectors import officials as official_selectors
from reformdesk.surveys.selectors import public as public_selectors
from reformdesk.surveys.selectors import questionnaires as selectors
from reformdesk.surveys.selectors.questionnaires import Structure
from reformdesk.surveys.services.responses import is_open, unit_officials

ANSWER_PER_MINUTE = 20
# The counter's tablet is counted per signed-in officer, not per address: a busy desk behind one
# office router is not locked out by the citizens' phones, and one response takes a citizen well
# over a second.
KIOSK_PER_MINUTE = 60


def _may_see_list(request: HttpRequest) -> bool:
    return has_perm(request.user, Perm.MANAGE_SURVEYS) or has_perm(request.user, Perm.VIEW_SURVEY_RESULTS)


def _managed(request: HttpRequest, slug: str) -> Questionnaire:
    questionnaire = selectors.questionnaire_for_staff(user=request.user, slug=slug, perm=Perm.MANAGE_SURVEYS)
    if questionnaire is None:
        raise Http404(_("Không tìm thấy phiếu khảo sát."))
    return questionnaire


@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    """Surveys of the user's units, with their status, versions and number of responses."""
    if not _may_see_list(request):
        raise PermissionDenied
    rows = list(selectors.questionnaire_list(user=request.user)[:200])
    context = {"questionnaires": rows, "may_create": has_perm(request.user, Perm.MANAGE_SURVEYS)}
    return render(request, "surveys/questionnaire_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.MANAGE_SURVEYS):
        raise PermissionDenied
    units = Unit.objects.filter(unit_filter(request.user, Perm.MANAGE_SURVEYS)).order_by("path")
    form = QuestionnaireCreateForm(
        request.POST or None, units=units, templates=selectors.questionnaire_templates()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            questionnaire = services.questionnaire_create(
                actor=request.user,
                unit=data["unit"],
                slug=data["slug"],
                title_vi=data["title_vi"],
                title_en=data["title_en"],
                kind=data["kind"],
                anonymous=data["anonymous"],
                min_reliable_n=data["min_reliable_n"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                template=data["template"],
                sms_sample_percent=data["sms_sample_percent"],
                quota_per_unit=data["quota_per_unit"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Đã tạo phiếu khảo sát %(title)s.") % {"title": questionnaire.title})
            return redirect("surveys:questionnaire_edit", slug=questionnaire.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/questionnaire_create.html", {"form": form}, status=status)


def _builder(
    request: HttpRequest, questionnaire: Questionnaire, status: int = 200, **forms: Any
) -> HttpResponse:
    structure = selectors.questionnaire_structure(questionnaire=questionnaire)
    settings_form = forms.get("settings_form") or QuestionnaireSettingsForm(
        initial={
            "title_vi": questionnaire.title_vi,
            "title_en": questionnaire.title_en,
            "anonymous": questionnaire.anonymous,
            "min_reliable_n": questionnaire.min_reliable_n,
            "opens_at": timezone.localtime(questionnaire.opens_at) if questionnaire.opens_at else None,
            "closes_at": timezone.localtime(questionnaire.closes_at) if questionnaire.closes_at else None,
            "sms_sample_percent": questionnaire.sms_sample_percent,
            "quota_per_unit": questionnaire.quota_per_unit,
        }
    )
    units = selectors.answering_units(questionnaire=questionnaire)
    context = {
        "questionnaire": questionnaire,
        "structure": structure,
        "frozen": structure.version.responses.exists(),
        "settings_form": settings_form,
        "section_form": forms.get("section_form") or SectionForm(),
        "question_form": forms.get("question_form") or QuestionForm(structure=structure),
        "links": [
            (unit, reverse("surveys:answer", kwargs={"slug": questionnaire.slug, "unit_code": unit.code}))
            for unit in units
        ],
    }
    return render(request, "surveys/questionnaire_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The builder: settings, sections, questions; each POST names its ``action``."""
    questionnaire = _managed(request, slug)
    if request.method == "GET":
        return _builder(request, questionnaire)
    action = request.POST.get("action", "")
    try:
        if action == "settings":
            settings_form = QuestionnaireSettingsForm(request.POST)
            if not settings_form.is_valid():
                return _builder(request, questionnaire, 400, settings_form=settings_form)
            services.questionnaire_update(
                actor=request.user, questionnaire=questionnaire, **settings_form.cleaned_data
            )
            messages.success(request, _("Đã lưu thông tin phiếu."))
        elif action == "section":
            section_form = SectionForm(request.POST)
            if not section_form.is_valid():
                return _builder(request, questionnaire, 400, section_form=section_form)
            services.section_add(actor=request.user, questionnaire=questionnaire, **section_form.cleaned_data)
            messages.success(request, _("Đã thêm phần mới."))
        elif action in ("question", "question_update"):
            structure = selectors.questionnaire_structure(questionnaire=questionnaire)
            question_form = QuestionForm(request.POST, structure=structure)
            try:
                valid = question_form.is_valid() and bool(question_form.spec())
            except ValidationError as error:
                question_form.add_service_error(error)
                valid = False
            if not valid:
                return _builder(request, questionnaire, 400, question_form=question_form)
            try:
                if action == "question":
                    services.question_add(
                        actor=request.user,
                        questionnaire=questionnaire,
                        section_order=question_form.cleaned_data["section"],
                        spec=question_form.spec(),
                    )
                else:
                    services.question_update(
                        actor=request.user,
                        questionnaire=questionnaire,
                        key=request.POST.get("original_key", "")[:40],
                        spec=question_form.spec(),
                    )
            except ValidationError as error:
                question_form.add_service_error(error)
                return _builder(request, questionnaire, 400, question_form=question_form)
            messages.success(request, _("Đã lưu câu hỏi."))
        elif action == "question_remove":
            services.question_remove(
                actor=request.user, questionnaire=questionnaire, key=request.POST.get("key", "")[:40]
            )
            messages.success(request, _("Đã xoá câu hỏi."))
        elif action == "open":
            services.questionnaire_open(actor=request.user, questionnaire=questionnaire)
            messages.success(request, _("Phiếu đã mở nhận câu trả lời."))
        elif action == "close":
            services.questionnaire_close(actor=request.user, questionnaire=questionnaire)
            messages.success(request, _("Phiếu đã đóng."))
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
            return _builder(request, questionnaire, 400)
    except services.NotEditable:
        messages.error(request, _("Phiếu đã đóng: không sửa được câu hỏi."))
        return _builder(request, questionnaire, 409)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return _builder(request, questionnaire, 400)
    return redirect("surveys:questionnaire_edit", slug=questionnaire.slug)


@login_required
@require_http_methods(["GET"])
def question_edit(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The form of one question, filled with its current wording (saved by the builder's POST)."""
    questionnaire = _managed(request, slug)
    structure = selectors.questionnaire_structure(questionnaire=questionnaire)
    for section in structure.sections:
        for item in section.questions:
            if item.question.key == key:
                form = QuestionForm(
                    initial=QuestionForm.initial_for(item, section.section.order), structure=structure
                )
                context = {"questionnaire": questionnaire, "form": form, "key": key}
                return render(request, "surveys/question_edit.html", context)
    raise Http404(_("Câu hỏi này không có trong phiếu."))


def _results_filters(
    request: HttpRequest, slug: str
) -> tuple[Questionnaire, SurveyResultsFilterForm, dict[str, Any] | None]:
    """The survey (404 unless the user reads its results), its filter form, and the filters
    (None when the form is wrong)."""
    questionnaire = selectors.questionnaire_for_staff(
        user=request.user, slug=slug, perm=Perm.VIEW_SURVEY_RESULTS
    )
    if questionnaire is None:
        raise Http404(_("Không tìm thấy phiếu khảo sát."))
    latest = selectors.version_for_results(questionnaire)
    assert latest is not None
    form = SurveyResultsFilterForm(
        request.GET or None,
        units=selectors.answering_units(questionnaire=questionnaire),
        months=selectors.response_months(version=latest),
        versions=list(questionnaire.versions.order_by("number").values_list("number", flat=True)),
    )
    if form.is_bound and not form.is_valid():
        return questionnaire, form, None
    data = form.cleaned_data if form.is_bound else {}
    filters = {
        "version": selectors.version_for_results(questionnaire, data.get("version")) or latest,
        "unit": data.get("unit"),
        "month": data.get("month"),
        "channel": data.get("channel") or None,
    }
    return questionnaire, form, filters


@login_required
def questionnaire_results(request: HttpRequest, slug: str) -> HttpResponse:
    """Counts, shares with their 95 % intervals and n, the satisfaction index, 'not reliable' notes."""
    questionnaire, form, filters = _results_filters(request, slug)
    found = selectors.survey_results(questionnaire=questionnaire, **filters) if filters is not None else None
    breakdowns: list[tuple[str, list[selectors.BreakdownRow], dict[str, Any]]] = []
    if filters is not None and found is not None and found.overall is not None:
        titles = {"unit": _("Theo đơn vị"), "month": _("Theo tháng"), "channel": _("Theo kênh")}
        for by in selectors.BREAKDOWNS:
            rows = selectors.satisfaction_breakdown(questionnaire=questionnaire, by=by, **filters)
            breakdowns.append((titles[by], rows, interval_chart(rows)))
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "results": found,
        "breakdowns": breakdowns,
        "query": request.GET.urlencode(),
    }
    return render(request, "surveys/questionnaire_results.html", context, status=200 if filters else 400)


@login_required
def official_results(request: HttpRequest, slug: str) -> HttpResponse:
    """Per official: the survey's answers in the responses naming them, beside their dossier
    ratings, each with n, its interval and the 'not reliable' badge (the results page's filters).
    Reading officials' evaluation figures is logged."""
    questionnaire, form, filters = _results_filters(request, slug)
    rows = (
        official_selectors.official_results(user=request.user, questionnaire=questionnaire, **filters)
        if filters is not None
        else []
    )
    if rows:
        access_records(
            actor=request.user,
            subjects=[("org.official", str(row.official_id), row.name) for row in rows],
            purpose="survey.official_results",
        )
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "rows": rows,
        "filtered": filters is not None,
        "version": filters["version"] if filters else None,
        "query": request.GET.urlencode(),
    }
    return render(request, "surveys/official_results.html", context, status=200 if filters else 400)


def public_summary(request: HttpRequest, unit_code: str) -> HttpResponse:
    """The portal's page of a unit's survey results: each opened survey covering the unit with its
    satisfaction index (overall and per element) over the unit's responses, and the dossier
    ratings, every share with n and its interval; no per-question detail, no official named."""
    unit = Unit.objects.filter(code=unit_code[:20]).first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    context = {
        "unit": unit,
        "summaries": public_selectors.public_unit_summaries(unit=unit),
        "ratings": public_selectors.public_unit_ratings(unit=unit),
    }
    return render(request, "surveys/public_summary.html", context)


@login_required
def questionnaire_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The filtered responses, anonymised, as an Excel workbook."""
    questionnaire, form, filters = _results_filters(request, slug)
    if filters is None:
        context = {"questionnaire": questionnaire, "form": form, "results": None}
        return render(request, "surveys/questionnaire_results.html", context, status=400)
    raw = selectors.survey_raw_responses(questionnaire=questionnaire, **filters)
    filename = f"khao-sat-{questionnaire.slug}-v{filters['version'].number}.xlsx"
    return download(raw_responses_xlsx(raw), filename=filename, content_type=XLSX_CONTENT_TYPE)


def _answer_form(
    request: HttpRequest, questionnaire: Questionnaire, unit: Unit
) -> tuple[AnswerForm, Structure]:
    """The answering form of the latest version; a POST answers the version its form showed."""
    shown = None
    posted_version = request.POST.get("version", "")
    if request.method == "POST" and posted_version.isdigit():
        shown = questionnaire.versions.filter(number=int(posted_version)).first()
    structure = selectors.questionnaire_structure(questionnaire=questionnaire, version=shown)
    data = request.POST if request.method == "POST" else None
    return AnswerForm(data, structure=structure, officials=list(unit_officials(unit=unit))), structure


@require_http_methods(["GET", "POST"])
@public_rate_limit("surveys.answer", per_minute=ANSWER_PER_MINUTE)
def answer(request: HttpRequest, slug: str, unit_code: str) -> HttpResponse:
    """The citizen's page (phone first) for one survey at one unit."""
    questionnaire = selectors.questionnaire_public(slug=slug)
    unit = (
        selectors.answering_units(questionnaire=questionnaire).filter(code=unit_code[:20]).first()
        if questionnaire
        else None
    )
    if questionnaire is None or unit is None:
        return render(request, "surveys/answer.html", {"state": "not_found"}, status=404)
    # The token of an SMS invitation rides in the link (?t=) and then in the form.
    token = (request.POST.get("token") if request.method == "POST" else request.GET.get("t")) or ""
    token = token.strip()[:64]
    context: dict[str, Any] = {"questionnaire": questionnaire, "unit": unit, "token": token}
    if not is_open(questionnaire, timezone.now()):
        return render(request, "surveys/answer.html", {**context, "state": "closed"})
    if token:
        invitation = selectors.survey_invitation_by_token(questionnaire=questionnaire, token=token)
        if invitation is None or invitation.unit_id != unit.pk:
            return render(request, "surveys/answer.html", {**context, "state": "token_unknown"}, status=404)
        if invitation.used_at is not None:
            return render(request, "surveys/answer.html", {**context, "state": "token_used"}, status=409)
    form, structure = _answer_form(request, questionnaire, unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                questionnaire=questionnaire,
                unit=unit,
                channel=ResponseChannel.SMS if token else ResponseChannel.PUBLIC_LINK,
                answers=form.answers(),
                version=structure.version,
                token=token,
            )
        except services.SurveyNotOpen:
            return render(request, "surveys/answer.html", {**context, "state": "closed"}, status=409)
        except services.TokenUsed:
            return render(request, "surveys/answer.html", {**context, "state": "token_used"}, status=409)
        except services.TokenUnknown:
            return render(request, "surveys/answer.html", {**context, "state": "token_unknown"}, status=404)
        except services.QuotaReached as refused:
            context |= {"state": "quota", "quota_message": refused.message}
            return render(request, "surveys/answer.html", context, status=409)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return render(request, "surveys/answer.html", {**context, "state": "thanks"})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "surveys/answer.html",
        {**context, "state": "form", "form": form, "structure": structure},
        status=status,
    )


def _staff_entry(request: HttpRequest, slug: str, unit_code: str, *, channel: str) -> HttpResponse:
    """A survey answered for one unit on a staff-held device: the counter tablet (``kiosk``) or
    paper forms typed in by batch (``paper``). After each response the page starts again empty (a
    redirect; signed-in pages are never cached, by core.middleware), so nobody sees the previous
    citizen's answers. Opened by the unit's one-stop officers and survey builders; another unit's
    staff get a 404. Counted per signed-in officer, not per address."""
    questionnaire = selectors.questionnaire_public(slug=slug)
    unit = (
        selectors.answering_units(questionnaire=questionnaire).filter(code=unit_code[:20]).first()
        if questionnaire
        else None
    )
    if questionnaire is None or unit is None:
        raise Http404(_("Không tìm thấy phiếu khảo sát."))
    if not (
        has_perm(request.user, Perm.RECEIVE_DOSSIERS, unit)
        or has_perm(request.user, Perm.MANAGE_SURVEYS, unit)
    ):
        raise Http404(_("Không tìm thấy phiếu khảo sát."))
    if request.method == "POST" and not hit(
        key=f"surveys.kiosk:{request.user.pk}", limit=KIOSK_PER_MINUTE, window=60
    ):
        return too_many_requests(request)
    paper = channel == ResponseChannel.PAPER
    context: dict[str, Any] = {"questionnaire": questionnaire, "unit": unit, "paper": paper}
    if not is_open(questionnaire, timezone.now()):
        return render(request, "surveys/answer.html", {**context, "state": "closed"})
    form, structure = _answer_form(request, questionnaire, unit)
    batch_form = (
        PaperBatchForm(
            request.POST if request.method == "POST" else None,
            initial={"batch_code": request.GET.get("lo", "")[:32]},
        )
        if paper
        else None
    )
    if request.method == "POST" and form.is_valid() and (batch_form is None or batch_form.is_valid()):
        batch_code = batch_form.cleaned_data["batch_code"] if batch_form is not None else ""
        try:
            services.response_submit(
                questionnaire=questionnaire,
                unit=unit,
                channel=channel,
                answers=form.answers(),
                version=structure.version,
                batch_code=batch_code,
            )
        except services.SurveyNotOpen:
            return render(request, "surveys/answer.html", {**context, "state": "closed"}, status=409)
        except services.QuotaReached as refused:
            context |= {"state": "quota", "quota_message": refused.message}
            return render(request, "surveys/answer.html", context, status=409)
        except ValidationError as error:
            found = dict(error.message_dict)
            if batch_form is not None and "batch_code" in found:
                batch_form.add_error("batch_code", found.pop("batch_code"))
            if found:
                form.add_service_error(ValidationError(found))
        else:
            after = f"?da-gui=1&lo={quote(batch_code)}" if paper else "?da-gui=1"
            return redirect(f"{request.path}{after}")
    status = 400 if request.method == "POST" else 200
    context |= {
        "state": "form",
        "form": form,
        "batch_form": batch_form,
        "structure": structure,
        "sent": request.GET.get("da-gui") == "1",
    }
    return render(request, "surveys/answer.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, slug: str, unit_code: str) -> HttpResponse:
    """The counter tablet: one citizen after another at the desk."""
    return _staff_entry(request, slug, unit_code, channel=ResponseChannel.KIOSK)


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, slug: str, unit_code: str) -> HttpResponse:
    """Paper forms typed in one after another, each noting its batch's code (kept for the next)."""
    return _staff_entry(request, slug, unit_code, channel=ResponseChannel.PAPER)


def answer_address(request: HttpRequest, questionnaire: Questionnaire, unit: Unit) -> str:
    """The public answering page's full address, on ``PUBLIC_BASE_URL`` when it is set (the
    address citizens reach), else on the address of this request."""
    path = reverse("surveys:answer", kwargs={"slug": questionnaire.slug, "unit_code": unit.code})
    return (
        f"{settings.PUBLIC_BASE_URL}{path}" if settings.PUBLIC_BASE_URL else request.build_absolute_uri(path)
    )


@login_required
def poster(request: HttpRequest, slug: str, unit_code: str) -> HttpResponse:
    """The A4 PDF poster with the QR code of the unit's answering page, for the office wall."""
    questionnaire = _managed(request, slug)
    unit = selectors.answering_units(questionnaire=questionnaire).filter(code=unit_code[:20]).first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    url = answer_address(request, questionnaire, unit)
    pdf = render_pdf(
        template_name="surveys/poster.html",
        context={
            "title": questionnaire.title_vi,
            "unit_name": unit.name,
            "url": url,
            "qr": qr_svg_data_uri(url),
            "anonymous": questionnaire.anonymous,
        },
    )
    return download(
        pdf, filename=f"khao-sat-{questionnaire.slug}-{unit.code}.pdf", content_type=PDF_CONTENT_TYPE
    )
