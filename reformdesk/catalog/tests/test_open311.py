"""Open311 GeoReport v2 service discovery from the catalog (catalog/open311.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reformdesk.catalog.models import Procedure
from reformdesk.portal.tests.catalog_data import (
    Catalog,
    catalog_fixture,  # noqa: F401
)

pytestmark = pytest.mark.django_db

SERVICE_KEYS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
ATTRIBUTE_KEYS = {"variable", "code", "datatype", "required", "datatype_description", "order", "description"}


def parse(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def test_service_list_in_the_standard_fields(catalog: Catalog, client: Client):
    response = client.get("/open311/v2/services.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = response.json()
    assert all(set(s) == SERVICE_KEYS for s in services)
    # The feedback kinds follow the procedures (feedback.open311).
    assert [s["service_code"] for s in services[-4:]] == [
        "PA-regulation",
        "PA-official",
        "PA-dossier",
        "PA-public_service",
    ]
    # Grouped by field (in the fields' order), then by code; the retired procedure is left out.
    assert [s["service_code"] for s in services[:-4]] == [
        "1.000656",
        "1.001193",
        "1.003583",
        "1.004884",
        "2.000908",
        "1.012345",
    ]
    by_code = {s["service_code"]: s for s in services}
    assert by_code["1.001193"] == {
        "service_code": "1.001193",
        "service_name": "Thủ tục đăng ký khai sinh",
        "description": "Hộ tịch; Cấp xã. Thời hạn giải quyết: 0,5 ngày làm việc.",
        "metadata": True,
        "type": "batch",
        "keywords": "Hộ tịch, Cấp xã, Một phần",
        "group": "Hộ tịch",
    }
    assert by_code["2.000908"]["type"] == "realtime"
    assert by_code["2.000908"]["keywords"] == "Chứng thực, Cấp huyện, Cấp xã, Toàn trình"
    assert by_code["1.000656"]["type"] == "blackbox"
    assert by_code["1.012345"]["metadata"] is False  # no version in force
    assert by_code["1.012345"]["description"] == "Đất đai; Cấp huyện."


def test_service_list_runs_one_query_whatever_its_length(catalog: Catalog, client: Client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/open311/v2/services.json").status_code == 200
        return len(captured)

    assert queries() == 1
    for index in range(10):
        Procedure.objects.create(
            national_code=f"3.{index:06d}", name_vi=f"Thêm {index}", field=catalog.land, at_commune=True
        )
    assert queries() == 1


def test_jurisdiction_id_is_a_unit_and_keeps_what_its_desk_posts(catalog: Catalog, client: Client, tree):
    def procedures(unit_code: str) -> list[str]:
        response = client.get("/open311/v2/services.json", {"jurisdiction_id": unit_code})
        # Feedback (the PA- services) is received everywhere; procedures only where posted.
        return [s["service_code"] for s in response.json() if not s["service_code"].startswith("PA-")]

    assert procedures(tree.commune_a.code) == ["1.000656", "1.001193", "2.000908"]
    assert procedures(tree.commune_b.code) == []
    unknown = client.get("/open311/v2/services.json", {"jurisdiction_id": "nowhere"})
    assert unknown.status_code == 404
    assert unknown.json() == [{"code": 404, "description": "Không có đơn vị (jurisdiction_id) mã «nowhere»."}]


def test_service_definition_lists_channels_cases_and_papers(catalog: Catalog, client: Client):
    response = client.get("/open311/v2/services/1.001193.json")
    assert response.status_code == 200
    definition = response.json()
    assert set(definition) == {"service_code", "attributes"}
    assert definition["service_code"] == "1.001193"
    attributes = definition["attributes"]
    assert [a["order"] for a in attributes] == [1, 2, 3, 4, 5, 6]
    assert all(set(a) >= ATTRIBUTE_KEYS for a in attributes)
    channel, case, *papers = attributes
    assert channel == {
        "order": 1,
        "variable": True,
        "code": "channel",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": "",
        "description": "Cách thức nộp hồ sơ",
        "values": [
            {"key": "1", "name": "Trực tiếp — 0,5 ngày làm việc — không thu phí"},
            {"key": "2", "name": "Trực tuyến — 0,5 ngày làm việc — không thu phí"},
            {"key": "3", "name": "Dịch vụ bưu chính — Trong ngày làm việc tiếp theo — 8.000 đồng"},
        ],
    }
    assert (case["code"], case["datatype"], case["required"]) == ("case", "singlevaluelist", False)
    assert [v["name"] for v in case["values"]] == ["Trẻ bị bỏ rơi"]
    assert [(p["variable"], p["datatype"], p["required"]) for p in papers] == [(False, "string", False)] * 4
    assert [p["description"] for p in papers] == [
        "Tờ khai đăng ký khai sinh (bản chính, 1 bản)",
        "Giấy chứng sinh (bản chính, 1 bản)",
        "Văn bản ủy quyền (bản sao có chứng thực, 1 bản) — nếu có",
        "Biên bản xác nhận việc trẻ bị bỏ rơi (bản chính, 1 bản) — trường hợp: Trẻ bị bỏ rơi",
    ]
    assert all("values" not in p for p in papers)


def test_a_service_without_metadata_has_an_empty_definition(catalog: Catalog, client: Client):
    response = client.get("/open311/v2/services/1.012345.json")
    assert response.status_code == 200
    assert response.json() == {"service_code": "1.012345", "attributes": []}


@pytest.mark.parametrize("code", ["9.999999", "1.000111", "nonsense"])
def test_unknown_or_retired_services_are_404_in_the_standard_error_shape(
    catalog: Catalog, client: Client, code
):
    response = client.get(f"/open311/v2/services/{code}.json")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": f"Không có dịch vụ mã «{code}»."}]


def test_xml_is_offered_as_the_standard_requires(catalog: Catalog, client: Client):
    services = parse(client.get("/open311/v2/services.xml"))
    assert services.tag == "services"
    first = services.find("service[service_code='1.001193']")
    assert first is not None
    assert [child.tag for child in first] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert (first.findtext("metadata"), first.findtext("type")) == ("true", "batch")

    definition = parse(client.get("/open311/v2/services/1.001193.xml"))
    assert definition.tag == "service_definition"
    assert definition.findtext("service_code") == "1.001193"
    channel = definition.find("attributes/attribute[code='channel']")
    assert channel is not None
    assert channel.findtext("variable") == "true"
    assert [v.findtext("key") for v in channel.findall("values/value")] == ["1", "2", "3"]

    error = client.get("/open311/v2/services/9.999999.xml")
    assert error.status_code == 404
    assert parse(error).findtext("error/code") == "404"


def test_other_formats_and_methods_are_refused(catalog: Catalog, client: Client):
    response = client.get("/open311/v2/services.csv")
    assert response.status_code == 404
    assert response.json() == [
        {"code": 404, "description": "Định dạng không được hỗ trợ; dùng .json hoặc .xml."}
    ]
    assert client.post("/open311/v2/services.json").status_code == 405
    assert client.get("/open311/v2/services/1.001193.json/").status_code == 404


def test_discovery_is_rate_limited_in_the_standard_error_shape(catalog: Catalog, client: Client, settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 1
    assert client.get("/open311/v2/services.json").status_code == 200
    response = client.get("/open311/v2/services/1.001193.json")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()[0]["code"] == 429
