"""Open311 GeoReport v2 requests: partners' keys, the feedback kinds as services beside the
procedures, filing a request and reading it back in JSON and XML, the filters, the spec's error
shape, and no personal data in any answer."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from reformdesk.core.models import AuditEvent
from reformdesk.feedback.choices import Channel, Kind, Status
from reformdesk.feedback.models import FeedbackCase, Open311Partner
from reformdesk.feedback.services.open311 import partner_create, partner_revoke
from reformdesk.feedback.tests.test_public import published_case
from reformdesk.org.models import Official

pytestmark = pytest.mark.django_db

REQUESTS = "/open311/v2/requests"


@pytest.fixture
def key(tree, personas) -> str:
    _partner, secret = partner_create(actor=personas.admin, name="  Ứng dụng  Phú Sơn ", unit=tree.commune_a)
    return secret


def request_data(key: str, **overrides) -> dict:
    data = {
        "api_key": key,
        "service_code": "PA-public_service",
        "description": "Cống thoát nước trước chợ bị tắc, nước tràn ra đường.",
        "address_string": "Chợ Phú Sơn",
        "lat": "18.6796",
        "long": "105.6813",
        "first_name": "Bình",
        "last_name": "Trần Văn",
        "phone": "0912345678",
        "email": "binh@example.vn",
    }
    data.update(overrides)
    return data


def xml_rows(response) -> list[dict[str, str]]:
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return [{child.tag: child.text or "" for child in item} for item in root]


def test_a_partners_key_is_shown_once_and_stored_hashed(tree, personas, key):
    partner = Open311Partner.objects.get()
    assert (partner.name, partner.unit, partner.prefix) == ("Ứng dụng Phú Sơn", tree.commune_a, key[:10])
    assert key.startswith("o311_") and key not in partner.digest and len(partner.digest) == 64
    assert AuditEvent.objects.filter(action="open311_partner.create").count() == 1


def test_the_feedback_kinds_are_services_beside_the_procedures(desk):
    services = Client().get("/open311/v2/services.json").json()
    codes = [s["service_code"] for s in services]
    assert desk.procedure.national_code in codes  # the procedures' discovery still works
    assert codes[-4:] == ["PA-regulation", "PA-official", "PA-dossier", "PA-public_service"]

    definition = Client().get("/open311/v2/services/PA-dossier.json").json()
    assert [(a["code"], a["required"]) for a in definition["attributes"]] == [
        ("subject", False),
        ("dossier_code", True),
    ]
    root = ET.fromstring(Client().get("/open311/v2/services/PA-official.xml").content)  # noqa: S314
    assert root.tag == "service_definition"
    assert [a.findtext("code") for a in root.find("attributes")] == ["subject", "official"]
    assert Client().get("/open311/v2/services/PA-other.json").status_code == 404


def test_a_request_round_trips_in_json(tree, key):
    response = Client().post(f"{REQUESTS}.json", request_data(key))

    assert response.status_code == 201
    [created] = response.json()
    case = FeedbackCase.objects.get()
    assert created["service_request_id"] == case.code
    assert created["service_notice"].startswith("Đã tiếp nhận. Hạn trả lời: ")
    assert (case.channel, case.kind, case.receiving_unit, case.place, case.subject) == (
        Channel.OPEN311,
        Kind.PUBLIC_SERVICE,
        tree.commune_a,
        "Chợ Phú Sơn",
        "Cống thoát nước trước chợ bị tắc, nước tràn ra đường.",
    )
    assert (case.citizen_name, case.citizen_phone, case.citizen_email) == (
        "Bình Trần Văn",
        "0912345678",
        "binh@example.vn",
    )

    [read] = Client().get(f"{REQUESTS}/{case.code}.json").json()
    assert read["service_request_id"] == case.code
    assert (read["status"], read["service_code"], read["agency_responsible"]) == (
        "open",
        "PA-public_service",
        tree.commune_a.name,
    )
    assert read["expected_datetime"] == timezone.localtime(case.answer_due_at).isoformat(timespec="seconds")
    # Nothing personal, and the question only once published.
    body = Client().get(f"{REQUESTS}.json").content.decode()
    for personal in ("Bình", "0912345678", "binh@example.vn", "Cống thoát nước"):
        assert personal not in body
    assert [r["service_request_id"] for r in Client().get(f"{REQUESTS}.json").json()] == [case.code]


def test_a_request_round_trips_in_xml(tree, key):
    response = Client().post(
        f"{REQUESTS}.xml", request_data(key, first_name="", last_name="", phone="", email="")
    )

    assert response.status_code == 201
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    [created] = xml_rows(response)
    case = FeedbackCase.objects.get()
    assert created["service_request_id"] == case.code
    assert case.is_anonymous  # no name and no contact

    read = Client().get(f"{REQUESTS}/{case.code}.xml")
    root = ET.fromstring(read.content)  # noqa: S314 - our own output
    assert root.tag == "service_requests"
    [row] = xml_rows(read)
    assert (row["service_request_id"], row["status"], row["service_code"], row["status_notes"]) == (
        case.code,
        "open",
        "PA-public_service",
        "",
    )


def test_a_published_answer_is_the_status_notes_and_a_closed_case_is_closed(tree, personas, handler_a):
    case = published_case(tree, personas, handler_a)

    [read] = Client().get(f"{REQUESTS}/{case.code}.json").json()

    assert read["status_notes"] == "Xã đã thay bộ lọc trạm bơm ngày 5/12."
    assert read["description"] == case.published_question
    assert "Phan Thị Lan" not in str(read)
    FeedbackCase.objects.filter(pk=case.pk).update(status=Status.CLOSED)
    [read] = Client().get(f"{REQUESTS}.json", {"service_request_id": f"{case.code},NOPE"}).json()
    assert read["status"] == "closed"


def test_a_case_about_an_official_or_a_dossier_needs_its_attribute(tree, personas, key):
    leader = Official.objects.get(user=personas.chair_a)
    Official.objects.filter(pk=leader.pk).update(on_hotline_board=True, phone="0238 3861 111")
    client = Client()

    response = client.post(f"{REQUESTS}.json", request_data(key, service_code="PA-official"))
    assert response.status_code == 400
    assert response.json() == [
        {"code": 400, "description": "attribute[official]: Phản ánh về cán bộ cần chọn cán bộ bị phản ánh."}
    ]
    response = client.post(f"{REQUESTS}.json", request_data(key, service_code="PA-dossier"))
    assert response.json() == [
        {
            "code": 400,
            "description": "attribute[dossier_code]: Phản ánh về việc giải quyết hồ sơ cần ghi mã hồ sơ.",
        }
    ]
    assert not FeedbackCase.objects.exists()

    response = client.post(
        f"{REQUESTS}.json",
        request_data(key, service_code="PA-official", **{"attribute[official]": leader.employee_code}),
    )
    assert response.status_code == 201
    assert FeedbackCase.objects.get().related_official == leader


@pytest.mark.parametrize(
    ("overrides", "status", "description"),
    [
        ({"api_key": "o311_wrong"}, 403, "api_key không hợp lệ hoặc đã bị thu hồi."),
        ({"api_key": ""}, 403, "api_key không hợp lệ hoặc đã bị thu hồi."),
        ({"service_code": ""}, 400, "Cần ghi service_code."),
        ({"service_code": "1.001193"}, 404, "Không có dịch vụ mã «1.001193»."),
        (
            {"address_string": "", "lat": ""},
            400,
            "address_string: Cần ghi vị trí: address_string, hoặc lat và long.",
        ),
        ({"lat": "91"}, 400, "lat: Tọa độ lat không hợp lệ."),
        ({"description": ""}, 400, "description: Cần ghi nội dung phản ánh, kiến nghị."),
        ({"phone": "12"}, 400, None),
    ],
)
def test_bad_requests_answer_in_the_specs_error_shape_and_save_nothing(key, overrides, status, description):
    for fmt in ("json", "xml"):
        response = Client().post(f"{REQUESTS}.{fmt}", request_data(key, **overrides))
        assert response.status_code == status
        rows = response.json() if fmt == "json" else xml_rows(response)
        assert rows[0]["code"] in (status, str(status))
        if description is not None:
            assert description in [row["description"] for row in rows]
    assert not FeedbackCase.objects.exists()


def test_a_revoked_key_is_refused(personas, key):
    partner_revoke(actor=personas.admin, partner=Open311Partner.objects.get())
    response = Client().post(f"{REQUESTS}.json", request_data(key))
    assert response.status_code == 403
    assert not FeedbackCase.objects.exists()


def test_the_list_filters_by_code_service_dates_and_status(tree, personas, key):
    client = Client()
    water = client.post(f"{REQUESTS}.json", request_data(key)).json()[0]["service_request_id"]
    rule = client.post(f"{REQUESTS}.json", request_data(key, service_code="PA-regulation")).json()[0][
        "service_request_id"
    ]
    FeedbackCase.objects.filter(code=rule).update(status=Status.REFUSED, refusal_reason="no_content")

    def listed(**query) -> list[str]:
        response = client.get(f"{REQUESTS}.json", query)
        assert response.status_code == 200
        return [r["service_request_id"] for r in response.json()]

    assert sorted(listed()) == sorted([water, rule])
    assert listed(service_code="PA-public_service") == [water]
    assert listed(status="open") == [water]
    assert listed(status="closed") == [rule]
    assert sorted(listed(status="open,closed")) == sorted([water, rule])
    now = timezone.localtime()
    assert (
        listed(
            start_date=(now - dt.timedelta(days=1)).isoformat(),
            end_date=(now - dt.timedelta(hours=12)).isoformat(),
        )
        == []
    )
    assert listed(service_request_id=water) == [water]

    for query, message in (
        ({"status": "pending"}, "status chỉ nhận open, closed hoặc cả hai."),
        ({"start_date": "2026-13-01"}, None),
        ({"start_date": "2026-01-01T00:00:00"}, None),
        (
            {"start_date": "2025-01-01T00:00:00+07:00", "end_date": "2025-06-01T00:00:00+07:00"},
            "Khoảng thời gian tra cứu tối đa 90 ngày.",
        ),
        ({"service_code": "PA-nope"}, "Không có dịch vụ mã «PA-nope»."),
    ):
        response = client.get(f"{REQUESTS}.json", query)
        assert response.status_code in (400, 404)
        [error] = response.json()
        assert error["code"] == response.status_code
        if message is not None:
            assert error["description"] == message
    assert client.get(f"{REQUESTS}/NOPE.json").status_code == 404
    assert client.get(f"{REQUESTS}.html").status_code == 404


def test_administrators_add_a_partner_and_see_its_key_once(tree, personas):
    from reformdesk.core.tests.helpers import sign_in

    client = sign_in(Client(), personas.admin)
    response = client.post(
        "/admin/feedback/open311partner/add/",
        {"name": "Ứng dụng Phú Sơn", "unit": tree.commune_a.pk},
        follow=True,
    )

    assert response.status_code == 200
    partner = Open311Partner.objects.get()
    content = response.content.decode()
    assert f"Khóa api_key của Ứng dụng Phú Sơn, chỉ hiện một lần này: {partner.prefix}" in content
    assert AuditEvent.objects.filter(action="open311_partner.create").count() == 1
    secret = content.split("chỉ hiện một lần này: ")[1].split("<")[0].strip()
    assert Client().post(f"{REQUESTS}.json", request_data(secret)).status_code == 201
    # Not shown again.
    change = client.get(f"/admin/feedback/open311partner/{partner.pk}/change/").content.decode()
    assert secret not in change
