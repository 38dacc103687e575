"""GET /api/v1/procedures and /api/v1/procedures/{code}: public, paginated, clear errors."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reformdesk.catalog.models import Procedure
from reformdesk.portal.tests.catalog_data import (
    FORM_BYTES,
    Catalog,
    catalog_fixture,  # noqa: F401
)

pytestmark = pytest.mark.django_db

ITEM_KEYS = {
    "code",
    "local_code",
    "name",
    "name_en",
    "field",
    "levels",
    "online_level",
    "anywhere_in_province",
    "time_limit_days",
    "popularity",
    "url",
}


def get(client: Client, path: str, **params):
    return client.get(f"/api/v1/procedures{path}", params)


def test_search_needs_no_login_and_answers_items_and_count(catalog: Catalog, client: Client):
    response = get(client, "", search="dang ky khai sinh")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [item["code"] for item in body["items"]] == ["1.001193", "1.003583", "1.004884"]
    first = body["items"][0]
    assert set(first) == ITEM_KEYS
    assert first == {
        "code": "1.001193",
        "local_code": "1.001193.000.00.00.H41",
        "name": "Thủ tục đăng ký khai sinh",
        "name_en": "",
        "field": {"code": "G09-TP02", "name": "Hộ tịch", "name_en": ""},
        "levels": ["commune"],
        "online_level": "partial",
        "anywhere_in_province": True,
        "time_limit_days": 0.5,
        "popularity": 50,
        "url": "http://testserver/procedures/1.001193/",
    }


def test_filters_combine(catalog: Catalog, client: Client, tree):
    def found(**params) -> list[str]:
        response = get(client, "", **params)
        assert response.status_code == 200, response.content
        return [item["code"] for item in response.json()["items"]]

    assert found(field="G09-TP03") == ["2.000908"]
    assert found(level="district") == ["2.000908", "1.012345"]
    assert found(online="full") == ["2.000908"]
    assert found(unit=tree.commune_a.code) == ["2.000908", "1.001193", "1.000656"]
    assert found(unit=tree.commune_a.code, field="G09-TP02", search="ket hon") == ["1.000656"]
    assert found(unit=tree.commune_b.code) == []
    assert found(search="   ") == found()  # blank parameters are no filter


def test_limit_and_offset_page_through_the_results(catalog: Catalog, client: Client):
    everything = [item["code"] for item in get(client, "").json()["items"]]
    assert len(everything) == 6
    page = get(client, "", limit=2, offset=2).json()
    assert page["count"] == 6
    assert [item["code"] for item in page["items"]] == everything[2:4]
    assert get(client, "", limit=1000).json()["items"] == get(client, "").json()["items"]  # capped at 100


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_bad_paging_is_a_422(catalog: Catalog, client: Client, params, field):
    response = get(client, "", **params)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_every_bad_filter_is_named_in_one_422(catalog: Catalog, client: Client):
    response = get(
        client, "", field="XX", level="ward", unit="000.99.99.H99", online="level4", search="x" * 201
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_filter"
    assert body["errors"] == [
        {"field": "search", "message": "Từ khóa tìm kiếm dài quá 200 ký tự."},
        {"field": "field", "message": "Không có lĩnh vực mã «XX»."},
        {"field": "level", "message": "Cấp thực hiện phải là một trong: province, district, commune."},
        {"field": "unit", "message": "Không tìm thấy đơn vị có mã «000.99.99.H99»."},
        {"field": "online", "message": "Mức độ trực tuyến phải là một trong: full, partial, none."},
    ]
    assert body["detail"] == "Từ khóa tìm kiếm dài quá 200 ký tự."


def test_error_messages_follow_the_language(catalog: Catalog, client: Client):
    response = client.get("/api/v1/procedures", {"level": "ward"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "level"


def test_the_list_runs_a_fixed_number_of_queries(catalog: Catalog, client: Client, tree):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert get(client, "", search="khai sinh", unit=tree.commune_a.code).status_code == 200
        return len(captured)

    before = queries()
    for index in range(10):
        Procedure.objects.create(
            national_code=f"3.{index:06d}",
            name_vi=f"Khai sinh {index}",
            field=catalog.civil,
            at_commune=True,
            search_text=f"khai sinh {index}",
        )
    assert queries() == before


def test_one_procedure_in_full(catalog: Catalog, client: Client, tree):
    response = get(client, "/1.001193")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ITEM_KEYS | {
        "legacy_online_level",
        "is_active",
        "desks",
        "on_portal",
        "version",
        "versions",
    }
    assert body["time_limit_days"] == 0.5
    assert body["desks"] == [
        {"unit_code": tree.commune_a.code, "unit_name": "Xã Phú Sơn", "published_on": "2025-07-01"}
    ]
    assert body["versions"] == [
        {
            "decision_number": "163/QĐ-BTP",
            "decision_date": "2025-07-01",
            "effective_from": "2025-07-01",
            "effective_to": None,
        }
    ]
    version = body["version"]
    assert version["result"] == "Giấy khai sinh"
    assert version["applicant_types"] == ["citizen"]
    assert version["filing_methods"][2] == {
        "channel": 3,
        "channel_name": "Dịch vụ bưu chính",
        "time_limit_days": None,
        "time_limit_text": "Trong ngày làm việc tiếp theo",
        "fee_vnd": 8000,
        "fee_unit": "",
        "fee_text": "",
    }
    first, second, third = version["papers"]
    assert first["name"] == "Tờ khai đăng ký khai sinh"
    assert first["form_url"].startswith("http://testserver/procedures/1.001193/papers/")
    assert (second["form_url"], third["is_required"], third["form"]) == (None, False, "certified_copy")
    assert [s["kind"] for s in version["steps"]] == ["receive", "assess", "sign"]
    assert version["steps"][1]["working_days"] == 0.25
    assert version["cases"] == [
        {
            "name": "Trẻ bị bỏ rơi",
            "name_en": "",
            "time_limit_days": 5.0,
            "filing_methods": [],
            "papers": [
                {
                    "name": "Biên bản xác nhận việc trẻ bị bỏ rơi",
                    "form": "original",
                    "form_name": "Bản chính",
                    "quantity": 1,
                    "is_required": True,
                    "form_url": None,
                }
            ],
            "steps": [],
        }
    ]
    # The form URL in the record downloads the form.
    download = client.get(first["form_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == FORM_BYTES


def test_a_procedure_without_a_version_and_one_no_longer_applied(catalog: Catalog, client: Client):
    land = get(client, "/1.012345").json()
    assert (land["version"], land["versions"], land["time_limit_days"]) == (None, [], None)
    retired = get(client, "/1.000111")
    assert retired.status_code == 200
    assert retired.json()["is_active"] is False


def test_an_unknown_code_is_a_404_in_json(catalog: Catalog, client: Client):
    response = get(client, "/9.999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không có thủ tục mã «9.999999».", "code": "not_found"}


def test_the_detail_runs_a_fixed_number_of_queries(catalog: Catalog, client: Client):
    with CaptureQueriesContext(connection) as captured:
        assert get(client, "/1.001193").status_code == 200
    assert len(captured) == 7  # procedure_detail's reads (the tests' cache is in memory)


def test_public_endpoints_are_rate_limited(catalog: Catalog, client: Client, settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 2
    assert get(client, "").status_code == 200
    assert get(client, "/1.001193").status_code == 200
    response = get(client, "")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert response["Retry-After"] == "60"


def test_the_schema_documents_both_endpoints(client: Client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/procedures", "/api/v1/procedures/{code}"} <= set(paths)
    assert "security" not in paths["/api/v1/procedures"]["get"]
