import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_units_are_paginated_as_items_and_count(tree):
    body = Client().get("/api/v1/org/units?limit=2").json()
    assert body["count"] == 4
    assert [u["code"] for u in body["items"]] == ["000.00.00.H41", "000.00.30.H41"]
    assert body["items"][1]["parent_code"] == "000.00.00.H41"


def test_units_filter_by_subtree(tree):
    body = Client().get("/api/v1/org/units?root=000.00.30.H41&q=Hương").json()
    assert [u["name_vi"] for u in body["items"]] == ["Xã Tân Hương"]


def test_unknown_unit_is_a_json_404(tree):
    response = Client().get("/api/v1/org/units/999.99.99.X99")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy.", "code": "not_found"}


def test_malformed_date_is_a_422_with_the_field(tree):
    response = Client().get("/api/v1/org/units?on=30-04-2026")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [e["field"] for e in body["errors"]] == ["on"]


def test_messages_follow_accept_language(tree):
    response = Client().get("/api/v1/org/units/999.99.99.X99", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Not found."


def test_openapi_schema_is_served(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/org/units" in schema["paths"]


def test_officials_list_query_count_does_not_grow_with_rows(personas, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reformdesk.org.tests.factories import make_official

    client = Client()
    client.force_login(personas.district_reform)
    client.get("/api/v1/org/officials")  # the first request of a session also writes the session
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/org/officials").json()["count"] == 5
    for index in range(10):
        make_official(unit=tree.commune_b, full_name=f"Cán bộ thêm {index}")
    with CaptureQueriesContext(connection) as large:
        assert client.get("/api/v1/org/officials").json()["count"] == 15
    assert len(large) == len(small)


def test_public_api_is_rate_limited_per_ip(tree, settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 3
    client = Client()
    statuses = [client.get("/api/v1/org/units", REMOTE_ADDR="10.0.0.7").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/org/units", REMOTE_ADDR="10.0.0.7")
    assert response.json() == {
        "detail": "Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau một phút.",
        "code": "rate_limited",
    }
    assert response["Retry-After"] == "60"
    assert client.get("/api/v1/org/units", REMOTE_ADDR="10.0.0.8").status_code == 200
