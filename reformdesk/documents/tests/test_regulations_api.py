"""/api/v1/regulations and /api/v1/commitments: entering, publishing and acknowledging a version,
templates, signing, the status and breaches; refusals answered with a declared error and nothing
saved; another commune's versions are 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from reformdesk.core.tests.helpers import sign_in
from reformdesk.core.tests.test_openapi import assert_declared
from reformdesk.documents.models import (
    Commitment,
    CommitmentBreach,
    RegulationAcknowledgement,
    RegulationVersion,
)
from reformdesk.documents.tests.factories_regulations import make_template, make_version

pytestmark = pytest.mark.django_db

REG = "/api/v1/regulations"
COM = "/api/v1/commitments"


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def chair(personas) -> Client:
    return sign_in(Client(), personas.chair_a)


@pytest.fixture
def officer(personas) -> Client:
    return sign_in(Client(), personas.one_stop_a)


def test_enter_publish_and_acknowledge(chair, officer, tree):
    created = post(
        chair,
        REG,
        {
            "unit": tree.commune_a.code,
            "kind": "working_rules",
            "title": "Quy chế làm việc của UBND xã",
            "effective_on": "2026-01-01",
            "decision_symbol": "05/QĐ-UBND",
        },
    )
    assert created.status_code == 201, created.content
    assert_declared(chair, created, "post", REG)
    version_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    published = post(chair, f"{REG}/{version_id}/publish")
    assert published.status_code == 200
    assert [row["official"] for row in published.json()["acknowledgements"]] == [
        "Nguyễn Thị Hoa",
        "Đinh Xuân Công",
    ]
    pending = officer.get(f"{REG}/pending").json()
    assert [row["id"] for row in pending] == [version_id]
    acknowledged = post(officer, f"{REG}/{version_id}/acknowledge")
    assert acknowledged.status_code == 200
    assert acknowledged.json()["acknowledged_at"] is not None
    assert acknowledged.json()["acknowledgements"] is None
    again = post(officer, f"{REG}/{version_id}/acknowledge")
    assert again.status_code == 409
    assert_declared(officer, again, "post", "/api/v1/regulations/{version_id}/acknowledge")
    assert RegulationAcknowledgement.objects.count() == 1
    listed = officer.get(REG, {"unit": tree.commune_a.code})
    assert [row["title"] for row in listed.json()["items"]] == ["Quy chế làm việc của UBND xã"]


def test_a_version_before_the_one_it_replaces_is_422(chair, tree, personas):
    old = make_version(actor=personas.chair_a, unit=tree.commune_a)
    response = post(
        chair,
        REG,
        {
            "unit": tree.commune_a.code,
            "kind": "working_rules",
            "title": "Quy chế làm việc (sửa đổi)",
            "effective_on": "2025-12-31",
            "replaces": old.pk,
        },
    )
    assert response.status_code == 422
    assert_declared(chair, response, "post", REG)
    assert response.json()["errors"][0]["field"] == "effective_on"
    assert RegulationVersion.objects.count() == 1


def test_an_official_may_not_enter_and_another_commune_sees_nothing(officer, tree, personas):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a)
    denied = post(
        officer,
        REG,
        {"unit": tree.commune_a.code, "kind": "other", "title": "Nội quy", "effective_on": "2026-01-01"},
    )
    assert denied.status_code == 403
    other = sign_in(Client(), personas.specialist_b)
    assert other.get(f"{REG}/{version.pk}").status_code == 404
    assert post(other, f"{REG}/{version.pk}/acknowledge").status_code == 404
    assert other.get(REG).json()["count"] == 0
    assert RegulationVersion.objects.count() == 1
    assert RegulationAcknowledgement.objects.count() == 0


def test_templates_signing_status_and_breaches(chair, officer, tree, personas):
    created = post(
        sign_in(Client(), personas.district_reform),
        f"{COM}/templates",
        {
            "unit": tree.district.code,
            "year": 2026,
            "kind": "official",
            "title": "Bản cam kết năm 2026",
            "items": ["Chấp hành giờ làm việc", "Đeo thẻ công chức"],
        },
    )
    assert created.status_code == 201, created.content
    template_id = created.json()["id"]
    assert officer.get(f"{COM}/mine", {"year": 2026}).json()[0]["commitment"] is None
    signed = post(officer, f"{COM}/templates/{template_id}/sign")
    assert officer.get(f"{COM}/mine", {"year": 2026}).json()[0]["commitment"] == signed.json()["id"]
    assert signed.status_code == 201
    assert_declared(officer, signed, "post", "/api/v1/commitments/templates/{template_id}/sign")
    twice = post(officer, f"{COM}/templates/{template_id}/sign")
    assert twice.status_code == 409
    assert Commitment.objects.count() == 1
    status = chair.get(f"{COM}/status", {"unit": tree.commune_a.code, "year": 2026})
    assert status.status_code == 200
    assert (status.json()["signed"], status.json()["missing"]) == (1, 1)
    assert officer.get(f"{COM}/status", {"unit": tree.commune_a.code, "year": 2026}).status_code == 404
    inspector = sign_in(Client(), personas.inspector)
    commitment_id = signed.json()["id"]
    bad = post(
        inspector,
        f"{COM}/{commitment_id}/breaches",
        {"item": 9, "occurred_on": "2026-03-10", "description": "x"},
    )
    assert bad.status_code == 422
    breach = post(
        inspector,
        f"{COM}/{commitment_id}/breaches",
        {"item": 2, "occurred_on": "2026-03-10", "description": "Không đeo thẻ", "source": "BB 12/BB-TTr"},
    )
    assert breach.status_code == 201
    assert_declared(inspector, breach, "post", "/api/v1/commitments/{commitment_id}/breaches")
    assert CommitmentBreach.objects.get().item.number == 2


def test_the_unit_commitment_needs_its_leader(chair, officer, tree, personas):
    template = make_template(actor=personas.district_reform, unit=tree.district, kind="unit")
    refused = post(officer, f"{COM}/templates/{template.pk}/sign", {"unit": tree.commune_a.code})
    assert refused.status_code == 409
    assert Commitment.objects.count() == 0
    signed = post(chair, f"{COM}/templates/{template.pk}/sign", {"unit": tree.commune_a.code})
    assert signed.status_code == 201
    assert signed.json()["official"] is None
