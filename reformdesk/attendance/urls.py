"""The attendance staff pages and the devices' receiver (/iclock/…, no trailing slash)."""

from django.urls import path

from reformdesk.attendance.views import iclock, leave, reports, staff

app_name = "attendance"

urlpatterns = [
    path("iclock/cdata", iclock.cdata, name="iclock_cdata"),
    path("iclock/getrequest", iclock.getrequest, name="iclock_getrequest"),
    path("iclock/devicecmd", iclock.devicecmd, name="iclock_devicecmd"),
    path("iclock/ping", iclock.ping, name="iclock_ping"),
    path("iclock/fdata", iclock.fdata, name="iclock_fdata"),
    path("staff/attendance/devices/", staff.DeviceListView.as_view(), name="device_list"),
    path("staff/attendance/devices/<str:serial>/", staff.device_detail, name="device_detail"),
    path("staff/attendance/devices/<str:serial>/approve/", staff.device_approve, name="device_approve"),
    path("staff/attendance/devices/<str:serial>/command/", staff.device_command, name="device_command"),
    path("staff/attendance/devices/<str:serial>/networks/", staff.device_networks, name="device_networks"),
    path("staff/attendance/devices/<str:serial>/key/", staff.device_comm_key, name="device_comm_key"),
    path(
        "staff/attendance/devices/<str:serial>/held/release/",
        staff.device_held_release,
        name="device_held_release",
    ),
    path(
        "staff/attendance/devices/<str:serial>/held/discard/",
        staff.device_held_discard,
        name="device_held_discard",
    ),
    path("staff/attendance/punches/", staff.PunchListView.as_view(), name="punch_list"),
    path("staff/attendance/days/", staff.DailyRecordListView.as_view(), name="day_list"),
    path("staff/attendance/pins/", staff.UnknownPinListView.as_view(), name="pin_list"),
    path("staff/attendance/pins/<int:pk>/map/", staff.pin_map, name="pin_map"),
    path("staff/attendance/photos/<int:pk>/", staff.photo, name="photo"),
    path("staff/attendance/days/<int:pk>/explain/", leave.day_explain, name="day_explain"),
    path("staff/attendance/timesheet/", reports.timesheet_page, name="timesheet"),
    path("staff/attendance/timesheet.xlsx", reports.timesheet_xlsx, name="timesheet_xlsx"),
    path("staff/attendance/dashboard/", reports.dashboard, name="dashboard"),
    path("staff/attendance/leave/", leave.exception_list, name="exception_list"),
    path("staff/attendance/leave/new/", leave.exception_new, name="exception_new"),
    path("staff/attendance/leave/<int:pk>/", leave.exception_detail, name="exception_detail"),
    path("staff/attendance/explanations/", leave.explanation_list, name="explanation_list"),
    path("staff/attendance/explanations/<int:pk>/", leave.explanation_detail, name="explanation_detail"),
    path("staff/attendance/explanations/<int:pk>/file/", leave.explanation_file, name="explanation_file"),
]
