"""The staff pages: the worklist and its tabs, recording a case, a case's page with its timeline
and actions; who may see what; query counts independent of the number of cases."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from reformdesk.core.tests.helpers import sign_in
from reformdesk.feedback.choices import Channel, Status
from reformdesk.feedback.models import FeedbackCase, FeedbackEvent
from reformdesk.feedback.services import feedback_accept, feedback_assign
from reformdesk.feedback.tests.factories import receive, vn

pytestmark = pytest.mark.django_db

WORKLIST = "/staff/feedback/"


def page(response) -> str:
    return response.content.decode()


def test_the_staff_menu_leads_to_the_worklist(personas):
    client = sign_in(Client(), personas.one_stop_a)
    assert 'href="/staff/feedback/"' in page(client.get("/staff/"))
    outsider = sign_in(Client(), personas.outsider)
    assert 'href="/staff/feedback/"' not in page(outsider.get("/staff/"))
    assert outsider.get(WORKLIST).status_code == 403


def test_the_tabs_sort_cases_by_what_they_wait_for(personas, tree, handler_a):
    waiting = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    mine = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 10))
    mine = feedback_assign(
        actor=personas.chair_a, case=feedback_accept(actor=personas.one_stop_a, case=mine), handler=handler_a
    )
    other = receive(actor=personas.specialist_b, unit=tree.commune_b, at=vn(2025, 12, 1, 11))
    client = sign_in(Client(), handler_a.user)

    def listed(tab: str) -> list[str]:
        content = page(client.get(WORKLIST, {"list": tab}))
        return [code for code in (waiting.code, mine.code, other.code) if code in content]

    assert listed("open") == [waiting.code, mine.code]
    assert listed("to_accept") == [waiting.code]
    assert listed("mine") == [mine.code]
    # Both were due long ago (December 2025): overdue, not due soon.
    assert listed("overdue") == [waiting.code, mine.code]
    assert listed("due_soon") == []
    assert listed("awaiting_citizen") == []
    assert "Không có phản ánh nào đang chờ công dân bổ sung thông tin." in page(
        client.get(WORKLIST, {"list": "awaiting_citizen"})
    )


def test_the_worklist_costs_the_same_queries_for_one_case_or_many(personas, tree, django_assert_num_queries):
    client = sign_in(Client(), personas.one_stop_a)
    receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    client.get(WORKLIST)  # the unit's calendar is cached after the first page
    # Session, user, grants, the current unit (2), four tab counts, the handler's official, the
    # calendar's revision (the due-soon horizon), the table's count and its page of rows.
    with django_assert_num_queries(13) as one:
        assert client.get(WORKLIST).status_code == 200
    for hour in range(10, 15):
        receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 2, hour))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(WORKLIST)
    assert page(response).count('href="/staff/feedback/000.30.31.H41-PA-') == 6


def png_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, format="PNG")
    return SimpleUploadedFile("thu.png", buffer.getvalue(), content_type="image/png")


def intake(**overrides) -> dict:
    data = {
        "unit": "",
        "channel": Channel.BOX,
        "received_at": "05/12/2025 08:30",
        "kind": "public_service",
        "subject": "Rác thải tồn đọng ở chợ xã",
        "content": "Rác ở chợ xã mấy ngày chưa được thu gom.",
        "anonymous": "on",
        "client_token": "6f1b3f58-3a6f-4e55-9df8-6f5bdbd5c001",
    }
    data.update(overrides)
    return data


def test_a_suggestion_box_letter_is_recorded_from_the_page(personas, tree):
    client = sign_in(Client(), personas.one_stop_a)
    assert client.get("/staff/feedback/new/").status_code == 200

    response = client.post("/staff/feedback/new/", intake(unit=tree.commune_a.pk, attachment=png_upload()))

    case = FeedbackCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/feedback/{case.code}/"
    assert (case.channel, case.is_anonymous, str(case.box_opened_on)) == (Channel.BOX, True, "2025-12-05")
    stored = case.files.get()
    download = client.get(f"/staff/feedback/{case.code}/files/{stored.pk}/")
    assert (download.status_code, download["Content-Type"]) == (200, "image/png")
    commune_b = sign_in(Client(), personas.specialist_b)
    assert commune_b.get(f"/staff/feedback/{case.code}/files/{stored.pk}/").status_code == 404


def test_bad_input_on_the_page_is_shown_beside_its_field_and_nothing_is_saved(personas, tree):
    client = sign_in(Client(), personas.one_stop_a)
    for data, message in (
        (
            intake(unit=tree.commune_a.pk, received_at="05/12/2099 08:30"),
            "Thời điểm tiếp nhận không được sau",
        ),
        (
            intake(unit=tree.commune_a.pk, citizen_name="Phan Thị Lan"),
            "Phản ánh ẩn danh không nhận được trả lời riêng",
        ),
        (intake(unit=tree.commune_a.pk, content="  "), "Trường này là bắt buộc."),
        (intake(unit=tree.commune_a.pk, channel=Channel.HOTLINE), "Cần ghi số điện thoại gọi đến."),
        (intake(unit=tree.commune_a.pk, subject="Rác\u202e"), "ký tự đảo hướng chữ"),
    ):
        response = client.post("/staff/feedback/new/", data)
        assert response.status_code == 400
        assert message in page(response), message
    assert (FeedbackCase.objects.count(), FeedbackEvent.objects.count()) == (0, 0)


def test_a_case_page_shows_the_due_moments_the_timeline_and_the_actions_allowed(personas, tree):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    client = sign_in(Client(), personas.one_stop_a)

    content = page(client.get(f"/staff/feedback/{case.code}/"))

    assert "09:00 03/12/2025" in content and "09:00 22/12/2025" in content
    assert 'data-action="accept"' in content and 'data-action="refuse"' in content
    assert 'data-action="assign"' not in content  # leaders assign
    assert "Phan Thị Lan" in content


def test_an_officer_of_another_commune_cannot_open_or_act_on_a_case(personas, tree):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    client = sign_in(Client(), personas.specialist_b)

    assert client.get(f"/staff/feedback/{case.code}/").status_code == 404
    assert client.post(f"/staff/feedback/{case.code}/actions/accept/", {}).status_code == 404
    case.refresh_from_db()
    assert (case.status, case.events.count()) == (Status.RECEIVED, 1)


def test_an_action_from_the_page(personas, tree):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    client = sign_in(Client(), personas.one_stop_a)

    response = client.post(
        f"/staff/feedback/{case.code}/actions/refuse/", {"refuse-reason": "out_of_competence"}
    )
    assert response.status_code == 400
    assert "Cần ghi cơ quan có thẩm quyền để hướng dẫn người phản ánh." in page(response)
    case.refresh_from_db()
    assert case.status == Status.RECEIVED

    response = client.post(
        f"/staff/feedback/{case.code}/actions/accept/", {"accept-note": "Thuộc thẩm quyền."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED

    response = client.post(f"/staff/feedback/{case.code}/actions/accept/", {}, follow=True)
    assert "Chỉ thụ lý được phản ánh mới tiếp nhận." in page(response)
    assert case.events.count() == 2


def test_a_leader_assigns_from_the_page(personas, tree, handler_a):
    case = feedback_accept(
        actor=personas.one_stop_a, case=receive(actor=personas.one_stop_a, unit=tree.commune_a)
    )
    client = sign_in(Client(), personas.chair_a)
    assert handler_a.employee_code in page(client.get(f"/staff/feedback/{case.code}/"))

    response = client.post(
        f"/staff/feedback/{case.code}/actions/assign/", {"assign-handler": handler_a.employee_code}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.handler) == (Status.ASSIGNED, handler_a)
