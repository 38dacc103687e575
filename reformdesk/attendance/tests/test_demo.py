"""The demo attendance data: devices, people, punches; deterministic and idempotent."""

from __future__ import annotations

import pytest

from reformdesk.attendance import demo as attendance_demo
from reformdesk.attendance.models import DailyRecord, Device, DeviceOperation, DevicePerson, HeldUpload, Punch
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
    assert attendance_demo.seed() == lines
    assert _counts() == first
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
