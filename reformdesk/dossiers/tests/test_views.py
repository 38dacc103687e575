"""The desk's pages: worklists, intake at the counter, a dossier and its actions."""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reformdesk.core.tests.helpers import sign_in
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.services import dossier_receive
from reformdesk.dossiers.tests.factories import applicant, vn
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    return sign_in(Client(), user)


def receive(desk, personas, tree, n: int = 1, **kwargs) -> list[Dossier]:
    return [
        dossier_receive(
            actor=personas.one_stop_a,
            unit=tree.commune_a,
            procedure=desk.procedure,
            applicant=applicant(name=f"Người nộp {i}"),
            submitted_papers=desk.required_ids,
            at=kwargs.get("at", vn(2025, 12, 1, 9)),
        )
        for i in range(n)
    ]


def intake_data(desk, **overrides):
    data = {
        "applicant_kind": "person",
        "name": "Hoàng Văn Bình",
        "id_number": "040095001234",
        "phone": "0912 345 678",
        "channel": "1",
        "papers": [str(pk) for pk in desk.required_ids],
        "client_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_the_counter_receives_a_complete_dossier(desk, personas):
    client = client_for(personas.one_stop_a)
    start = client.get("/staff/dossiers/new/", {"q": "khai sinh"})
    assert start.status_code == 200
    assert "Thủ tục đăng ký khai sinh" in start.content.decode()
    form = client.get("/staff/dossiers/new/1.001193/")
    assert form.status_code == 200

    response = client.post("/staff/dossiers/new/1.001193/", intake_data(desk))

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/dossiers/{dossier.code}/"
    assert dossier.status == Status.RECEIVED
    page = client.get(response["Location"]).content.decode()
    assert dossier.code in page and "Đã tiếp nhận hồ sơ" in page


def test_bad_intake_input_is_shown_beside_the_field_and_saves_nothing(desk, personas):
    client = client_for(personas.one_stop_a)
    response = client.post("/staff/dossiers/new/1.001193/", intake_data(desk, id_number="123", phone="abc"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in page
    assert "không đúng định dạng Việt Nam" in page
    assert Dossier.objects.count() == 0


def test_a_double_submitted_intake_form_records_one_dossier(desk, personas):
    client = client_for(personas.one_stop_a)
    data = intake_data(desk)
    client.post("/staff/dossiers/new/1.001193/", data)
    client.post("/staff/dossiers/new/1.001193/", data)
    assert Dossier.objects.count() == 1


def test_intake_pages_are_for_one_stop_officers_only(desk, personas):
    for user in (personas.specialist_b, personas.inspector, personas.chair_a):
        assert client_for(user).get("/staff/dossiers/new/").status_code == 403
    assert client_for(personas.outsider).get("/staff/dossiers/").status_code == 403
    assert Client().get("/staff/dossiers/").status_code == 302


def test_the_worklist_costs_the_same_queries_for_3_and_30_dossiers(desk, personas, tree):
    client = client_for(personas.one_stop_a)
    receive(desk, personas, tree, 3)
    client.get("/staff/dossiers/")  # warm the unit's calendar and the session
    with CaptureQueriesContext(connection) as few:
        assert client.get("/staff/dossiers/").status_code == 200
    receive(desk, personas, tree, 27)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/staff/dossiers/")
    assert response.content.decode().count('href="/staff/dossiers/000.30.31.H41-') == 25
    assert len(many.captured_queries) == len(few.captured_queries)


def test_overdue_and_mine_lists(desk, personas, tree):
    receive(desk, personas, tree, 2)  # due 4/12/2025: long overdue today
    specialist = client_for(User.objects.get(username="tuphap_a"))
    overdue = specialist.get("/staff/dossiers/", {"list": "overdue"}).content.decode()
    assert overdue.count("quá hạn") >= 2
    mine = specialist.get("/staff/dossiers/", {"list": "mine"}).content.decode()
    assert 'data-testid="result-count">' in mine and "Số kết quả: 2" in mine
    assert (
        "Số kết quả: 0"
        in client_for(personas.one_stop_a).get("/staff/dossiers/", {"list": "mine"}).content.decode()
    )


def test_a_dossier_page_offers_the_assignee_the_next_step_and_records_it(desk, personas, tree):
    [dossier] = receive(desk, personas, tree)
    specialist = client_for(User.objects.get(username="tuphap_a"))
    page = specialist.get(f"/staff/dossiers/{dossier.code}/").content.decode()
    assert 'data-action="forward"' in page and 'data-action="deliver"' not in page

    response = specialist.post(f"/staff/dossiers/{dossier.code}/actions/forward/", {"forward-note": "Hợp lệ"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert dossier.events.last().note == "Hợp lệ"


def test_a_refused_action_shows_its_message_and_changes_nothing(desk, personas, tree):
    [dossier] = receive(desk, personas, tree)
    specialist = client_for(User.objects.get(username="tuphap_a"))
    response = specialist.post(
        f"/staff/dossiers/{dossier.code}/actions/request_supplement/", {"request_supplement-missing": "  "}
    )
    assert response.status_code == 400
    assert "Cần liệt kê đầy đủ các giấy tờ phải bổ sung." in response.content.decode()
    response = client_for(personas.one_stop_a).post(f"/staff/dossiers/{dossier.code}/actions/deliver/", {})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.events.count()) == (Status.RECEIVED, 1)


def test_staff_of_another_unit_cannot_open_or_act(desk, personas, tree):
    [dossier] = receive(desk, personas, tree)
    other = client_for(personas.specialist_b)
    assert other.get(f"/staff/dossiers/{dossier.code}/").status_code == 404
    assert other.post(f"/staff/dossiers/{dossier.code}/actions/forward/", {}).status_code == 404
    assert client_for(personas.inspector).get(f"/staff/dossiers/{dossier.code}/").status_code == 200


def test_a_leader_hands_several_dossiers_to_one_official_at_once(desk, personas, tree):
    first, second, third = receive(desk, personas, tree, 3)
    colleague = User.objects.get(username="tuphap_a").official
    other = make_official(unit=tree.commune_a, role=Role.SPECIALIST, full_name="Võ Thị Lan")
    chair = client_for(personas.chair_a)
    page = chair.get("/staff/dossiers/").content.decode()
    assert 'data-testid="bulk-form"' in page and 'name="pick"' in page
    assert 'name="pick"' not in client_for(personas.one_stop_a).get("/staff/dossiers/").content.decode()

    response = chair.post(
        "/staff/dossiers/bulk/reassign/",
        {"pick": [first.code, second.code], "to_official": other.employee_code, "next": "/staff/dossiers/"},
    )
    assert response.status_code == 302
    assigned = dict(Dossier.objects.values_list("code", "assignee_id"))
    assert assigned == {first.code: other.pk, second.code: other.pk, third.code: colleague.pk}


def test_a_bulk_hand_over_to_nobody_changes_nothing(desk, personas, tree):
    receive(desk, personas, tree, 2)
    before = dict(Dossier.objects.values_list("code", "assignee_id"))
    response = client_for(personas.chair_a).post(
        "/staff/dossiers/bulk/reassign/",
        {"pick": list(before), "to_official": "", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/staff/dossiers/"
    assert dict(Dossier.objects.values_list("code", "assignee_id")) == before
    # A specialist may not hand dossiers over in bulk: all or none, none here.
    response = client_for(User.objects.get(username="tuphap_a")).post(
        "/staff/dossiers/bulk/reassign/",
        {"pick": list(before), "to_official": User.objects.get(username="tuphap_a").official.employee_code},
    )
    assert dict(Dossier.objects.values_list("code", "assignee_id")) == before


def test_the_dossier_page_links_the_forms_that_apply(desk, personas, tree):
    [dossier] = receive(desk, personas, tree)
    page = client_for(personas.one_stop_a).get(f"/staff/dossiers/{dossier.code}/").content.decode()
    forms = page.split('data-testid="dossier-forms"', 1)[1].split("</ul>", 1)[0]
    assert f'href="/api/v1/dossiers/{dossier.code}/forms/01"' in forms
    assert f'href="/api/v1/dossiers/{dossier.code}/forms/06"' in forms  # the control slip of the 2025 set
    assert "forms/02" not in forms and "forms/04" not in forms


def test_the_counter_refuses_in_writing_and_the_refusal_form_is_offered(desk, personas):
    client = client_for(personas.one_stop_a)
    response = client.post("/staff/dossiers/new/1.001193/", intake_data(desk, refuse="1", refuse_reasons=" "))
    assert response.status_code == 400
    assert Dossier.objects.count() == 0

    reasons = "Người yêu cầu không có quyền yêu cầu cấp bản sao trích lục."
    response = client.post(
        "/staff/dossiers/new/1.001193/", intake_data(desk, refuse="1", refuse_reasons=reasons)
    )
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.received_at) == (Status.REFUSED, None)
    assert dossier.events.get().data == {"reasons": reasons}
    page = client.get(response["Location"]).content.decode()
    assert f"/api/v1/dossiers/{dossier.code}/forms/03" in page
    pdf = client.get(f"/api/v1/dossiers/{dossier.code}/forms/03")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")


def test_an_action_keeps_its_attachment_and_staff_open_it(desk, personas, tree, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reformdesk.core.models import AccessLog

    settings.MEDIA_ROOT = tmp_path
    [dossier] = receive(desk, personas, tree)
    specialist = client_for(User.objects.get(username="tuphap_a"))
    report = SimpleUploadedFile("bien-ban-xac-minh.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = specialist.post(
        f"/staff/dossiers/{dossier.code}/actions/forward/",
        {"forward-note": "Đã xác minh", "forward-attachment": report},
    )
    assert response.status_code == 302
    stored = dossier.files.get()
    assert (stored.original_name, stored.event.kind) == ("bien-ban-xac-minh.pdf", "forwarded")
    page = specialist.get(f"/staff/dossiers/{dossier.code}/").content.decode()
    assert f"/staff/dossiers/{dossier.code}/files/{stored.pk}/" in page

    opened = client_for(personas.inspector).get(f"/staff/dossiers/{dossier.code}/files/{stored.pk}/")
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(actor=personas.inspector, purpose=f"file {stored.pk}").count() == 1
    assert (
        client_for(personas.specialist_b)
        .get(f"/staff/dossiers/{dossier.code}/files/{stored.pk}/")
        .status_code
        == 404
    )


def test_a_bad_attachment_refuses_the_whole_action(desk, personas, tree, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    [dossier] = receive(desk, personas, tree)
    specialist = client_for(User.objects.get(username="tuphap_a"))
    fake = SimpleUploadedFile("bien-ban.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = specialist.post(
        f"/staff/dossiers/{dossier.code}/actions/forward/", {"forward-attachment": fake}
    )
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.status, dossier.events.count(), dossier.files.count()) == (Status.RECEIVED, 1, 0)


def test_a_dossier_guided_to_supplement_at_the_counter_is_received_only_when_every_paper_is_ticked(
    desk, personas, tree
):
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(),
        submitted_papers=[],
        at=vn(2025, 12, 1, 9),
    )
    form_paper, birth_paper = desk.required_ids
    officer = client_for(personas.one_stop_a)
    page = officer.get(f"/staff/dossiers/{dossier.code}/").content.decode()
    assert f'name="receive_supplement-papers" value="{birth_paper}"' in page

    url = f"/staff/dossiers/{dossier.code}/actions/receive_supplement/"
    response = officer.post(url, {"receive_supplement-papers": [str(form_paper)]})
    assert response.status_code == 400
    assert "Hồ sơ còn thiếu: Giấy chứng sinh." in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.status, dossier.received_at) == (Status.SUPPLEMENT, None)

    response = officer.post(url, {"receive_supplement-papers": [str(form_paper), str(birth_paper)]})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_a_whole_code_searched_on_the_wrong_tab_says_which_tab_holds_the_dossier(desk, personas, tree):
    [dossier] = receive(desk, personas, tree)
    leader = client_for(personas.chair_a)
    page = leader.get(
        "/staff/dossiers/", {"list": "supplement", "q": f" {dossier.code.lower()} "}
    ).content.decode()
    assert 'data-testid="table-notice"' in page
    assert f"Hồ sơ {dossier.code} không ở mục này mà ở mục “Đang giải quyết”." in page
    assert f'href="/staff/dossiers/{dossier.code}/"' in page
    # On the tab that holds it, the list shows it and no notice.
    page = leader.get("/staff/dossiers/", {"list": "unit", "q": dossier.code}).content.decode()
    assert 'data-testid="table-notice"' not in page and dossier.code in page


def test_empty_tabs_say_what_to_do(desk, personas):
    officer = client_for(personas.one_stop_a)
    page = officer.get("/staff/dossiers/", {"list": "to_receive"}).content.decode()
    assert "Không có hồ sơ trực tuyến nào chờ tiếp nhận." in page
    page = officer.get("/staff/dossiers/", {"list": "unit", "q": "không ai tên này"}).content.decode()
    assert "Không tìm thấy hồ sơ phù hợp." in page


def test_after_receipt_the_officer_prints_the_receipt_and_the_chair_is_asked_before_approving(
    desk, personas, tree
):
    officer = client_for(personas.one_stop_a)
    response = officer.post("/staff/dossiers/new/1.001193/", intake_data(desk))
    dossier = Dossier.objects.get()
    page = officer.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận hồ sơ" in page
    assert f'href="/api/v1/dossiers/{dossier.code}/forms/01"' in page
    assert 'data-testid="print-receipt"' in page
    # Someone else opening it later is not offered the receipt first.
    assert (
        'data-testid="print-receipt"'
        not in client_for(personas.chair_a).get(response["Location"]).content.decode()
    )


def test_the_people_to_hand_a_dossier_to_show_title_and_unit_own_unit_first(desk, personas, tree):
    [dossier] = receive(desk, personas, tree)
    make_official(unit=tree.commune_b, role=Role.SPECIALIST, username="ngoai_b", full_name="An Văn Ngoài")
    dossier.steps.filter(order=3).update(unit=tree.commune_b)
    page = client_for(User.objects.get(username="tuphap_a")).get(f"/staff/dossiers/{dossier.code}/")
    options = re.findall(
        r'<option value="[^"]+">([^<]+)</option>',
        page.content.decode().split('id="id_forward-to_official"')[1].split("</select>")[0],
    )
    assert options[0] == "Đinh Xuân Công — Chủ tịch UBND xã, Xã Phú Sơn"
    assert all("Xã Phú Sơn" in label for label in options[:-2])
    assert options[-1].startswith("An Văn Ngoài —") or options[-2].startswith("An Văn Ngoài —")


def test_the_dossier_page_leads_to_the_next_dossier_assigned_to_me(desk, personas, tree):
    first, second = receive(desk, personas, tree, n=2)
    specialist = client_for(User.objects.get(username="tuphap_a"))
    page = specialist.get(f"/staff/dossiers/{first.code}/").content.decode()
    assert f'href="/staff/dossiers/{second.code}/" data-testid="next-dossier"' in page
