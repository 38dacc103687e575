"""The attendance staff pages and the devices' receiver (/iclock/…, no trailing slash)."""

from django.urls import path

from reformdesk.attendance.views import iclock

app_name = "attendance"

urlpatterns = [
    path("iclock/cdata", iclock.cdata, name="iclock_cdata"),
    path("iclock/getrequest", iclock.getrequest, name="iclock_getrequest"),
    path("iclock/devicecmd", iclock.devicecmd, name="iclock_devicecmd"),
    path("iclock/ping", iclock.ping, name="iclock_ping"),
    path("iclock/fdata", iclock.fdata, name="iclock_fdata"),
]
