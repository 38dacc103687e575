"""A device's allowed networks: uploads under its serial from elsewhere are held and reported."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from reformdesk.attendance.choices import DeviceLocation, HeldReason
from reformdesk.attendance.models import Device, HeldUpload, Punch
from reformdesk.attendance.services.devices import device_approve, device_set_networks
from reformdesk.attendance.tests.factories import attlog_line, make_device
from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

LINE = attlog_line("7", "2025-09-08 07:31:00")


def upload(serial: str, ip: str, body: str = LINE):
    return Client().generic(
        "POST",
        f"/iclock/cdata?SN={serial}&table=ATTLOG&Stamp=9",
        data=body,
        content_type="text/plain",
        REMOTE_ADDR=ip,
    )


def test_approval_allows_the_address_the_device_first_came_from(personas, tree):
    Client().get("/iclock/cdata?SN=NEWDEV0001&options=all", REMOTE_ADDR="10.1.2.7")
    upload("NEWDEV0001", "10.1.2.8")  # a later contact from elsewhere does not move the first address
    device = Device.objects.get(serial="NEWDEV0001")
    device_approve(actor=personas.admin, device=device, unit=tree.commune_a, location=DeviceLocation.ENTRANCE)
    device.refresh_from_db()
    assert device.allowed_networks == ["10.1.2.7/32"]
    assert AuditEvent.objects.get(action="device.approve").changes["allowed_networks"] == [
        [],
        ["10.1.2.7/32"],
    ]


def test_an_upload_from_outside_the_networks_is_held_and_reported_once(personas, tree):
    device = make_device(unit=tree.commune_a)
    device_set_networks(actor=personas.admin, device=device, networks=["10.1.2.0/24"])

    first = upload(device.serial, "203.0.113.9")
    second = upload(device.serial, "203.0.113.9", attlog_line("8", "2025-09-08 07:32:00"))

    # Acknowledged (the device would resend for ever) but not stored as punches.
    assert (first.content, second.content) == (b"OK:1", b"OK:1")
    assert Punch.objects.count() == 0
    assert list(HeldUpload.objects.values_list("reason", "table")) == [
        (HeldReason.FOREIGN_ADDRESS, "ATTLOG"),
        (HeldReason.FOREIGN_ADDRESS, "ATTLOG"),
    ]
    event = AuditEvent.objects.get(action="device.foreign_address")
    assert event.changes["address"] == [None, "203.0.113.9"]
    page = sign_in(Client(), personas.admin).get("/staff/attendance/devices/")
    assert 'data-testid="foreign-warning"' in page.content.decode()
    assert device.serial in page.content.decode()


def test_an_upload_from_inside_the_networks_is_stored(personas, tree):
    device = make_device(unit=tree.commune_a)
    device_set_networks(actor=personas.admin, device=device, networks=["10.1.2.0/24", "192.0.2.5"])
    assert upload(device.serial, "10.1.2.200").content == b"OK:1"
    assert Punch.objects.filter(device=device).count() == 1
    assert HeldUpload.objects.count() == 0


def test_commands_go_only_to_the_allowed_networks(personas, tree):
    device = make_device(unit=tree.commune_a)
    device_set_networks(actor=personas.admin, device=device, networks=["10.1.2.0/24"])
    from reformdesk.attendance.services.devices import command_check

    command_check(actor=personas.admin, device=device)
    assert Client().get(f"/iclock/getrequest?SN={device.serial}", REMOTE_ADDR="203.0.113.9").content == b"OK"
    assert (
        Client()
        .get(f"/iclock/getrequest?SN={device.serial}", REMOTE_ADDR="10.1.2.3")
        .content.startswith(b"C:")
    )


def test_networks_must_be_cidr(personas, tree):
    device = make_device(unit=tree.commune_a)
    with pytest.raises(ValidationError) as error:
        device_set_networks(actor=personas.admin, device=device, networks=["10.1.2.0/24", "phòng"])
    assert error.value.message_dict["allowed_networks"] == [
        "“phòng” không phải là địa chỉ hoặc dải địa chỉ (CIDR)."
    ]
    device.refresh_from_db()
    assert device.allowed_networks == []
