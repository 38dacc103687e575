"""Dossier notices: an SMS and an e-mail to the applicant when a dossier is received, needs papers,
has its result, or is late (with the apology's new date).

Subscribed to dossier events in ``NotificationsConfig.ready``; runs after the event's transaction
commits. A dossier has no language field and its applicants are served in Vietnamese, so notices
are sent in Vietnamese (the English templates serve callers that know a recipient's language).
Each notice is tied to its event row, so hearing the same event twice sends nothing more.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from reformdesk.dossiers.choices import EventKind
from reformdesk.dossiers.models import Dossier, DossierEvent
from reformdesk.dossiers.printing.context import lookup_url
from reformdesk.dossiers.validators import normalize_phone
from reformdesk.notifications.choices import Language, MessageChannel
from reformdesk.notifications.services import TemplateMissing, message_enqueue

logger = logging.getLogger(__name__)

SUBSCRIBER_NAME = "notifications.dossier_notices"
# Which template each event kind sends. A declined dossier's result (the letter with the reasons)
# is collected like any result.
TEMPLATE_OF_EVENT = {
    EventKind.RECEIVED: "dossier.received",
    EventKind.INTAKE_SUPPLEMENT: "dossier.supplement_requested",
    EventKind.SUPPLEMENT_REQUESTED: "dossier.supplement_requested",
    EventKind.RESULT_READY: "dossier.result_ready",
    EventKind.DECLINED: "dossier.result_ready",
    EventKind.APOLOGY: "dossier.apology",
}
# SMS goes to mobile numbers only: a landline cannot receive it.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
RATING_PATH = "/danh-gia/{code}/"


def moment(value: Any) -> str:
    """A moment as the notices print it, in local time: ``09:00 04/12/2025``."""
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def rating_url(dossier: Dossier) -> str:
    """The rating page of ``dossier`` opened with the receipt's secret, on the public site."""
    try:
        path = reverse("surveys:rate_receipt", kwargs={"code": dossier.code})
    except NoReverseMatch:
        path = RATING_PATH.format(code=dossier.code)
    return f"{settings.PUBLIC_BASE_URL}{path}?{urlencode({'secret': dossier.secret})}"


def notice_context(event: DossierEvent) -> dict[str, Any]:
    dossier = event.dossier
    desk = dossier.receiving_unit
    data = event.data or {}
    unit = dossier.processing_unit if event.kind == EventKind.APOLOGY else desk
    new_date = dossier.apology_due_at if event.kind == EventKind.APOLOGY else None
    return {
        "applicant": dossier.applicant_name,
        "code": dossier.code,
        "procedure": dossier.procedure.name_vi,
        "unit": unit.name,
        "appointment": moment(dossier.effective_due_at),
        "lookup_url": lookup_url(dossier=dossier, site_url=""),
        "missing": list(data.get("missing", [])),
        "collect_at": ", ".join(part for part in (desk.name, desk.address) if part),
        "rating_url": rating_url(dossier),
        "new_date": moment(new_date),
        "reason": str(data.get("reason", "")),
    }


def recipients(dossier: Dossier) -> list[tuple[str, str]]:
    """``(channel, address)`` pairs the applicant gave: a mobile number for SMS, an e-mail address."""
    result = []
    phone = normalize_phone(dossier.applicant_phone)
    if _MOBILE.match(phone):
        result.append((MessageChannel.SMS.value, phone))
    if dossier.applicant_email.strip():
        result.append((MessageChannel.EMAIL.value, dossier.applicant_email.strip()))
    return result


def on_dossier_event(event_id: int) -> int:
    """Enqueue the notices of one dossier event; returns how many messages are stored for it."""
    event = (
        DossierEvent.objects.select_related(
            "dossier__procedure", "dossier__receiving_unit", "dossier__processing_unit"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.kind not in TEMPLATE_OF_EVENT:
        return 0
    key = TEMPLATE_OF_EVENT[EventKind(event.kind)]
    context = notice_context(event)
    count = 0
    for channel, address in recipients(event.dossier):
        try:
            message_enqueue(
                key=key,
                channel=channel,
                language=Language.VI,
                to=address,
                context=context,
                related=event,
                reference=event.dossier.code,
            )
        except TemplateMissing:
            continue  # recorded for administrators; the other channel may still reach the citizen
        count += 1
    return count
