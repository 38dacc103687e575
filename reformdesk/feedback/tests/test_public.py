"""The public feedback pages: filing online (spam guards, errors, the confirmation), looking a case
up with its code and secret (the wrong-secret counters), and rating its answer."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from reformdesk.feedback.choices import Channel, EventKind, Kind, Satisfaction, Status
from reformdesk.feedback.models import FeedbackCase, FeedbackEvent, FeedbackFile
from reformdesk.feedback.public_views import SUBMISSIONS_PER_WINDOW
from reformdesk.feedback.selectors import UnitFeedbackFigures, unit_feedback_figures
from reformdesk.feedback.services import (
    feedback_accept,
    feedback_approve_answer,
    feedback_assign,
    feedback_draft_answer,
    feedback_publish,
    feedback_rate,
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


def sent_case(tree, personas, handler_a, **overrides) -> FeedbackCase:
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, **overrides)
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


# --- the published answers -----------------------------------------------------------------------

PUBLISHED = "/phan-anh/tra-loi/"


def published_case(tree, personas, handler_a, *, at=None, **overrides) -> FeedbackCase:
    case = sent_case(tree, personas, handler_a, **overrides)
    return feedback_publish(actor=personas.one_stop_a, case=case, at=at or vn(2025, 12, 10, 9))


def listed(response) -> list[str]:
    content = page(response)
    return content.split('data-testid="published-answer"')[1:]


def test_published_answers_show_the_anonymised_question_the_answer_and_its_timeliness(
    tree, personas, handler_a
):
    case = published_case(tree, personas, handler_a)
    receive(actor=personas.one_stop_a, unit=tree.commune_a, subject="Chưa trả lời")  # not published

    response = Client().get(PUBLISHED)

    assert response.status_code == 200
    content = page(response)
    assert 'data-testid="published-count">1 câu trả lời<' in content
    assert "Xã đã thay bộ lọc trạm bơm ngày 5/12." in content
    assert "Nước sinh hoạt xóm 5 bị đục" in content
    assert "Trả lời ngày 09/12/2025" in content  # sent on 9/12: the answer's date
    assert 'data-testid="on-time"' in content
    assert "Chưa trả lời" not in content
    for personal in ("Phan Thị Lan", "0987", "lan.pt@example.vn"):
        assert personal not in content
    assert case.code in content


@pytest.mark.parametrize(
    ("query", "hits"),
    [
        ({"q": "nuoc duc"}, 1),  # without diacritics
        ({"q": "NƯỚC   ĐỤC"}, 1),
        ({"q": "bo loc tram bom"}, 1),  # in the answer
        ({"q": "dien"}, 0),
        ({"kind": "public_service"}, 1),
        ({"kind": "regulation"}, 0),
        ({"month": "2025-12"}, 1),
        ({"month": "2025-11"}, 0),
    ],
)
def test_published_answers_are_searched_and_filtered(tree, personas, handler_a, query, hits, settings):
    published_case(tree, personas, handler_a)

    response = Client().get(PUBLISHED, query)

    assert response.status_code == 200
    assert len(listed(response)) == hits


def test_published_answers_filter_by_unit_and_refuse_bad_filters(tree, personas, handler_a):
    published_case(tree, personas, handler_a)
    client = Client()

    assert len(listed(client.get(PUBLISHED, {"unit": tree.commune_a.code}))) == 1
    assert len(listed(client.get(PUBLISHED, {"unit": tree.commune_b.code}))) == 0
    for bad in ({"unit": "NO-SUCH"}, {"month": "2025-13"}, {"kind": "other"}):
        response = client.get(PUBLISHED, bad)
        assert response.status_code == 400
        assert 'id="error-summary"' in page(response)
        assert listed(response) == []


def test_published_answers_are_paged(tree, personas, handler_a, monkeypatch):
    monkeypatch.setattr("reformdesk.feedback.public_views.PUBLISHED_PER_PAGE", 1)
    older = published_case(tree, personas, handler_a, at=vn(2025, 12, 10, 9))
    newer = published_case(tree, personas, handler_a, at=vn(2025, 12, 10, 10))
    client = Client()

    first = page(client.get(PUBLISHED))
    second = page(client.get(PUBLISHED, {"page": "2"}))
    assert newer.code in first and older.code not in first
    assert older.code in second and newer.code not in second
    assert "Trang 1/2" in first
    assert 'href="?page=2" rel="next"' in first
    assert "hx-get" not in first  # plain links: the page has no fragment to swap
    assert 'href="?kind=public_service&amp;page=2"' in page(client.get(PUBLISHED, {"kind": "public_service"}))
    assert older.code in page(client.get(PUBLISHED, {"page": "1e20"})) or newer.code in page(
        client.get(PUBLISHED, {"page": "1e20"})
    )


def test_a_reopened_case_withdraws_its_published_answer(tree, personas, handler_a):
    case = published_case(tree, personas, handler_a)
    Client().post(
        RATE,
        {"code": case.code, "secret": case.secret, "satisfaction": "dissatisfied", "comment": "Chưa sửa."},
    )
    case.refresh_from_db()
    assert (case.published_at, case.published_search) == (None, "")
    assert listed(Client().get(PUBLISHED)) == []


# --- the unit pages' figures ---------------------------------------------------------------------


def test_a_units_figures_count_received_answered_on_time_and_satisfied(tree, personas, handler_a):
    on_time = sent_case(tree, personas, handler_a)
    feedback_rate(actor=personas.one_stop_a, case=on_time, satisfaction=Satisfaction.SATISFIED)
    late = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 8))
    late = feedback_accept(actor=personas.one_stop_a, case=late, at=vn(2025, 12, 1, 10))
    late = feedback_assign(actor=personas.chair_a, case=late, handler=handler_a, at=vn(2025, 12, 1, 11))
    late = feedback_draft_answer(actor=handler_a.user, case=late, answer="Đã sửa.", at=vn(2025, 12, 19, 9))
    late = feedback_approve_answer(actor=personas.chair_a, case=late, at=vn(2025, 12, 19, 15))
    late = feedback_send(actor=personas.one_stop_a, case=late, at=vn(2025, 12, 23, 10))
    assert late.answered_on_time is False
    feedback_rate(
        actor=personas.one_stop_a, case=late, satisfaction=Satisfaction.DISSATISFIED, comment="Muộn."
    )
    receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 2, 9))  # waiting
    receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2024, 12, 31, 9))  # before the year
    receive(actor=personas.specialist_b, unit=tree.commune_b, at=vn(2025, 12, 2, 9))  # another unit

    figures = unit_feedback_figures(unit=tree.commune_a, today=dt.date(2025, 12, 31))

    assert figures == UnitFeedbackFigures(
        since=dt.date(2025, 1, 1), received=3, answered=2, answered_on_time=1, rated=2, satisfied=1
    )
    assert (figures.on_time_percent, figures.satisfied_percent) == (50, 50)
    empty = unit_feedback_figures(unit=tree.district, today=dt.date(2025, 12, 31))
    assert (empty.received, empty.on_time_percent, empty.satisfied_percent) == (0, None, None)


def test_the_unit_page_shows_its_figures_next_to_the_hotline_board(tree, personas):
    today = timezone.localdate()
    receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        at=timezone.now() - dt.timedelta(days=3),
    )

    content = page(Client().get(f"/units/{tree.commune_a.code}/"))

    since = today - dt.timedelta(days=364)
    assert f"Phản ánh, kiến nghị từ {since:%d/%m/%Y}" in content
    assert 'data-testid="figures-received">1<' in content
    assert 'data-testid="figures-on-time">—<' in content
    assert f'href="/phan-anh/tra-loi/?unit={tree.commune_a.code}"' in content
    assert content.index('id="hotline-title"') < content.index('data-testid="unit-feedback-figures"')


def test_the_form_pages_share_the_public_limit_per_minute(settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 2
    client = Client()
    assert client.get(SUBMIT).status_code == 200
    assert client.get("/phan-anh/da-gui/").status_code == 302  # nothing filed: to the lookup
    response = client.get(SUBMIT)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
