"""The demo attendance data: devices, people, punches; deterministic and idempotent."""

from __future__ import annotations

import pytest

from reformdesk.attendance import demo as attendance_demo
from reformdesk.attendance.models import (
    AttendanceException,
    DailyRecord,
    Device,
    DeviceOperation,
    DevicePerson,
    Explanation,
    HeldUpload,
    Punch,
)
from reformdesk.org import demo as org_demo

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Device, DevicePerson, Punch, DeviceOperation, HeldUpload, DailyRecord)
    )


def test_demo_twice_leaves_the_same_data() -> None:
    org_demo.seed()
    lines = attendance_demo.seed()
    first = _counts()
    leave = list(AttendanceException.objects.order_by("pk").values_list("kind", "status", "start"))
    explained = list(Explanation.objects.order_by("pk").values_list("status", flat=True))
    assert attendance_demo.seed() == lines
    assert _counts() == first
    assert list(AttendanceException.objects.order_by("pk").values_list("kind", "status", "start")) == leave
    assert list(Explanation.objects.order_by("pk").values_list("status", flat=True)) == explained
    assert sorted({(kind, status) for kind, status, _start in leave}) == [
        ("annual_leave", "approved"),
        ("business_trip", "approved"),
        ("sick_leave", "pending"),
    ]
    assert len(leave) == 9
    assert (explained.count("answered"), explained.count("accepted")) == (3, 3)
    assert DailyRecord.objects.filter(status="exception").count() == 3 * 3  # 2 days of leave, 1 trip
    assert DailyRecord.objects.filter(excused=True).count() == 3
    devices, people, punches, operations, held, records = first
    assert (devices, operations, held) == (7, 3, 1)
    assert Device.objects.filter(status="approved").count() == 6
    assert DevicePerson.objects.filter(official__isnull=True).count() == 3  # one unknown PIN per commune
    mapped = DevicePerson.objects.filter(official__isnull=False).count()
    assert people == mapped + 3
    assert Punch.objects.values("unit", "pin").distinct().count() == mapped  # everyone came at least once
    assert punches > 500
    assert records == 21 * DailyRecord.objects.values("official").distinct().count()
    assert DailyRecord.objects.filter(status="late").exists()
    assert DailyRecord.objects.filter(is_closed=False).count() == 0  # the devices called in today
    assert Punch.objects.filter(official__isnull=True).count() == 0
    assert lines == [f"attendance: 6 devices approved in 3 communes, {punches} punches over 3 weeks"]
    entrance = Device.objects.get(serial="CQZ0007100" + "01")
    assert (entrance.unit.code, entrance.location) == ("000.71.00.H41", "entrance")
