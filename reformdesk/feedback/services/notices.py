"""The citizen's notices through the outbox: at acknowledgement (receipt), when more information
is asked, when the answer is sent, and when it is published (issue 11); and when the case is
refused as a duplicate, naming the case that continues ("the citizen is told which case continues").

Queued after the event's transaction commits (``services.events.record``), in Vietnamese (a case
has no language field, as a dossier has none), to the mobile number (SMS) and the e-mail address
the citizen gave. Each notice is tied to its event row, so hearing the same event twice sends
nothing more. An anonymous case has no contact and gets none.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.utils import timezone

from reformdesk.dossiers.validators import normalize_phone
from reformdesk.feedback.choices import EventKind, RefusalReason
from reformdesk.feedback.models import FeedbackCase, FeedbackEvent
from reformdesk.notifications.choices import Language, MessageChannel
from reformdesk.notifications.services import TemplateMissing, message_enqueue

logger = logging.getLogger(__name__)

TEMPLATE_OF_EVENT = {
    EventKind.RECEIVED: "feedback.received",
    EventKind.CLARIFICATION_ASKED: "feedback.clarification",
    EventKind.SENT: "feedback.answered",
    EventKind.PUBLISHED: "feedback.published",
}
MERGED = "feedback.merged"
# SMS goes to mobile numbers only: a landline cannot receive it.
_MOBILE = re.compile(r"^0[35789]\d{8}$")


def _moment(value: Any) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def notice_context(event: FeedbackEvent) -> dict[str, Any]:
    case = event.case
    return {
        "citizen": case.citizen_name,
        "code": case.code,
        "secret": case.secret,
        "subject": case.subject,
        "unit": case.unit.name,
        "answer_by": _moment(case.answer_due_at),
        "question": event.note if event.kind == EventKind.CLARIFICATION_ASKED else "",
        "answer": case.answer,
        "continues": (event.data or {}).get("duplicate_of", "") if event.kind == EventKind.REFUSED else "",
    }


def template_key(event: FeedbackEvent) -> str | None:
    """The notice an event sends, if any: a refusal only when it merges the case into another."""
    if event.kind == EventKind.REFUSED:
        data = event.data or {}
        return MERGED if data.get("reason") == RefusalReason.DUPLICATE and data.get("duplicate_of") else None
    return TEMPLATE_OF_EVENT.get(EventKind(event.kind))


def recipients(case: FeedbackCase) -> list[tuple[str, str]]:
    """``(channel, address)`` pairs the citizen gave: a mobile number for SMS, an e-mail address."""
    if case.is_anonymous:
        return []
    result = []
    phone = normalize_phone(case.citizen_phone)
    if _MOBILE.match(phone):
        result.append((MessageChannel.SMS.value, phone))
    if case.citizen_email.strip():
        result.append((MessageChannel.EMAIL.value, case.citizen_email.strip()))
    return result


def feedback_notify(*, event_id: int) -> int:
    """Queue the notices of one case event; returns how many messages are stored for it."""
    event = FeedbackEvent.objects.select_related("case__unit").filter(pk=event_id).first()
    key = template_key(event) if event is not None else None
    if event is None or key is None:
        return 0
    context = notice_context(event)
    count = 0
    for channel, address in recipients(event.case):
        try:
            message_enqueue(
                key=key,
                channel=channel,
                language=Language.VI,
                to=address,
                context=context,
                related=event,
                reference=event.case.code,
            )
        except TemplateMissing:
            logger.warning("feedback notice %s has no %s template", key, channel)
            continue  # recorded for administrators; the other channel may still reach the citizen
        count += 1
    return count
