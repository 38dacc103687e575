"""A "Không hài lòng" rating of a dossier or of an official opens a feedback case, once, after the
rating commits; other ratings open nothing."""

from __future__ import annotations

import pytest
from django.db import transaction

from reformdesk.feedback.choices import Channel, Kind, Status
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.services.ratings import feedback_from_rating
from reformdesk.org.models import Official
from reformdesk.surveys import selectors as survey_selectors
from reformdesk.surveys import services as surveys
from reformdesk.surveys.choices import InvitationChannel, Score
from reformdesk.surveys.services import OfficialScore
from reformdesk.surveys.tests.conftest import deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(desk, personas, tree):
    return deliver(desk, personas, tree)


def rate(dossier, score: str, comment: str = "", officials: dict | None = None):
    invitation, _ = surveys.invitation_get_or_create(dossier=dossier, channel=InvitationChannel.RECEIPT)
    ids = {o.full_name: o.pk for o in survey_selectors.handled_officials(dossier=dossier)}
    return surveys.rating_submit(
        invitation=invitation,
        score=score,
        comment=comment,
        officials={ids[name]: given for name, given in (officials or {}).items()},
    )


def test_dissatisfied_ratings_open_a_case_about_the_dossier_and_one_about_the_official(
    delivered, tree, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rating = rate(
            delivered,
            Score.DISSATISFIED,
            "Phải đi lại ba lần.",
            {
                "Lê Văn Tư": OfficialScore(Score.DISSATISFIED, "Không hướng dẫn."),
                "Đinh Xuân Công": OfficialScore(Score.SATISFIED),
            },
        )

    about_dossier, about_official = FeedbackCase.objects.order_by("id")
    assert FeedbackCase.objects.count() == 2
    for case in (about_dossier, about_official):
        assert (case.channel, case.status, case.receiving_unit, case.related_dossier) == (
            Channel.RATING,
            Status.RECEIVED,
            tree.commune_a,
            delivered,
        )
        assert (case.citizen_name, case.citizen_phone, case.citizen_email, case.is_anonymous) == (
            "Hoàng Văn Bình",
            "0912345678",
            "binh.hv@example.vn",
            False,
        )
        assert case.received_at == rating.created_at
    assert (about_dossier.kind, about_dossier.unit, about_dossier.related_official) == (
        Kind.DOSSIER,
        delivered.processing_unit,
        None,
    )
    assert about_dossier.subject == f"Không hài lòng với việc giải quyết hồ sơ {delivered.code}"
    assert about_dossier.content == (
        f"Người dân đánh giá «Không hài lòng» với việc giải quyết hồ sơ {delivered.code}."
        "\n\nÝ kiến: Phải đi lại ba lần."
    )
    tu = Official.objects.get(full_name="Lê Văn Tư")
    # The case about Lê Văn Tư goes to his leader's unit (the commune), never to him.
    assert (about_official.kind, about_official.related_official, about_official.unit) == (
        Kind.OFFICIAL,
        tu,
        tree.commune_a,
    )
    assert about_official.content == (
        f"Người dân đánh giá «Không hài lòng» với cán bộ Lê Văn Tư khi giải quyết hồ sơ {delivered.code}."
        "\n\nÝ kiến: Không hướng dẫn."
    )
    assert sorted(delivered.feedback_cases.values_list("kind", flat=True)) == [Kind.DOSSIER, Kind.OFFICIAL]
    assert [e.kind for e in about_dossier.events.all()] == ["received"]

    # Hearing the rating again records nothing more.
    assert feedback_from_rating(rating_id=rating.pk) == [about_dossier, about_official]
    assert FeedbackCase.objects.count() == 2


@pytest.mark.parametrize("score", [Score.SATISFIED, Score.VERY_SATISFIED])
def test_other_ratings_open_nothing(delivered, score, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rate(delivered, score, officials={"Lê Văn Tư": OfficialScore(Score.VERY_SATISFIED)})

    assert not FeedbackCase.objects.exists()


def test_only_a_dissatisfied_official_opens_a_case_when_the_dossier_was_fine(
    delivered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rate(delivered, Score.SATISFIED, officials={"Lê Văn Tư": OfficialScore(Score.DISSATISFIED)})

    case = FeedbackCase.objects.get()
    assert (case.kind, case.related_official.full_name) == (Kind.OFFICIAL, "Lê Văn Tư")
    code = case.related_dossier.code
    assert (
        case.content
        == f"Người dân đánh giá «Không hài lòng» với cán bộ Lê Văn Tư khi giải quyết hồ sơ {code}."
    )


def test_an_applicant_without_a_valid_contact_gives_an_anonymous_case(
    desk, personas, tree, django_capture_on_commit_callbacks
):
    dossier = deliver(desk, personas, tree, phone="", email="", address="")
    with django_capture_on_commit_callbacks(execute=True):
        rate(dossier, Score.DISSATISFIED)

    case = FeedbackCase.objects.get()
    assert (case.is_anonymous, case.citizen_name, case.citizen_phone) == (True, "", "")


def test_a_rolled_back_rating_opens_nothing(delivered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                rate(delivered, Score.DISSATISFIED)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    assert not FeedbackCase.objects.exists()
