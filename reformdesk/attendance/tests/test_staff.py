"""Staff pages: who sees what, approving a device, mapping a PIN, punches and photos (logged)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from reformdesk.attendance.choices import CommandStatus, DeviceStatus, HeldReason
from reformdesk.attendance.jpeg import tiny_jpeg
from reformdesk.attendance.models import Device, DeviceCommand, DevicePerson, HeldUpload, Punch, PunchPhoto
from reformdesk.attendance.tests.factories import make_device, map_pin, vn
from reformdesk.core.models import AccessLog, AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    return sign_in(Client(), user)


@pytest.fixture
def data(tree, personas):
    device = make_device(unit=tree.commune_a, serial="STAFFA")
    official = make_official(unit=tree.commune_a, full_name="Võ Thị Lan")
    map_pin(unit=tree.commune_a, pin="1", official=official)
    punch = Punch.objects.create(
        device=device,
        unit=tree.commune_a,
        pin="1",
        official=official,
        punched_at=vn(2025, 9, 8, 7, 1),
        raw_line="x",
    )
    photo = PunchPhoto(device=device, pin="1", taken_at=punch.punched_at, size=331, punch=punch)
    photo.image.save("20250908070100-1.jpg", ContentFile(tiny_jpeg()), save=True)
    Punch.objects.create(
        device=device, unit=tree.commune_a, pin="5", punched_at=vn(2025, 9, 8, 7, 2), raw_line="y"
    )
    DevicePerson.objects.create(unit=tree.commune_a, pin="5", source="device", source_device=device)
    pending = make_device(serial="NEWPEND")
    HeldUpload.objects.create(
        device=pending,
        table="ATTLOG",
        reason=HeldReason.PENDING_DEVICE,
        body=b"9\t2025-09-08 07:00:00\t0\t1\n",
    )
    return device, official, punch, photo, pending


@pytest.mark.parametrize(
    ("url", "allowed", "denied"),
    [
        (
            "/staff/attendance/devices/",
            ["admin", "chair_a", "inspector", "district_reform"],
            ["one_stop_a", "outsider"],
        ),
        (
            "/staff/attendance/punches/",
            ["admin", "chair_a", "inspector"],
            ["one_stop_a", "specialist_b", "outsider"],
        ),
        (
            "/staff/attendance/pins/",
            ["admin", "chair_a", "district_reform"],
            ["inspector", "one_stop_a", "outsider"],
        ),
        (
            "/staff/attendance/devices/NEWPEND/approve/",
            ["admin"],
            ["chair_a", "district_reform", "inspector"],
        ),
    ],
)
def test_access_matrix(data, personas, url, allowed, denied) -> None:
    for name in allowed:
        assert _client(getattr(personas, name)).get(url).status_code == 200, name
    for name in denied:
        assert _client(getattr(personas, name)).get(url).status_code == 403, name
    assert Client().get(url).status_code == 302


def test_device_list_warns_of_offline_devices(data, personas) -> None:
    Device.objects.filter(serial="STAFFA").update(last_contact_at=timezone.now() - dt.timedelta(hours=3))
    page = _client(personas.admin).get("/staff/attendance/devices/").content.decode()
    assert "1 máy không kết nối quá 60 phút:" in page
    assert "1 máy mới đang chờ duyệt." in page
    assert "/staff/attendance/devices/NEWPEND/approve/" in page
    chair = _client(personas.chair_a).get("/staff/attendance/devices/").content.decode()
    assert "NEWPEND" not in chair and "STAFFA" in chair


def test_approve_form_replays_held_data(data, personas, tree) -> None:
    client = _client(personas.admin)
    response = client.post(
        "/staff/attendance/devices/NEWPEND/approve/", {"unit": tree.commune_b.pk, "location": "exit"}
    )
    assert response.status_code == 302
    pending = Device.objects.get(serial="NEWPEND")
    assert (pending.status, pending.unit, pending.location) == (DeviceStatus.APPROVED, tree.commune_b, "exit")
    assert Punch.objects.filter(device=pending).count() == 1
    assert client.get("/staff/attendance/devices/NEWPEND/approve/").status_code == 404


def test_approve_form_refuses_bad_input_and_changes_nothing(data, personas, tree) -> None:
    response = _client(personas.admin).post(
        "/staff/attendance/devices/NEWPEND/approve/", {"unit": tree.commune_b.pk, "location": "roof"}
    )
    assert response.status_code == 200
    assert (
        "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
        or "Select a valid choice" in response.content.decode()
    )
    pending = Device.objects.get(serial="NEWPEND")
    assert (pending.status, pending.unit_id) == (DeviceStatus.PENDING, None)
    assert not AuditEvent.objects.filter(action="device.approve").exists()


def test_punch_list_logs_access_and_shows_photos_to_leaders(
    data, personas, django_assert_max_num_queries
) -> None:
    client = _client(personas.chair_a)
    client.get("/staff/attendance/punches/")
    AccessLog.objects.all().delete()
    with django_assert_max_num_queries(14):
        page = client.get("/staff/attendance/punches/").content.decode()
    assert "Võ Thị Lan" in page and "Xem ảnh" in page
    assert sorted(AccessLog.objects.values_list("subject_type", "purpose")) == [
        ("attendance.punch", "punches.view"),
        ("org.official", "punches.view"),
    ]
    reform_page = _client(personas.district_reform).get("/staff/attendance/punches/").content.decode()
    assert "Võ Thị Lan" in reform_page and "Xem ảnh" not in reform_page  # reform officers: no photos


def test_punch_list_filters(data, personas, tree) -> None:
    client = _client(personas.inspector)
    page = client.get("/staff/attendance/punches/?q=5").content.decode()
    assert "Chưa xác định" in page and "Võ Thị Lan" not in page
    page = client.get("/staff/attendance/punches/?start=2025-09-09").content.decode()
    assert "Võ Thị Lan" not in page
    page = client.get("/staff/attendance/punches/?start=not-a-date").content.decode()
    assert "Ngày không hợp lệ. Ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026." in page


def test_photo_view_logged_for_leaders_and_inspectors_only(data, personas) -> None:
    _device, _official, _punch, photo, _pending = data
    url = f"/staff/attendance/photos/{photo.pk}/"
    response = _client(personas.inspector).get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    assert b"".join(response.streaming_content) == tiny_jpeg()
    log = AccessLog.objects.get()
    assert (log.subject_type, log.purpose, log.actor_label) == (
        "attendance.punchphoto",
        "photo.view",
        "thanhtra_huyen",
    )
    assert _client(personas.district_reform).get(url).status_code == 403
    assert _client(personas.one_stop_a).get(url).status_code == 403
    assert AccessLog.objects.count() == 1


def test_unknown_pin_mapped_by_hand(data, personas, tree) -> None:
    _device, official, *_rest = data
    person = DevicePerson.objects.get(pin="5")
    page = _client(personas.chair_a).get("/staff/attendance/pins/").content.decode()
    assert f"/staff/attendance/pins/{person.pk}/map/" in page
    response = _client(personas.chair_a).post(
        f"/staff/attendance/pins/{person.pk}/map/", {"official": official.pk}
    )
    assert response.status_code == 302
    assert Punch.objects.get(pin="5").official == official
    event = AuditEvent.objects.get(action="device_person.map")
    assert event.changes == {"official": [None, official.pk], "punches": [None, 1]}


def test_unknown_pin_map_refusals(data, personas, tree) -> None:
    person = DevicePerson.objects.get(pin="5")
    stranger = make_official(unit=tree.commune_b)
    response = _client(personas.chair_a).post(
        f"/staff/attendance/pins/{person.pk}/map/", {"official": stranger.pk}
    )
    assert response.status_code == 200
    assert Punch.objects.get(pin="5").official is None
    assert _client(personas.specialist_b).get(f"/staff/attendance/pins/{person.pk}/map/").status_code == 403
    person_b = DevicePerson.objects.create(unit=tree.commune_b, pin="7", source="device")
    assert _client(personas.chair_a).get(f"/staff/attendance/pins/{person_b.pk}/map/").status_code == 403
    assert not AuditEvent.objects.filter(action="device_person.map").exists()


def test_device_detail_and_commands(data, personas) -> None:
    client = _client(personas.admin)
    page = client.get("/staff/attendance/devices/STAFFA/").content.decode()
    assert "Chưa có lệnh nào." in page
    url = "/staff/attendance/devices/STAFFA/command/"
    assert client.post(url, {"kind": "check"}).status_code == 302
    client.post(url, {"kind": "query_attlog", "day": "2025-09-08"})
    client.post(url, {"kind": "verify_sum", "day": "2025-09-08"})
    client.post(url, {"kind": "user_update", "pin": "1"})
    client.post(url, {"kind": "user_delete", "pin": "77"})
    client.post(url, {"kind": "reboot"})
    assert list(DeviceCommand.objects.order_by("pk").values_list("command", "status")) == [
        ("CHECK", CommandStatus.QUEUED),
        (
            "DATA QUERY ATTLOG StartTime=2025-09-08 00:00:00\tEndTime=2025-09-09 00:00:00",
            CommandStatus.QUEUED,
        ),
        (
            "VERIFY SUM ATTLOG StartTime=2025-09-08 00:00:00\tEndTime=2025-09-09 00:00:00",
            CommandStatus.QUEUED,
        ),
        ("DATA UPDATE USERINFO PIN=1\tName=Võ Thị Lan\tPri=0", CommandStatus.QUEUED),
        ("DATA DELETE USERINFO PIN=77", CommandStatus.QUEUED),
        ("REBOOT", CommandStatus.QUEUED),
    ]
    assert AuditEvent.objects.filter(action="device_command.enqueue").count() == 6
    DeviceCommand.objects.filter(kind="verify_sum").update(status="done", device_count=3, stored_count=2)
    page = client.get("/staff/attendance/devices/STAFFA/").content.decode()
    assert '<span class="text-danger fw-semibold">3 / 2</span>' in page


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"kind": "format"}, "Lệnh không hợp lệ."),
        ({"kind": "query_attlog"}, "Hãy chọn ngày."),
        ({"kind": "verify_sum", "day": "2025-13-45"}, "Lệnh không hợp lệ."),
        ({"kind": "user_update", "pin": ""}, "Hãy nhập mã chấm công."),
        ({"kind": "user_update", "pin": "5"}, "Mã chấm công 5 chưa gắn với cán bộ nào."),
        (
            {"kind": "user_delete", "pin": "a b"},
            "Mã chấm công chỉ gồm chữ, số, dấu chấm, gạch; tối đa 32 ký tự.",
        ),
    ],
)
def test_bad_commands_queue_nothing(data, personas, payload, message) -> None:
    client = _client(personas.admin)
    response = client.post("/staff/attendance/devices/STAFFA/command/", payload, follow=True)
    assert message in response.content.decode()
    assert DeviceCommand.objects.count() == 0
    assert not AuditEvent.objects.filter(action="device_command.enqueue").exists()


def test_commands_denied_outside_administrators(data, personas) -> None:
    url = "/staff/attendance/devices/STAFFA/command/"
    assert _client(personas.chair_a).post(url, {"kind": "reboot"}).status_code == 403
    assert _client(personas.specialist_b).get("/staff/attendance/devices/STAFFA/").status_code == 403
    assert _client(personas.inspector).get("/staff/attendance/devices/NEWPEND/").status_code == 404
    assert (
        _client(personas.admin)
        .post("/staff/attendance/devices/NEWPEND/command/", {"kind": "check"})
        .status_code
        == 302
    )
    assert DeviceCommand.objects.count() == 0  # a pending device gets no commands


@pytest.mark.parametrize("url", ["/staff/attendance/devices/", "/staff/attendance/pins/"])
def test_list_query_counts_do_not_grow_with_rows(
    data, personas, tree, url, django_assert_max_num_queries
) -> None:
    client = _client(personas.admin)
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    for index in range(15):
        device = make_device(unit=tree.commune_a, serial=f"MORE{index:02d}")
        DevicePerson.objects.create(
            unit=tree.commune_a, pin=f"X{index}", source="device", source_device=device
        )
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_day_list_for_leaders_logged(data, personas, tree) -> None:
    from reformdesk.attendance.models import DailyRecord
    from reformdesk.attendance.services.days import daily_records_compute

    daily_records_compute(unit=tree.commune_a, start=dt.date(2025, 9, 8), end=dt.date(2025, 9, 8))
    client = _client(personas.chair_a)
    page = client.get("/staff/attendance/days/?start=2025-09-08&end=2025-09-08&q=Lan").content.decode()
    assert "Võ Thị Lan" in page and "Thiếu lượt chấm" in page
    lan = DailyRecord.objects.get(official__full_name="Võ Thị Lan")
    assert (lan.status, lan.missing_punches) == ("missing_punch", 1)
    assert list(AccessLog.objects.values_list("subject_id", "purpose")) == [
        (str(lan.official_id), "days.view")
    ]
    assert _client(personas.one_stop_a).get("/staff/attendance/days/").status_code == 403
    assert _client(personas.specialist_b).get("/staff/attendance/days/").status_code == 403
