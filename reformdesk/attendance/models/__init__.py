from reformdesk.attendance.models.days import DailyRecord
from reformdesk.attendance.models.devices import Device, DeviceCommand, DeviceOperation, HeldUpload
from reformdesk.attendance.models.exceptions import AttendanceException, Explanation
from reformdesk.attendance.models.punches import DevicePerson, Punch, PunchPhoto

__all__ = [
    "AttendanceException",
    "DailyRecord",
    "Device",
    "DeviceCommand",
    "DeviceOperation",
    "DevicePerson",
    "Explanation",
    "HeldUpload",
    "Punch",
    "PunchPhoto",
]
