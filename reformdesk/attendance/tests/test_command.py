"""``manage.py simulate_devices`` against a live server."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from reformdesk.attendance.models import Device, HeldUpload, Punch
from reformdesk.attendance.tests.factories import make_device, map_pin
from reformdesk.org.tests.factories import make_official


@pytest.mark.django_db(transaction=True)
def test_simulate_devices_drives_the_unit_s_devices(tree, live_server) -> None:
    make_device(unit=tree.commune_a, serial="CMDIN")
    make_device(unit=tree.commune_a, serial="CMDOUT", location="exit")
    for index in range(6):
        map_pin(unit=tree.commune_a, pin=str(index + 1), official=make_official(unit=tree.commune_a))
    out = io.StringIO()
    call_command(
        "simulate_devices", base_url=live_server.url, day="2025-09-06", days=3, seed=5, stdout=out
    )  # Saturday, Sunday skipped; Monday played
    lines = out.getvalue().splitlines()
    assert lines[:2] == [
        "2025-09-06 000.30.31.H41: day off, nobody comes",
        "2025-09-07 000.30.31.H41: day off, nobody comes",
    ]
    assert lines[2].startswith("2025-09-08 000.30.31.H41: ")
    assert Punch.objects.count() == int(lines[2].split(": ")[1].split(" ")[0])
    assert set(Punch.objects.values_list("device__serial", flat=True)) == {"CMDIN", "CMDOUT"}


@pytest.mark.django_db(transaction=True)
def test_simulate_an_unknown_device(live_server) -> None:
    call_command(
        "simulate_devices", base_url=live_server.url, serial="NEWSIM1", day="2025-09-08", stdout=io.StringIO()
    )
    assert Device.objects.get(serial="NEWSIM1").status == "pending"
    assert HeldUpload.objects.filter(device__serial="NEWSIM1").count() > 0
    assert Punch.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"base_url": "ftp://x"}, "not an http(s) URL: 'ftp://x'"),
        ({"day": "08/09/2025"}, "Invalid isoformat string: '08/09/2025'"),
        ({"days": 0}, "--days must be between 1 and 366"),
        ({}, "no approved device with mapped PINs found; give --serial to simulate a new one"),
    ],
)
def test_simulate_devices_bad_options(options, message) -> None:
    with pytest.raises(CommandError) as error:
        call_command("simulate_devices", stdout=io.StringIO(), **options)
    assert str(error.value) == message
