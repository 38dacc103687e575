from reformdesk.org.models.officials import Membership, Official
from reformdesk.org.models.units import ReceptionSlot, Unit, UnitSuccession

__all__ = ["Membership", "Official", "ReceptionSlot", "Unit", "UnitSuccession"]
