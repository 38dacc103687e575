"""The questionnaires' API: staff list, detail and results (scoped to the owner unit), and the
public response endpoint (refusals declared in OpenAPI, nothing saved, rate-limited)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reformdesk.core.tests.helpers import sign_in
from reformdesk.core.tests.test_openapi import assert_declared
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official
from reformdesk.surveys import services
from reformdesk.surveys.api_questionnaires import PUBLIC_PER_MINUTE
from reformdesk.surveys.models import Answer, Response

pytestmark = pytest.mark.django_db

RESULTS = "/api/v1/surveys/questionnaires/{slug}/results"
RESPOND = "/api/v1/public/surveys/{slug}/responses"


def post(client: Client, slug: str, body: dict) -> object:
    return client.post(RESPOND.format(slug=slug), body, content_type="application/json")


def test_a_citizen_answers_through_the_api(client, survey, tree):
    response = post(client, survey.slug, {"unit": tree.commune_a.code, "answers": {"q1": "yes", "q2": "4"}})
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == "link"
    assert_declared(client, response, "post", "/api/v1/public/surveys/{slug}/responses")
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"answers": {"q1": "no", "q2": "4"}}, 422, "validation_error", "q2"),
        ({"answers": {}}, 422, "validation_error", "q1"),
        ({"answers": {"q1": "no"}, "token": "khong-co"}, 422, "token_unknown", "token"),
        ({"answers": {"q1": "no"}, "unit": "000.99.99.H41"}, 422, "unknown_unit", "unit"),
        ({"answers": {"q1": "no\u202e"}}, 422, "validation_error", "answers.q1"),
    ],
)
def test_refusals_are_declared_and_save_nothing(client, survey, tree, body, status, code, field):
    response = post(client, survey.slug, {"unit": tree.commune_a.code, **body})
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert field in {error["field"] for error in response.json()["errors"]} or field in str(
        response.json()["errors"]
    )
    assert_declared(client, response, "post", "/api/v1/public/surveys/{slug}/responses")
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_a_used_token_and_a_closed_survey_are_409(client, survey, tree, personas):
    invitation = services.survey_invitation_create(questionnaire=survey, unit=tree.commune_a)
    body = {"unit": tree.commune_a.code, "token": invitation.token, "answers": {"q1": "no"}}
    assert post(client, survey.slug, body).status_code == 201
    again = post(client, survey.slug, body)
    assert (again.status_code, again.json()["code"]) == (409, "token_used")
    assert_declared(client, again, "post", "/api/v1/public/surveys/{slug}/responses")
    services.questionnaire_close(actor=personas.district_reform, questionnaire=survey)
    closed = post(client, survey.slug, {"unit": tree.commune_a.code, "answers": {"q1": "no"}})
    assert (closed.status_code, closed.json()["code"]) == (409, "survey_closed")
    assert Response.objects.count() == 1
    assert Response.objects.get().channel == "sms"


def test_unknown_survey_is_404(client, tree):
    response = post(client, "khong-co", {"unit": tree.commune_a.code, "answers": {}})
    assert response.status_code == 404
    assert_declared(client, response, "post", "/api/v1/public/surveys/{slug}/responses")


def test_the_public_endpoint_is_rate_limited(client, survey, tree):
    statuses = [
        post(client, survey.slug, {"unit": tree.commune_a.code, "answers": {}}).status_code
        for _ in range(PUBLIC_PER_MINUTE + 1)
    ]
    assert statuses == [422] * PUBLIC_PER_MINUTE + [429]
    assert Response.objects.count() == 0


def test_results_for_the_owner_and_404_for_another_commune(client, survey, tree, personas):
    for q2 in ("5", "4", "2"):
        services.response_submit(
            questionnaire=survey, unit=tree.commune_a, channel="link", answers={"q1": "yes", "q2": q2}
        )
    make_official(unit=tree.commune_b, role=Role.LEADER, username="chutich_b", full_name="Hồ Văn Lâm")
    from django.contrib.auth.models import User

    leader_b = User.objects.get(username="chutich_b")
    denied = sign_in(Client(), leader_b).get(RESULTS.format(slug=survey.slug))
    assert denied.status_code == 404
    assert sign_in(Client(), leader_b).get(f"/api/v1/surveys/questionnaires/{survey.slug}").status_code == 404
    assert sign_in(Client(), leader_b).get("/api/v1/surveys/questionnaires").json() == []

    staff = sign_in(Client(), personas.chair_a)
    response = staff.get(RESULTS.format(slug=survey.slug))
    assert response.status_code == 200
    body = response.json()
    assert (body["responses"], body["reliable"]) == (3, True)
    assert body["overall"]["count"] == 2 and body["overall"]["n"] == 3
    assert (round(body["overall"]["low"], 3), round(body["overall"]["high"], 3)) == (0.208, 0.939)
    assert_declared(staff, response, "get", "/api/v1/surveys/questionnaires/{slug}/results")
    kiosk = staff.get(RESULTS.format(slug=survey.slug), {"channel": "kiosk"}).json()
    assert (kiosk["responses"], kiosk["reliable"]) == (0, False)
    bad = staff.get(RESULTS.format(slug=survey.slug), {"month": "2026-13"})
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_month")


def test_detail_shows_conditions(survey, personas):
    response = sign_in(Client(), personas.district_reform).get(
        f"/api/v1/surveys/questionnaires/{survey.slug}"
    )
    assert response.status_code == 200
    questions = response.json()["sections"][0]["questions"]
    assert [q["key"] for q in questions] == ["q1", "q2", "q3", "q4"]
    assert questions[1]["condition"] == {"question": "q1", "values": ["yes"]}
    assert [c["value"] for c in questions[1]["choices"]] == ["1", "2", "3", "4", "5"]


def test_list_and_results_query_counts_are_fixed(survey, tree, personas):
    staff = sign_in(Client(), personas.district_reform)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(url).status_code == 200
        return len(captured)

    services.response_submit(questionnaire=survey, unit=tree.commune_a, channel="link", answers={"q1": "no"})
    list_one = count("/api/v1/surveys/questionnaires")
    results_one = count(RESULTS.format(slug=survey.slug))
    for n in range(3):
        services.questionnaire_create(
            actor=personas.district_reform,
            unit=tree.commune_b,
            slug=f"them-{n}",
            title_vi=f"Phiếu {n}",
            kind="custom",
        )
        services.response_submit(
            questionnaire=survey,
            unit=tree.commune_a,
            channel="link",
            answers={"q1": "yes", "q2": "5", "q3": "tốt"},
        )
    assert count("/api/v1/surveys/questionnaires") == list_one
    assert count(RESULTS.format(slug=survey.slug)) == results_one
