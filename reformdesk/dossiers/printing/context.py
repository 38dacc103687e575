"""What each form prints, read from the dossier row, its steps and its event rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from reformdesk.core.downloads import qr_svg_data_uri
from reformdesk.dossiers.choices import DeliveryMethod, EventKind, Outcome, PaperState
from reformdesk.dossiers.models import Dossier, DossierEvent, TrackingEntry
from reformdesk.dossiers.printing.formsets import FormSet
from reformdesk.dossiers.printing.text import (
    agency_in_text,
    date_vi,
    letterhead,
    moment_vi,
    place_name,
    working_days_vi,
)
from reformdesk.org.models import Official, Unit

# Where the public lookup lives when the portal's page is not there yet to be reversed.
LOOKUP_PATH = "/tra-cuu-ho-so/"
# The event rows the control slip lists: hand-overs, and the pauses the applicant caused.
CONTROL_KINDS = (
    EventKind.RECEIVED,
    EventKind.FORWARDED,
    EventKind.APPROVED,
    EventKind.SENT_BACK,
    EventKind.REASSIGNED,
    EventKind.SUPPLEMENT_REQUESTED,
    EventKind.SUPPLEMENT_RECEIVED,
    EventKind.DECLINED,
    EventKind.RESULT_READY,
    EventKind.DELIVERED,
)


def lookup_url(*, dossier: Dossier, site_url: str) -> str:
    """The public lookup of ``dossier`` with its secret, on ``PUBLIC_BASE_URL`` or ``site_url``."""
    base = settings.PUBLIC_BASE_URL or site_url.rstrip("/")
    try:
        path = reverse("portal:dossier_lookup")
    except NoReverseMatch:
        path = LOOKUP_PATH
    return f"{base}{path}?{urlencode({'code': dossier.code, 'secret': dossier.secret})}"


def _name(official: Official | None) -> str:
    return official.full_name if official is not None else ""


def _header(
    *, dossier: Dossier, form_set: FormSet, number: str, unit: Unit, on: dt.datetime | None
) -> dict[str, Any]:
    top, own = letterhead(unit)
    return {
        "dossier": dossier,
        "basis": form_set.basis,
        "number": number,
        "title": form_set.forms[number][1],
        "letterhead_parent": top,
        "letterhead_unit": own,
        # In a sentence the name is not in capitals (Decree 30/2020/NĐ-CP, appendix II).
        "agency": agency_in_text(unit),
        "unit": unit,
        "date_line": f"{place_name(unit)}, {date_vi(on)}",
        "applicant_title": "Ông/Bà" if dossier.applicant_kind == "person" else "Quý cơ quan, tổ chức",
    }


def last_event(dossier: Dossier, *kinds: str) -> DossierEvent | None:
    return (
        dossier.events.filter(kind__in=kinds)
        .select_related("actor_official", "step__unit")
        .order_by("-at", "-id")
        .first()
    )


def receipt_context(*, dossier: Dossier, form_set: FormSet, number: str, site_url: str) -> dict[str, Any]:
    """Form 01: the papers received, the time limit, the appointment and the lookup QR code."""
    received = last_event(dossier, EventKind.RECEIVED)
    url = lookup_url(dossier=dossier, site_url=site_url)
    unit = dossier.receiving_unit
    papers = [p for p in dossier.papers.all() if p.state == PaperState.SUBMITTED]
    collect_at = (
        DeliveryMethod(dossier.delivery_method).label
        if dossier.delivery_method
        else f"Bộ phận Một cửa {agency_in_text(unit)}"
    )
    entry = TrackingEntry.objects.filter(dossier=dossier).first()
    return {
        **_header(dossier=dossier, form_set=form_set, number=number, unit=unit, on=dossier.received_at),
        # The receipt's number is its row in the tracking book: numbered from 01 each year, as
        # Decree 30/2020/NĐ-CP numbers documents (art. 15 and appendix I, part I, section II.3).
        "receipt_number": f"{entry.number:02d}/{entry.volume}" if entry else "",
        "book_volume": entry.volume if entry else "",
        "book_number": f"{entry.number:02d}" if entry else "",
        "papers": papers,
        "time_limit": working_days_vi(dossier.time_limit_days),
        "received_moment": moment_vi(dossier.received_at),
        "due_moment": moment_vi(dossier.due_at),
        "collect_at": collect_at,
        "received_by": _name(received.actor_official if received else None),
        "lookup_url": url,
        "qr": qr_svg_data_uri(url),
    }


def supplement_context(*, dossier: Dossier, form_set: FormSet, number: str, event: DossierEvent) -> dict:
    """Form 02: every missing paper of the latest supplement request, at intake or in processing,
    as a table of name, quantity and what is wrong (requests recorded before the table: names)."""
    unit = event.step.unit if event.step is not None else dossier.receiving_unit
    rows = event.data.get("missing_papers") or [
        {"name": name, "quantity": None, "reason": ""} for name in event.data.get("missing", [])
    ]
    return {
        **_header(dossier=dossier, form_set=form_set, number=number, unit=unit, on=event.at),
        "missing": rows,
        "reason": event.note,
        "guide": _name(event.actor_official),
        "contact_phone": unit.phone or unit.hotline,
        "requested_moment": moment_vi(event.at),
    }


def refusal_context(*, dossier: Dossier, form_set: FormSet, number: str, event: DossierEvent) -> dict:
    """Form 03: the written reasons of a refusal to receive, or of a decline after processing."""
    declined = event.kind == EventKind.DECLINED
    unit = dossier.processing_unit if declined else dossier.receiving_unit
    return {
        **_header(dossier=dossier, form_set=form_set, number=number, unit=unit, on=event.at),
        "reasons": event.data.get("reasons") or event.note,
        "declined": declined,
        "signer": _name(event.actor_official),
        "signer_title": "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" if declined else "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "signer_hint": "(Ký, ghi rõ họ tên và đóng dấu)" if declined else "(Ký và ghi rõ họ tên)",
        "received_moment": moment_vi(dossier.received_at or dossier.submitted_at),
    }


def _moment(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def apology_context(*, dossier: Dossier, form_set: FormSet, number: str, event: DossierEvent) -> dict:
    """Form 04: the reason for the delay and the single new date."""
    unit = dossier.processing_unit
    return {
        **_header(dossier=dossier, form_set=form_set, number=number, unit=unit, on=event.at),
        "reason": event.data.get("reason") or event.note,
        "received_date": date_vi(dossier.received_at),
        "due_moment": moment_vi(_moment(event.data.get("due_at")) or dossier.due_at),
        "new_due_moment": moment_vi(_moment(event.data.get("new_due_at")) or dossier.apology_due_at),
        "signer": _name(event.actor_official),
    }


def stop_context(*, dossier: Dossier, form_set: FormSet, number: str, event: DossierEvent) -> dict:
    """Form 05 of the 2025 set: the notice that processing stopped, with its reason."""
    unit = dossier.processing_unit
    return {
        **_header(dossier=dossier, form_set=form_set, number=number, unit=unit, on=event.at),
        "reason": event.data.get("reason") or event.note,
        "received_date": date_vi(dossier.received_at or dossier.submitted_at),
        "stopped_moment": moment_vi(event.at),
        "signer": _name(event.actor_official),
    }


@dataclass(frozen=True)
class HandOver:
    """One row of the control slip."""

    order: int
    giver_unit: str
    receiver_unit: str
    moment: str
    giver: str
    receiver: str
    outcome: str
    note: str


def _unit_label(unit: Unit | None) -> str:
    return agency_in_text(unit) if unit is not None else ""


def _handover(order: int, event: DossierEvent, dossier: Dossier) -> HandOver:
    desk = f"Bộ phận Một cửa {agency_in_text(dossier.receiving_unit)}"
    outcome = event.data.get("step_outcome", "")
    giver_unit, receiver_unit = _unit_label(event.from_unit), _unit_label(event.to_unit)
    giver, receiver = _name(event.from_official), _name(event.to_official)
    note = event.note
    step_name = event.step.name if event.step is not None else ""
    if event.kind == EventKind.RECEIVED:
        giver_unit, giver = desk, _name(event.actor_official)
        outcome = event.step.outcome if event.step is not None else Outcome.ON_TIME
    elif event.kind in (EventKind.SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_RECEIVED):
        applicant = f"Người nộp hồ sơ ({dossier.applicant_name})"
        unit = _unit_label(event.step.unit if event.step is not None else dossier.processing_unit)
        if event.kind == EventKind.SUPPLEMENT_REQUESTED:
            giver_unit, giver, receiver_unit, receiver = unit, _name(event.actor_official), applicant, ""
            note = "; ".join(["Yêu cầu bổ sung, tạm dừng tính thời gian", *filter(None, [note])])
        else:
            giver_unit, giver, receiver_unit, receiver = applicant, "", desk, _name(event.actor_official)
            note = "; ".join(["Nhận hồ sơ bổ sung, tiếp tục tính thời gian", *filter(None, [note])])
    elif event.kind == EventKind.RESULT_READY:
        receiver_unit = desk
    elif event.kind == EventKind.SENT_BACK:
        note = "; ".join(["Trả lại bước trước", *filter(None, [note])])
    elif event.kind == EventKind.REASSIGNED:
        note = "; ".join(["Giao lại người xử lý", *filter(None, [note])])
    elif event.kind == EventKind.DECLINED:
        giver_unit = _unit_label(dossier.processing_unit)
        giver, receiver_unit = _name(event.actor_official), desk
        note = "Từ chối giải quyết: " + (event.data.get("reasons") or note)
    elif event.kind == EventKind.DELIVERED:
        giver_unit, giver = desk, _name(event.actor_official)
        receiver_unit = "Người nhận kết quả"
        receiver = event.data.get("collected_by", dossier.collected_by)
        method = event.data.get("method")
        note = str(DeliveryMethod(method).label) if method in DeliveryMethod.values else note
        outcome = ""
    if step_name and event.kind not in (EventKind.DELIVERED, EventKind.SUPPLEMENT_RECEIVED):
        note = f"{step_name}; {note}" if note else step_name
    return HandOver(
        order=order,
        giver_unit=giver_unit,
        receiver_unit=receiver_unit,
        moment=moment_vi(event.at),
        giver=giver,
        receiver=receiver,
        outcome=str(Outcome(outcome).label) if outcome in Outcome.values else "",
        note=str(note),
    )


def control_context(*, dossier: Dossier, form_set: FormSet, number: str) -> dict[str, Any]:
    """The control slip: every hand-over from the event rows, with the finished step's outcome."""
    events = (
        dossier.events.filter(kind__in=CONTROL_KINDS)
        .select_related(
            "actor_official", "from_official", "to_official", "from_unit", "to_unit", "step__unit"
        )
        .order_by("at", "id")
    )
    rows = [_handover(order, event, dossier) for order, event in enumerate(events, start=1)]
    return {
        **_header(dossier=dossier, form_set=form_set, number=number, unit=dossier.receiving_unit, on=None),
        "rows": rows,
        "processing_agency": agency_in_text(dossier.processing_unit),
        "due_moment": moment_vi(dossier.due_at),
        "outcome": str(Outcome(dossier.outcome).label) if dossier.outcome else "",
    }
