"""Printing one dossier's form: choosing the set in force, checking it applies, logging the read."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.pdf import render_pdf, render_pdf_fitting
from reformdesk.core.services.audit import access_record
from reformdesk.dossiers.choices import EventKind
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.printing import context as build
from reformdesk.dossiers.printing.formsets import FormKind, FormSet, form_set_on
from reformdesk.org.permissions import AnyUser, Perm, has_perm

# How tightly the receipt is set (receipt.html): 0 as drawn, then smaller type for the papers,
# then the papers in two columns.
RECEIPT_DENSITIES = (0, 1, 2, 3, 4)


class FormNotApplicable(Exception):
    """The form does not exist in the dossier's set or does not apply to it (HTTP 404)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def dossier_form_set(*, dossier: Dossier) -> FormSet:
    """The set in force on the day the dossier was received (or submitted, if never received)."""
    return form_set_on(timezone.localtime(dossier.received_at or dossier.submitted_at).date())


def require_view(*, actor: AnyUser, dossier: Dossier) -> None:
    """Staff holding ``Perm.VIEW_DOSSIERS`` on the receiving or the processing unit may print."""
    units = (dossier.receiving_unit, dossier.processing_unit)
    if not any(has_perm(actor, Perm.VIEW_DOSSIERS, unit) for unit in units):
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ này."))


def _form_context(*, dossier: Dossier, form_set: FormSet, number: str, site_url: str) -> dict[str, Any]:
    kind = form_set.forms[number][0]
    if kind == FormKind.RECEIPT:
        if dossier.received_at is None:
            raise FormNotApplicable(_("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận, hẹn trả."))
        return build.receipt_context(dossier=dossier, form_set=form_set, number=number, site_url=site_url)
    if kind == FormKind.CONTROL:
        if dossier.received_at is None:
            raise FormNotApplicable(_("Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát."))
        return build.control_context(dossier=dossier, form_set=form_set, number=number)
    wanted = {
        FormKind.SUPPLEMENT: (
            (EventKind.INTAKE_SUPPLEMENT, EventKind.SUPPLEMENT_REQUESTED),
            _("Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện nào."),
            build.supplement_context,
        ),
        FormKind.REFUSAL: (
            (EventKind.REFUSED, EventKind.DECLINED),
            _("Hồ sơ không bị từ chối tiếp nhận hay từ chối giải quyết."),
            build.refusal_context,
        ),
        FormKind.APOLOGY: (
            (EventKind.APOLOGY,),
            _("Hồ sơ chưa có văn bản xin lỗi, hẹn lại ngày trả kết quả."),
            build.apology_context,
        ),
        FormKind.STOP: (
            (EventKind.STOPPED,),
            _("Hồ sơ không bị dừng giải quyết."),
            build.stop_context,
        ),
    }
    kinds, message, builder = wanted[kind]
    event = build.last_event(dossier, *kinds)
    if event is None:
        raise FormNotApplicable(message)
    return builder(dossier=dossier, form_set=form_set, number=number, event=event)


_EVENTS_FOR = {
    FormKind.SUPPLEMENT: {EventKind.INTAKE_SUPPLEMENT, EventKind.SUPPLEMENT_REQUESTED},
    FormKind.REFUSAL: {EventKind.REFUSED, EventKind.DECLINED},
    FormKind.APOLOGY: {EventKind.APOLOGY},
    FormKind.STOP: {EventKind.STOPPED},
}


def applicable_forms(*, dossier: Dossier, event_kinds: set[str]) -> list[tuple[str, str]]:
    """``(number, title)`` of the forms that can be printed for the dossier now, in set order,
    given the kinds of its events (already read by the caller)."""
    found = []
    for number, (kind, title) in dossier_form_set(dossier=dossier).forms.items():
        if kind in (FormKind.RECEIPT, FormKind.CONTROL):
            ok = dossier.received_at is not None
        elif kind == FormKind.BOOK:
            ok = False
        else:
            ok = bool(_EVENTS_FOR[kind] & event_kinds)
        if ok:
            found.append((number, title))
    return found


def form_pdf(*, dossier: Dossier, number: str, actor: AnyUser, site_url: str = "") -> bytes:
    """The PDF of form ``number`` (``"01"``) of the dossier's set, for staff who may read it.

    ``site_url`` is the address the request came to, used for the receipt's QR code when
    ``PUBLIC_BASE_URL`` is not set. Raises ``PermissionDenied`` or :class:`FormNotApplicable`
    (an unknown number, the tracking book, or a form for something that did not happen).
    Each printed form is an access to personal data and writes one ``AccessLog`` row.
    """
    require_view(actor=actor, dossier=dossier)
    form_set = dossier_form_set(dossier=dossier)
    entry = form_set.forms.get(number)
    if entry is None or entry[0] == FormKind.BOOK:
        raise FormNotApplicable(
            _("%(basis)s không có mẫu số %(number)s in cho từng hồ sơ.")
            % {"basis": form_set.basis, "number": number[:4]}
        )
    context = _form_context(dossier=dossier, form_set=form_set, number=number, site_url=site_url)
    if entry[0] == FormKind.RECEIPT:
        # The receipt is one sheet whatever the number of papers: tighter settings in turn.
        pdf = render_pdf_fitting(
            template_name=form_set.template_of(entry[0]),
            contexts=[{**context, "density": density} for density in RECEIPT_DENSITIES],
            max_pages=1,
        )
    else:
        pdf = render_pdf(template_name=form_set.template_of(entry[0]), context=context)
    access_record(actor=actor, subject=dossier, purpose=f"print form {number}")
    return pdf
