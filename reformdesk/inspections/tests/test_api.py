"""/api/v1/inspections: a sudden inspection set up and started in one call, answers and presence
saved one at a time, a finding, signatures, remediation, figures; refusals declared and nothing
saved; a sudden inspection not started is a 404 for its target."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from reformdesk.assignments.models import Task
from reformdesk.core.tests.helpers import sign_in
from reformdesk.inspections.models import Finding, Inspection

pytestmark = pytest.mark.django_db

URL = "/api/v1/inspections"


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def inspector_client(personas) -> Client:
    return sign_in(Client(), personas.inspector)


@pytest.fixture
def chair_client(personas) -> Client:
    return sign_in(Client(), personas.chair_a)


def _sudden(client: Client, tree, inspector, start: bool = True) -> Any:
    return post(
        client,
        URL,
        {
            "inspecting_unit": tree.district.code,
            "target_unit": tree.commune_a.code,
            "kind": "sudden",
            "leader": inspector.employee_code,
            "start": start,
        },
    )


def test_an_inspection_run_through_the_api(inspector_client, chair_client, tree, inspector, one_stop_a):
    response = _sudden(inspector_client, tree, inspector)
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert (body["status"], len(body["answers"]), len(body["presence"])) == ("in_progress", 13, 2)

    for answer in body["answers"]:
        result = post(inspector_client, f"{URL}/{pk}/answers/{answer['item']}", {"result": "pass"})
        assert result.status_code == 200
    corrected = post(
        inspector_client,
        f"{URL}/{pk}/presence/{one_stop_a.employee_code}",
        {"confirmed": "present", "note": "Có mặt, quên chấm công"},
    )
    assert corrected.status_code == 200
    for row in corrected.json()["presence"]:
        if not row["confirmed"]:
            post(inspector_client, f"{URL}/{pk}/presence/{row['official']}", {"confirmed": row["prefilled"]})

    refused = post(
        inspector_client,
        f"{URL}/{pk}/findings",
        {"severity": "minor", "description": "Không đeo thẻ", "kind": "name_tag", "official": "KHONGCO"},
    )
    assert refused.status_code == 422
    finding = post(
        inspector_client,
        f"{URL}/{pk}/findings",
        {
            "severity": "minor",
            "item": "name_tag",
            "description": "Không đeo thẻ",
            "official": one_stop_a.employee_code,
        },
    )
    assert finding.status_code == 201, finding.content
    assert Finding.objects.count() == 1

    assert post(inspector_client, f"{URL}/{pk}/actions/complete").status_code == 200
    assert post(inspector_client, f"{URL}/{pk}/actions/sign_leader").status_code == 200
    twice = post(inspector_client, f"{URL}/{pk}/actions/sign_leader")
    assert twice.status_code == 409
    changed = post(inspector_client, f"{URL}/{pk}/answers/dress", {"result": "fail"})
    assert changed.status_code == 409
    signed = post(
        chair_client, f"{URL}/{pk}/actions/sign_unit", {"response": "Đơn vị nhất trí, sẽ khắc phục."}
    )
    assert signed.status_code == 200 and signed.json()["status"] == "signed"

    task = post(
        chair_client,
        f"{URL}/findings/{finding.json()['id']}/actions/to_task",
        {"assignee": one_stop_a.employee_code, "deadline_days": 2},
    )
    assert task.status_code == 200, task.content
    assert task.json()["status"] == "remediating" and Task.objects.get().pk == task.json()["task"]


def test_a_sudden_inspection_not_started_is_a_404_for_its_target(
    inspector_client, chair_client, tree, inspector
):
    pk = _sudden(inspector_client, tree, inspector, start=False).json()["id"]
    assert chair_client.get(f"{URL}/{pk}").status_code == 404
    assert chair_client.get(URL).json()["items"] == []
    assert inspector_client.get(URL).json()["count"] == 1


def test_a_commune_chair_cannot_set_up_an_inspection(chair_client, tree, chair_a):
    response = post(
        chair_client,
        URL,
        {
            "inspecting_unit": tree.commune_a.code,
            "target_unit": tree.commune_b.code,
            "leader": chair_a.employee_code,
        },
    )
    assert response.status_code == 403
    assert Inspection.objects.count() == 0


def test_figures_are_for_the_inspecting_side(inspector_client, chair_client, tree):
    query = f"?unit={tree.district.code}&start=2025-01-01&end=2025-12-31"
    response = inspector_client.get(f"{URL}/figures{query}")
    assert response.status_code == 200 and response.json()["held"] == 0
    assert chair_client.get(f"{URL}/figures{query}").status_code == 403
