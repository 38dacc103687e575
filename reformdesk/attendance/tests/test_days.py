"""Daily records written from punches; recomputed on late uploads; closed once devices synced."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from reformdesk.attendance.choices import DayStatus
from reformdesk.attendance.models import DailyRecord, Device, Punch
from reformdesk.attendance.services.days import daily_records_close, daily_records_compute, synced_through
from reformdesk.attendance.tasks import recompute_days
from reformdesk.attendance.tests.factories import attlog_line, make_device, map_pin, vn
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 9, 8)


@pytest.fixture
def office(tree):
    device = make_device(unit=tree.commune_a, serial="DAYS1")
    official = make_official(unit=tree.commune_a, full_name="Đặng Văn Hùng")
    map_pin(unit=tree.commune_a, pin="1", official=official)
    return device, official


def _punch(device: Device, official, moment: dt.datetime) -> None:
    Punch.objects.create(
        device=device, unit=device.unit, pin="1", official=official, punched_at=moment, raw_line="x"
    )


def test_compute_a_week(office, tree) -> None:
    device, official = office
    _punch(device, official, vn(2025, 9, 8, 8, 20))
    _punch(device, official, vn(2025, 9, 8, 17, 5))
    _punch(device, official, vn(2025, 9, 9, 7, 0))
    written = daily_records_compute(unit=tree.commune_a, start=MONDAY, end=MONDAY + dt.timedelta(days=6))
    officials = DailyRecord.objects.values("official").distinct().count()
    assert written == 7 * officials
    mine = dict(DailyRecord.objects.filter(official=official).values_list("day", "status"))
    assert mine[MONDAY] == DayStatus.LATE
    assert mine[MONDAY + dt.timedelta(days=1)] == DayStatus.MISSING_PUNCH
    assert mine[MONDAY + dt.timedelta(days=2)] == DayStatus.ABSENT
    assert mine[MONDAY + dt.timedelta(days=5)] == DayStatus.DAY_OFF  # Saturday
    monday = DailyRecord.objects.get(official=official, day=MONDAY)
    assert (monday.first_in, monday.last_out, monday.late_minutes) == (
        vn(2025, 9, 8, 8, 20),
        vn(2025, 9, 8, 17, 5),
        20,
    )
    assert monday.sessions == [["2025-09-08T08:20:00+07:00", "2025-09-08T17:05:00+07:00"]]
    # the default office hours (no schedule in the tree): 08:00-12:00, 13:00-17:00
    # twice: same rows, updated in place
    assert daily_records_compute(unit=tree.commune_a, start=MONDAY, end=MONDAY) == officials
    assert DailyRecord.objects.filter(official=official).count() == 7


def test_late_upload_recomputes_through_the_task(office, tree, django_capture_on_commit_callbacks) -> None:
    _device, official = office
    daily_records_compute(unit=tree.commune_a, start=MONDAY, end=MONDAY)
    assert DailyRecord.objects.get(official=official, day=MONDAY).status == DayStatus.ABSENT
    body = attlog_line("1", "2025-09-08 07:58:00") + "\n" + attlog_line("1", "2025-09-08 17:01:00") + "\n"
    with django_capture_on_commit_callbacks() as callbacks:
        response = Client().generic(
            "POST", "/iclock/cdata?SN=DAYS1&table=ATTLOG", data=body, content_type="text/plain"
        )
    assert response.content == b"OK:2"
    assert len(callbacks) == 1
    assert recompute_days.call(tree.commune_a.pk, ["2025-09-08"]) >= 1
    assert DailyRecord.objects.get(official=official, day=MONDAY).status == DayStatus.PRESENT


def test_closed_days_are_not_recomputed_and_close_waits_for_sync(office, tree) -> None:
    device, official = office
    daily_records_compute(unit=tree.commune_a, start=MONDAY, end=MONDAY)
    Device.objects.filter(pk=device.pk).update(last_contact_at=vn(2025, 9, 8, 20, 0))
    assert synced_through(unit=tree.commune_a) == dt.date(2025, 9, 7)
    assert daily_records_close(unit=tree.commune_a) == 0  # the device has not been heard of since
    Device.objects.filter(pk=device.pk).update(last_contact_at=vn(2025, 9, 9, 0, 5))
    assert daily_records_close(unit=tree.commune_a) == DailyRecord.objects.count()
    _punch(device, official, vn(2025, 9, 8, 7, 0))
    daily_records_compute(unit=tree.commune_a, start=MONDAY, end=MONDAY)
    assert DailyRecord.objects.get(official=official, day=MONDAY).status == DayStatus.ABSENT


def test_future_days_are_not_computed(office, tree) -> None:
    today = timezone.localdate()
    assert (
        daily_records_compute(
            unit=tree.commune_a, start=today + dt.timedelta(days=1), end=today + dt.timedelta(days=5)
        )
        == 0
    )
    assert DailyRecord.objects.count() == 0


def test_days_api_scoped_and_logged(office, tree, personas) -> None:
    from reformdesk.core.models import AccessLog
    from reformdesk.core.tests.helpers import sign_in

    device, official = office
    _punch(device, official, vn(2025, 9, 8, 8, 20))
    daily_records_compute(unit=tree.commune_a, start=MONDAY, end=MONDAY)
    chair = sign_in(Client(), personas.chair_a)
    body = chair.get(
        f"/api/v1/attendance/days?unit={tree.commune_a.code}&from=2025-09-08&to=2025-09-08"
    ).json()
    officials = DailyRecord.objects.filter(day=MONDAY).count()
    assert body["count"] == officials
    mine = next(item for item in body["items"] if item["official_name"] == "Đặng Văn Hùng")
    assert (mine["status"], mine["late_minutes"], mine["missing_punches"], mine["is_closed"]) == (
        "missing_punch",
        20,
        1,
        False,
    )
    assert mine["first_in"] == "2025-09-08T08:20:00+07:00"
    assert AccessLog.objects.filter(purpose="days.api").count() == officials
    denied = sign_in(Client(), personas.specialist_b).get(
        f"/api/v1/attendance/days?unit={tree.commune_a.code}"
    )
    assert denied.status_code == 403
    missing = chair.get("/api/v1/attendance/days")
    assert (missing.status_code, missing.json()["code"]) == (422, "unit_required")
    assert AccessLog.objects.filter(purpose="days.api").count() == officials


def test_attendance_days_command(office, tree) -> None:
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command(
        "attendance_days", unit=[tree.commune_a.code], start="2025-09-08", end="2025-09-09", stdout=out
    )
    officials = DailyRecord.objects.values("official").distinct().count()
    # the device called in today: both days close
    assert out.getvalue() == (
        f"{tree.commune_a.code}: {2 * officials} records computed, {2 * officials} closed, "
        "0 reconciliations queued\n"
    )
    out = io.StringIO()
    call_command("attendance_days", start="2025-09-08", end="2025-09-08", verify=True, stdout=out)
    assert out.getvalue().endswith(", 1 reconciliations queued\n")
    from reformdesk.attendance.models import DeviceCommand

    assert DeviceCommand.objects.get().command == (
        "VERIFY SUM ATTLOG StartTime=2025-09-08 00:00:00\tEndTime=2025-09-09 00:00:00"
    )
    with pytest.raises(CommandError, match="unknown unit code"):
        call_command("attendance_days", unit=["999.99.99.H41"], stdout=io.StringIO())
    with pytest.raises(CommandError, match="--to must not be before --from"):
        call_command("attendance_days", start="2025-09-09", end="2025-09-08", stdout=io.StringIO())
