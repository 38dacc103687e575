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


# --- The device page: networks, held uploads released or discarded -------------------------------


@pytest.fixture
def fenced(tree, personas):
    """An approved device of commune A sending only from 10.1.2.0/24, with two uploads held from
    elsewhere (an ATTLOG line and an OPERLOG user line) and a pending device's upload."""
    device = make_device(unit=tree.commune_a, serial="FENCEDA")
    device_set_networks(actor=personas.admin, device=device, networks=["10.1.2.0/24"])
    upload("FENCEDA", "203.0.113.9")
    Client().generic(
        "POST",
        "/iclock/cdata?SN=FENCEDA&table=OPERLOG",
        data="USER PIN=7\tName=Nguyen Van Binh\tPri=0\n",
        content_type="text/plain",
        REMOTE_ADDR="203.0.113.9",
    )
    upload("PENDING1", "10.9.9.9")
    return Device.objects.get(pk=device.pk)


def _manager_of_commune_b(tree):
    from reformdesk.org.choices import Role
    from reformdesk.org.tests.factories import make_official

    official = make_official(unit=tree.commune_b, role=Role.ADMIN, username="quantri_b")
    return official.user


def _snapshot():
    return (
        list(HeldUpload.objects.order_by("pk").values_list("pk", "reason", "replayed_at")),
        list(Device.objects.order_by("pk").values_list("serial", "allowed_networks", "comm_key_encrypted")),
        Punch.objects.count(),
        list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)),
    )


def test_the_device_page_shows_the_held_data_and_the_forms(fenced, personas):
    page = sign_in(Client(), personas.admin).get("/staff/attendance/devices/FENCEDA/").content.decode()
    assert 'data-testid="untrusted-warning"' in page
    assert "Gửi từ địa chỉ ngoài mạng cho phép" in page
    assert 'data-testid="networks-form"' in page and ">10.1.2.0/24</textarea>" in page
    assert 'data-testid="key-form"' in page and "Máy chưa có khóa giao tiếp." in page
    assert 'action="/staff/attendance/devices/FENCEDA/held/release/"' in page
    assert 'data-confirm="Ghi nhận dữ liệu đang giữ thành lượt chấm công?' in page
    assert 'action="/staff/attendance/devices/FENCEDA/held/discard/"' in page
    assert 'data-confirm="Bỏ hẳn dữ liệu đang giữ của máy này?' in page
    assert '<option value="check">Yêu cầu gửi lại dữ liệu</option>' in page  # the command list is filled
    chair = sign_in(Client(), personas.chair_a).get("/staff/attendance/devices/FENCEDA/").content.decode()
    assert 'data-testid="untrusted-warning"' in chair  # leaders see the warning...
    assert "networks-form" not in chair and "/held/release/" not in chair  # ...not the controls


def test_networks_are_set_from_the_page(fenced, personas):
    client = sign_in(Client(), personas.admin)
    response = client.post(
        "/staff/attendance/devices/FENCEDA/networks/",
        {"allowed_networks": "10.1.2.0/24\n192.0.2.7, 198.51.100.0/24"},
    )
    assert response.status_code == 302
    fenced.refresh_from_db()
    assert fenced.allowed_networks == ["10.1.2.0/24", "192.0.2.7/32", "198.51.100.0/24"]
    event = AuditEvent.objects.filter(action="device.networks").latest("pk")
    assert event.changes["allowed_networks"] == [
        ["10.1.2.0/24"],
        ["10.1.2.0/24", "192.0.2.7/32", "198.51.100.0/24"],
    ]
    assert event.actor == personas.admin


