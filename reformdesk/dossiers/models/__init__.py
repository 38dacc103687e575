from reformdesk.dossiers.models.dossier import DailyCounter, Dossier, DossierFile, DossierPaper
from reformdesk.dossiers.models.events import DossierEvent, DossierStep
from reformdesk.dossiers.models.rollups import DossierRollup
from reformdesk.dossiers.models.tracking import FormSetPeriod, TrackingCounter, TrackingEntry

__all__ = [
    "DailyCounter",
    "Dossier",
    "DossierEvent",
    "DossierFile",
    "DossierPaper",
    "DossierRollup",
    "DossierStep",
    "FormSetPeriod",
    "TrackingCounter",
    "TrackingEntry",
]
