"""The per-official view: survey answers in the responses naming an official, beside the official's
dossier ratings, each with its n and interval; who may read it; reads are logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reformdesk.core.models import AccessLog
from reformdesk.core.tests.helpers import sign_in
from reformdesk.org.models import Official
from reformdesk.surveys import services
from reformdesk.surveys.choices import InvitationChannel, Measure, QuestionKind, ResponseChannel, Score
from reformdesk.surveys.selectors.officials import official_results
from reformdesk.surveys.services import QuestionSpec

pytestmark = pytest.mark.django_db


@pytest.fixture
def about_officials(tree, personas):
    survey = services.questionnaire_create(
        actor=personas.district_reform,
        unit=tree.commune_a,
        slug="can-bo-a",
        title_vi="Khảo sát về cán bộ xã A",
        kind="officials",
        min_reliable_n=2,
    )
    services.section_add(
        actor=personas.district_reform, questionnaire=survey, title_vi="Cán bộ", element="official"
    )
    for spec in (
        QuestionSpec(key="can_bo", kind=QuestionKind.OFFICIAL, text_vi="Cán bộ đã tiếp Ông/Bà"),
        QuestionSpec(
            key="hai_long", kind=QuestionKind.LIKERT, text_vi="Mức độ hài lòng", measure=Measure.SATISFACTION
        ),
    ):
        services.question_add(
            actor=personas.district_reform, questionnaire=survey, section_order=1, spec=spec
        )
    services.questionnaire_open(actor=personas.district_reform, questionnaire=survey)
    return survey


def test_survey_answers_and_dossier_ratings_side_by_side(tree, personas, about_officials, delivered, client):
    tu = Official.objects.get(full_name="Lê Văn Tư")
    cong = Official.objects.get(full_name="Đinh Xuân Công")
    for score in ("5", "4", "2"):
        services.response_submit(
            questionnaire=about_officials,
            unit=tree.commune_a,
            channel=ResponseChannel.KIOSK,
            answers={"can_bo": str(tu.pk), "hai_long": score},
        )
    invitation, _ = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.RECEIPT)
    services.rating_submit(
        invitation=invitation,
        score=Score.SATISFIED,
        officials={
            tu.pk: services.OfficialScore(Score.VERY_SATISFIED),
            cong.pk: services.OfficialScore(Score.DISSATISFIED),
        },
    )
    version = about_officials.versions.get()
    rows = official_results(user=personas.chair_a, questionnaire=about_officials, version=version)
    found = [
        (r.name, r.named_in, r.survey.count, r.survey.n, r.survey.reliable, r.ratings.count, r.ratings.n)
        for r in rows
    ]
    assert found == [("Lê Văn Tư", 3, 2, 3, True, 1, 1), ("Đinh Xuân Công", 0, 0, 0, False, 0, 1)]
    # Someone who may not read commune A's dossiers sees no ratings.
    outsider = official_results(user=personas.specialist_b, questionnaire=about_officials, version=version)
    assert [(r.name, r.ratings.n) for r in outsider] == [("Lê Văn Tư", 0)]

    sign_in(client, personas.chair_a)
    results = client.get(reverse("surveys:questionnaire_results", args=["can-bo-a"]))
    link = reverse("surveys:official_results", args=["can-bo-a"])
    assert link in results.content.decode()
    page = client.get(link)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Lê Văn Tư" in body and "2/3; KTC 95%" in body
    assert AccessLog.objects.filter(purpose="survey.official_results", subject_id=str(tu.pk)).count() == 1


def test_another_units_staff_get_a_404_and_a_bad_filter_a_400(personas, about_officials, client):
    link = reverse("surveys:official_results", args=["can-bo-a"])
    sign_in(client, personas.specialist_b)
    assert client.get(link).status_code == 404
    sign_in(client, personas.chair_a)
    assert client.get(link, {"month": "2020-13"}).status_code == 400
    assert AccessLog.objects.filter(purpose="survey.official_results").count() == 0
