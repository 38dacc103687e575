"""The feedback desk's staff pages: the worklists, recording a case, and a case's page with its
timeline and the actions the user may take now."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reformdesk.core.services.audit import access_record
from reformdesk.core.uploads import check_upload
from reformdesk.core.views.generic import FilteredTableView
from reformdesk.feedback import selectors, services, workflow
from reformdesk.feedback.choices import Channel
from reformdesk.feedback.filters import FeedbackFilter
from reformdesk.feedback.forms import ActionForm, IntakeForm
from reformdesk.feedback.models import AnswerTemplate, FeedbackCase
from reformdesk.feedback.selectors import Worklist, feedback_worklist, visible_cases
from reformdesk.feedback.services import ActionNotAllowed
from reformdesk.feedback.tables import FeedbackTable
from reformdesk.feedback.workflow import WORKFLOW
from reformdesk.org.current import current_unit
from reformdesk.org.models import Membership, Official
from reformdesk.org.permissions import Perm, has_perm, units_with_perm
from reformdesk.org.selectors import official_list

TABS = (
    (Worklist.OPEN, gettext_lazy("Đang mở")),
    (Worklist.TO_ACCEPT, gettext_lazy("Chờ thụ lý")),
    (Worklist.MINE, gettext_lazy("Của tôi")),
    (Worklist.DUE_SOON, gettext_lazy("Đến hạn trong một ngày làm việc")),
    (Worklist.OVERDUE, gettext_lazy("Quá hạn")),
    (Worklist.AWAITING_CITIZEN, gettext_lazy("Chờ công dân bổ sung")),
    (Worklist.ALL, gettext_lazy("Tất cả")),
)
# What an empty tab says, with what to do next.
EMPTY = {
    Worklist.OPEN: gettext_lazy(
        "Không có phản ánh nào đang mở. Bấm “Ghi nhận phản ánh” để ghi thư góp ý, cuộc gọi "
        "hay ý kiến trực tiếp."
    ),
    Worklist.TO_ACCEPT: gettext_lazy("Không có phản ánh mới nào chờ thụ lý."),
    Worklist.MINE: gettext_lazy("Không có phản ánh nào đang giao cho bạn. Phản ánh mới giao sẽ hiện ở đây."),
    Worklist.DUE_SOON: gettext_lazy("Không có phản ánh nào đến hạn trong một ngày làm việc tới."),
    Worklist.OVERDUE: gettext_lazy("Không có phản ánh quá hạn."),
    Worklist.AWAITING_CITIZEN: gettext_lazy("Không có phản ánh nào đang chờ công dân bổ sung thông tin."),
    Worklist.ALL: gettext_lazy("Chưa có phản ánh nào."),
}
SEARCHED_EMPTY = gettext_lazy("Không tìm thấy phản ánh phù hợp. Hãy kiểm tra lại mã hoặc tiêu đề.")
# Tabs whose size is shown: what a desk, a handler and a leader must see at a glance.
COUNTED = (Worklist.TO_ACCEPT, Worklist.MINE, Worklist.DUE_SOON, Worklist.OVERDUE)
_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def feedback_staff_required(view: Any) -> Any:
    """Staff holding a feedback permission somewhere; selectors and services check per unit."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_perm(request.user, Perm.VIEW_FEEDBACK):
            raise PermissionDenied
        return view(request, *args, **kwargs)  # type: ignore[no-any-return]

    return login_required(wrapped)


class FeedbackWorklistView(LoginRequiredMixin, FilteredTableView):
    template_name = "feedback/staff/worklist.html"
    table_class = FeedbackTable
    filterset_class = FeedbackFilter
    page_title = gettext_lazy("Phản ánh, kiến nghị")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not has_perm(request.user, Perm.VIEW_FEEDBACK):
            raise PermissionDenied
        self.now = timezone.now()
        value = request.GET.get("list", "")
        self.worklist = Worklist(value) if value in {w.value for w in Worklist} else Worklist.OPEN
        return super().dispatch(request, *args, **kwargs)

    def _list(self, worklist: Worklist) -> QuerySet[FeedbackCase]:
        return feedback_worklist(
            user=self.request.user, worklist=worklist, unit=current_unit(self.request), now=self.now
        )

    def get_queryset(self) -> QuerySet[FeedbackCase]:
        return self._list(self.worklist)

    def get_table_kwargs(self) -> dict[str, Any]:
        empty = SEARCHED_EMPTY if self.request.GET.get("q", "").strip() else EMPTY[self.worklist]
        return {"now": self.now, "empty_text": empty}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = {w: self._list(w).order_by().count() for w in COUNTED}
        context["tabs"] = [(value, label, counts.get(value)) for value, label in TABS]
        context["worklist"] = self.worklist
        context["can_receive"] = has_perm(self.request.user, Perm.RECEIVE_FEEDBACK)
        context["can_route"] = has_perm(self.request.user, Perm.MANAGE_UNIT)
        context["can_lead"] = has_perm(self.request.user, Perm.DECIDE_FEEDBACK)
        return context


# --- recording a case ----------------------------------------------------------------------------


def _intake_form(request: HttpRequest, data: Any = None, files: Any = None) -> IntakeForm:
    units = units_with_perm(request.user, Perm.RECEIVE_FEEDBACK)
    current = current_unit(request)
    initial = {"unit": current if current in units else (units[0] if units else None)}
    officials = list(official_list(user=request.user).order_by("full_name", "employee_code"))
    return IntakeForm(data, files, units=units, officials=officials, initial=initial)


