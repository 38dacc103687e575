from reformdesk.org.services.officials import (
    membership_add,
    membership_end,
    official_create,
    official_update,
)
from reformdesk.org.services.units import (
    reception_slot_set,
    unit_create,
    unit_move,
    unit_record_succession,
    unit_update,
)

__all__ = [
    "membership_add",
    "membership_end",
    "official_create",
    "official_update",
    "reception_slot_set",
    "unit_create",
    "unit_move",
    "unit_record_succession",
    "unit_update",
]
