"""Writes on the document registers. Every change writes one event row and one audit row."""

from reformdesk.documents.services.common import ActionNotAllowed
from reformdesk.documents.services.incoming import incoming_assign_handler, incoming_register
from reformdesk.documents.services.outgoing import format_symbol, outgoing_cancel, outgoing_register

__all__ = [
    "ActionNotAllowed",
    "format_symbol",
    "incoming_assign_handler",
    "incoming_register",
    "outgoing_cancel",
    "outgoing_register",
]
