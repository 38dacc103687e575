"""/api/v1/feedback: create from a staff channel, worklists with filters and paging, one case with
its deadlines and timeline, actions; bad input answered with a declared error and nothing saved."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from reformdesk.core.tests.helpers import sign_in
from reformdesk.core.tests.test_openapi import assert_declared
from reformdesk.feedback.choices import Channel, Kind, Status
from reformdesk.feedback.models import FeedbackCase, FeedbackEvent
from reformdesk.feedback.services import feedback_accept
from reformdesk.feedback.tests.factories import receive, vn

pytestmark = pytest.mark.django_db

URL = "/api/v1/feedback"


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def call_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "public_service",
        "channel": "hotline",
        "subject": "Đèn đường xóm 3 không sáng",
        "content": "Đã hai tuần đèn đường đoạn qua xóm 3 không sáng.",
        "received_at": "2025-12-01T09:00:00",
        "citizen": {"name": "Phan Thị Lan"},
        "caller_phone": "0987 654 321",
        "call_seconds": 150,
    }
    body.update(overrides)
    return body


@pytest.fixture
def desk_client(personas) -> Client:
    return sign_in(Client(), personas.one_stop_a)


def test_a_hotline_call_is_recorded_with_its_deadlines(desk_client, tree):
    response = post(desk_client, URL, call_body())

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["code"], body["status"], body["unit"], body["channel"]) == (
        "000.30.31.H41-PA-251201-0001",
        "received",
        "000.30.31.H41",
        "hotline",
    )
    assert body["deadlines"] == {
        "refuse_by": "2025-12-03T09:00:00+07:00",
        "clarify_by": "2025-12-08T09:00:00+07:00",
        "answer_by": "2025-12-22T09:00:00+07:00",
        "publish_by": None,
    }
    assert body["citizen"] == {
        "name": "Phan Thị Lan",
        "phone": "0987654321",
        "email": "",
        "address": "",
        "anonymous": False,
    }
    assert (body["caller_phone"], body["call_seconds"], body["due_at"]) == (
        "0987654321",
        150,
        "2025-12-03T09:00:00+07:00",
    )
    assert [(e["kind"], e["to_status"], e["by"]) for e in body["events"]] == [
        ("received", "received", "Nguyễn Thị Hoa")
    ]
    assert_declared(desk_client, response, "post", URL)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"received_at": "2099-01-05T09:00:00+07:00"},
            "received_at",
            "Thời điểm tiếp nhận không được sau thời điểm hiện tại: chỉ ghi được thời điểm đã qua.",
        ),
        ({"content": "   "}, "content", "Cần ghi nội dung phản ánh, kiến nghị."),
        ({"subject": "x" * 201}, "subject", "Tiêu đề dài quá 200 ký tự."),
        ({"call_seconds": None}, "call_seconds", "Thời lượng cuộc gọi phải từ 1 giây đến 4 giờ."),
        ({"citizen": {"anonymous": True, "name": "Lan"}}, "anonymous", None),
        ({"kind": "official"}, "related_official", "Phản ánh về cán bộ cần chọn cán bộ bị phản ánh."),
        ({"related_official": "CB99999"}, "related_official", "Không có cán bộ mã «CB99999»."),
        (
            {"kind": "dossier", "related_dossier": "000.30.31.H41-251201-0042"},
            "related_dossier",
            "Không có hồ sơ mã «000.30.31.H41-251201-0042».",
        ),
        ({"channel": "rating"}, "channel", None),
        ({"reception_slot": 99}, "reception_slot", "Không có buổi tiếp công dân số 99."),
        ({"content": "Nước\u0000 đục"}, "content", None),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_is_saved(
    desk_client, tree, overrides, field, message
):
    response = post(desk_client, URL, call_body(**overrides))

    assert response.status_code == 422, response.json()
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert field in errors
    if message is not None:
        assert errors[field] == message
    assert (FeedbackCase.objects.count(), FeedbackEvent.objects.count()) == (0, 0)
    assert_declared(desk_client, response, "post", URL)


def test_who_may_not_record_gets_a_declared_error(personas, tree):
    anonymous = Client()
    response = post(anonymous, URL, call_body())
    assert response.status_code == 401
    assert_declared(anonymous, response, "post", URL)

    commune_b = sign_in(Client(), personas.specialist_b)
    response = post(commune_b, URL, call_body(unit=tree.commune_a.code))
    assert response.status_code == 403
    assert_declared(commune_b, response, "post", URL)
    assert FeedbackCase.objects.count() == 0


def test_a_body_that_is_not_json_is_a_declared_400(desk_client, tree):
    response = desk_client.post(URL, "{", content_type="application/json")
    assert response.status_code == 400
    assert_declared(desk_client, response, "post", URL)
    assert FeedbackCase.objects.count() == 0


# --- list ----------------------------------------------------------------------------------------


def cases(tree, personas) -> list[FeedbackCase]:
    a1 = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    a2 = receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        at=vn(2025, 12, 1, 10),
        kind=Kind.REGULATION,
        channel=Channel.EMAIL,
    )
    b1 = receive(actor=personas.specialist_b, unit=tree.commune_b, at=vn(2025, 12, 1, 11))
    feedback_accept(actor=personas.one_stop_a, case=a2)
    return [a1, a2, b1]


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["code"] for item in response.json()["items"]]


def test_the_list_filters_by_unit_status_kind_and_channel(desk_client, personas, tree):
    a1, a2, b1 = cases(tree, personas)
    reform = sign_in(Client(), personas.district_reform)

    assert codes(desk_client.get(URL)) == [a2.code, a1.code]
    assert codes(desk_client.get(URL, {"status": "received"})) == [a1.code]
    assert codes(desk_client.get(URL, {"kind": "regulation"})) == [a2.code]
    assert codes(desk_client.get(URL, {"channel": "email"})) == [a2.code]
    assert codes(desk_client.get(URL, {"list": "to_accept"})) == [a1.code]
    assert codes(desk_client.get(URL, {"search": "nuoc sinh hoat"})) == [a2.code, a1.code]
    assert codes(reform.get(URL)) == [b1.code, a2.code, a1.code]
    assert codes(reform.get(URL, {"unit": tree.commune_b.code})) == [b1.code]
    page = reform.get(URL, {"limit": 1, "offset": 1}).json()
    assert (page["count"], [i["code"] for i in page["items"]]) == (3, [a2.code])


def test_a_bad_filter_is_a_declared_422(desk_client, tree):
    for params in ({"status": "lost"}, {"list": "nowhere"}, {"limit": 0}):
        response = desk_client.get(URL, params)
        assert response.status_code == 422, params
        assert_declared(desk_client, response, "get", URL)
    assert response.json()["errors"][0]["field"] == "limit"
    assert desk_client.get(URL, {"status": "lost"}).json()["errors"][0] == {
        "field": "status",
        "message": "Giá trị «lost» không hợp lệ; dùng một trong: received, refused, accepted, assigned, "
        "clarifying, drafted, approved, sent, published, rated, closed.",
    }


def test_the_list_costs_the_same_queries_for_one_case_or_many(
    desk_client, personas, tree, django_assert_num_queries
):
    receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    # Session and user, the user's grants, the count, the page of rows (units and handler joined).
    with django_assert_num_queries(5):
        assert len(codes(desk_client.get(URL))) == 1
    for hour in range(10, 15):
        receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 2, hour))
    with django_assert_num_queries(5):
        assert len(codes(desk_client.get(URL))) == 6


# --- one case and actions -------------------------------------------------------------------------


def test_an_officer_of_another_commune_gets_a_404(personas, tree):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    commune_b = sign_in(Client(), personas.specialist_b)

    response = commune_b.get(f"{URL}/{case.code}")
    assert response.status_code == 404
    assert_declared(commune_b, response, "get", f"{URL}/{{code}}")
    response = post(commune_b, f"{URL}/{case.code}/actions/accept")
    assert response.status_code == 404
    assert_declared(commune_b, response, "post", f"{URL}/{{code}}/actions/{{action}}")
    assert codes(commune_b.get(URL)) == []
    case.refresh_from_db()
    assert (case.status, case.events.count()) == (Status.RECEIVED, 1)


def test_actions_answer_with_the_case_or_a_declared_error_that_changes_nothing(desk_client, personas, tree):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    path = f"{URL}/{{code}}/actions/{{action}}"

    response = post(desk_client, f"{URL}/{case.code}/actions/refuse", {"reason": "out_of_competence"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "note", "message": "Cần ghi cơ quan có thẩm quyền để hướng dẫn người phản ánh."}
    ]
    assert_declared(desk_client, response, "post", path)

    response = post(desk_client, f"{URL}/{case.code}/actions/fly")
    assert (response.status_code, response.json()["code"]) == (404, "unknown_action")

    inspector = sign_in(Client(), personas.inspector)  # reads the district's feedback, acts on none
    response = post(inspector, f"{URL}/{case.code}/actions/accept")
    assert response.status_code == 403
    assert_declared(inspector, response, "post", path)
    case.refresh_from_db()
    assert (case.status, case.events.count()) == (Status.RECEIVED, 1)

    response = post(desk_client, f"{URL}/{case.code}/actions/accept", {"note": "Thuộc thẩm quyền xã."})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["events"][-1]["note"]) == (
        "accepted",
        "Thuộc thẩm quyền xã.",
    )
    assert_declared(desk_client, response, "post", path)

    response = post(desk_client, f"{URL}/{case.code}/actions/accept")
    assert (response.status_code, response.json()["detail"]) == (
        409,
        "Chỉ thụ lý được phản ánh mới tiếp nhận.",
    )
    assert_declared(desk_client, response, "post", path)
    case.refresh_from_db()
    assert (case.status, case.events.count()) == (Status.ACCEPTED, 2)


def test_a_case_through_the_api_from_assignment_to_publication(personas, tree, handler_a):
    # Received an hour ago: the actions below happen now, well within the time limits.
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=timezone.now() - dt.timedelta(hours=1))
    case = feedback_accept(actor=personas.one_stop_a, case=case)
    chair = sign_in(Client(), personas.chair_a)
    handler = sign_in(Client(), handler_a.user)
    desk = sign_in(Client(), personas.one_stop_a)
    steps = [
        (chair, "assign", {"handler": handler_a.employee_code}, "assigned"),
        (handler, "ask_clarification", {"question": "Nước đục từ ngày nào?"}, "clarifying"),
        (desk, "clarification_received", {"note": "Từ 28/11."}, "assigned"),
        (handler, "draft_answer", {"answer": "Xã đã thay lõi lọc trạm bơm."}, "drafted"),
        (chair, "approve_answer", {}, "approved"),
        (desk, "send", {}, "sent"),
        (desk, "publish", {}, "published"),
        (desk, "rate", {"satisfaction": "satisfied"}, "rated"),
        (desk, "close", {}, "closed"),
    ]
    for client, action, body, status in steps:
        response = post(client, f"{URL}/{case.code}/actions/{action}", body)
        assert (response.status_code, response.json()["status"]) == (200, status), (action, response.json())

    body = response.json()
    assert body["deadlines"]["publish_by"] is not None
    assert body["answered_on_time"] is True
    assert body["published_question"].startswith("Nước sinh hoạt xóm 5 bị đục")
