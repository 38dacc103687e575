from reformdesk.documents.models.commitments import (
    Commitment,
    CommitmentBreach,
    CommitmentEvent,
    CommitmentItem,
    CommitmentTemplate,
)
from reformdesk.documents.models.events import DocumentEvent
from reformdesk.documents.models.registers import (
    IncomingDocument,
    IssuerAbbreviation,
    OutgoingDocument,
    RegisterCounter,
)
from reformdesk.documents.models.regulations import (
    RegulationAcknowledgement,
    RegulationEvent,
    RegulationVersion,
)
from reformdesk.documents.models.search import SearchEntry  # the registers full-text index

__all__ = [
    "Commitment",
    "CommitmentBreach",
    "CommitmentEvent",
    "CommitmentItem",
    "CommitmentTemplate",
    "DocumentEvent",
    "IncomingDocument",
    "IssuerAbbreviation",
    "OutgoingDocument",
    "RegisterCounter",
    "RegulationAcknowledgement",
    "RegulationEvent",
    "RegulationVersion",
    "SearchEntry",
]
