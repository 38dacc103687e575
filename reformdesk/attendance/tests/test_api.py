"""The attendance API: who may list devices, approve them, read punches; what is logged."""

from __future__ import annotations

import pytest
from django.test import Client

from reformdesk.attendance.choices import DeviceStatus
from reformdesk.attendance.models import Device, Punch
from reformdesk.attendance.tests.factories import make_device, map_pin, vn
from reformdesk.core.models import AccessLog, AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    return sign_in(Client(), user)


@pytest.fixture
def setup(tree, personas):
    device_a = make_device(unit=tree.commune_a, serial="DEVA")
    device_b = make_device(unit=tree.commune_b, serial="DEVB")
    pending = make_device(serial="PEND")
    official = make_official(unit=tree.commune_a, employee_code="NA09001", full_name="Nguyễn Văn Tâm")
    map_pin(unit=tree.commune_a, pin="1", official=official)
    for day in (8, 9, 10):
        Punch.objects.create(
            device=device_a,
            unit=tree.commune_a,
            pin="1",
            official=official,
            punched_at=vn(2025, 9, day, 7, 1),
            raw_line="x",
        )
    Punch.objects.create(
        device=device_a, unit=tree.commune_a, pin="2", punched_at=vn(2025, 9, 9, 7, 2), raw_line="y"
    )
    Punch.objects.create(
        device=device_b, unit=tree.commune_b, pin="1", punched_at=vn(2025, 9, 9, 7, 3), raw_line="z"
    )
    return device_a, device_b, pending, official


def test_devices_are_scoped_and_pending_ones_only_for_administrators(setup, personas) -> None:
    admin = _client(personas.admin).get("/api/v1/attendance/devices").json()
    assert [d["serial"] for d in admin["items"]] == ["DEVA", "DEVB", "PEND"]
    assert admin["count"] == 3
    pend = admin["items"][2]
    assert (pend["status"], pend["unit_code"], pend["location"], pend["offline"]) == (
        "pending",
        None,
        "",
        True,
    )
    chair = _client(personas.chair_a).get("/api/v1/attendance/devices").json()
    assert [d["serial"] for d in chair["items"]] == ["DEVA"]
    inspector = _client(personas.inspector).get("/api/v1/attendance/devices?status=approved").json()
    assert [d["serial"] for d in inspector["items"]] == ["DEVA", "DEVB"]
    assert _client(personas.one_stop_a).get("/api/v1/attendance/devices").json()["count"] == 0
    assert Client().get("/api/v1/attendance/devices").status_code == 401


