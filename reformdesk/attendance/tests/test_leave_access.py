"""Leave requests carry reasons (an illness, a family matter): another official reading them, on a
page or through the API, is a logged read of personal data; reading one's own is not."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reformdesk.attendance.models import AttendanceException
from reformdesk.attendance.tests.test_leave_pages import _client, _post_request
from reformdesk.core.models import AccessLog
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_row(tree, personas) -> AttendanceException:
    official = make_official(unit=tree.commune_a, username="canbo_a", full_name="Đặng Văn Hùng")
    _post_request(_client(official.user), official, kind="sick_leave", reason="Sốt xuất huyết")
    AccessLog.objects.all().delete()
    return AttendanceException.objects.get()


def _reads(purpose: str) -> list[tuple[int, str, str]]:
    return list(
        AccessLog.objects.filter(purpose=purpose).values_list("actor_id", "subject_type", "subject_id")
    )


def test_the_leaders_list_page_logs_the_official_once(request_row, personas):
    page = _client(personas.chair_a).get(reverse("attendance:exception_list")).content.decode()

    assert "Đặng Văn Hùng" in page
    # shown twice (in the leader's queue and in the list), logged once
    assert _reads("leave.list") == [(personas.chair_a.pk, "org.official", str(request_row.official_id))]


def test_the_detail_page_logs_a_read_and_a_decision_does_not(request_row, personas):
    leader = _client(personas.chair_a)
    url = reverse("attendance:exception_detail", args=[request_row.pk])

    assert "Sốt xuất huyết" in leader.get(url).content.decode()
    leader.post(url, {"action": "approve", "note": ""})

    assert _reads("leave.view") == [(personas.chair_a.pk, "org.official", str(request_row.official_id))]


def test_the_api_list_logs_the_officials_returned(request_row, personas):
    body = _client(personas.inspector).get("/api/v1/attendance/exceptions").json()

    assert body["count"] == 1
    assert _reads("leave.api") == [(personas.inspector.pk, "org.official", str(request_row.official_id))]


def test_an_official_reading_their_own_requests_writes_nothing(request_row):
    own: Client = _client(request_row.official.user)

    assert own.get(reverse("attendance:exception_list")).status_code == 200
    assert own.get(reverse("attendance:exception_detail", args=[request_row.pk])).status_code == 200
    assert own.get("/api/v1/attendance/exceptions").json()["count"] == 1
    assert not AccessLog.objects.exists()
