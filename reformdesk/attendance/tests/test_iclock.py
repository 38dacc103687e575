"""The /iclock/ endpoints as a device sees them: replies, what is stored, what is refused."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

from reformdesk.attendance.choices import CommandStatus, DeviceStatus, HeldReason, PersonSource
from reformdesk.attendance.jpeg import tiny_jpeg
from reformdesk.attendance.models import (
    Device,
    DeviceCommand,
    DeviceOperation,
    DevicePerson,
    HeldUpload,
    Punch,
    PunchPhoto,
)
from reformdesk.attendance.tests.factories import attlog_line, make_device, map_pin, photo_body, vn
from reformdesk.core.models import AuditEvent
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


def post(
    client: Client,
    body: bytes | str,
    *,
    serial: str,
    table: str = "ATTLOG",
    content_type: str = "text/plain",
    **params: str,
):
    data = body.encode() if isinstance(body, str) else body
    query = "&".join(f"{k}={v}" for k, v in {"SN": serial, "table": table, **params}.items())
    return client.generic("POST", f"/iclock/cdata?{query}", data=data, content_type=content_type)


def text(response) -> str:
    return response.content.decode()


def test_handshake_registers_an_unknown_serial_as_pending(device_client: Client) -> None:
    response = device_client.get("/iclock/cdata?SN=NEW0001&options=all&pushver=2.4.1&language=69")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert text(response).splitlines()[:4] == [
        "GET OPTION FROM: NEW0001",
        "ATTLOGStamp=0",
        "OPERLOGStamp=0",
        "ATTPHOTOStamp=0",
    ]
    device = Device.objects.get(serial="NEW0001")
    assert (device.status, device.unit, device.push_version) == (DeviceStatus.PENDING, None, "2.4.1")
    assert device.last_contact_at is not None
    event = AuditEvent.objects.get(action="device.register")
    assert (event.object_repr, event.channel, event.actor) == ("NEW0001", "device", None)
    device_client.get("/iclock/cdata?SN=NEW0001&options=all")
    assert Device.objects.count() == 1
    assert AuditEvent.objects.filter(action="device.register").count() == 1


def test_handshake_returns_the_device_s_own_stamps_old_firmware_names(tree, device_client: Client) -> None:
    device = make_device(unit=tree.commune_a)
    Device.objects.filter(pk=device.pk).update(attlog_stamp="700", operlog_stamp="80", attphoto_stamp="9")
    make_device(unit=tree.commune_a)  # another device's stamps stay its own
    lines = text(device_client.get(f"/iclock/cdata?SN={device.serial}&options=all")).splitlines()
    assert lines[1:4] == ["Stamp=700", "OpStamp=80", "PhotoStamp=9"]
    assert (
        "TransFlag=TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser\tEnrollFP\tChgFP\tUserPic" in lines
    )
    assert "TimeZone=7" in lines and "Encrypt=0" in lines


@pytest.mark.parametrize(
    "url", ["/iclock/cdata", "/iclock/cdata?SN=", "/iclock/cdata?SN=bad%20serial", "/iclock/getrequest"]
)
def test_missing_or_bad_serial_is_refused_and_nothing_recorded(device_client: Client, url: str) -> None:
    response = device_client.get(url)
    assert (response.status_code, text(response)) == (400, "ERROR: missing or invalid SN")
    assert Device.objects.count() == 0


def test_no_trailing_slash(device_client: Client) -> None:
    assert device_client.get("/iclock/cdata/?SN=A1").status_code == 404
    assert Device.objects.count() == 0


def test_attlog_stores_good_lines_counts_bad_ones_and_maps_pins(tree, device_client: Client) -> None:
    device = make_device(unit=tree.commune_a)
    official = make_official(unit=tree.commune_a, full_name="Nguyễn Văn An")
    map_pin(unit=tree.commune_a, pin="1001", official=official)
    body = (
        attlog_line("1001", "2025-09-08 07:28:03")
        + "\r\n"
        + "1001\t2025-09-08 11:31:00\t1\t1\t0\t0\t0\r\n"
        + "not a line\r\n"
        + attlog_line("2002", "2025-09-08 07:40:00", verify=1)
        + "\r\n\r\n"
    )
    response = post(device_client, body, serial=device.serial, Stamp="12345")
    assert (response.status_code, text(response)) == (200, "OK:3")
    punches = list(
        Punch.objects.order_by("punched_at").values_list(
            "pin", "official_id", "punched_at", "status", "verify"
        )
    )
    assert punches == [
        ("1001", official.pk, vn(2025, 9, 8, 7, 28, 3), 0, 15),
        ("2002", None, vn(2025, 9, 8, 7, 40), 0, 1),
        ("1001", official.pk, vn(2025, 9, 8, 11, 31), 1, 1),
    ]
    assert Punch.objects.get(pin="2002").punched_at == dt.datetime(2025, 9, 8, 0, 40, tzinfo=dt.UTC)
    device.refresh_from_db()
    assert (device.malformed_lines, device.attlog_stamp) == (1, "12345")
    unknown = DevicePerson.objects.get(pin="2002")
    assert (unknown.unit, unknown.official, unknown.source, unknown.source_device) == (
        tree.commune_a,
        None,
        PersonSource.DEVICE,
        device,
    )


def test_resent_batch_is_acknowledged_again_and_stored_once(tree, device_client: Client) -> None:
    device = make_device(unit=tree.commune_a)
    body = "\n".join(attlog_line(str(pin), f"2025-09-08 07:{pin:02d}:00") for pin in range(1, 6)) + "\n"
    assert text(post(device_client, body, serial=device.serial)) == "OK:5"
    more = body + attlog_line("6", "2025-09-08 07:30:00") + "\n"
    assert text(post(device_client, more, serial=device.serial)) == "OK:6"
    assert text(post(device_client, more, serial=device.serial)) == "OK:6"
    assert Punch.objects.count() == 6
    assert DevicePerson.objects.count() == 6


def test_a_batch_whose_transaction_fails_stores_nothing_and_is_not_acknowledged(
    tree, device_client: Client
) -> None:
    device = make_device(unit=tree.commune_a)
    body = attlog_line("1", "2025-09-08 07:00:00") + "\n" + attlog_line("2", "2025-09-08 07:01:00")
    with mock.patch(
        "reformdesk.attendance.services.receiving._link_waiting_photos",
        side_effect=DatabaseError("disk full"),
    ):
        response = post(device_client, body, serial=device.serial, Stamp="99")
    assert (response.status_code, text(response)) == (503, "ERROR: server busy, retry")
    assert Punch.objects.count() == 0
    assert DevicePerson.objects.count() == 0
    device.refresh_from_db()
    assert device.attlog_stamp == "0"
    assert text(post(device_client, body, serial=device.serial, Stamp="99")) == "OK:2"
    assert Punch.objects.count() == 2


@pytest.mark.parametrize(
    "bad_time", ["0001-01-01 07:00:00", "1999-12-31 23:59:59", "2100-01-01 00:00:00", "9999-12-31 23:59:59"]
)
def test_a_line_dated_outside_the_device_clock_s_range_is_malformed_and_the_rest_stored(
    tree, device_client: Client, bad_time: str
) -> None:
    """GIVEN an upload with one line dated year 0001 (or another year no device clock can show)
    WHEN the device posts it THEN that line is counted as malformed, the good lines are stored and
    acknowledged; never a 500 that would make the device resend the batch forever."""
    device = make_device(unit=tree.commune_a)
    body = "\n".join(
        [
            attlog_line("1", "2025-09-08 07:00:00"),
            attlog_line("2", bad_time),
            attlog_line("3", "2025-09-08 07:01:00"),
        ]
    )
    response = post(device_client, body, serial=device.serial, Stamp="42")
    assert (response.status_code, text(response)) == (200, "OK:2")
    assert list(Punch.objects.order_by("pin").values_list("pin", "punched_at")) == [
        ("1", vn(2025, 9, 8, 7, 0)),
        ("3", vn(2025, 9, 8, 7, 1)),
    ]
    device.refresh_from_db()
    assert (device.malformed_lines, device.attlog_stamp) == (1, "42")


def test_operlog_and_photos_dated_year_0001_are_malformed_not_a_server_error(
    tree, device_client: Client
) -> None:
    device = make_device(unit=tree.commune_a)
    operlog = "OPLOG 21\t0\t0001-01-01 06:00:00\t0\t0\t0\t0\nOPLOG 21\t0\t2025-09-08 06:00:00\t0\t0\t0\t0\n"
    assert text(post(device_client, operlog, serial=device.serial, table="OPERLOG")) == "OK:1"
    assert DeviceOperation.objects.count() == 1
    photo = photo_body("00010101000000-1.jpg")
    assert text(post(device_client, photo, serial=device.serial, table="ATTPHOTO")) == "OK:0"
    assert PunchPhoto.objects.count() == 0
    assert Device.objects.get(pk=device.pk).malformed_lines == 2


def test_future_punches_are_kept_and_flagged(tree, device_client: Client) -> None:
    device = make_device(unit=tree.commune_a)
    now = timezone.localtime()
    soon = (now + dt.timedelta(minutes=2)).strftime("%Y-%m-%d %H:%M:%S")
    far = (now + dt.timedelta(days=400)).strftime("%Y-%m-%d %H:%M:%S")
    body = attlog_line("1", soon) + "\n" + attlog_line("1", far) + "\n"
    assert text(post(device_client, body, serial=device.serial)) == "OK:2"
    assert sorted(Punch.objects.values_list("is_future", flat=True)) == [False, True]


def test_oversized_body_is_refused_whole(tree, device_client: Client, settings) -> None:
    settings.ATTENDANCE_MAX_BODY_BYTES = 100
    device = make_device(unit=tree.commune_a)
    body = "\n".join(attlog_line(str(pin), "2025-09-08 07:00:00") for pin in range(1, 10))
    response = post(device_client, body, serial=device.serial, Stamp="5")
    assert (response.status_code, text(response)) == (413, "ERROR: body larger than 100 bytes")
    assert Punch.objects.count() == 0
    device.refresh_from_db()
    assert (device.rejected_uploads, device.attlog_stamp) == (1, "0")


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data; boundary=x", "text/html"])
def test_wrong_content_type_is_refused_whole(tree, device_client: Client, content_type: str) -> None:
    device = make_device(unit=tree.commune_a)
    response = post(
        device_client,
        attlog_line("1", "2025-09-08 07:00:00"),
        serial=device.serial,
        content_type=content_type,
    )
    assert (response.status_code, text(response)) == (415, "ERROR: unsupported content type")
    assert Punch.objects.count() == 0
    assert Device.objects.get(pk=device.pk).rejected_uploads == 1


@pytest.mark.parametrize(
    "content_type", ["", "application/x-www-form-urlencoded", "application/octet-stream"]
)
def test_content_types_devices_send_are_accepted(tree, device_client: Client, content_type: str) -> None:
    device = make_device(unit=tree.commune_a)
    response = post(
        device_client,
        attlog_line("1", "2025-09-08 07:00:00"),
        serial=device.serial,
        content_type=content_type,
    )
    assert text(response) == "OK:1"


def test_unknown_table_is_held_and_acknowledged(tree, device_client: Client) -> None:
    device = make_device(unit=tree.commune_a)
    response = post(device_client, "a=1\nb=2\n", serial=device.serial, table="BIODATA")
    assert text(response) == "OK:2"
    held = HeldUpload.objects.get()
    assert (held.table, held.reason, bytes(held.body)) == ("BIODATA", HeldReason.UNKNOWN_TABLE, b"a=1\nb=2\n")
    assert text(post(device_client, "x", serial=device.serial, table="")) == "ERROR: missing table"


def test_pending_device_data_is_held_then_replayed_on_approval(tree, personas, device_client: Client) -> None:
    from reformdesk.attendance.services.devices import device_approve

    serial = "PEND0001"
    device_client.get(f"/iclock/cdata?SN={serial}&options=all&pushver=2.4.1")
    body = attlog_line("1", "2025-09-08 07:00:00") + "\n" + attlog_line("2", "2025-09-08 07:05:00")
    assert text(post(device_client, body, serial=serial, Stamp="2")) == "OK:2"
    assert text(post(device_client, body, serial=serial, Stamp="2")) == "OK:2"  # a resend, held too
    assert (
        text(post(device_client, photo_body("20250908070000-1.jpg"), serial=serial, table="ATTPHOTO"))
        == "OK:1"
    )
    users = "USER PIN=1\tName=Nguyen Van A\tPri=0\nOPLOG 21\t0\t2025-09-08 06:00:00\t0\t0\t0\t0\n"
    assert text(post(device_client, users, serial=serial, table="OPERLOG")) == "OK:2"
    assert (Punch.objects.count(), PunchPhoto.objects.count(), DeviceOperation.objects.count()) == (0, 0, 0)
    assert HeldUpload.objects.filter(reason=HeldReason.PENDING_DEVICE).count() == 4
    device = Device.objects.get(serial=serial)
    assert device.attlog_stamp == "2"

    replayed = device_approve(actor=personas.admin, device=device, unit=tree.commune_a, location="entrance")
    assert replayed == 2 + 2 + 1 + 2
    assert sorted(Punch.objects.values_list("pin", flat=True)) == ["1", "2"]
    photo = PunchPhoto.objects.get()
    assert photo.punch == Punch.objects.get(pin="1")
    assert DeviceOperation.objects.get().code == 21
    assert DevicePerson.objects.get(pin="1").name_on_device == "Nguyen Van A"
    assert HeldUpload.objects.filter(replayed_at__isnull=True).count() == 0
    event = AuditEvent.objects.get(action="device.approve")
    assert event.changes["unit"] == [None, tree.commune_a.code]
    assert event.changes["replayed_lines"] == [None, 7]


def test_photo_and_punch_are_linked_whichever_arrives_first(tree, device_client: Client) -> None:
    device = make_device(unit=tree.commune_a)
    # the photo first, then its punch
    assert (
        text(
            post(device_client, photo_body("20250908072803-1001.jpg"), serial=device.serial, table="ATTPHOTO")
        )
        == "OK:1"
    )
    post(device_client, attlog_line("1001", "2025-09-08 07:28:03"), serial=device.serial)
    # the punch first, then its photo (base64 firmware)
    post(device_client, attlog_line("1002", "2025-09-08 07:30:00"), serial=device.serial)
    import base64

    jpeg = tiny_jpeg("second")
    b64 = b"PIN=20250908073000-1002.jpg\nSN=X\nCMD=uploadphoto\n" + base64.b64encode(jpeg)
    assert (
        text(post(device_client, b64, serial=device.serial, table="ATTPHOTO", Stamp="20250908073000"))
        == "OK:1"
    )
    first, second = PunchPhoto.objects.order_by("taken_at")
    assert first.punch == Punch.objects.get(pin="1001")
    assert second.punch == Punch.objects.get(pin="1002")
    assert second.image.read() == jpeg
    assert Device.objects.get(pk=device.pk).attphoto_stamp == "20250908073000"
    # a resend of a photo is acknowledged and not stored twice
    assert text(post(device_client, b64, serial=device.serial, table="ATTPHOTO")) == "OK:1"
    assert PunchPhoto.objects.count() == 2


def test_failed_verification_photo_and_non_jpeg(tree, device_client: Client) -> None:
    device = make_device(unit=tree.commune_a)
    assert (
        text(post(device_client, photo_body("20250908120517.jpg"), serial=device.serial, table="ATTPHOTO"))
        == "OK:1"
    )
    assert (
        text(post(device_client, photo_body("20250908120517.jpg"), serial=device.serial, table="ATTPHOTO"))
        == "OK:1"
    )
    failed = PunchPhoto.objects.get()
    assert (failed.pin, failed.is_failed_verification, failed.punch) == (None, True, None)
    gif = photo_body("20250908120600-1.jpg", jpeg=b"GIF89a\x01\x00\x01\x00")
    assert text(post(device_client, gif, serial=device.serial, table="ATTPHOTO")) == "OK:0"
    assert PunchPhoto.objects.count() == 1
    assert Device.objects.get(pk=device.pk).malformed_lines == 1


def test_operlog_users_map_by_employee_code_or_name_and_hand_mappings_win(
    tree, device_client: Client
) -> None:
    device = make_device(unit=tree.commune_a)
    by_code = make_official(unit=tree.commune_a, employee_code="NA00001", full_name="Lê Văn Bình")
    by_name = make_official(unit=tree.commune_a, full_name="Trần Thị Đào")
    other = make_official(unit=tree.commune_a, full_name="Phạm Văn Hải")
    map_pin(unit=tree.commune_a, pin="77", official=other)
    post(device_client, attlog_line("5", "2025-09-08 07:00:00"), serial=device.serial)  # before the mapping
    body = (
        "USER PIN=NA00001\tName=Binh\tPri=0\n"
        "USER PIN=5\tName=Tran Thi Dao\tPri=0\n"
        "USER PIN=77\tName=Someone Else\tPri=0\n"
        "USER PIN=9\tName=Khach\tPri=0\n"
        "FP PIN=5\tFID=1\tSize=10\tValid=1\tTMP=AAAA\n"
        "OPLOG 23\t1\t2025-09-08 06:00:00\t0\t0\t0\t0\n"
    )
    assert text(post(device_client, body, serial=device.serial, table="OPERLOG", OpStamp="3")) == "OK:6"
    assert text(post(device_client, body, serial=device.serial, table="OPERLOG", OpStamp="3")) == "OK:6"
    people = dict(DevicePerson.objects.values_list("pin", "official_id"))
    assert people == {"NA00001": by_code.pk, "5": by_name.pk, "77": other.pk, "9": None}
    assert Punch.objects.get(pin="5").official == by_name
    operation = DeviceOperation.objects.get()
    assert (operation.code, operation.is_tamper, str(operation.label)) == (23, True, "Xóa lượt chấm công")
    assert Device.objects.get(pk=device.pk).operlog_stamp == "3"


def test_options_info_commands_and_results(tree, device_client: Client) -> None:
    device = make_device(unit=tree.commune_a)
    options = "~DeviceName=SpeedFace-V5L,FWVersion=ZAM180-NF-Ver1.0.7,UserCount=3"
    assert text(post(device_client, options, serial=device.serial, table="options")) == "OK"
    assert (
        text(device_client.get(f"/iclock/getrequest?SN={device.serial}&INFO=Ver 8.0.4.2,3,3,30,10.0.0.5"))
        == "OK"
    )
    device.refresh_from_db()
    assert (device.model_name, device.firmware, device.options["UserCount"]) == (
        "SpeedFace-V5L",
        "Ver 8.0.4.2",
        "3",
    )
    check = DeviceCommand.objects.create(device=device, kind="check", command="CHECK")
    reboot = DeviceCommand.objects.create(device=device, kind="reboot", command="REBOOT")
    assert (
        text(device_client.get(f"/iclock/getrequest?SN={device.serial}"))
        == f"C:{check.pk}:CHECK\nC:{reboot.pk}:REBOOT\n"
    )
    assert text(device_client.get(f"/iclock/getrequest?SN={device.serial}")) == "OK"
    result = f"ID={check.pk}&Return=0&CMD=CHECK\nID={reboot.pk}&Return=-1002&CMD=REBOOT\nID=999999&Return=0"
    response = device_client.generic(
        "POST", f"/iclock/devicecmd?SN={device.serial}", data=result, content_type="text/plain"
    )
    assert text(response) == "OK"
    check.refresh_from_db()
    reboot.refresh_from_db()
    assert (check.status, check.return_code) == (CommandStatus.DONE, 0)
    assert (reboot.status, reboot.return_code) == (CommandStatus.FAILED, -1002)


def test_pending_device_gets_no_commands_ping_and_fdata(device_client: Client) -> None:
    device = make_device(serial="PEND0002")
    DeviceCommand.objects.create(device=device, kind="check", command="CHECK")
    assert text(device_client.get("/iclock/getrequest?SN=PEND0002")) == "OK"
    assert text(device_client.get("/iclock/ping?SN=PEND0002")) == "OK"
    response = device_client.generic(
        "POST",
        "/iclock/fdata?SN=PEND0002&table=ATTPHOTO",
        data=photo_body("20250908070000-1.jpg"),
        content_type="",
    )
    assert text(response) == "OK:1"
    assert HeldUpload.objects.get().table == "ATTPHOTO"
    assert device_client.put("/iclock/cdata?SN=PEND0002").status_code == 405


def test_new_serials_from_one_address_are_limited(tree, device_client: Client, settings) -> None:
    settings.ATTENDANCE_NEW_DEVICES_PER_HOUR = 2
    known = make_device(unit=tree.commune_a, serial="KNOWN1")
    for serial in ("FLOOD1", "FLOOD2"):
        assert device_client.get(f"/iclock/cdata?SN={serial}&options=all").status_code == 200
    response = device_client.get("/iclock/cdata?SN=FLOOD3&options=all")
    assert (response.status_code, text(response)) == (
        429,
        "ERROR: too many new devices from this address, retry later",
    )
    assert sorted(Device.objects.values_list("serial", flat=True)) == ["FLOOD1", "FLOOD2", "KNOWN1"]
    assert (
        device_client.get(f"/iclock/cdata?SN={known.serial}&options=all").status_code == 200
    )  # known ones pass
    assert device_client.get("/iclock/cdata?SN=FLOOD1&options=all").status_code == 200