def test_approve_by_an_administrator(setup, personas, tree) -> None:
    response = _client(personas.admin).post(
        "/api/v1/attendance/devices/PEND/approve",
        {"unit": tree.commune_b.code, "location": "exit"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["unit_code"], body["location"]) == ("approved", tree.commune_b.code, "exit")
    assert AuditEvent.objects.filter(action="device.approve", object_id=str(setup[2].pk)).count() == 1
    again = _client(personas.admin).post(
        "/api/v1/attendance/devices/PEND/approve",
        {"unit": tree.commune_b.code, "location": "exit"},
        content_type="application/json",
    )
    assert (again.status_code, again.json()["detail"]) == (422, "Chỉ duyệt được máy đang chờ duyệt.")


@pytest.mark.parametrize(
    ("who", "payload", "status", "code"),
    [
        ("chair_a", {"unit": "000.30.31.H41", "location": "entrance"}, 403, "permission_denied"),
        ("outsider", {"unit": "000.30.31.H41", "location": "entrance"}, 403, "permission_denied"),
        ("admin", {"unit": "999.99.99.H41", "location": "entrance"}, 422, "unknown_unit"),
        ("admin", {"unit": "000.30.31.H41", "location": "roof"}, 422, "invalid_location"),
        ("admin", {"unit": "000.30.31.H41"}, 422, "validation_error"),
    ],
)
def test_approve_refusals_change_nothing(setup, personas, who, payload, status, code) -> None:
    response = _client(getattr(personas, who)).post(
        "/api/v1/attendance/devices/PEND/approve", payload, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (status, code)
    pending = Device.objects.get(serial="PEND")
    assert (pending.status, pending.unit_id, pending.location) == (DeviceStatus.PENDING, None, "")
    assert not AuditEvent.objects.filter(action="device.approve").exists()


def test_approve_unknown_serial_is_404(setup, personas, tree) -> None:
    response = _client(personas.admin).post(
        "/api/v1/attendance/devices/NOPE/approve",
        {"unit": tree.commune_a.code, "location": "exit"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_punches_filters_scope_and_access_log(setup, personas, tree) -> None:
    _a, _b, _p, _official = setup
    chair = _client(personas.chair_a)
    body = chair.get("/api/v1/attendance/punches?from=2025-09-09&to=2025-09-10").json()
    assert body["count"] == 3
    assert [(p["pin"], p["punched_at"]) for p in body["items"]] == [
        ("1", "2025-09-10T07:01:00+07:00"),
        ("2", "2025-09-09T07:02:00+07:00"),
        ("1", "2025-09-09T07:01:00+07:00"),
    ]
    assert body["items"][0]["official"] == "NA09001"
    assert body["items"][0]["official_name"] == "Nguyễn Văn Tâm"
    logs = AccessLog.objects.order_by("subject_type")
    assert [(log.subject_type, log.purpose, log.actor_label) for log in logs] == [
        ("attendance.punch", "punches.api", "chutich_a"),
        ("org.official", "punches.api", "chutich_a"),
    ]
    by_official = chair.get("/api/v1/attendance/punches?official=NA09001&device=DEVA").json()
    assert by_official["count"] == 3
    district = _client(personas.inspector).get(f"/api/v1/attendance/punches?unit={tree.district.code}").json()
    assert district["count"] == 5
    page = _client(personas.inspector).get("/api/v1/attendance/punches?limit=2&offset=4").json()
    assert (page["count"], len(page["items"])) == (5, 1)


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("unit=000.30.32.H41", 403, "permission_denied"),
        ("from=2025-09-10&to=2025-09-01", 422, "invalid_range"),
        ("from=10/09/2025", 422, "validation_error"),
        ("limit=0", 422, "validation_error"),
        ("offset=-1", 422, "validation_error"),
        ("offset=9223372036854775808", 422, "validation_error"),
    ],
)
def test_punches_bad_queries(setup, personas, query, status, code) -> None:
    response = _client(personas.chair_a).get(f"/api/v1/attendance/punches?{query}")
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize(
    "query",
    [
        "official=NB09002",  # an official of commune B, whom the chair of A may not see
        "official=XX99999",  # nobody
        "device=DEVB",  # commune B's device
        "device=NOPE",  # no device
    ],
)
def test_punches_filtered_by_a_code_one_may_not_see_answer_as_an_unknown_code(setup, personas, tree, query):
    """An unknown employee code once got a 422 and another unit's an empty page: the API told
    which codes exist anywhere. Now each filter is read among what the caller may see."""
    make_official(unit=tree.commune_b, employee_code="NB09002", full_name="Trần Thị Lan")
    response = _client(personas.chair_a).get(f"/api/v1/attendance/punches?{query}")
    assert (response.status_code, response.json()) == (200, {"items": [], "count": 0})
    assert AccessLog.objects.count() == 0


def test_punches_denied_to_staff_without_attendance_rights(setup, personas) -> None:
    assert _client(personas.one_stop_a).get("/api/v1/attendance/punches").status_code == 403
    assert _client(personas.outsider).get("/api/v1/attendance/punches").status_code == 403


def test_punch_list_query_count_does_not_grow_with_rows(
    setup, personas, django_assert_max_num_queries
) -> None:
    chair = _client(personas.chair_a)
    chair.get("/api/v1/attendance/punches")  # warm the session
    with django_assert_max_num_queries(8):
        assert chair.get("/api/v1/attendance/punches").json()["count"] == 4
