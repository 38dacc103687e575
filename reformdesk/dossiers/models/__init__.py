from reformdesk.dossiers.models.dossier import DailyCounter, Dossier, DossierFile, DossierPaper
from reformdesk.dossiers.models.events import DossierEvent, DossierStep

__all__ = ["DailyCounter", "Dossier", "DossierEvent", "DossierFile", "DossierPaper", "DossierStep"]
