"""The task pages: my tasks (to do, waiting for evaluation, done), the tasks I assigned, a new
task, and a task's page with its timeline and the actions the user may take now. Built for a
phone first: officials report from the field."""

from __future__ import annotations

import datetime as dt
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reformdesk.assignments import selectors, services, workflow
from reformdesk.assignments.choices import SourceKind, Status
from reformdesk.assignments.forms import ActionForm, MonthForm, TaskForm
from reformdesk.assignments.selectors import TaskList, task_list, visible_tasks
from reformdesk.assignments.services import ActionNotAllowed
from reformdesk.assignments.workflow import WORKFLOW
from reformdesk.core.pagination import page_number
from reformdesk.core.uploads import check_upload
from reformdesk.documents import selectors as documents
from reformdesk.documents.models import IncomingDocument
from reformdesk.org.choices import Role
from reformdesk.org.current import current_unit
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import Perm, has_perm, unit_filter

PER_PAGE = 25
MINE_TABS = (
    (TaskList.TODO, gettext_lazy("Cần làm")),
    (TaskList.WAITING, gettext_lazy("Chờ đánh giá")),
    (TaskList.DONE, gettext_lazy("Đã xong")),
)
EMPTY = {
    TaskList.TODO: gettext_lazy("Bạn không có nhiệm vụ nào cần làm."),
    TaskList.WAITING: gettext_lazy("Không có nhiệm vụ nào đang chờ đánh giá."),
    TaskList.DONE: gettext_lazy("Chưa có nhiệm vụ nào đã xong."),
    TaskList.ASSIGNED: gettext_lazy("Bạn chưa giao nhiệm vụ nào. Bấm “Giao nhiệm vụ” để giao việc."),
}
_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def staff_required(view: Any) -> Any:
    """Signed-in staff (a membership somewhere); which tasks they see, the selectors decide."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_perm(request.user, Perm.VIEW_STAFF_AREA):
            raise PermissionDenied
        return view(request, *args, **kwargs)  # type: ignore[no-any-return]

    return login_required(wrapped)


def _page(request: HttpRequest, rows: Any) -> Any:
    paginator = Paginator(rows, PER_PAGE)
    return paginator.get_page(page_number(request.GET.get("page"), per_page=PER_PAGE))


@staff_required
def task_mine(request: HttpRequest) -> HttpResponse:
    """The tasks given to me, in three tabs with their sizes."""
    value = request.GET.get("list", "")
    current = TaskList(value) if value in {t.value for t, _label in MINE_TABS} else TaskList.TODO
    counts = {
        tab: task_list(user=request.user, task_list=tab).order_by().count() for tab, _label in MINE_TABS
    }
    context = {
        "page_title": _("Nhiệm vụ của tôi"),
        "tabs": [(tab, label, counts[tab]) for tab, label in MINE_TABS],
        "current": current,
        "page": _page(request, task_list(user=request.user, task_list=current)),
        "empty": EMPTY[current],
        "now": timezone.now(),
        "can_assign": has_perm(request.user, Perm.ASSIGN_TASKS),
    }
    return render(request, "assignments/list.html", context)


@staff_required
def task_assigned(request: HttpRequest) -> HttpResponse:
    """The tasks I assigned, the soonest due first."""
    if not has_perm(request.user, Perm.ASSIGN_TASKS):
        raise PermissionDenied
    context = {
        "page_title": _("Nhiệm vụ tôi đã giao"),
        "tabs": [],
        "current": TaskList.ASSIGNED,
        "page": _page(request, task_list(user=request.user, task_list=TaskList.ASSIGNED)),
        "empty": EMPTY[TaskList.ASSIGNED],
        "now": timezone.now(),
        "can_assign": True,
    }
    return render(request, "assignments/list.html", context)


@staff_required
def task_calendar(request: HttpRequest) -> HttpResponse:
    """The due dates of the tasks the user may read, a month at a time (``?month=mm/yyyy``; a
    month that cannot be read is the current one)."""
    form = MonthForm(request.GET)
    month = form.cleaned_data["month"] if form.is_valid() and form.cleaned_data["month"] else None
    month = month or timezone.localdate().replace(day=1)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=31)).replace(day=1)
    context = {
        "page_title": _("Lịch hạn nhiệm vụ"),
        "weeks": selectors.task_calendar(user=request.user, month=month),
        "month": month,
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "now": timezone.now(),
    }
    return render(request, "assignments/calendar.html", context)


@staff_required
def task_board(request: HttpRequest) -> HttpResponse:
    """The unit's board: the current unit's tasks (and its subtree's) by official and status,
    with those overdue now. For whoever reads the unit's tasks (leaders, reform officers,
    inspectors)."""
    unit = current_unit(request)
    if unit is None or not has_perm(request.user, Perm.VIEW_TASKS, unit):
        raise PermissionDenied
    context = {
        "page_title": _("Bảng nhiệm vụ của đơn vị"),
        "unit": unit,
        "board": selectors.task_board(unit=unit),
        "statuses": [Status(s).label for s in selectors.BOARD_STATUSES],
    }
    return render(request, "assignments/board.html", context)


# --- a new task ----------------------------------------------------------------------------------


def _choices(request: HttpRequest) -> tuple[list[Official], list[Unit]]:
    """Whom the user may assign to: the active officials of the units where they may assign
    (never themselves), and the units below their own."""
    user = request.user
    today = timezone.localdate()
    members = Membership.objects.active_on(today).filter(
        unit_filter(user, Perm.ASSIGN_TASKS, "unit"), official__is_active=True
    )
    officials = list(
        Official.objects.filter(pk__in=members.values("official_id"))
        .exclude(user_id=user.pk or 0)
        .order_by("full_name", "employee_code")
    )
    led = Membership.objects.active_on(today).filter(official__user_id=user.pk or 0, role=Role.LEADER)
    units = list(
        Unit.objects.filter(unit_filter(user, Perm.ASSIGN_TASKS))
        .exclude(pk__in=led.values("unit_id"))
        .order_by("path")
    )
    return officials, units


def _task_form(
    request: HttpRequest, data: Any = None, files: Any = None, document: IncomingDocument | None = None
) -> TaskForm:
    officials, units = _choices(request)
    initial: dict[str, Any] = {}
    if document is not None:
        # From a register entry: to an official of the receiving unit (who becomes its handler),
        # the document's summary as the title, its handler (if any) proposed as assignee.
        at_unit = Membership.objects.active_on(timezone.localdate()).filter(unit=document.unit)
        officials = [o for o in officials if o.pk in set(at_unit.values_list("official_id", flat=True))]
        units = []
        initial = {
            "title": document.summary[:300],
            "source_kind": SourceKind.INCOMING_DOCUMENT,
            "assignee": document.handler,
        }
    form = TaskForm(data, files, officials=officials, units=units, initial=initial)
    if document is not None:
        # The source is the document: the page does not show these fields.
        for name in ("source_kind", "source_reference", "assignee_unit"):
            form.fields[name].required = False
    return form


def _source_document(request: HttpRequest) -> IncomingDocument | None:
    """The incoming register entry named by ``?document=`` (read through the register's own
    rules: 404 when the user may not read it; a confidential read is logged)."""
    value = request.GET.get("document", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return documents.incoming_get(user=request.user, pk=int(value), purpose="assign_task")


@staff_required
def task_new(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.ASSIGN_TASKS):
        raise PermissionDenied
    document = _source_document(request)
    context: dict[str, Any] = {"document": document}
    if request.method != "POST":
        context["form"] = _task_form(request, document=document)
        return render(request, "assignments/new.html", context)
    form = _task_form(request, request.POST, request.FILES, document=document)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        try:
            upload = data.get("attachment")
            checked = [check_upload(upload)] if upload else []
            task = services.task_assign(
                actor=request.user,
                title=data["title"],
                expected_output=data["expected_output"],
                assignee=data["assignee"],
                assignee_unit=data["assignee_unit"],
                co_handlers=list(data["co_handlers"]),
                deadline_days=data["deadline_days"],
                deadline_date=data["deadline_date"],
                priority=data["priority"],
                source_kind=data["source_kind"],
                source_reference=data["source_reference"],
                source_document=document,
                files=checked,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"attachment": error.messages})
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã giao nhiệm vụ “%(title)s”.") % {"title": task.title})
            return redirect("assignments:detail", task_id=task.pk)
    return render(request, "assignments/new.html", context, status=400)


# --- one task ------------------------------------------------------------------------------------


def _panels(offered: list[str], bound: tuple[str, ActionForm] | None) -> list[dict[str, Any]]:
    panels = []
    for action in offered:
        form = bound[1] if bound is not None and bound[0] == action else ActionForm(prefix=action)
        panels.append(
            {
                "action": action,
                "label": WORKFLOW[action].label,
                "form": form,
                "fields": [form[name] for name in WORKFLOW[action].fields],
                "open": bound is not None and bound[0] == action,
                "multipart": "attachments" in WORKFLOW[action].fields,
            }
        )
    return panels


def _render(
    request: HttpRequest, task_id: int, bound: tuple[str, ActionForm] | None = None, status: int = 200
) -> HttpResponse:
    detail = selectors.task_detail(user=request.user, task_id=task_id)
    context = {
        "detail": detail,
        "task": detail.task,
        "panels": _panels(workflow.offered(detail), bound),
        "now": timezone.now(),
        "page_title": detail.task.title,
    }
    return render(request, "assignments/detail.html", context, status=status)


@staff_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    return _render(request, task_id)


@require_POST
@staff_required
def task_action(request: HttpRequest, task_id: int, action: str) -> HttpResponse:
    if action not in WORKFLOW:
        raise Http404
    task = visible_tasks(user=request.user).filter(pk=task_id).first()
    if task is None:
        raise Http404
    form = ActionForm(request.POST, request.FILES, prefix=action)
    if form.is_valid():
        try:
            uploads = (
                request.FILES.getlist(f"{action}-attachments")
                if "attachments" in WORKFLOW[action].fields
                else []
            )
            checked = [check_upload(upload) for upload in uploads]
            with transaction.atomic():
                workflow.perform(action, user=request.user, task=task, data=form.action_data(checked))
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"attachments": error.messages})
            form.add_service_error(error)
        except ActionNotAllowed as error:
            messages.error(request, error.message)
            return redirect("assignments:detail", task_id=task_id)
        except PermissionDenied as error:
            messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
            return redirect("assignments:detail", task_id=task_id)
        else:
            messages.success(
                request, _("Đã cập nhật nhiệm vụ: %(action)s.") % {"action": WORKFLOW[action].label}
            )
            return redirect("assignments:detail", task_id=task_id)
    return _render(request, task_id, bound=(action, form), status=400)


@staff_required
def task_file(request: HttpRequest, task_id: int, file_id: int) -> FileResponse:
    """A document or evidence file of a task, for whoever may see the task."""
    task = visible_tasks(user=request.user).filter(pk=task_id).first()
    stored = task.files.filter(pk=file_id).first() if task is not None else None
    if task is None or stored is None:
        raise Http404
    response = FileResponse(stored.file.open("rb"), content_type=stored.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="nhiem-vu-{task.pk}-{stored.pk}.{_EXTENSIONS[stored.content_type]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
