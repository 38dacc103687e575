"""Leave pages and API: an official asks, the leader of the unit approves; bad input refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from reformdesk.attendance.choices import ExceptionStatus
from reformdesk.attendance.models import AttendanceException
from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(tree, personas):
    return make_official(
        unit=tree.commune_a, username="canbo_a", full_name="Đặng Văn Hùng", employee_code="NA1"
    )


def _client(user) -> Client:
    return sign_in(Client(), user)


def _post_request(client: Client, official, **overrides):
    data = {
        "official": official.pk,
        "kind": "annual_leave",
        "start": "2025-09-08",
        "end": "2025-09-09",
        "session": "",
        "reason": "Về quê",
    }
    data.update(overrides)
    return client.post(reverse("attendance:exception_new"), data)


def test_official_asks_and_leader_approves(official, personas) -> None:
    mine = _client(official.user)
    response = _post_request(mine, official)
    row = AttendanceException.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "attendance:exception_detail", args=[row.pk]
    )
    page = mine.get(response["Location"]).content.decode()
    assert "Nghỉ phép năm" in page and "Chờ duyệt" in page and 'value="approve"' not in page
    leader = _client(personas.chair_a)
    listing = leader.get(reverse("attendance:exception_list")).content.decode()
    assert "Chờ tôi duyệt" in listing and "Đặng Văn Hùng" in listing
    response = leader.post(
        reverse("attendance:exception_detail", args=[row.pk]), {"action": "approve", "note": ""}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.decided_by) == (ExceptionStatus.APPROVED, personas.chair_a)


def test_bad_form_changes_nothing(official) -> None:
    mine = _client(official.user)
    response = _post_request(mine, official, start="2025-09-10", end="2025-09-08", kind="holiday", reason="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"end", "kind", "reason"}
    assert not AttendanceException.objects.exists()


def test_one_official_cannot_ask_for_another_or_approve(official, personas, tree) -> None:
    mine = _client(official.user)
    response = _post_request(mine, make_official(unit=tree.commune_a, full_name="Lê Văn Tư"))
    assert response.status_code == 200 and "official" in response.context["form"].errors
    _post_request(mine, official)
    row = AttendanceException.objects.get()
    mine.post(reverse("attendance:exception_detail", args=[row.pk]), {"action": "approve"})
    row.refresh_from_db()
    assert row.status == ExceptionStatus.PENDING
    assert (
        _client(personas.specialist_b).get(reverse("attendance:exception_detail", args=[row.pk])).status_code
        == 404
    )


def test_api(official, personas) -> None:
    body = {
        "official": "NA1",
        "kind": "business_trip",
        "start": "2025-09-08",
        "end": "2025-09-08",
        "reason": "Họp",
    }
    response = _client(official.user).post(
        "/api/v1/attendance/exceptions", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "pending"
    response = _client(official.user).post(
        f"/api/v1/attendance/exceptions/{pk}/approve", "{}", content_type="application/json"
    )
    assert response.status_code == 403
    leader = _client(personas.chair_a)
    response = leader.post(
        f"/api/v1/attendance/exceptions/{pk}/reject", "{}", content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["detail"] == "Cần ghi lý do không duyệt."
    response = leader.post(
        f"/api/v1/attendance/exceptions/{pk}/approve", "{}", content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    listing = leader.get("/api/v1/attendance/exceptions?status=approved").json()
    assert (listing["count"], listing["items"][0]["official"]) == (1, "NA1")
    assert leader.get("/api/v1/attendance/exceptions?status=nope").status_code == 422
    bad = dict(body, official="XX", start="2025-09-09", end="2025-09-09")
    response = leader.post("/api/v1/attendance/exceptions", json.dumps(bad), content_type="application/json")
    assert response.status_code == 422
    assert AttendanceException.objects.count() == 1
    assert AuditEvent.objects.filter(action__startswith="attendance_exception").count() == 2


def test_scoping_and_withdrawal(official, personas, tree) -> None:
    mine = _client(official.user)
    _post_request(mine, official)
    row = AttendanceException.objects.get()
    for user, count in ((personas.chair_a, 1), (personas.inspector, 1), (personas.specialist_b, 0)):
        assert _client(user).get("/api/v1/attendance/exceptions").json()["count"] == count
    assert _client(personas.outsider).get("/api/v1/attendance/exceptions").json()["count"] == 0
    # another official of the same unit may not withdraw it; its own official may
    other = make_official(unit=tree.commune_a, username="canbo_khac")
    assert (
        _client(other.user)
        .post(reverse("attendance:exception_detail", args=[row.pk]), {"action": "cancel"})
        .status_code
        == 404
    )
    mine.post(reverse("attendance:exception_detail", args=[row.pk]), {"action": "cancel"})
    row.refresh_from_db()
    assert row.status == ExceptionStatus.CANCELLED
    response = mine.post(
        reverse("attendance:exception_detail", args=[row.pk]), {"action": "cancel"}, follow=True
    )
    assert "Đơn này đã được xử lý (Đã hủy)." in response.content.decode()
    assert AuditEvent.objects.filter(action="attendance_exception.cancel").count() == 1


def test_leave_dates_are_typed_day_first(official) -> None:
    mine = _client(official.user)
    response = _post_request(mine, official, start="08/09/2025", end="9/9/2025")
    assert response.status_code == 302
    row = AttendanceException.objects.get()
    assert (row.start, row.end) == (dt.date(2025, 9, 8), dt.date(2025, 9, 9))


def test_a_bad_leave_date_is_refused_with_a_clear_message_and_nothing_saved(official) -> None:
    mine = _client(official.user)
    response = _post_request(mine, official, start="31/02/2025", end="09/31/2025")
    assert response.status_code == 200
    message = "Ngày không hợp lệ. Ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026."
    assert response.context["form"].errors == {"start": [message], "end": [message]}
    page = response.content.decode()
    assert 'value="31/02/2025"' in page and 'placeholder="dd/mm/yyyy"' in page
    assert not AttendanceException.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="attendance_exception.").exists()