def test_a_wrong_network_is_shown_beside_the_field_and_changes_nothing(fenced, personas):
    before = _snapshot()
    response = sign_in(Client(), personas.admin).post(
        "/staff/attendance/devices/FENCEDA/networks/", {"allowed_networks": "10.1.2.0/24\nphòng máy"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<div class="invalid-feedback d-block" data-testid="networks-error">'
        "“phòng” không phải là địa chỉ hoặc dải địa chỉ (CIDR).</div>"
    ) in page
    assert "10.1.2.0/24\nphòng máy</textarea>" in page  # what was typed is kept for correcting
    assert _snapshot() == before


def test_releasing_stores_the_held_uploads_once(fenced, personas):
    client = sign_in(Client(), personas.admin)
    response = client.post("/staff/attendance/devices/FENCEDA/held/release/", follow=True)
    assert "Đã nhận dữ liệu đang giữ của máy FENCEDA: 2 dòng được ghi nhận." in response.content.decode()
    assert list(Punch.objects.values_list("device__serial", "pin")) == [("FENCEDA", "7")]
    assert fenced.unit.device_people.get(pin="7").name_on_device == "Nguyen Van Binh"
    assert HeldUpload.objects.filter(device=fenced, replayed_at__isnull=True).count() == 0
    assert HeldUpload.objects.filter(device__serial="PENDING1", replayed_at__isnull=True).count() == 1
    event = AuditEvent.objects.get(action="device.held_release")
    assert event.changes["held_uploads"] == [2, 0]
    assert event.changes["replayed_lines"] == [None, 2]
    again = client.post("/staff/attendance/devices/FENCEDA/held/release/", follow=True)
    assert "Máy không có dữ liệu nào đang bị giữ." in again.content.decode()
    assert Punch.objects.count() == 1
    assert AuditEvent.objects.filter(action="device.held_release").count() == 1
    page = client.get("/staff/attendance/devices/").content.decode()
    assert 'data-testid="foreign-warning"' not in page


def test_discarding_deletes_the_held_uploads_and_keeps_their_description(fenced, personas):
    response = sign_in(Client(), personas.admin).post(
        "/staff/attendance/devices/FENCEDA/held/discard/", follow=True
    )
    assert "Đã bỏ 2 lần gửi dữ liệu đang giữ của máy FENCEDA." in response.content.decode()
    assert not HeldUpload.objects.filter(device=fenced).exists()
    assert HeldUpload.objects.filter(device__serial="PENDING1").count() == 1  # another device's: kept
    assert Punch.objects.count() == 0
    event = AuditEvent.objects.get(action="device.held_discard")
    assert event.changes["held_uploads"] == [2, 0]
    assert event.changes["tables"] == [["ATTLOG", "OPERLOG"], None]


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/staff/attendance/devices/FENCEDA/networks/", {"allowed_networks": "0.0.0.0/0"}),
        ("/staff/attendance/devices/FENCEDA/key/", {"comm_key": "khoa-gia"}),
        ("/staff/attendance/devices/FENCEDA/key/", {"clear": "1"}),
        ("/staff/attendance/devices/FENCEDA/held/release/", {}),
        ("/staff/attendance/devices/FENCEDA/held/discard/", {}),
    ],
)
def test_only_device_managers_of_the_unit_may_post(fenced, personas, tree, url, data):
    manager_b = _manager_of_commune_b(tree)
    before = _snapshot()
    # a device manager of commune B does not see commune A's device
    assert sign_in(Client(), manager_b).post(url, data).status_code == 404
    # leaders and the district reform officer read devices but do not manage them
    assert sign_in(Client(), personas.chair_a).post(url, data).status_code == 403
    assert sign_in(Client(), personas.district_reform).post(url, data).status_code == 403
    assert sign_in(Client(), personas.specialist_b).post(url, data).status_code == 403
    assert Client().post(url, data).status_code == 302  # to the sign-in page
    assert sign_in(Client(), personas.admin).get(url).status_code == 405  # POST only
    assert _snapshot() == before


def test_the_forms_need_the_csrf_token(fenced, personas):
    before = _snapshot()
    client = sign_in(Client(enforce_csrf_checks=True), personas.admin)
    assert client.post("/staff/attendance/devices/FENCEDA/held/discard/").status_code == 403
    assert (
        client.post("/staff/attendance/devices/FENCEDA/networks/", {"allowed_networks": ""}).status_code
        == 403
    )
    assert _snapshot() == before


def test_a_pending_device_gets_no_networks_or_key_from_the_page(fenced, personas):
    before = _snapshot()
    client = sign_in(Client(), personas.admin)
    page = client.get("/staff/attendance/devices/PENDING1/").content.decode()
    assert "networks-form" not in page and "key-form" not in page
    for url, data in [("networks/", {"allowed_networks": "10.0.0.0/8"}), ("key/", {"comm_key": "khoa-moi"})]:
        response = client.post(f"/staff/attendance/devices/PENDING1/{url}", data, follow=True)
        assert "Chỉ đặt mạng và khóa giao tiếp cho máy đã duyệt." in response.content.decode()
    response = client.post("/staff/attendance/devices/PENDING1/held/discard/", follow=True)
    assert "Chỉ xử lý dữ liệu đang giữ của máy đã duyệt." in response.content.decode()
    assert _snapshot() == before
