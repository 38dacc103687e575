"""A device's communication key (``pushcommkey``): sent on the handshake only, so it binds the
address uploads are accepted from; kept encrypted, never shown back."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from reformdesk.attendance.choices import HeldReason
from reformdesk.attendance.models import Device, HeldUpload, Punch
from reformdesk.attendance.services.devices import command_check, device_set_comm_key, device_set_networks
from reformdesk.attendance.tests.factories import attlog_line, make_device
from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

KEY = "4a9594af164f2b9779b59e8554b5df26"  # the form of the protocol document's example


def handshake(serial: str, ip: str, key: str | None = KEY):
    query = f"SN={serial}&options=all&pushver=2.4.1" + (f"&pushcommkey={key}" if key is not None else "")
    return Client().get(f"/iclock/cdata?{query}", REMOTE_ADDR=ip)


def upload(serial: str, ip: str, pin: str = "7"):
    return Client().generic(
        "POST",
        f"/iclock/cdata?SN={serial}&table=ATTLOG&Stamp=3",
        data=attlog_line(pin, "2025-09-08 07:31:00"),
        content_type="text/plain",
        REMOTE_ADDR=ip,
    )


def stored_key(device: Device) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT comm_key_encrypted FROM attendance_device WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


@pytest.fixture
def keyed(tree, personas) -> Device:
    device = make_device(unit=tree.commune_a, serial="KEYED1")
    device_set_networks(actor=personas.admin, device=device, networks=["10.1.2.0/24"])
    return device_set_comm_key(actor=personas.admin, device=device, key=KEY)


def test_the_key_is_stored_encrypted_and_audited_without_its_value(keyed):
    raw = stored_key(keyed)
    assert raw and KEY not in raw
    assert Device.objects.get(pk=keyed.pk).comm_key == KEY
    event = AuditEvent.objects.get(action="device.comm_key")
    assert event.changes == {"comm_key": [False, True]}
    assert KEY not in str(event.changes)


@pytest.mark.parametrize("bad", ["có dấu", "a b", "x" * 65])
def test_a_malformed_key_is_refused_and_changes_nothing(tree, personas, bad):
    device = make_device(unit=tree.commune_a)
    with pytest.raises(ValidationError) as error:
        device_set_comm_key(actor=personas.admin, device=device, key=bad)
    assert error.value.message_dict == {
        "comm_key": ["Khóa giao tiếp gồm 1 đến 64 chữ cái không dấu, chữ số hoặc ký hiệu, không có dấu cách."]
    }
    assert stored_key(device) == ""
    assert not AuditEvent.objects.filter(action="device.comm_key").exists()


def test_a_handshake_with_the_key_binds_its_address_and_uploads_from_there_are_stored(keyed):
    response = handshake("KEYED1", "10.1.2.7")
    assert response.status_code == 200
    assert response.content.decode().startswith("GET OPTION FROM: KEYED1\n")
    keyed.refresh_from_db()
    assert keyed.key_verified_ip == "10.1.2.7"
    assert upload("KEYED1", "10.1.2.7").content == b"OK:1"
    assert Punch.objects.filter(device=keyed).count() == 1
    assert HeldUpload.objects.count() == 0


def test_uploads_from_another_address_of_the_network_are_held_and_reported_once(keyed):
    handshake("KEYED1", "10.1.2.7")
    # Inside the allowed network but not where the keyed handshake came from: the upload carries no
    # key (the protocol sends none), so nothing proves it is the device.
    assert upload("KEYED1", "10.1.2.99").content == b"OK:1"
    assert upload("KEYED1", "10.1.2.99", pin="8").content == b"OK:1"
    assert Punch.objects.count() == 0
    assert list(HeldUpload.objects.values_list("reason", flat=True)) == [HeldReason.BAD_KEY] * 2
    event = AuditEvent.objects.get(action="device.bad_key")
    assert event.changes == {"address": [None, "10.1.2.99"], "verified_address": ["10.1.2.7", None]}


def test_before_any_keyed_handshake_every_upload_is_held(keyed):
    assert upload("KEYED1", "10.1.2.7").content == b"OK:1"
    assert HeldUpload.objects.get().reason == HeldReason.BAD_KEY


@pytest.mark.parametrize("sent", [None, "", "sai-khoa"])
def test_a_handshake_without_the_key_is_refused_and_keeps_the_verified_address(keyed, sent):
    handshake("KEYED1", "10.1.2.7")
    refused = handshake("KEYED1", "10.1.2.66", key=sent)
    assert (refused.status_code, refused.content) == (403, b"ERROR: wrong or missing communication key")
    keyed.refresh_from_db()
    assert keyed.key_verified_ip == "10.1.2.7"  # a stranger's attempt does not cut the device off
    event = AuditEvent.objects.get(action="device.key_mismatch")
    assert event.changes == {"address": [None, "10.1.2.66"], "key_sent": [None, bool(sent)]}
    handshake("KEYED1", "10.1.2.66", key="sai-nua")
    assert AuditEvent.objects.filter(action="device.key_mismatch").count() == 1  # at most hourly


def test_a_device_without_a_key_handshakes_as_before(tree):
    make_device(unit=tree.commune_a, serial="NOKEY1")
    assert handshake("NOKEY1", "10.1.2.7", key=None).status_code == 200
    assert handshake("NOKEY1", "10.1.2.7", key="anything").status_code == 200
    assert upload("NOKEY1", "10.9.9.9").content == b"OK:1"
    assert Punch.objects.count() == 1


def test_commands_go_only_to_the_keyed_address(keyed, personas):
    command_check(actor=personas.admin, device=keyed)
    handshake("KEYED1", "10.1.2.7")
    assert Client().get("/iclock/getrequest?SN=KEYED1", REMOTE_ADDR="10.1.2.8").content == b"OK"
    assert Client().get("/iclock/getrequest?SN=KEYED1", REMOTE_ADDR="10.1.2.7").content.startswith(b"C:")


def test_a_new_key_needs_a_new_handshake_and_removing_it_lifts_the_check(keyed, personas):
    handshake("KEYED1", "10.1.2.7")
    device = device_set_comm_key(actor=personas.admin, device=keyed, key="khoa-moi-2026")
    assert (device.key_verified_ip, device.key_verified_at) == (None, None)
    assert upload("KEYED1", "10.1.2.7").content == b"OK:1"
    assert HeldUpload.objects.get().reason == HeldReason.BAD_KEY
    assert handshake("KEYED1", "10.1.2.7").status_code == 403  # the old key no longer opens
    assert handshake("KEYED1", "10.1.2.7", key="khoa-moi-2026").status_code == 200
    device_set_comm_key(actor=personas.admin, device=keyed, key="")
    assert stored_key(keyed) == ""
    assert upload("KEYED1", "10.1.2.50", pin="9").content == b"OK:1"
    assert Punch.objects.filter(pin="9").count() == 1
    audited = AuditEvent.objects.filter(action="device.comm_key").order_by("pk")
    assert list(audited.values_list("changes", flat=True)) == [
        {"comm_key": [False, True]},
        {"comm_key": [True, True]},
        {"comm_key": [True, False]},
    ]


def test_rotation_re_encrypts_device_keys_with_the_new_key(tree, personas):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(TOTP_ENCRYPTION_KEY=old_key, TOTP_ENCRYPTION_OLD_KEYS=[]):
        device = device_set_comm_key(actor=personas.admin, device=make_device(unit=tree.commune_a), key=KEY)
    with override_settings(TOTP_ENCRYPTION_KEY=new_key, TOTP_ENCRYPTION_OLD_KEYS=[old_key]):
        out = io.StringIO()
        call_command("rotate_device_keys", stdout=out)
    assert out.getvalue() == "Re-encrypted 1 device communication keys with the current key.\n"
    with override_settings(TOTP_ENCRYPTION_KEY=new_key, TOTP_ENCRYPTION_OLD_KEYS=[]):
        assert Device.objects.get(pk=device.pk).comm_key_matches(KEY)
    with override_settings(TOTP_ENCRYPTION_KEY=old_key, TOTP_ENCRYPTION_OLD_KEYS=[]):
        assert not Device.objects.get(pk=device.pk).comm_key_matches(KEY)  # unreadable: matches nothing


def test_the_page_never_shows_the_key_and_sets_or_removes_it(keyed, personas):
    client = sign_in(Client(), personas.admin)
    page = client.get("/staff/attendance/devices/KEYED1/").content.decode()
    assert KEY not in page and stored_key(keyed) not in page
    assert "Máy đã có khóa giao tiếp (không hiển thị lại)." in page
    url = "/staff/attendance/devices/KEYED1/key/"
    page = client.post(url, {"comm_key": "có dấu"}).content.decode()
    assert 'data-testid="key-error"' in page
    assert "Khóa giao tiếp gồm 1 đến 64 chữ cái không dấu" in page
    assert Device.objects.get(pk=keyed.pk).comm_key == KEY
    response = client.post(url, {"comm_key": "khoa-moi-2026"}, follow=True)
    assert "Đã đặt khóa giao tiếp cho máy KEYED1." in response.content.decode()
    assert "khoa-moi-2026" not in response.content.decode()
    assert Device.objects.get(pk=keyed.pk).comm_key == "khoa-moi-2026"
    response = client.post(url, {"clear": "1"}, follow=True)
    assert "Đã bỏ khóa giao tiếp của máy KEYED1." in response.content.decode()
    assert "Máy chưa có khóa giao tiếp." in response.content.decode()
    assert stored_key(keyed) == ""
