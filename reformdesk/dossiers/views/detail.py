"""A dossier's page: what it is, its steps and timeline, and the actions the user may take now."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reformdesk.catalog.models import RequiredPaper
from reformdesk.core.services.audit import access_record
from reformdesk.core.text import fold
from reformdesk.core.uploads import check_upload
from reformdesk.dossiers import selectors, workflow
from reformdesk.dossiers.choices import EventKind, PaperState
from reformdesk.dossiers.forms import ActionForm
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.printing.forms import applicable_forms
from reformdesk.dossiers.services import ActionNotAllowed
from reformdesk.dossiers.services.files import dossier_attach
from reformdesk.dossiers.services.intake import required_papers
from reformdesk.dossiers.views.access import desk_staff_required
from reformdesk.dossiers.workflow import WORKFLOW
from reformdesk.org.models import Membership, Official


def _officials_of(dossier: Dossier) -> list[Official]:
    """Who a dossier can be handed to: the active officials of its processing unit first, then of
    the other units its steps pass through, each with ``unit_name`` set (the unit they act for)."""
    units = {s.unit_id for s in dossier.steps.all()} | {dossier.processing_unit_id}
    rows = (
        Membership.objects.active_on(timezone.localdate())
        .filter(unit_id__in=units, official__is_active=True)
        .select_related("official", "unit")
        .order_by("unit__path", "official__full_name", "pk")
    )
    chosen: dict[int, Membership] = {}
    for row in rows:
        current = chosen.get(row.official_id)
        if current is None or (
            row.unit_id == dossier.processing_unit_id and current.unit_id != dossier.processing_unit_id
        ):
            chosen[row.official_id] = row
    ordered = sorted(
        chosen.values(),
        key=lambda m: (m.unit_id != dossier.processing_unit_id, m.unit.path, fold(m.official.full_name)),
    )
    officials = []
    for membership in ordered:
        official = membership.official
        official.unit_name = membership.unit.name  # type: ignore[attr-defined]
        officials.append(official)
    return officials


def _forms(
    detail: selectors.DossierDetail, offered: list[str], bound: tuple[str, ActionForm] | None
) -> list[dict[str, Any]]:
    d = detail.dossier
    needs_officials = {"forward", "approve", "reassign"} & set(offered)
    officials = _officials_of(d) if needs_officials else []
    papers = _papers_to_tick(d, offered)
    # The digitisation checkboxes start from what the dossier records.
    flags = {
        "papers_digitised": d.papers_digitised,
        "reused_from": d.reused_from.code if d.reused_from else "",
        "population_data_used": d.population_data_used,
        "electronic_result": d.electronic_result,
    }
    panels = []
    for action in offered:
        if bound is not None and bound[0] == action:
            form = bound[1]
        else:
            form = ActionForm(officials=officials, papers=papers, prefix=action, initial=flags)
        panels.append(
            {
                "action": action,
                "label": WORKFLOW[action].label,
                "confirm": confirm(d) if (confirm := WORKFLOW[action].confirm) else "",
                "form": form,
                "fields": [form[name] for name in _fields(d, action)],
                "open": bound is not None and bound[0] == action,
            }
        )
    return panels


def _papers_to_tick(dossier: Dossier, offered: list[str]) -> list[RequiredPaper]:
    """The papers an officer ticks: all of them when checking an online dossier; the missing
    ones when a dossier never received comes back with its supplement."""
    if "accept" in offered:
        return required_papers(version_id=dossier.version_id, case=dossier.case)
    if "receive_supplement" in offered and dossier.received_at is None:
        missing = set(
            dossier.papers.filter(state=PaperState.MISSING).values_list("required_paper_id", flat=True)
        )
        return [
            p for p in required_papers(version_id=dossier.version_id, case=dossier.case) if p.pk in missing
        ]
    return []


def _fields(dossier: Dossier, action: str) -> tuple[str, ...]:
    """The fields of ``action``'s form (papers to tick only where there are some)."""
    names = WORKFLOW[action].fields
    if action == "receive_supplement" and dossier.received_at is not None:
        return tuple(n for n in names if n != "papers")
    return names


def _render(
    request: HttpRequest, code: str, bound: tuple[str, ActionForm] | None = None, status: int = 200
) -> HttpResponse:
    detail = selectors.dossier_detail(user=request.user, code=code)
    offered = workflow.offered(detail, request.user)
    last = detail.events[-1] if detail.events else None
    context = {
        "just_received": last is not None
        and last.kind == EventKind.RECEIVED
        and last.actor_id == request.user.pk,
        "next_dossier": selectors.dossier_next_for(user=request.user, after=detail.dossier),
        "forms": applicable_forms(dossier=detail.dossier, event_kinds={e.kind for e in detail.events}),
        "detail": detail,
        "dossier": detail.dossier,
        "panels": _forms(detail, offered, bound),
        "page_title": detail.dossier.code,
    }
    return render(request, "dossiers/staff/detail.html", context, status=status)


@desk_staff_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, code)


@require_POST
@desk_staff_required
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    if action not in WORKFLOW:
        raise Http404
    dossier = selectors.visible_dossiers(user=request.user).filter(code=code).first()
    if dossier is None:
        raise Http404
    papers = _papers_to_tick(dossier, [action])
    officials = _officials_of(dossier) if action in ("forward", "approve", "reassign") else None
    form = ActionForm(request.POST, request.FILES, officials=officials, papers=papers, prefix=action)
    if form.is_valid():
        try:
            with transaction.atomic():
                upload = form.cleaned_data.get("attachment")
                checked = [check_upload(upload)] if upload else []
                dossier = workflow.perform(
                    action, user=request.user, dossier=dossier, data=form.action_data()
                )
                if checked:
                    event = dossier.events.order_by("-at", "-id").first()
                    assert event is not None
                    dossier_attach(actor=request.user, dossier=dossier, event=event, files=checked)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"attachment": error.messages}) if upload else error
            form.add_service_error(error)
        except ActionNotAllowed as error:
            messages.error(request, error.message)
            return redirect("dossiers:detail", code=code)
        except PermissionDenied as error:
            messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
            return redirect("dossiers:detail", code=code)
        else:
            messages.success(
                request,
                _("Đã cập nhật hồ sơ %(code)s: %(action)s.")
                % {"code": code, "action": WORKFLOW[action].label},
            )
            return redirect("dossiers:detail", code=code)
    return _render(request, code, bound=(action, form), status=400)


@desk_staff_required
def dossier_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    """A file of the dossier (filed online or attached to an action), for staff who may read it."""
    dossier = selectors.visible_dossiers(user=request.user).filter(code=code).first()
    stored = dossier.files.filter(pk=file_id).first() if dossier is not None else None
    if dossier is None or stored is None:
        raise Http404
    access_record(actor=request.user, subject=dossier, purpose=f"file {stored.pk}")
    response = FileResponse(stored.file.open("rb"), content_type=stored.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="{dossier.code}-{stored.pk}.{_EXTENSIONS[stored.content_type]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
