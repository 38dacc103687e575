from reformdesk.documents.models.events import DocumentEvent
from reformdesk.documents.models.registers import (
    IncomingDocument,
    IssuerAbbreviation,
    OutgoingDocument,
    RegisterCounter,
)

__all__ = ["DocumentEvent", "IncomingDocument", "IssuerAbbreviation", "OutgoingDocument", "RegisterCounter"]
from reformdesk.documents.models.search import SearchEntry as SearchEntry  # the registers full-text index
