"""Read-only admin for attendance: every change goes through the staff pages' services (approval,
commands, PIN mapping), which check permissions and write the audit rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reformdesk.attendance.models import (
    AttendanceException,
    DailyRecord,
    Device,
    DeviceCommand,
    DeviceOperation,
    DevicePerson,
    Explanation,
    Punch,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin):
    list_display = [
        "serial",
        "model_name",
        "unit",
        "location",
        "status",
        "last_contact_at",
        "malformed_lines",
    ]
    list_filter = ["status", "location"]
    search_fields = ["serial", "model_name"]
    list_select_related = ["unit"]
    exclude = ["comm_key_encrypted"]  # a communication key is never shown once set, even encrypted


@admin.register(DevicePerson)
class DevicePersonAdmin(ReadOnlyAdmin):
    list_display = ["unit", "pin", "official", "name_on_device", "source"]
    search_fields = ["pin", "name_on_device", "official__full_name"]
    list_select_related = ["unit", "official"]


@admin.register(Punch)
class PunchAdmin(ReadOnlyAdmin):
    list_display = ["punched_at", "pin", "official", "device", "status", "verify", "is_future"]
    list_filter = ["is_future"]
    search_fields = ["pin", "official__full_name", "device__serial"]
    date_hierarchy = "punched_at"
    list_select_related = ["official", "device"]


@admin.register(DeviceCommand)
class DeviceCommandAdmin(ReadOnlyAdmin):
    list_display = ["pk", "device", "command", "status", "return_code", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["device"]


@admin.register(DeviceOperation)
class DeviceOperationAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "device", "code", "admin_pin"]
    list_filter = ["code"]
    list_select_related = ["device"]


@admin.register(DailyRecord)
class DailyRecordAdmin(ReadOnlyAdmin):
    list_display = ["day", "official", "unit", "status", "late_minutes", "early_minutes", "is_closed"]
    list_filter = ["status", "is_closed"]
    date_hierarchy = "day"
    list_select_related = ["official", "unit"]


@admin.register(AttendanceException)
class AttendanceExceptionAdmin(ReadOnlyAdmin):
    list_display = ["official", "unit", "kind", "start", "end", "session", "status", "decided_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["official", "unit"]
    search_fields = ["official__full_name", "official__employee_code"]


@admin.register(Explanation)
class ExplanationAdmin(ReadOnlyAdmin):
    list_display = ["official", "unit", "record", "status", "answered_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["official", "unit", "record"]
    search_fields = ["official__full_name", "official__employee_code"]
    exclude = ["attachment"]  # the file is opened from the staff page, where the access is logged
