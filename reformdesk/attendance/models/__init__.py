from reformdesk.attendance.models.devices import Device, DeviceCommand, DeviceOperation, HeldUpload
from reformdesk.attendance.models.punches import DevicePerson, Punch, PunchPhoto

__all__ = [
    "Device",
    "DeviceCommand",
    "DeviceOperation",
    "DevicePerson",
    "HeldUpload",
    "Punch",
    "PunchPhoto",
]
