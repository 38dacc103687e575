"""The simulator as a device, through Django's test client (runs on every database)."""

from __future__ import annotations

import datetime as dt

import pytest

from reformdesk.attendance.models import Device, DeviceCommand, HeldUpload, Punch, PunchPhoto
from reformdesk.attendance.services import devices as device_services
from reformdesk.attendance.simulator import ClientTransport, HttpTransport, SimulatedDevice, simulate_day
from reformdesk.attendance.tests.factories import make_device, map_pin
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 9, 8)


def _people(unit, count: int) -> list[str]:
    pins = []
    for index in range(count):
        official = make_official(unit=unit)
        pins.append(str(200 + index))
        map_pin(unit=unit, pin=pins[-1], official=official)
    return pins


def test_a_day_is_deterministic_and_stored_once(tree, transport: ClientTransport) -> None:
    make_device(unit=tree.commune_a, serial="IN1")
    pins = _people(tree.commune_a, 10)
    entrance = SimulatedDevice(serial="IN1", transport=transport)
    report = simulate_day(entrance=entrance, exit_device=None, pins=pins, day=DAY, seed=3)
    assert Punch.objects.count() == report.punches == len(entrance.records)
    again = simulate_day(
        entrance=SimulatedDevice(serial="IN1", transport=transport),
        exit_device=None,
        pins=pins,
        day=DAY,
        seed=3,
    )
    assert (again.punches, again.late, again.missing, again.absent) == (
        report.punches,
        report.late,
        report.missing,
        report.absent,
    )
    assert Punch.objects.count() == report.punches  # the replayed day added nothing
    assert report.absent == 1
    assert report.punches == 2 * (10 - 1) - report.missing
    assert PunchPhoto.objects.filter(pin__isnull=True).count() == 1


def test_outage_backlog_is_uploaded_when_back(tree, transport: ClientTransport) -> None:
    make_device(unit=tree.commune_a, serial="IN2")
    device = SimulatedDevice(serial="IN2", transport=transport)
    device.handshake()
    device.online = False
    for minute in range(5):
        device.punch("1", dt.datetime(2025, 9, 8, 7, minute, tzinfo=dt.UTC), photo=False)
    with pytest.raises(ConnectionError):
        device.poll()
    assert Punch.objects.count() == 0
    device.online = True
    assert device.upload() == 5
    assert Punch.objects.count() == 5
    status, text = device.resend_last()
    assert (status, text, Punch.objects.count()) == (200, "OK:5", 5)


def test_commands_are_executed_and_acknowledged(tree, personas, transport: ClientTransport) -> None:
    row = make_device(unit=tree.commune_a, serial="IN3")
    official = make_official(unit=tree.commune_a, full_name="Hoàng Văn Minh")
    device = SimulatedDevice(serial="IN3", transport=transport)
    device.handshake()
    device.punch("9", dt.datetime(2025, 9, 8, 7, 0, tzinfo=dt.UTC), photo=False)
    start, end = dt.datetime(2025, 9, 8, tzinfo=dt.UTC), dt.datetime(2025, 9, 9, tzinfo=dt.UTC)
    actor = personas.admin
    push = device_services.command_push_user(actor=actor, device=row, pin="9", official=official)
    total = device_services.command_verify_sum(actor=actor, device=row, start=start, end=end)
    query = device_services.command_query_attlog(actor=actor, device=row, start=start, end=end)
    delete = device_services.command_delete_user(actor=actor, device=row, pin="404")
    reboot = device_services.command_reboot(actor=actor, device=row)
    assert [c for _i, c, _r in device.poll()] == [
        "DATA UPDATE USERINFO PIN=9\tName=Hoàng Văn Minh\tPri=0",
        "VERIFY SUM ATTLOG StartTime=2025-09-08 07:00:00\tEndTime=2025-09-09 07:00:00",
        "DATA QUERY ATTLOG StartTime=2025-09-08 07:00:00\tEndTime=2025-09-09 07:00:00",
        "DATA DELETE USERINFO PIN=404",
        "REBOOT",
    ]
    assert device.users == {"9": "Hoàng Văn Minh"}
    results = dict(DeviceCommand.objects.values_list("pk", "return_code"))
    assert results == {push.pk: 0, total.pk: 0, query.pk: 0, delete.pk: -1, reboot.pk: 0}
    total.refresh_from_db()
    assert (total.device_count, total.stored_count) == (1, 1)
    assert Punch.objects.count() == 1
    assert DeviceCommand.objects.count() == 5  # the counts agree: nothing re-fetched


def test_an_unknown_device_waits_for_approval(tree, personas, transport: ClientTransport) -> None:
    device = SimulatedDevice(serial="NEW9", transport=transport)
    simulate_day(
        entrance=device, exit_device=None, pins=["1", "2", "3", "4", "5"], day=DAY, seed=1, outage=False
    )
    assert Punch.objects.count() == 0
    assert HeldUpload.objects.count() > 0
    row = Device.objects.get(serial="NEW9")
    device_services.device_approve(actor=personas.admin, device=row, unit=tree.commune_a, location="entrance")
    assert Punch.objects.count() == len(device.records)


def test_http_transport_refuses_other_schemes() -> None:
    with pytest.raises(ValueError, match="not an http"):
        HttpTransport("ftp://example.org")


def test_reconciliation_finds_a_gap_and_the_refetch_fills_it(
    tree, personas, transport: ClientTransport
) -> None:
    row = make_device(unit=tree.commune_a, serial="IN4")
    device = SimulatedDevice(serial="IN4", transport=transport)
    device.handshake()
    for minute in range(3):
        device.punch("9", dt.datetime(2025, 9, 8, 1, minute, tzinfo=dt.UTC), photo=False)
    Punch.objects.filter(device=row).order_by("punched_at").last().delete()  # lost by the server
    start, end = dt.datetime(2025, 9, 8, tzinfo=dt.UTC), dt.datetime(2025, 9, 9, tzinfo=dt.UTC)
    verify = device_services.command_verify_sum(actor=personas.admin, device=row, start=start, end=end)
    device.poll()
    verify.refresh_from_db()
    assert (verify.device_count, verify.stored_count) == (3, 2)
    refetch = DeviceCommand.objects.get(kind="query_attlog")
    assert refetch.command == "DATA QUERY ATTLOG StartTime=2025-09-08 07:00:00\tEndTime=2025-09-09 07:00:00"
    device.poll()
    assert Punch.objects.filter(device=row).count() == 3
    refetch.refresh_from_db()
    assert refetch.status == "done"
