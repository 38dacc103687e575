"""Writes on dossiers: intake, processing, and how a dossier ends. Every change writes one event row."""

from reformdesk.dossiers.services.closing import (
    dossier_apologise,
    dossier_decline,
    dossier_deliver,
    dossier_fees_paid,
    dossier_request_fees,
    dossier_stop,
    dossier_withdraw,
)
from reformdesk.dossiers.services.digitisation import Digitisation, dossier_record_digitisation
from reformdesk.dossiers.services.events import ActionNotAllowed
from reformdesk.dossiers.services.intake import (
    Applicant,
    dossier_accept,
    dossier_receive,
    dossier_refuse,
    dossier_submit_online,
)
from reformdesk.dossiers.services.processing import (
    dossier_forward,
    dossier_reassign,
    dossier_receive_supplement,
    dossier_request_supplement,
    dossier_send_back,
    dossiers_reassign,
)

__all__ = [
    "ActionNotAllowed",
    "Applicant",
    "Digitisation",
    "dossier_accept",
    "dossier_apologise",
    "dossier_decline",
    "dossier_deliver",
    "dossier_fees_paid",
    "dossier_forward",
    "dossier_reassign",
    "dossier_receive",
    "dossier_receive_supplement",
    "dossier_record_digitisation",
    "dossier_refuse",
    "dossier_request_fees",
    "dossier_request_supplement",
    "dossier_send_back",
    "dossier_stop",
    "dossier_submit_online",
    "dossier_withdraw",
    "dossiers_reassign",
]
