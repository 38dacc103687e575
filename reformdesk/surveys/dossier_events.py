"""At delivery, invite the citizen to rate: an SMS (and an e-mail) with a link holding a new token;
and, when an open survey samples the dossier, to answer that survey by SMS.

Subscribed to dossier events in ``SurveysConfig.ready``, run after the delivery commits. The
invitation is one per dossier and channel and the messages are tied to it, so hearing the event
twice sends nothing more. Like the other dossier notices, the invitation is in Vietnamese.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from reformdesk.dossiers.choices import EventKind, Status
from reformdesk.dossiers.models import Dossier, DossierEvent
from reformdesk.notifications.choices import Language, MessageChannel
from reformdesk.notifications.dossier_events import recipients
from reformdesk.notifications.services import TemplateMissing, message_enqueue
from reformdesk.surveys.choices import InvitationChannel
from reformdesk.surveys.models import SurveyInvitation
from reformdesk.surveys.services import invitation_get_or_create, survey_invitation_for_dossier

SUBSCRIBER_NAME = "surveys.rating_invitation"
SURVEY_SUBSCRIBER_NAME = "surveys.survey_invitation"


def token_url(token: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{reverse('surveys:rate_token', kwargs={'token': token})}"


def survey_url(invitation: SurveyInvitation) -> str:
    path = reverse(
        "surveys:answer", kwargs={"slug": invitation.questionnaire.slug, "unit_code": invitation.unit.code}
    )
    return f"{settings.PUBLIC_BASE_URL}{path}?{urlencode({'t': invitation.token})}"


def _delivered(event_id: int) -> Dossier | None:
    event = (
        DossierEvent.objects.select_related("dossier__procedure", "dossier__receiving_unit")
        .filter(pk=event_id, kind=EventKind.DELIVERED)
        .first()
    )
    if event is None or event.dossier.status != Status.DELIVERED:
        return None
    return event.dossier


def on_dossier_delivered_survey(event_id: int) -> int:
    """On a delivery, when an open survey of the unit samples the dossier, its one invitation by
    SMS (the survey's invitation is a text message only, to the mobile the applicant gave);
    returns how many messages are stored. Hearing the event again sends nothing more: the
    invitation is one per dossier and the message is tied to it."""
    dossier = _delivered(event_id)
    if dossier is None:
        return 0
    phones = [address for channel, address in recipients(dossier) if channel == MessageChannel.SMS]
    if not phones:
        return 0
    invitation = survey_invitation_for_dossier(dossier=dossier)
    if invitation is None:
        return 0
    try:
        message_enqueue(
            key="survey.invite",
            channel=MessageChannel.SMS,
            language=Language.VI,
            to=phones[0],
            context={
                "code": dossier.code,
                "unit": dossier.receiving_unit.name,
                "survey_url": survey_url(invitation),
            },
            related=invitation,
            reference=dossier.code,
        )
    except TemplateMissing:
        return 0  # recorded for administrators on the outbox page
    return 1


def on_dossier_event(event_id: int) -> int:
    """On a delivery, create the SMS invitation and enqueue its messages; returns how many."""
    dossier = _delivered(event_id)
    if dossier is None:
        return 0
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
