"""Demo surveys: SIPAS and the officials' survey answered at the communes through every channel,
deterministic, idempotent, and answers that the service would accept (conditions respected)."""

from __future__ import annotations

import datetime as dt

import pytest

from reformdesk.dossiers.tests.factories import vn
from reformdesk.surveys.choices import ResponseChannel
from reformdesk.surveys.demo_responses import commune_slug, seed_surveys
from reformdesk.surveys.models import Answer, Questionnaire, Response, SurveyInvitation
from reformdesk.surveys.selectors.questionnaires import survey_results

pytestmark = pytest.mark.django_db


def test_demo_surveys_are_answered_through_every_channel_once(tree):
    communes = [tree.commune_a, tree.commune_b]
    lines = seed_surveys(communes=communes, seed=20261207, start=dt.date(2025, 12, 8), now=vn(2026, 12, 7))
    assert lines == [
        "Survey sipas-nghe-an: 640 responses at 2 communes.",
        "Surveys about officials: 400 responses at 2 communes.",
    ]
    own = Questionnaire.objects.get(slug=commune_slug("can-bo", tree.commune_a))
    assert own.owner_unit == tree.commune_a
    assert Response.objects.filter(version__questionnaire=own).count() == 200
    assert set(Response.objects.values_list("channel", flat=True)) == set(ResponseChannel.values)
    sms = Response.objects.filter(channel=ResponseChannel.SMS)
    assert SurveyInvitation.objects.filter(used_at__isnull=False).count() == sms.count() > 0
    assert not Response.objects.filter(channel=ResponseChannel.PAPER, batch_code="").exists()
    assert not Response.objects.filter(submitted_at__gte=vn(2026, 12, 7)).exists()
    # The complaints' satisfaction is asked only of those who commented or complained.
    answered = set(
        Answer.objects.filter(question__key="complaints-satisfaction").values_list("response_id", flat=True)
    )
    said_yes = set(
        Answer.objects.filter(question__key="complaints-assessment", choice__value="yes").values_list(
            "response_id", flat=True
        )
    )
    assert answered and answered <= said_yes
    sipas = Questionnaire.objects.get(slug="sipas-nghe-an")
    found = survey_results(questionnaire=sipas, version=sipas.versions.get())
    assert found.responses == 640 and found.overall is not None and found.overall.reliable
    assert len(found.elements) == 5

    before = (Response.objects.count(), Answer.objects.count())
    assert seed_surveys(communes=communes, seed=1, start=dt.date(2025, 12, 8), now=vn(2026, 12, 7)) == []
    assert (Response.objects.count(), Answer.objects.count()) == before
