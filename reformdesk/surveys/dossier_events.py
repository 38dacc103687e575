"""At delivery, invite the citizen to rate: an SMS (and an e-mail) with a link holding a new token.

Subscribed to dossier events in ``SurveysConfig.ready``, run after the delivery commits. The
invitation is one per dossier and channel and the messages are tied to it, so hearing the event
twice sends nothing more. Like the other dossier notices, the invitation is in Vietnamese.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from reformdesk.dossiers.choices import EventKind, Status
from reformdesk.dossiers.models import DossierEvent
from reformdesk.notifications.choices import Language
from reformdesk.notifications.dossier_events import recipients
from reformdesk.notifications.services import TemplateMissing, message_enqueue
from reformdesk.surveys.choices import InvitationChannel
from reformdesk.surveys.services import invitation_get_or_create

SUBSCRIBER_NAME = "surveys.rating_invitation"


def token_url(token: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{reverse('surveys:rate_token', kwargs={'token': token})}"


def on_dossier_event(event_id: int) -> int:
    """On a delivery, create the SMS invitation and enqueue its messages; returns how many."""
    event = (
        DossierEvent.objects.select_related("dossier__procedure", "dossier__receiving_unit")
        .filter(pk=event_id, kind=EventKind.DELIVERED)
        .first()
    )
    if event is None or event.dossier.status != Status.DELIVERED:
        return 0
    dossier = event.dossier
    addresses = recipients(dossier)
    if not addresses:
        return 0
    invitation, _created = invitation_get_or_create(dossier=dossier, channel=InvitationChannel.SMS)
    context = {
        "applicant": dossier.applicant_name,
        "code": dossier.code,
        "procedure": dossier.procedure.name_vi,
        "unit": dossier.receiving_unit.name,
        "rating_url": token_url(invitation.token),
    }
    sent = 0
    for channel, address in addresses:
        try:
            message_enqueue(
                key="dossier.rating_invite",
                channel=channel,
                language=Language.VI,
                to=address,
                context=context,
                related=invitation,
                reference=dossier.code,
            )
        except TemplateMissing:
            continue  # recorded for administrators on the outbox page
        sent += 1
    return sent
