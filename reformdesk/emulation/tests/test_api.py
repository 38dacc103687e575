"""/api/v1/training: unit-scoped reads and writes, 422 on bad input with nothing saved."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from reformdesk.core.tests.helpers import sign_in
from reformdesk.emulation.models import Course, CourseAttendance

pytestmark = pytest.mark.django_db

BODY = {
    "unit": "000.30.31.H41",
    "title": "Kỹ năng giao tiếp với người dân tại Bộ phận Một cửa",
    "organiser": "Sở Nội vụ tỉnh Nghệ An",
    "starts_on": "2026-08-03",
    "ends_on": "2026-08-04",
    "hours": "16",
    "field": "one_stop",
}


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_leader_records_a_course_and_its_attendee(personas, hoa):
    client = sign_in(Client(), personas.chair_a)
    response = post(client, "/api/v1/training/courses", BODY)
    assert response.status_code == 201, response.content
    course = response.json()
    assert (course["unit"], course["hours"], course["attendees"]) == ("000.30.31.H41", "16.0", 0)
    response = post(
        client, f"/api/v1/training/courses/{course['id']}/attendees", {"official": hoa.pk, "hours": "8"}
    )
    assert response.status_code == 201 and response.json()["hours"] == "8.0"
    listed = client.get("/api/v1/training/courses?unit=000.30.31.H41&year=2026").json()
    assert listed["count"] == 1
    assert [(c["id"], c["attendees"]) for c in listed["items"]] == [(course["id"], 1)]
    assert client.get("/api/v1/training/courses?year=2025").json()["items"] == []
    hours = {
        row["name"]: row for row in client.get("/api/v1/training/hours?unit=000.30.31.H41&year=2026").json()
    }
    assert (hours["Nguyễn Thị Hoa"]["hours"], hours["Nguyễn Thị Hoa"]["gap"]) == ("8.0", "32.0")


@pytest.mark.parametrize(
    "changes",
    [
        {"ends_on": "2026-08-01"},
        {"hours": "0"},
        {"field": "salary"},
        {"unit": "999.99.99.H99"},
        {"title": ""},
    ],
)
def test_bad_input_is_422_and_nothing_saved(personas, changes):
    client = sign_in(Client(), personas.chair_a)
    response = post(client, "/api/v1/training/courses", {**BODY, **changes})
    assert response.status_code == 422, response.content
    assert Course.objects.count() == 0


def test_reads_and_writes_are_unit_scoped(personas, hoa):
    chair = sign_in(Client(), personas.chair_a)
    course_id = post(chair, "/api/v1/training/courses", BODY).json()["id"]
    other = sign_in(Client(), personas.specialist_b)
    assert other.get("/api/v1/training/courses?unit=000.30.31.H41").status_code == 403
    assert other.get("/api/v1/training/hours?unit=000.30.31.H41").status_code == 403
    assert post(other, "/api/v1/training/courses", BODY).status_code == 403
    assert (
        post(other, f"/api/v1/training/courses/{course_id}/attendees", {"official": hoa.pk}).status_code
        == 404
    )
    reform = sign_in(Client(), personas.district_reform)
    assert [c["id"] for c in reform.get("/api/v1/training/courses?unit=000.30.31.H41").json()["items"]] == [
        course_id
    ]
    assert other.get("/api/v1/training/courses").json()["items"] == []
    assert (
        post(chair, f"/api/v1/training/courses/{course_id}/attendees", {"official": 999999}).status_code
        == 422
    )
    assert CourseAttendance.objects.count() == 0
    assert Client().get("/api/v1/training/courses?unit=000.30.31.H41").status_code == 401
