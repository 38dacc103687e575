"""Concurrent resends and the simulator's whole day, with real commits (transactional tests)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from reformdesk.attendance.models import DeviceCommand, Punch, PunchPhoto
from reformdesk.attendance.simulator import HttpTransport, SimulatedDevice, simulate_day
from reformdesk.attendance.tests.factories import attlog_line, make_device, map_pin
from reformdesk.org.tests.factories import make_official

BATCH = "\r\n".join(
    attlog_line(str(pin), f"2025-09-08 07:{minute:02d}:{pin % 60:02d}")
    for pin in range(1, 41)
    for minute in (1, 2, 3)
)


def _needs_concurrent_database() -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("an in-memory SQLite test database locks tables instead of waiting: PostgreSQL only")


@pytest.mark.django_db(transaction=True)
def test_the_same_batch_posted_five_times_at_once_is_stored_once(tree) -> None:
    _needs_concurrent_database()
    device = make_device(unit=tree.commune_a)
    barrier = threading.Barrier(5)
    replies: list[tuple[int, str]] = []

    def send() -> None:
        try:
            barrier.wait(timeout=10)
            response = Client().generic(
                "POST",
                f"/iclock/cdata?SN={device.serial}&table=ATTLOG&Stamp=120",
                data=BATCH,
                content_type="text/plain",
            )
            replies.append((response.status_code, response.content.decode()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert replies == [(200, "OK:120")] * 5
    assert Punch.objects.filter(device=device).count() == 120
    assert Punch.objects.filter(device=device).values("pin", "punched_at").distinct().count() == 120


@pytest.mark.django_db(transaction=True)
def test_simulator_plays_a_day_against_a_live_server(tree, live_server) -> None:
    """Everything acknowledged is stored once: outage, backlog, duplicate resend, photos, commands."""
    _needs_concurrent_database()
    entrance_row = make_device(unit=tree.commune_a, serial="SIMIN0001")
    exit_row = make_device(unit=tree.commune_a, location="exit", serial="SIMOUT0001")
    pins = []
    for index in range(8):
        official = make_official(unit=tree.commune_a)
        pins.append(str(100 + index))
        map_pin(unit=tree.commune_a, pin=pins[-1], official=official)
    check = DeviceCommand.objects.create(device=entrance_row, kind="check", command="CHECK")
    transport = HttpTransport(live_server.url)
    entrance = SimulatedDevice(serial="SIMIN0001", transport=transport)
    exit_device = SimulatedDevice(serial="SIMOUT0001", transport=transport)
    report = simulate_day(
        entrance=entrance, exit_device=exit_device, pins=pins, day=dt.date(2025, 9, 8), seed=7
    )
    assert report.punches == len(entrance.records) + len(exit_device.records)
    assert Punch.objects.count() == report.punches
    assert Punch.objects.filter(official__isnull=True).count() == 0
    assert PunchPhoto.objects.count() == report.punches + report.failed_verifications
    assert PunchPhoto.objects.filter(punch__isnull=True, pin__isnull=False).count() == 0
    assert (entrance.unsent, exit_device.unsent) == ([], [])
    check.refresh_from_db()
    assert (check.status, check.return_code) == ("done", 0)
    assert report.duplicate_resends == 1
    assert exit_row.punches.count() == len(exit_device.records)
