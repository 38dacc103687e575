"""The public feedback pages: filing online (spam guards, errors, the confirmation), looking a case
up with its code and secret (the wrong-secret counters), and rating its answer."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from reformdesk.feedback.choices import Channel, EventKind, Kind, Satisfaction, Status
from reformdesk.feedback.models import FeedbackCase, FeedbackEvent, FeedbackFile
from reformdesk.feedback.public_views import SUBMISSIONS_PER_WINDOW
from reformdesk.feedback.services import (
    feedback_accept,
    feedback_approve_answer,
    feedback_assign,
    feedback_draft_answer,
    feedback_send,
)
from reformdesk.feedback.services.public import ONLINE_PER_CONTACT
from reformdesk.feedback.tests.factories import receive, vn
from reformdesk.org.models import Official

pytestmark = pytest.mark.django_db

SUBMIT = "/phan-anh/"
LOOKUP = "/tra-cuu-phan-anh/"
RATE = "/tra-cuu-phan-anh/danh-gia/"
TOKEN = "6b0f2a58-4c1e-4a53-9d55-0f1e2d3c4b5a"


def page(response) -> str:
    return response.content.decode()


def png(name: str = "anh.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def form_data(tree, **overrides) -> dict:
    data = {
        "unit": str(tree.commune_a.pk),
        "kind": Kind.PUBLIC_SERVICE,
        "subject": "Đèn đường thôn 3 hỏng",
        "content": "Đèn đường thôn 3 hỏng đã hai tuần, buổi tối rất tối, đề nghị xã sửa.",
        "place": "Thôn 3",
        "related_dossier": "",
        "related_official": "",
        "citizen_name": "Trần Văn Bình",
        "citizen_phone": "0912 345 678",
        "citizen_email": "",
        "citizen_address": "",
        "website": "",
        "client_token": TOKEN,
    }
    data.update(overrides)
    return data


def test_the_form_is_linked_from_the_home_the_menu_and_the_unit_pages(tree):
    client = Client()
    home = page(client.get("/"))
    assert 'data-testid="home-feedback" href="/phan-anh/"' in home
    assert 'href="/phan-anh/"' in page(client.get("/units/"))  # the public menu
    unit_page = page(client.get(f"/units/{tree.commune_a.code}/"))
    assert f'href="/phan-anh/?unit={tree.commune_a.code}"' in unit_page
    form = page(client.get(SUBMIT, {"unit": tree.commune_a.code}))
    assert f'<option value="{tree.commune_a.pk}" selected>' in form
    assert "Phản ánh ẩn danh không nhận được trả lời riêng" in form


def test_a_citizen_files_online_and_gets_the_code_the_secret_and_the_due_moments(
    tree, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    response = client.post(SUBMIT, form_data(tree, attachments=[png()]))

    assert response.status_code == 302
    assert response["Location"] == "/phan-anh/da-gui/"
    case = FeedbackCase.objects.get()
    assert (case.channel, case.kind, case.status, case.unit, case.receiving_unit) == (
        Channel.ONLINE,
        Kind.PUBLIC_SERVICE,
        Status.RECEIVED,
        tree.commune_a,
        tree.commune_a,
    )
    assert (case.citizen_name, case.citizen_phone, case.place, case.created_by) == (
        "Trần Văn Bình",
        "0912345678",
        "Thôn 3",
        None,
    )
    assert [(f.kind, f.content_type, f.original_name) for f in FeedbackFile.objects.all()] == [
        ("attachment", "image/png", "anh.png")
    ]
    confirmation = client.get(response["Location"])
    content = page(confirmation)
    assert confirmation["Cache-Control"] == "no-store"
    assert f'data-testid="submitted-code">{case.code}<' in content
    assert f'data-testid="submitted-secret">{case.secret}<' in content
    local = {
        name: value.astimezone(vn(2025, 1, 1).tzinfo)
        for name, value in (
            ("answer", case.answer_due_at),
            ("refuse", case.refuse_due_at),
        )
    }
    assert f"Hạn trả lời: {local['answer']:%H:%M %d/%m/%Y}." in content
    assert f"chậm nhất vào {local['refuse']:%H:%M %d/%m/%Y}" in content

    # The same form sent twice (a double tap) files one case.
    again = client.post(SUBMIT, form_data(tree))
    assert again.status_code == 302
    assert FeedbackCase.objects.count() == 1


def test_an_anonymous_case_keeps_no_contact_and_asking_for_a_reply_is_refused(tree):
    client = Client()
    response = client.post(SUBMIT, form_data(tree, anonymous="on"))

    assert response.status_code == 400
    content = page(response)
    assert 'id="error-summary"' in content
    assert "Phản ánh ẩn danh không nhận được trả lời riêng: hãy bỏ họ tên và thông tin liên hệ" in content
    assert 'value="Trần Văn Bình"' in content  # typed data kept
    assert not FeedbackCase.objects.exists()

    response = client.post(SUBMIT, form_data(tree, anonymous="on", citizen_name="", citizen_phone=""))
    assert response.status_code == 302
    case = FeedbackCase.objects.get()
    assert (case.is_anonymous, case.citizen_name, case.citizen_phone) == (True, "", "")
    assert "Bạn gửi ẩn danh nên không nhận được trả lời riêng" in page(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"subject": ""}, "subject", "Trường này là bắt buộc."),
        ({"content": "x" * 10_001}, "content", "Giá trị này chỉ có tối đa 10000 kí tự (hiện có 10001)"),
        ({"citizen_name": ""}, "citizen_name", "Cần ghi họ tên người phản ánh, hoặc chọn ẩn danh."),
        (
            {"citizen_phone": ""},
            "citizen_phone",
            "Cần ít nhất một cách liên hệ để gửi trả lời: điện thoại, thư điện tử hoặc địa chỉ.",
        ),
        ({"kind": Kind.DOSSIER}, "related_dossier", "Phản ánh về việc giải quyết hồ sơ cần ghi mã hồ sơ."),
        (
            {"kind": Kind.DOSSIER, "related_dossier": "000.00.00.H41-250101-9999"},
            "related_dossier",
            "Không có hồ sơ mã «000.00.00.H41-250101-9999».",
        ),
        ({"kind": Kind.OFFICIAL}, "related_official", "Phản ánh về cán bộ cần chọn cán bộ bị phản ánh."),
        ({"related_official": "NOT-LISTED"}, "related_official", "Hãy chọn một lựa chọn hợp lệ."),
        ({"website": "http://spam.example"}, None, "Không gửi được phản ánh này."),
        ({"content": "Đèn hỏng\u202e"}, "content", ""),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_saved(tree, overrides, field, message):
    response = Client().post(SUBMIT, form_data(tree, **overrides))

    assert response.status_code == 400
    content = page(response)
    assert 'id="error-summary"' in content
    if field is not None:
        assert f'href="#id_{field}"' in content  # the summary links to the field
        assert f'id="id_{field}_error"' in content
    assert message in content
    assert not FeedbackCase.objects.exists()
    assert not FeedbackEvent.objects.exists()


def test_an_attachment_is_checked_by_its_content(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = Client().post(SUBMIT, form_data(tree, attachments=[fake]))

    assert response.status_code == 400
    assert 'id="id_attachments_error"' in page(response)
    assert "Nếu đã chọn tệp đính kèm, hãy chọn lại trước khi gửi." in page(response)
    assert not FeedbackCase.objects.exists()
    assert not FeedbackFile.objects.exists()


def test_a_case_about_an_official_names_one_of_the_hotline_board(tree, personas):
    leader = Official.objects.get(user=personas.chair_a)
    Official.objects.filter(pk=leader.pk).update(on_hotline_board=True, phone="0238 3861 111")
    board = Official.objects.get(pk=leader.pk)

    form = page(Client().get(SUBMIT))
    assert f'<option value="{board.employee_code}">{board.full_name}</option>' in form

    response = Client().post(
        SUBMIT, form_data(tree, kind=Kind.OFFICIAL, related_official=board.employee_code)
    )
    assert response.status_code == 302
    case = FeedbackCase.objects.get()
    assert (case.kind, case.related_official) == (Kind.OFFICIAL, board)


def test_one_contact_files_at_most_three_cases_a_day(tree):
    client = Client()
    for n in range(ONLINE_PER_CONTACT):
        token = f"6b0f2a58-4c1e-4a53-9d55-0f1e2d3c4b{n:02d}"
        assert client.post(SUBMIT, form_data(tree, client_token=token)).status_code == 302

    # The same phone, written another way.
    response = client.post(
        SUBMIT,
        form_data(tree, citizen_phone="+84 912 345 678", client_token="6b0f2a58-4c1e-4a53-9d55-0f1e2d3c4bff"),
    )
    assert response.status_code == 400
    assert "Số điện thoại hoặc thư điện tử này đã gửi 3 phản ánh trong 24 giờ qua." in page(response)
    assert FeedbackCase.objects.count() == ONLINE_PER_CONTACT
    # Another citizen is not held back.
    response = client.post(
        SUBMIT,
        form_data(tree, citizen_phone="0987 111 222", client_token="6b0f2a58-4c1e-4a53-9d55-0f1e2d3c4bee"),
    )
    assert response.status_code == 302


def test_submissions_are_limited_per_client_and_a_429_keeps_the_typed_data(tree):
    client = Client()
    for _ in range(SUBMISSIONS_PER_WINDOW):
        # Invalid on purpose (no subject): every submission counts, filed or not.
        assert client.post(SUBMIT, form_data(tree, subject="")).status_code == 400
    # Opening the form does not count.
    assert client.get(SUBMIT).status_code == 200

    response = client.post(SUBMIT, form_data(tree))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    content = page(response)
    assert 'data-testid="rate-limited"' in content
    assert 'value="Đèn đường thôn 3 hỏng"' in content
    assert 'id="error-summary"' not in content
    assert not FeedbackCase.objects.exists()


# --- the lookup and the rating -------------------------------------------------------------------


def sent_case(tree, personas, handler_a) -> FeedbackCase:
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    case = feedback_accept(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 1, 10))
    case = feedback_assign(actor=personas.chair_a, case=case, handler=handler_a, at=vn(2025, 12, 1, 11))
    case = feedback_draft_answer(
        actor=handler_a.user, case=case, answer="Xã đã thay bộ lọc trạm bơm ngày 5/12.", at=vn(2025, 12, 8, 9)
    )
    case = feedback_approve_answer(actor=personas.chair_a, case=case, at=vn(2025, 12, 8, 15))
    return feedback_send(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 9, 9))


def test_the_lookup_shows_the_status_and_due_moments_and_never_reads_a_get(tree, personas):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    client = Client()

    get = client.get(LOOKUP, {"code": case.code, "secret": case.secret})
    assert get.status_code == 200
    assert 'data-testid="lookup-result"' not in page(get)

    response = client.post(LOOKUP, {"code": case.code.lower(), "secret": case.secret.lower()})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    content = page(response)
    assert 'data-testid="lookup-status">Mới tiếp nhận<' in content
    assert "Nước sinh hoạt xóm 5 bị đục" in content
    assert 'data-testid="lookup-answer-by">09:00 22/12/2025<' in content
    assert "0987" not in content  # no contact on the page
    assert 'data-testid="rating-form"' not in content


def test_a_wrong_secret_and_an_unknown_code_answer_alike_and_are_counted(tree, personas, settings):
    settings.DOSSIER_LOOKUP_CODE_FAILURES = 3
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    client = Client()

    unknown = client.post(LOOKUP, {"code": "000.00.00.H41-PA-251201-9999", "secret": case.secret})
    assert unknown.status_code == 404
    for _ in range(3):
        wrong = client.post(LOOKUP, {"code": case.code, "secret": "AAAAAAAA"})
        assert wrong.status_code == 404
        assert 'data-testid="lookup-not-found"' in page(wrong)

    # Past the code's limit even the right secret waits: nothing is looked up.
    locked = client.post(LOOKUP, {"code": case.code, "secret": case.secret})
    assert locked.status_code == 429
    assert 'data-testid="lookup-try-later"' in page(locked)
    assert 'data-testid="lookup-result"' not in page(locked)
    # The dossier lookup keeps its own counters.
    assert client.post("/tra-cuu-ho-so/", {"code": "X", "secret": "Y"}).status_code == 404


def test_the_citizen_reads_the_answer_and_rates_it_satisfied(tree, personas, handler_a):
    case = sent_case(tree, personas, handler_a)
    client = Client()

    content = page(client.post(LOOKUP, {"code": case.code, "secret": case.secret}))
    assert 'data-testid="lookup-status">Đã gửi trả lời<' in content
    assert "Xã đã thay bộ lọc trạm bơm ngày 5/12." in content
    assert 'data-testid="rating-form"' in content

    response = client.post(RATE, {"code": case.code, "secret": case.secret, "satisfaction": "satisfied"})
    assert response.status_code == 200
    assert "Cảm ơn bạn đã đánh giá câu trả lời." in page(response)
    case.refresh_from_db()
    assert (case.status, case.rating) == (Status.RATED, Satisfaction.SATISFIED)
    assert case.events.last().kind == EventKind.RATED
    assert 'data-testid="rating-form"' not in page(response)


def test_dissatisfied_needs_a_reason_and_reopens_the_case_with_the_leader(tree, personas, handler_a):
    case = sent_case(tree, personas, handler_a)
    client = Client()

    response = client.post(RATE, {"code": case.code, "secret": case.secret, "satisfaction": "dissatisfied"})
    assert response.status_code == 400
    assert "Hãy cho biết lý do không hài lòng." in page(response)
    case.refresh_from_db()
    assert (case.status, case.rating) == (Status.SENT, "")

    response = client.post(
        RATE,
        {
            "code": case.code,
            "secret": case.secret,
            "satisfaction": "dissatisfied",
            "comment": "Nước vẫn đục.",
        },
    )
    assert response.status_code == 200
    assert "Phản ánh đã được mở lại và chuyển lãnh đạo đơn vị xử lý." in page(response)
    case.refresh_from_db()
    assert (case.status, case.handler, case.rating) == (
        Status.ASSIGNED,
        Official.objects.get(user=personas.chair_a),
        Satisfaction.DISSATISFIED,
    )


def test_a_rating_with_a_wrong_secret_changes_nothing(tree, personas, handler_a):
    case = sent_case(tree, personas, handler_a)
    events = case.events.count()

    response = Client().post(RATE, {"code": case.code, "secret": "AAAAAAAA", "satisfaction": "satisfied"})

    assert response.status_code == 404
    case.refresh_from_db()
    assert (case.status, case.rating, case.events.count()) == (Status.SENT, "", events)
