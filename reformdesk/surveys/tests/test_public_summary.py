"""The portal's page of a unit's survey results: indices with n and interval, no draft, no
official named, linked from the unit's portal page, a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reformdesk.surveys import services
from reformdesk.surveys.choices import ResponseChannel

pytestmark = pytest.mark.django_db


def answer(survey, unit, satisfaction):
    services.response_submit(
        questionnaire=survey,
        unit=unit,
        channel=ResponseChannel.PUBLIC_LINK,
        answers={"q1": "yes", "q2": satisfaction},
    )


def test_the_public_summary_shows_the_index_with_its_interval_and_n(client, tree, personas, survey):
    for satisfaction in ("5", "4", "3", "4"):
        answer(survey, tree.commune_a, satisfaction)
    services.questionnaire_create(
        actor=personas.district_reform,
        unit=tree.commune_a,
        slug="nhap",
        title_vi="Phiếu đang soạn",
        kind="custom",
    )
    unit_page = client.get(reverse("portal:unit_detail", args=[tree.commune_a.code])).content.decode()
    link = reverse("surveys:public_summary", args=[tree.commune_a.code])
    assert link in unit_page
    page = client.get(link)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Khảo sát xã A" in body
    assert "4 phiếu trả lời (phiên bản 1)" in body
    assert "75,0%" in body and "3/4; KTC 95%: 30,1–95,4%" in body
    assert "Phiếu đang soạn" not in body
    # Commune B is not covered by commune A's survey.
    other = client.get(reverse("surveys:public_summary", args=[tree.commune_b.code])).content.decode()
    assert "Khảo sát xã A" not in other
    assert client.get(reverse("surveys:public_summary", args=["khong-co"])).status_code == 404


def test_the_public_summary_reads_as_many_queries_for_many_responses(client, tree, survey):
    link = reverse("surveys:public_summary", args=[tree.commune_a.code])
    answer(survey, tree.commune_a, "5")
    client.get(link)
    with CaptureQueriesContext(connection) as few:
        client.get(link)
    for _ in range(5):
        answer(survey, tree.commune_a, "2")
    with CaptureQueriesContext(connection) as many:
        client.get(link)
    assert len(many) == len(few)
