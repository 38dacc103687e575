"""The rating pages: receipt QR, SMS link, counter tablet; the results page and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reformdesk.core.tests.helpers import sign_in
from reformdesk.org.models import Official
from reformdesk.surveys import services
from reformdesk.surveys.choices import InvitationChannel, Score
from reformdesk.surveys.models import OfficialRating, Rating, RatingInvitation
from reformdesk.surveys.tests.conftest import deliver

pytestmark = pytest.mark.django_db
NOT_FOUND = "Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập"


def receipt_url(dossier, secret=None) -> str:
    url = reverse("surveys:rate_receipt", kwargs={"code": dossier.code})
    return f"{url}?secret={dossier.secret if secret is None else secret}"


def state(response) -> tuple[int, int, int, int]:
    return (
        response.status_code,
        RatingInvitation.objects.count(),
        Rating.objects.count(),
        OfficialRating.objects.count(),
    )


def test_the_receipt_opens_the_form_with_the_officials_names(client, delivered):
    response = client.get(receipt_url(delivered))
    assert response.status_code == 200
    page = response.content.decode()
    assert delivered.code in page and "Thủ tục đăng ký khai sinh" in page
    for name in ("Nguyễn Thị Hoa", "Lê Văn Tư", "Đinh Xuân Công"):
        assert name in page
    # Names and positions only: no phone numbers, no applicant data.
    assert "0912" not in page and "Hoàng Văn Bình" not in page
    assert RatingInvitation.objects.get().channel == InvitationChannel.RECEIPT


@pytest.mark.parametrize("case", ["wrong secret", "phone digits", "unknown code", "no secret"])
def test_a_wrong_code_or_secret_gets_the_same_answer_and_creates_nothing(client, delivered, case):
    url = {
        "wrong secret": receipt_url(delivered, secret="ZZZZZZZZ"),
        "phone digits": receipt_url(delivered, secret="5678"),
        "unknown code": receipt_url(delivered).replace(delivered.code, "000.30.31.H41-251201-0999"),
        "no secret": reverse("surveys:rate_receipt", kwargs={"code": delivered.code}),
    }[case]
    response = client.get(url)
    assert state(response) == (404, 0, 0, 0)
    assert NOT_FOUND in response.content.decode()


def test_before_delivery_the_page_says_the_rating_opens_later(client, ready):
    response = client.get(receipt_url(ready))
    assert response.status_code == 200
    assert "Việc đánh giá mở sau khi hồ sơ đã được trả kết quả." in response.content.decode()
    response = client.post(receipt_url(ready), {"score": "satisfied"})
    assert state(response) == (200, 0, 0, 0)


def test_a_citizen_rates_once_from_the_receipt(client, delivered):
    tu = Official.objects.get(full_name="Lê Văn Tư")
    response = client.post(
        receipt_url(delivered),
        {
            "score": "satisfied",
            "comment": "Tốt",
            f"official_{tu.pk}": "very_satisfied",
            f"official_{tu.pk}_comment": "Ổn",
        },
    )
    assert state(response) == (200, 1, 1, 1)
    assert "Cảm ơn Ông/Bà đã đánh giá." in response.content.decode()
    rating = Rating.objects.get()
    assert (rating.score, rating.comment, rating.invitation.channel) == ("satisfied", "Tốt", "receipt")
    assert list(rating.officials.values_list("official__full_name", "score", "comment")) == [
        ("Lê Văn Tư", "very_satisfied", "Ổn")
    ]

    again = client.post(receipt_url(delivered), {"score": "dissatisfied"})
    assert state(again) == (409, 1, 1, 1)
    assert "Hồ sơ này đã được đánh giá bằng mã này." in again.content.decode()
    assert Rating.objects.get().score == "satisfied"
    assert client.get(receipt_url(delivered)).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Hãy chọn mức độ hài lòng."),
        ({"score": "great"}, "Hãy chọn mức độ hài lòng."),
        ({"score": "satisfied", "comment": "x" * 1001}, "1000"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, delivered, data, message):
    client.get(receipt_url(delivered))  # the invitation exists from the first visit
    response = client.post(receipt_url(delivered), data)
    assert state(response) == (400, 1, 0, 0)
    assert message in response.content.decode()
    assert RatingInvitation.objects.get().used_at is None


def test_an_unknown_official_field_is_ignored_and_a_bad_official_score_refused(client, delivered):
    tu = Official.objects.get(full_name="Lê Văn Tư")
    response = client.post(receipt_url(delivered), {"score": "satisfied", f"official_{tu.pk}": "great"})
    assert state(response) == (400, 1, 0, 0)
    assert "Mức độ hài lòng không hợp lệ." in response.content.decode()


def test_the_sms_link_opens_its_invitation_and_an_unknown_token_is_not_found(client, delivered):
    invitation, _ = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.SMS)
    url = reverse("surveys:rate_token", kwargs={"token": invitation.token})
    assert client.get(url).status_code == 200
    response = client.post(url, {"score": "dissatisfied"})
    assert state(response) == (200, 1, 1, 0)
    assert Rating.objects.get().invitation == invitation
    wrong = client.get(reverse("surveys:rate_token", kwargs={"token": "x" * 32}))
    assert wrong.status_code == 404
    assert NOT_FOUND in wrong.content.decode()


def test_the_public_pages_are_rate_limited_per_client(client, delivered, settings):
    url = receipt_url(delivered, secret="ZZZZ")
    statuses = [client.get(url).status_code for _ in range(21)]
    assert statuses == [404] * 20 + [429]


def test_the_rating_page_reads_in_english(client, delivered):
    client.cookies["django_language"] = "en"
    page = client.get(receipt_url(delivered)).content.decode()
    for text in ("Rate your satisfaction", "Satisfied", "Dissatisfied", "Send my rating", "Lê Văn Tư"):
        assert text in page


# --- The counter tablet -------------------------------------------------------------------------


@pytest.fixture
def just_delivered(desk, personas, tree):
    return deliver(desk, personas, tree, delivered_at=timezone.now() - dt.timedelta(minutes=10))


@pytest.mark.parametrize(("who", "status"), [("one_stop_a", 200), ("specialist_b", 403), ("outsider", 403)])
def test_who_may_open_the_counter_list(client, personas, who, status):
    sign_in(client, getattr(personas, who))
    assert client.get(reverse("surveys:counter")).status_code == status


def test_the_counter_list_shows_the_last_hours_deliveries_of_the_desk(
    client, personas, just_delivered, delivered
):
    sign_in(client, personas.one_stop_a)
    response = client.get(reverse("surveys:counter"))
    assert [d.code for d in response.context["dossiers"]] == [just_delivered.code]
    assert client.get(reverse("surveys:counter")).status_code == 200
    # A dossier delivered long ago is not on the tablet.
    assert client.get(reverse("surveys:counter_rate", args=[delivered.code])).status_code == 404


def test_a_citizen_rates_on_the_tablet_and_the_list_comes_back(client, personas, just_delivered):
    sign_in(client, personas.one_stop_a)
    url = reverse("surveys:counter_rate", args=[just_delivered.code])
    page = client.get(url)
    assert page.status_code == 200 and "Đinh Xuân Công" in page.content.decode()
    assert RatingInvitation.objects.count() == 0

    bad = client.post(url, {"score": ""})
    assert state(bad) == (400, 0, 0, 0)

    response = client.post(url, {"score": "satisfied"})
    assert response.status_code == 302 and response["Location"] == reverse("surveys:counter")
    rating = Rating.objects.get()
    assert (rating.invitation.channel, rating.invitation.created_by) == ("counter", personas.one_stop_a)
    listing = client.get(reverse("surveys:counter")).content.decode()
    assert 'data-testid="counter-rated"' in listing

    again = client.post(url, {"score": "dissatisfied"})
    assert again.status_code == 302
    assert Rating.objects.get().score == "satisfied"


def test_another_desks_officer_cannot_rate_on_its_tablet(client, tree, personas, just_delivered):
    from reformdesk.org.choices import Role
    from reformdesk.org.tests.factories import make_official

    make_official(unit=tree.commune_b, role=Role.ONE_STOP, username="motcua_b", full_name="Phan Thị Lan")
    from django.contrib.auth.models import User

    sign_in(client, User.objects.get(username="motcua_b"))
    response = client.post(
        reverse("surveys:counter_rate", args=[just_delivered.code]), {"score": "satisfied"}
    )
    assert state(response) == (404, 0, 0, 0)


# --- Results ------------------------------------------------------------------------------------


@pytest.fixture
def rated(desk, personas, tree, delivered):
    """Three ratings of commune A's dossiers: satisfied (receipt, with officials), very satisfied (SMS),
    dissatisfied (another dossier)."""
    tu = Official.objects.get(full_name="Lê Văn Tư")
    cong = Official.objects.get(full_name="Đinh Xuân Công")
    receipt, _ = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.RECEIPT)
    services.rating_submit(
        invitation=receipt,
        score=Score.SATISFIED,
        officials={
            tu.pk: services.OfficialScore(Score.SATISFIED),
            cong.pk: services.OfficialScore(Score.DISSATISFIED),
        },
    )
    sms, _ = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.SMS)
    services.rating_submit(
        invitation=sms, score=Score.VERY_SATISFIED, officials={tu.pk: services.OfficialScore(Score.SATISFIED)}
    )
    other = deliver(desk, personas, tree, phone="0987654321")
    invitation, _ = services.invitation_get_or_create(dossier=other, channel=InvitationChannel.RECEIPT)
    services.rating_submit(invitation=invitation, score=Score.DISSATISFIED)
    return delivered


def test_results_count_per_score_by_unit_procedure_official_and_month(rated, personas):
    from reformdesk.surveys.selectors import rating_results

    month = timezone.localdate().strftime("%m/%Y")
    results = rating_results(user=personas.chair_a)
    rows = lambda found: [  # noqa: E731
        (r.label, r.very_satisfied, r.satisfied, r.dissatisfied, r.satisfied_share) for r in found
    ]
    assert rows([results.total]) == [("", 1, 1, 1, 66.7)]
    assert rows(results.by_unit) == [("Xã Phú Sơn", 1, 1, 1, 66.7)]
    assert rows(results.by_procedure) == [("Thủ tục đăng ký khai sinh", 1, 1, 1, 66.7)]
    assert rows(results.by_official) == [("Lê Văn Tư", 0, 2, 0, 100.0), ("Đinh Xuân Công", 0, 0, 1, 0.0)]
    assert rows(results.by_month) == [(month, 1, 1, 1, 66.7)]
    # Someone who reads commune B only sees none of it; dates outside the ratings count nothing.
    assert rating_results(user=personas.specialist_b).total.total == 0
    assert rating_results(user=personas.chair_a, end=dt.date(2020, 1, 1)).total.total == 0


@pytest.mark.parametrize(("who", "status"), [("chair_a", 200), ("district_reform", 200), ("outsider", 403)])
def test_who_may_read_the_results_page(client, personas, rated, who, status):
    sign_in(client, getattr(personas, who))
    response = client.get(reverse("surveys:results"))
    assert response.status_code == status
    if status == 200:
        assert "3 lượt đánh giá, 2 hài lòng hoặc rất hài lòng (66,7%)" in response.content.decode()


def test_a_bad_date_range_on_the_results_page_is_refused(client, personas, rated):
    sign_in(client, personas.chair_a)
    response = client.get(reverse("surveys:results"), {"start": "2025-12-10", "end": "2025-12-01"})
    assert response.status_code == 400
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in response.content.decode()


def test_the_ratings_api(client, personas, tree, rated):
    sign_in(client, personas.district_reform)
    url = "/api/v1/surveys/ratings"
    response = client.get(url, {"unit": tree.commune_a.code})
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == tree.commune_a.code
    assert body["total"] == {
        "key": "total",
        "label": "",
        "very_satisfied": 1,
        "satisfied": 1,
        "dissatisfied": 1,
        "total": 3,
        "satisfied_share": 66.7,
    }
    assert [(r["label"], r["satisfied"], r["dissatisfied"]) for r in body["by_official"]] == [
        ("Lê Văn Tư", 2, 0),
        ("Đinh Xuân Công", 0, 1),
    ]
    empty = client.get(url, {"unit": tree.commune_b.code, "from": "2025-01-01", "to": "2025-12-31"}).json()
    assert (empty["total"]["total"], empty["from"], empty["to"]) == (0, "2025-01-01", "2025-12-31")

    bad = client.get(url, {"from": "01/12/2025"})
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {"field": "from", "message": "Ngày không đúng định dạng YYYY-MM-DD, ví dụ 2025-12-01."}
    ]
    assert client.get(url, {"unit": "999.99.99.X00"}).status_code == 422


def test_the_ratings_api_refuses_those_without_the_right(client, personas, tree, rated):
    sign_in(client, personas.specialist_b)
    assert client.get("/api/v1/surveys/ratings", {"unit": tree.commune_a.code}).status_code == 403
    client.logout()
    assert client.get("/api/v1/surveys/ratings").status_code == 401


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_results_page_and_api_run_as_many_queries_for_one_rating_as_for_many(
    client, desk, personas, tree, delivered
):
    sign_in(client, personas.chair_a)
    invitation, _ = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.RECEIPT)
    services.rating_submit(invitation=invitation, score=Score.SATISFIED)
    page, api = reverse("surveys:results"), "/api/v1/surveys/ratings"
    few = (_queries(client, page), _queries(client, api))
    for phone in ("0987654321", "0987654322", "0987654323"):
        other = deliver(desk, personas, tree, phone=phone)
        invitation, _ = services.invitation_get_or_create(dossier=other, channel=InvitationChannel.SMS)
        services.rating_submit(invitation=invitation, score=Score.VERY_SATISFIED)
    assert (_queries(client, page), _queries(client, api)) == few


def test_the_counter_list_runs_as_many_queries_for_one_dossier_as_for_three(client, desk, personas, tree):
    sign_in(client, personas.one_stop_a)
    recently = timezone.now() - dt.timedelta(minutes=5)
    deliver(desk, personas, tree, delivered_at=recently)
    few = _queries(client, reverse("surveys:counter"))
    for phone in ("0987654321", "0987654322"):
        deliver(desk, personas, tree, phone=phone, delivered_at=recently)
    assert _queries(client, reverse("surveys:counter")) == few
