"""/api/v1/tasks: create, the lists with filters and paging, one task with its due moment,
timeline and (once evaluated) timeliness, and actions; bad input answered with a declared error
and nothing saved; another commune's task is a 404."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from reformdesk.assignments.choices import Status
from reformdesk.assignments.models import Task, TaskEvent
from reformdesk.assignments.services import due_moment
from reformdesk.assignments.tests.factories import assign, reported, vn
from reformdesk.core.tests.helpers import sign_in
from reformdesk.core.tests.test_openapi import assert_declared

pytestmark = pytest.mark.django_db

URL = "/api/v1/tasks"


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def task_body(assignee: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Báo cáo tình hình nước sinh hoạt xóm 5",
        "expected_output": "Báo cáo bằng văn bản",
        "assignee": assignee,
        "deadline_days": 3,
    }
    body.update(overrides)
    return body


@pytest.fixture
def chair_client(personas) -> Client:
    return sign_in(Client(), personas.chair_a)


@pytest.fixture
def tu_client(specialist_a) -> Client:
    return sign_in(Client(), specialist_a.user)


def test_a_leader_assigns_a_task_due_in_working_days(chair_client, tree, specialist_a, one_stop_a):
    response = post(
        chair_client,
        URL,
        task_body(
            specialist_a.employee_code,
            co_handlers=[one_stop_a.employee_code],
            priority="high",
            source_kind="meeting",
            source_reference="Giao ban tuần 49",
        ),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assigned_at = dt.datetime.fromisoformat(body["assigned_at"])
    assert (body["status"], body["unit"], body["assignee"], body["co_handlers"], body["priority"]) == (
        "assigned",
        "000.30.31.H41",
        specialist_a.employee_code,
        [one_stop_a.employee_code],
        "high",
    )
    assert dt.datetime.fromisoformat(body["due_at"]) == due_moment(
        unit=tree.commune_a, start=assigned_at, days=3
    )
    assert body["due_at"].endswith("+07:00")
    assert (body["timeliness"], [e["kind"] for e in body["events"]]) == (None, ["assigned"])
    assert_declared(chair_client, response, "post", URL)


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"deadline_date": "2020-01-06", "deadline_days": None}, "deadline_date", "validation_error"),
        ({"deadline_days": 0}, "deadline_days", "validation_error"),
        ({"assignee": "KHONGCO"}, "assignee", "unknown_official"),
        ({"assignee": ""}, "assignee", "validation_error"),
        ({"priority": "highest"}, "priority", "validation_error"),
        ({"title": "Báo\u202ecáo"}, "title", "validation_error"),
        ({"assignee_unit": "000.99.99.H41"}, "assignee_unit", "unknown_unit"),
    ],
)
def test_bad_input_is_a_declared_422_and_nothing_is_saved(chair_client, specialist_a, overrides, field, code):
    response = post(chair_client, URL, {**task_body(specialist_a.employee_code), **overrides})
    assert response.status_code == 422, response.json()
    assert (response.json()["code"], [e["field"] for e in response.json()["errors"]]) == (code, [field])
    assert (Task.objects.count(), TaskEvent.objects.count()) == (0, 0)
    assert_declared(chair_client, response, "post", URL)


def test_an_assignee_of_another_commune_is_refused(chair_client, specialist_b):
    response = post(chair_client, URL, task_body(specialist_b.employee_code))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "assignee", "message": "Cán bộ Trần Văn Nam không thuộc đơn vị bạn được giao việc."}
    ]
    assert Task.objects.count() == 0


def test_an_official_who_is_not_a_leader_may_not_assign(personas, specialist_a):
    client = sign_in(Client(), personas.one_stop_a)
    response = post(client, URL, task_body(specialist_a.employee_code))
    assert (response.status_code, response.json()["detail"]) == (403, "Bạn không có quyền giao nhiệm vụ.")
    assert Task.objects.count() == 0
    assert_declared(client, response, "post", URL)


# --- lists ---------------------------------------------------------------------------------------


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


def test_the_lists_and_their_filters(chair_client, tu_client, personas, specialist_a, one_stop_a, tree):
    first = assign(actor=personas.chair_a, assignee=specialist_a, deadline_days=2)
    second = assign(actor=personas.chair_a, assignee=one_stop_a, co_handlers=[specialist_a], deadline_days=5)
    third = assign(actor=personas.chair_a, assignee=one_stop_a, deadline_days=1)
    reported(task=third, by=one_stop_a.user, at=vn(2025, 12, 1, 15))
    assert ids(chair_client.get(URL)) == [third.pk, first.pk, second.pk]  # the soonest due first
    assert ids(chair_client.get(URL, {"list": "assigned_by_me"})) == [third.pk, first.pk, second.pk]
    assert ids(chair_client.get(URL, {"list": "mine"})) == []
    assert ids(tu_client.get(URL, {"list": "mine"})) == [first.pk, second.pk]
    assert ids(tu_client.get(URL)) == [first.pk, second.pk]  # not third: neither hers nor a leader's
    assert ids(chair_client.get(URL, {"status": "reported"})) == [third.pk]
    assert ids(chair_client.get(URL, {"unit": tree.commune_b.code})) == []
    page = chair_client.get(URL, {"limit": 1, "offset": 1}).json()
    assert (page["count"], [item["id"] for item in page["items"]]) == (3, [first.pk])
    reform = sign_in(Client(), personas.district_reform)
    assert ids(reform.get(URL)) == [third.pk, first.pk, second.pk]
    assert ids(sign_in(Client(), personas.specialist_b).get(URL)) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [({"status": "done"}, "status"), ({"list": "others"}, "list"), ({"limit": 0}, "limit")],
)
def test_a_bad_filter_is_a_declared_422(chair_client, query, field):
    response = chair_client.get(URL, query)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert_declared(chair_client, response, "get", URL)


def test_the_list_costs_the_same_queries_for_one_task_or_many(
    chair_client, personas, specialist_a, one_stop_a, django_assert_num_queries
):
    assign(actor=personas.chair_a, assignee=specialist_a)
    # Session and user, the user's grants, the count, the page of rows (units and officials joined).
    with django_assert_num_queries(5):
        assert len(ids(chair_client.get(URL))) == 1
    for days in range(1, 7):
        assign(actor=personas.chair_a, assignee=one_stop_a if days % 2 else specialist_a, deadline_days=days)
    with django_assert_num_queries(5):
        assert len(ids(chair_client.get(URL))) == 7


# --- one task and actions ------------------------------------------------------------------------


def test_another_communes_official_gets_a_404(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    client = sign_in(Client(), personas.specialist_b)
    response = client.get(f"{URL}/{task.pk}")
    assert response.status_code == 404
    assert_declared(client, response, "get", URL + "/{task_id}")
    response = post(client, f"{URL}/{task.pk}/actions/acknowledge")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    task.refresh_from_db()
    assert (task.status, task.events.count()) == (Status.ASSIGNED, 1)


def test_the_three_steps_through_the_api(chair_client, tu_client, personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    url = f"{URL}/{task.pk}/actions"
    response = post(tu_client, f"{url}/acknowledge")
    assert (response.status_code, response.json()["status"]) == (200, "acknowledged")
    assert_declared(tu_client, response, "post", URL + "/{task_id}/actions/{action}")
    response = post(tu_client, f"{url}/report_progress", {"percent": 60, "note": "Đã đo mẫu nước"})
    assert (response.json()["status"], response.json()["percent"]) == ("in_progress", 60)
    response = post(tu_client, f"{url}/report_done", {"evidence": "Báo cáo số 7/BC-UBND"})
    assert (response.json()["status"], response.json()["percent"]) == ("reported", 100)
    response = post(chair_client, f"{url}/evaluate", {"quality": 4, "comment": "Rất tốt"})
    body = response.json()
    assert response.status_code == 200, body
    # Reported now, long after the 2025 due moment: late.
    assert (body["status"], body["timeliness"], body["quality"], body["quality_label"]) == (
        "evaluated",
        "late",
        4,
        "Hoàn thành xuất sắc nhiệm vụ",
    )
    assert [e["kind"] for e in body["events"]] == [
        "assigned",
        "acknowledged",
        "progress",
        "reported",
        "evaluated",
    ]
    detail = chair_client.get(f"{URL}/{task.pk}").json()
    assert (detail["timeliness"], detail["due_at"]) == ("late", "2025-12-04T09:00:00+07:00")


@pytest.mark.parametrize(
    ("who", "action", "body", "status", "code"),
    [
        ("chair", "evaluate", {"quality": 3}, 409, "action_not_allowed"),  # not reported yet
        ("tu", "report_progress", {"percent": 10}, 409, "action_not_allowed"),  # not acknowledged
        ("tu", "report_progress", {"percent": 120}, 422, "validation_error"),
        ("tu", "evaluate", {"quality": 3}, 403, "permission_denied"),
        ("chair", "acknowledge", {}, 403, "permission_denied"),
        ("tu", "request_extension", {"reason": "Chờ số liệu"}, 422, "validation_error"),
        ("tu", "escalate", {}, 404, "unknown_action"),
        ("chair", "evaluate", {"quality": 7}, 422, "validation_error"),
    ],
)
def test_refused_actions_change_nothing(
    chair_client, tu_client, personas, specialist_a, who, action, body, status, code
):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    client = chair_client if who == "chair" else tu_client
    response = post(client, f"{URL}/{task.pk}/actions/{action}", body)
    assert (response.status_code, response.json()["code"]) == (status, code), response.json()
    task.refresh_from_db()
    assert (task.status, task.percent, task.extension, task.events.count()) == (Status.ASSIGNED, 0, "", 1)
    assert_declared(client, response, "post", URL + "/{task_id}/actions/{action}")


def test_a_second_extension_request_is_a_409(tu_client, chair_client, personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a, at=timezone.now() - dt.timedelta(hours=1))
    until = (task.due_at + dt.timedelta(days=14)).date()
    while until.weekday() >= 5:
        until += dt.timedelta(days=1)
    url = f"{URL}/{task.pk}/actions/request_extension"
    first = post(tu_client, url, {"until": until.isoformat(), "reason": "Chờ số liệu"})
    assert (first.status_code, first.json()["extension"]) == (200, "asked"), first.json()
    second = post(tu_client, url, {"until": until.isoformat(), "reason": "Lần hai"})
    assert (second.status_code, second.json()["detail"]) == (
        409,
        "Mỗi nhiệm vụ chỉ được đề nghị gia hạn một lần.",
    )
    granted = post(chair_client, f"{URL}/{task.pk}/actions/decide_extension", {"grant": True})
    assert granted.json()["due_at"] == granted.json()["extension_due_at"]
    assert TaskEvent.objects.filter(task=task).count() == 3
