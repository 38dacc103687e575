"""/api/v1/documents: the registers' lists with filters and paging, registering, one entry, giving
a document to a handler, cancelling a number; bad input answered with a declared error and
nothing saved; another commune's entries and uncleared confidential ones are 404."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from reformdesk.core.models import AccessLog
from reformdesk.core.tests.helpers import sign_in
from reformdesk.core.tests.test_openapi import assert_declared
from reformdesk.documents.choices import Confidentiality, OutgoingStatus
from reformdesk.documents.models import DocumentEvent, IncomingDocument, OutgoingDocument, RegisterCounter
from reformdesk.documents.tests.factories import receive, register_outgoing, vn

pytestmark = pytest.mark.django_db

IN = "/api/v1/documents/incoming"
OUT = "/api/v1/documents/outgoing"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def incoming_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "arrived_at": "2025-12-01T08:30:00",
        "sender": "Văn phòng UBND huyện Tân Kỳ",
        "original_symbol": "1520/UBND-VP",
        "document_date": "2025-11-27",
        "doc_type": "cong_van",
        "summary": "Về việc rà soát thủ tục hành chính cấp xã",
        "urgency": "urgent",
    }
    body.update(overrides)
    return body


def outgoing_body(chair_a, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "doc_type": "ke_hoach",
        "summary": "Kế hoạch cải cách hành chính năm 2026",
        "issued_on": "2025-12-01",
        "signer": chair_a.employee_code,
        "recipients": "- UBND huyện Tân Kỳ;\n- Lưu: VT.",
    }
    body.update(overrides)
    return body


@pytest.fixture
def clerk(personas) -> Client:
    return sign_in(Client(), personas.one_stop_a)


def test_registering_an_incoming_document(clerk, tree, handler_a):
    response = post(clerk, IN, incoming_body(handler=handler_a.employee_code, handling_due_on="2099-01-05"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["unit"], body["year"], body["number"], body["doc_type_label"], body["handler"]) == (
        "000.30.31.H41",
        2025,
        1,
        "Công văn",
        "Lê Văn Tư",
    )
    assert body["arrived_at"] == "2025-12-01T08:30:00+07:00"
    assert [e["kind"] for e in body["events"]] == ["incoming_registered"]
    assert_declared(clerk, response, "post", IN)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"doc_type": "sac_lenh"}, "doc_type"),
        ({"sender": ""}, "sender"),
        ({"document_date": "2025-12-02"}, "document_date"),
        ({"confidentiality": "noi_bo"}, "confidentiality"),
        ({"handler": "CB99999"}, "handler"),
        ({"summary": "Trích\u202eyếu"}, "summary"),
        ({"arrived_at": "2099-01-01T08:00:00"}, "arrived_at"),
    ],
)
def test_bad_incoming_input_is_a_422_naming_the_field_and_nothing_is_saved(clerk, tree, overrides, field):
    response = post(clerk, IN, incoming_body(**overrides))
    assert response.status_code == 422, response.json()
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert_declared(clerk, response, "post", IN)
    assert IncomingDocument.objects.count() == 0
    assert DocumentEvent.objects.count() == 0
    assert RegisterCounter.objects.filter(last__gt=0).count() == 0


def test_a_specialist_may_not_register(tree, personas, handler_a):
    client = sign_in(Client(), handler_a.user)
    response = post(client, IN, incoming_body(unit="000.30.31.H41"))
    assert response.status_code == 403
    assert_declared(client, response, "post", IN)
    assert IncomingDocument.objects.count() == 0


def test_lists_filter_by_year_type_and_folded_search(clerk, tree, personas):
    receive(actor=personas.one_stop_a, unit=tree.commune_a)
    receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        at=vn(2026, 1, 2),
        summary="Giấy mời dự hội nghị tổng kết công tác năm",
        doc_type="giay_moi",
        original_symbol="05/GM-UBND",
    )
    assert [d["number"] for d in clerk.get(IN).json()["items"]] == [1, 1]
    assert [d["year"] for d in clerk.get(IN, {"year": 2026}).json()["items"]] == [2026]
    assert [d["original_symbol"] for d in clerk.get(IN, {"type": "giay_moi"}).json()["items"]] == [
        "05/GM-UBND"
    ]
    found = clerk.get(IN, {"search": "HOI NGHI tong ket"}).json()
    assert (found["count"], found["items"][0]["original_symbol"]) == (1, "05/GM-UBND")
    assert clerk.get(IN, {"search": "đăng ký kết hôn"}).json() == {"items": [], "count": 0}
    refused = clerk.get(IN, {"type": "sac_lenh"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "type"


def test_another_communes_entries_are_not_listed_and_are_404(tree, personas, chair_a, chair_b):
    incoming = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    outgoing = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    other = sign_in(Client(), personas.specialist_b)
    assert other.get(IN).json() == {"items": [], "count": 0}
    assert other.get(OUT).json() == {"items": [], "count": 0}
    for url in (f"{IN}/{incoming.pk}", f"{OUT}/{outgoing.pk}"):
        response = other.get(url)
        assert response.status_code == 404
        assert_declared(other, response, "get", url.rsplit("/", 1)[0] + "/{document_id}")
    response = post(sign_in(Client(), chair_b.user), f"{OUT}/{outgoing.pk}/cancel", {"reason": "Nhầm"})
    assert response.status_code == 404
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingStatus.REGISTERED


def test_the_district_reform_officer_reads_the_communes_registers(tree, personas):
    receive(actor=personas.one_stop_a, unit=tree.commune_a)
    reform = sign_in(Client(), personas.district_reform)
    assert clerk_numbers(reform) == [1]


def clerk_numbers(client: Client) -> list[int]:
    return [d["number"] for d in client.get(IN).json()["items"]]


def test_registering_and_cancelling_an_outgoing_document(clerk, tree, chair_a):
    response = post(clerk, OUT, outgoing_body(chair_a, number=1))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["symbol"], body["series"], body["signer"], body["status"]) == (
        "01/KH-UBND",
        "regular",
        "Đinh Xuân Công",
        "registered",
    )
    assert_declared(clerk, response, "post", OUT)
    url = f"{OUT}/{body['id']}/cancel"
    cancelled = post(clerk, url, {"reason": "Kế hoạch không ban hành"})
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == (
        "cancelled",
        "Kế hoạch không ban hành",
    )
    again = post(clerk, url, {"reason": "Lần nữa"})
    assert again.status_code == 409
    assert_declared(clerk, again, "post", f"{OUT}/{{document_id}}/cancel")
    following = post(clerk, OUT, outgoing_body(chair_a))
    assert following.json()["symbol"] == "02/KH-UBND"
    assert [d["symbol"] for d in clerk.get(OUT).json()["items"]] == ["02/KH-UBND", "01/KH-UBND"]
    assert [d["symbol"] for d in clerk.get(OUT, {"status": "cancelled"}).json()["items"]] == ["01/KH-UBND"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number": 7}, "number"),
        ({"signer": "CB99999"}, "signer"),
        ({"drafting_unit": "VP"}, "drafting_unit"),
        ({"recipients": ""}, "recipients"),
        ({"issued_on": "2099-01-01"}, "issued_on"),
        ({"number": 0}, "number"),
    ],
)
def test_bad_outgoing_input_is_a_422_and_takes_no_number(clerk, tree, chair_a, overrides, field):
    response = post(clerk, OUT, outgoing_body(chair_a, **overrides))
    assert response.status_code == 422, response.json()
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert_declared(clerk, response, "post", OUT)
    assert OutgoingDocument.objects.count() == 0
    assert post(clerk, OUT, outgoing_body(chair_a)).json()["symbol"] == "01/KH-UBND"


def test_a_cancel_without_a_reason_is_refused(clerk, tree, personas, chair_a):
    document = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    response = post(clerk, f"{OUT}/{document.pk}/cancel", {"reason": " "})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"
    document.refresh_from_db()
    assert document.status == OutgoingStatus.REGISTERED


def test_assigning_through_the_api(tree, personas, handler_a):
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    chair = sign_in(Client(), personas.chair_a)
    url = f"{IN}/{document.pk}/handler"
    response = post(chair, url, {"handler": handler_a.employee_code, "due_on": "2099-01-05"})
    assert response.status_code == 200, response.json()
    assert (response.json()["handler"], response.json()["handling_due_on"]) == ("Lê Văn Tư", "2099-01-05")
    refused = post(chair, url, {"handler": handler_a.employee_code, "due_on": "2020-01-01"})
    assert refused.status_code == 422
    assert_declared(chair, refused, "post", f"{IN}/{{document_id}}/handler")
    document.refresh_from_db()
    assert document.handling_due_on == dt.date(2099, 1, 5)


def test_confidential_entries_are_read_only_by_the_cleared_and_every_read_is_logged(
    tree, personas, handler_a, chair_a
):
    """GIVEN a secret incoming document handled by Lê Văn Tư and a secret outgoing one
    THEN the handler, the clerk and the chair read them (each read logged); another specialist
    of the commune and the district's inspector see neither (404, not listed, nothing logged)."""
    from reformdesk.org.choices import Role
    from reformdesk.org.tests.factories import make_official

    colleague = make_official(unit=tree.commune_a, role=Role.SPECIALIST, username="diachinh_a")
    secret_in = receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        confidentiality=Confidentiality.SECRET,
        handler=handler_a,
    )
    plain_in = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    secret_out = register_outgoing(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        signer=chair_a,
        confidentiality=Confidentiality.TOP_SECRET,
    )
    for user in (handler_a.user, personas.one_stop_a, personas.chair_a):
        client = sign_in(Client(), user)
        before = AccessLog.objects.filter(actor=user).count()
        assert client.get(f"{IN}/{secret_in.pk}").status_code == 200
        assert [d["number"] for d in client.get(IN).json()["items"]] == [2, 1]
        assert AccessLog.objects.filter(actor=user, subject_id=str(secret_in.pk)).count() - before == 2
        assert client.get(f"{IN}/{plain_in.pk}").status_code == 200
    assert sign_in(Client(), personas.chair_a).get(f"{OUT}/{secret_out.pk}").status_code == 200
    assert sign_in(Client(), handler_a.user).get(f"{OUT}/{secret_out.pk}").status_code == 404
    for user in (colleague.user, personas.inspector):
        client = sign_in(Client(), user)
        assert client.get(f"{IN}/{secret_in.pk}").status_code == 404
        assert client.get(f"{OUT}/{secret_out.pk}").status_code == 404
        assert [d["number"] for d in client.get(IN).json()["items"]] == [2]
        assert client.get(OUT).json() == {"items": [], "count": 0}
        assert AccessLog.objects.filter(actor=user).count() == 0


def test_the_list_costs_the_same_queries_for_one_entry_or_many(
    clerk, tree, personas, django_assert_num_queries
):
    receive(actor=personas.one_stop_a, unit=tree.commune_a)
    with django_assert_num_queries(5) as one:
        assert clerk.get(IN).json()["count"] == 1
    for _ in range(5):
        receive(actor=personas.one_stop_a, unit=tree.commune_a)
    with django_assert_num_queries(len(one.captured_queries)):
        assert clerk.get(IN).json()["count"] == 6