@feedback_staff_required
def feedback_new(request: HttpRequest) -> HttpResponse:
    """Record a suggestion-box letter, a hotline call, a visit or an e-mail."""
    if not has_perm(request.user, Perm.RECEIVE_FEEDBACK):
        raise PermissionDenied
    if request.method != "POST":
        return render(request, "feedback/staff/new.html", {"form": _intake_form(request)})
    form = _intake_form(request, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            upload = data.get("attachment")
            checked = [check_upload(upload)] if upload else []
            case = services.feedback_receive(
                actor=request.user,
                unit=data["unit"],
                kind=data["kind"],
                channel=data["channel"],
                subject=data["subject"],
                content=data["content"],
                citizen=form.citizen(),
                received_at=data["received_at"],
                place=data["place"],
                related_dossier_code=data["related_dossier"],
                related_official=data["related_official"],
                call=form.call(),
                reception_slot=data["reception_slot"],
                files=checked,
                client_token=data["client_token"],
                note=data["note"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"attachment": error.messages})
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã ghi nhận phản ánh %(code)s.") % {"code": case.code})
            return redirect("feedback:detail", code=case.code)
    return render(request, "feedback/staff/new.html", {"form": form}, status=400)


# --- one case ------------------------------------------------------------------------------------


def _officials_of(case: FeedbackCase) -> list[Official]:
    """Who a case can be given to: the active officials of its unit, never the one it is about."""
    members = Membership.objects.active_on(timezone.localdate()).filter(
        unit=case.unit, official__is_active=True
    )
    rows = Official.objects.filter(pk__in=members.values("official_id")).order_by(
        "full_name", "employee_code"
    )
    return [o for o in rows if o.pk != case.related_official_id]


def _panels(
    detail: selectors.FeedbackDetail,
    offered: list[str],
    bound: tuple[str, ActionForm] | None,
    picked: AnswerTemplate | None = None,
) -> list[dict[str, Any]]:
    officials = _officials_of(detail.case) if "assign" in offered else None
    panels = []
    for action in offered:
        if bound is not None and bound[0] == action:
            form = bound[1]
        elif action == "draft_answer" and picked is not None:
            form = ActionForm(prefix=action, initial={"answer": picked.body, "template": picked.pk})
        else:
            form = ActionForm(officials=officials, prefix=action, initial={"answer": detail.case.answer})
        panels.append(
            {
                "action": action,
                "label": WORKFLOW[action].label,
                "form": form,
                "fields": [form[name] for name in WORKFLOW[action].fields],
                "open": (bound is not None and bound[0] == action)
                or (action == "draft_answer" and picked is not None),
                "templates": list(selectors.answer_templates_for(case=detail.case))
                if action == "draft_answer"
                else [],
                "picked": picked if action == "draft_answer" else None,
            }
        )
    return panels


def _picked_template(request: HttpRequest, case: FeedbackCase) -> AnswerTemplate | None:
    """The answer template chosen by ``?template=<id>``, among those offered for the case."""
    value = request.GET.get("template", "")
    if not value.isdigit() or len(value) > 9:
        return None
    return selectors.answer_templates_for(case=case).filter(pk=int(value)).first()


def _render(
    request: HttpRequest, code: str, bound: tuple[str, ActionForm] | None = None, status: int = 200
) -> HttpResponse:
    detail = selectors.feedback_detail(user=request.user, code=code)
    picked = _picked_template(request, detail.case) if bound is None else None
    context = {
        "detail": detail,
        "case": detail.case,
        "deadlines": detail.deadlines,
        "panels": _panels(detail, workflow.offered(detail), bound, picked),
        "is_hotline": detail.case.channel == Channel.HOTLINE,
        "page_title": detail.case.code,
    }
    return render(request, "feedback/staff/detail.html", context, status=status)


@feedback_staff_required
def feedback_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, code)


@require_POST
@feedback_staff_required
def feedback_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    if action not in WORKFLOW:
        raise Http404
    case = visible_cases(user=request.user).filter(code=code[:40]).first()
    if case is None:
        raise Http404
    officials = _officials_of(case) if action == "assign" else None
    form = ActionForm(request.POST, officials=officials, prefix=action)
    if form.is_valid():
        try:
            with transaction.atomic():
                workflow.perform(action, user=request.user, case=case, data=form.action_data())
        except ValidationError as error:
            form.add_service_error(error)
        except ActionNotAllowed as error:
            messages.error(request, error.message)
            return redirect("feedback:detail", code=code)
        except PermissionDenied as error:
            messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
            return redirect("feedback:detail", code=code)
        else:
            messages.success(
                request,
                _("Đã cập nhật phản ánh %(code)s: %(action)s.")
                % {"code": code, "action": WORKFLOW[action].label},
            )
            return redirect("feedback:detail", code=code)
    return _render(request, code, bound=(action, form), status=400)


@feedback_staff_required
def feedback_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    """A scan or an attachment of the case, for staff who may read it."""
    case = visible_cases(user=request.user).filter(code=code[:40]).first()
    stored = case.files.filter(pk=file_id).first() if case is not None else None
    if case is None or stored is None:
        raise Http404
    access_record(actor=request.user, subject=case, purpose=f"file {stored.pk}")
    response = FileResponse(stored.file.open("rb"), content_type=stored.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="{case.code}-{stored.pk}.{_EXTENSIONS[stored.content_type]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
