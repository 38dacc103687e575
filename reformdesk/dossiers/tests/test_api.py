"""The staff dossier API: intake, worklists, one dossier, actions; 422, 409 and 403 change nothing."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client

from reformdesk.core.models import AccessLog
from reformdesk.core.services.tokens import token_create
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.models import DailyCounter, Dossier

pytestmark = pytest.mark.django_db


def api(user: User) -> Client:
    _, secret = token_create(actor=None, user=user, name="Kiểm thử")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def body(**overrides):
    data = {
        "procedure": "1.001193",
        "channel": 1,
        "applicant": {
            "name": "Hoàng Văn Bình",
            "id_number": "040095001234",
            "phone": "0912345678",
            "address": "Xóm 3, xã Phú Sơn",
        },
        "papers": ["Tờ khai đăng ký khai sinh", "giay chung sinh"],
    }
    data.update(overrides)
    return data


def post(client: Client, path: str, data=None):
    return client.post(path, data or {}, content_type="application/json")


def test_a_complete_dossier_is_received_as_201(desk, personas):
    response = post(api(personas.one_stop_a), "/api/v1/dossiers", body())

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["code"].startswith("000.30.31.H41-")
    assert data["code"].endswith("-0001")
    assert (data["status"], data["status_label"], data["channel"]) == (2, "Đã tiếp nhận", 1)
    assert data["received_at"] is not None and data["due_at"] is not None
    assert [s["order"] for s in data["steps"]] == [1, 2, 3, 4, 5]
    assert [e["kind"] for e in data["events"]] == ["received"]
    assert data["applicant"]["id_number"] == "040095001234"


def test_missing_papers_give_a_supplement_request_listing_them(desk, personas):
    response = post(api(personas.one_stop_a), "/api/v1/dossiers", body(papers=[desk.papers[0].pk]))

    assert response.status_code == 201
    assert response.json()["status"] == Status.SUPPLEMENT
    assert response.json()["missing_papers"] == ["Giấy chứng sinh"]


def test_a_dossier_guided_to_supplement_is_received_only_with_every_missing_paper(desk, personas):
    client = api(personas.one_stop_a)
    code = post(client, "/api/v1/dossiers", body(papers=[desk.papers[0].pk])).json()["code"]

    refused = post(client, f"/api/v1/dossiers/{code}/actions/receive_supplement", {"note": "Đã mang tới"})
    assert refused.status_code == 422, refused.content
    assert refused.json()["detail"].startswith("Hồ sơ còn thiếu: Giấy chứng sinh.")
    dossier = Dossier.objects.get(code=code)
    assert (dossier.status, dossier.received_at) == (Status.SUPPLEMENT, None)

    received = post(
        client, f"/api/v1/dossiers/{code}/actions/receive_supplement", {"papers": ["Giấy chứng sinh"]}
    )
    assert received.status_code == 200, received.content
    assert received.json()["status"] == Status.RECEIVED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"procedure": "9.999999"}, "procedure"),
        ({"papers": ["Sổ hộ khẩu"]}, "papers"),
        ({"papers": [999999]}, "papers"),
        ({"channel": 4}, "channel"),
        ({"applicant": {"name": "Bình", "id_number": "12345"}}, "id_number"),
        ({"applicant": {"name": "Bình", "id_number": "040095001234", "phone": "12"}}, "phone"),
        ({"applicant": {"id_number": "040095001234"}}, "applicant.name"),
    ],
)
def test_bad_intake_is_a_422_naming_the_field_and_records_nothing(desk, personas, overrides, field):
    response = post(api(personas.one_stop_a), "/api/v1/dossiers", body(**overrides))

    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert Dossier.objects.count() == 0
    assert not DailyCounter.objects.exists()


def test_a_retried_request_with_the_same_token_records_one_dossier(desk, personas):
    client = api(personas.one_stop_a)
    token = str(uuid.uuid4())
    first = post(client, "/api/v1/dossiers", body(client_token=token)).json()
    second = post(client, "/api/v1/dossiers", body(client_token=token)).json()
    assert first["code"] == second["code"]
    assert Dossier.objects.count() == 1


def test_a_role_that_may_not_receive_gets_403(desk, personas):
    response = post(api(personas.specialist_b), "/api/v1/dossiers", body(unit="000.30.31.H41"))
    assert response.status_code == 403
    assert Dossier.objects.count() == 0


def test_without_a_token_the_api_answers_401(desk):
    assert Client().get("/api/v1/dossiers").status_code == 401


def test_worklists_and_search(desk, personas):
    client = api(personas.one_stop_a)
    post(client, "/api/v1/dossiers", body())
    post(client, "/api/v1/dossiers", body(applicant={"name": "Trần Thị Lụa", "id_number": "040195004321"}))

    everything = client.get("/api/v1/dossiers").json()
    assert everything["count"] == 2
    found = client.get("/api/v1/dossiers", {"search": "tran thi lua"}).json()
    assert [i["applicant_name"] for i in found["items"]] == ["Trần Thị Lụa"]
    by_id = client.get("/api/v1/dossiers", {"search": "040095001234"}).json()
    assert [i["applicant_name"] for i in by_id["items"]] == ["Hoàng Văn Bình"]
    mine = api(User.objects.get(username="tuphap_a")).get("/api/v1/dossiers", {"list": "mine"}).json()
    assert mine["count"] == 2
    assert client.get("/api/v1/dossiers", {"list": "mine"}).json()["count"] == 0
    assert client.get("/api/v1/dossiers", {"list": "overdue"}).json()["count"] == 0
    assert client.get("/api/v1/dossiers", {"list": "nope"}).status_code == 422
    assert client.get("/api/v1/dossiers", {"status": 11}).status_code == 422


def test_other_units_staff_see_nothing(desk, personas):
    post(api(personas.one_stop_a), "/api/v1/dossiers", body())
    code = Dossier.objects.get().code
    outsider = api(personas.specialist_b)
    assert outsider.get("/api/v1/dossiers").json()["count"] == 0
    assert outsider.get(f"/api/v1/dossiers/{code}").status_code == 404
    district = api(personas.district_reform)
    assert district.get(f"/api/v1/dossiers/{code}").status_code == 200
    assert (
        AccessLog.objects.filter(
            subject_id=str(Dossier.objects.get().pk), actor=personas.district_reform
        ).count()
        == 1
    )


def test_actions_move_the_dossier_and_wrong_ones_change_nothing(desk, personas):
    code = post(api(personas.one_stop_a), "/api/v1/dossiers", body()).json()["code"]
    specialist = api(User.objects.get(username="tuphap_a"))
    chair = api(personas.chair_a)

    # Approving an assessment step is out of order: 409.
    response = post(chair, f"/api/v1/dossiers/{code}/actions/approve")
    assert response.status_code == 409
    assert response.json()["code"] == "action_not_allowed"
    # A one-stop officer may not do the specialist's step: 403.
    assert post(api(personas.one_stop_a), f"/api/v1/dossiers/{code}/actions/forward").status_code == 403
    assert Dossier.objects.get().status == Status.RECEIVED

    response = post(specialist, f"/api/v1/dossiers/{code}/actions/forward", {"note": "Đủ điều kiện"})
    assert response.status_code == 200
    assert response.json()["status"] == Status.PROCESSING
    assert post(chair, f"/api/v1/dossiers/{code}/actions/approve").status_code == 200
    response = post(chair, f"/api/v1/dossiers/{code}/actions/approve")
    assert response.json()["status"] == Status.RESULT_READY

    response = post(
        api(personas.one_stop_a), f"/api/v1/dossiers/{code}/actions/deliver", {"method": "counter"}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["collected_by"]
    response = post(
        api(personas.one_stop_a),
        f"/api/v1/dossiers/{code}/actions/deliver",
        {"method": "counter", "collected_by": "Hoàng Văn Bình"},
    )
    assert response.json()["status"] == Status.DELIVERED
    assert post(chair, f"/api/v1/dossiers/{code}/actions/dance").status_code == 404
    assert post(chair, "/api/v1/dossiers/000.30.31.H41-251201-9999/actions/forward").status_code == 404


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (2**63, "Không được lớn hơn 2000000000."),
        (2_000_000_001, "Không được lớn hơn 2000000000."),
        (0, "Không được nhỏ hơn 1."),
    ],
)
def test_a_fee_past_its_bounds_is_a_422_and_changes_nothing(desk, personas, amount, message):
    """``amount_vnd`` ≥ 2^63 once reached the database and gave a 500."""
    code = post(api(personas.one_stop_a), "/api/v1/dossiers", body()).json()["code"]
    specialist = api(User.objects.get(username="tuphap_a"))
    assert post(specialist, f"/api/v1/dossiers/{code}/actions/forward").json()["status"] == Status.PROCESSING
    chair = api(personas.chair_a)
    response = post(chair, f"/api/v1/dossiers/{code}/actions/request_fees", {"amount_vnd": amount})
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [{"field": "amount_vnd", "message": message}]
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.fee_vnd) == (Status.PROCESSING, None)
    assert [e.kind for e in dossier.events.order_by("at", "id")] == ["received", "forwarded"]


@pytest.mark.parametrize("overrides", [{"case": 2**63}, {"papers": [2**63]}, {"case": 0}, {"papers": [-1]}])
def test_ids_past_their_bounds_in_an_intake_are_a_422_and_record_nothing(desk, personas, overrides):
    response = post(api(personas.one_stop_a), "/api/v1/dossiers", body(**overrides))
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "validation_error"
    assert (Dossier.objects.count(), DailyCounter.objects.count()) == (0, 0)


def test_a_supplement_request_needs_the_list_of_papers(desk, personas):
    code = post(api(personas.one_stop_a), "/api/v1/dossiers", body()).json()["code"]
    specialist = api(User.objects.get(username="tuphap_a"))
    response = post(specialist, f"/api/v1/dossiers/{code}/actions/request_supplement", {"missing": []})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "missing"
    response = post(
        specialist, f"/api/v1/dossiers/{code}/actions/request_supplement", {"missing": ["Trích lục kết hôn"]}
    )
    assert (response.json()["status"], response.json()["missing_papers"]) == (5, ["Trích lục kết hôn"])


def test_an_apology_date_without_an_offset_is_read_as_vietnam_time(desk, personas):
    received = post(api(personas.one_stop_a), "/api/v1/dossiers", body()).json()
    # The day after the appointment at 16:00, written without an offset (within the bound of one
    # more time limit; the apology is made now, three working days ahead of the appointment).
    day_after = dt.datetime.fromisoformat(received["due_at"]).date() + dt.timedelta(days=1)
    response = post(
        api(personas.chair_a),
        f"/api/v1/dossiers/{received['code']}/actions/apologise",
        {"reasons": "Cần xác minh thêm", "new_due_at": f"{day_after}T16:00:00"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["apology_due_at"] == f"{day_after}T16:00:00+07:00"
