from reformdesk.dossiers.models.dossier import DailyCounter, Dossier, DossierFile, DossierPaper
from reformdesk.dossiers.models.events import DossierEvent, DossierStep
from reformdesk.dossiers.models.tracking import FormSetPeriod, TrackingCounter, TrackingEntry

__all__ = [
    "DailyCounter",
    "Dossier",
    "DossierEvent",
    "DossierFile",
    "DossierPaper",
    "DossierStep",
    "FormSetPeriod",
    "TrackingCounter",
    "TrackingEntry",
]
