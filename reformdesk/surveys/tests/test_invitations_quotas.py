"""SMS invitations to a survey after a dossier's delivery (one per dossier, a sample the survey
sets, one response per token) and the quota of responses per unit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reformdesk.core.models import AuditEvent
from reformdesk.dossiers.models import DossierEvent
from reformdesk.notifications.models import Message
from reformdesk.surveys import dossier_events, services
from reformdesk.surveys.choices import QuestionnaireStatus, ResponseChannel
from reformdesk.surveys.models import Response, SurveyInvitation
from reformdesk.surveys.services.responses import in_sms_sample
from reformdesk.surveys.tests.conftest import deliver

pytestmark = pytest.mark.django_db

ANSWERS = {"q1": "yes", "q2": "4"}


def sample_all(survey, percent=100):
    survey.sms_sample_percent = percent
    survey.save(update_fields=["sms_sample_percent"])


def test_a_sampled_delivery_gets_one_sms_invitation_and_its_link_answers_once(
    desk, personas, tree, survey, settings, client, django_capture_on_commit_callbacks
):
    """GIVEN commune A's open survey sampling every delivered dossier
    WHEN a dossier is delivered, and the delivery is heard again
    THEN one invitation and one SMS; its link answers once, a second time is refused."""
    settings.PUBLIC_BASE_URL = "https://dichvucong.tanky.example.vn"
    sample_all(survey)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = deliver(desk, personas, tree, email="")
    invitation = SurveyInvitation.objects.get()
    assert (invitation.dossier_id, invitation.unit_id, invitation.used_at) == (
        dossier.pk,
        tree.commune_a.pk,
        None,
    )
    message = Message.objects.get(key="survey.invite")
    link = (
        f"https://dichvucong.tanky.example.vn/khao-sat/khao-sat-a/{tree.commune_a.code}/?t={invitation.token}"
    )
    assert message.recipient == "0912345678"
    assert message.channel == "sms"
    assert message.body.endswith(f"sau hồ sơ {dossier.code}: {link}")

    event = DossierEvent.objects.get(dossier=dossier, kind="delivered")
    with django_capture_on_commit_callbacks(execute=True):
        assert dossier_events.on_dossier_delivered_survey(event.pk) == 1
    assert (SurveyInvitation.objects.count(), Message.objects.filter(key="survey.invite").count()) == (1, 1)

    path = reverse("surveys:answer", args=["khao-sat-a", tree.commune_a.code])
    page = client.get(f"{path}?t={invitation.token}")
    assert page.status_code == 200
    assert f'name="token" value="{invitation.token}"' in page.content.decode()
    sent = client.post(path, {"version": "1", "token": invitation.token, "q1": "yes", "q2": "5"})
    assert sent.status_code == 200
    response = Response.objects.get()
    assert (response.channel, response.token) == (ResponseChannel.SMS, invitation.token)
    invitation.refresh_from_db()
    assert invitation.used_at is not None

    again = client.post(path, {"version": "1", "token": invitation.token, "q1": "no"})
    assert again.status_code == 409
    assert "chỉ trả lời một lần" in again.content.decode()
    assert Response.objects.count() == 1
    assert client.get(f"{path}?t=khong-co-ma-nay").status_code == 404
    assert Response.objects.count() == 1


def test_no_survey_invitation_outside_the_sample_or_without_a_mobile(
    desk, personas, tree, survey, django_capture_on_commit_callbacks
):
    """Sample 0 %: no invitation; sample 100 % but no mobile: no invitation either."""
    with django_capture_on_commit_callbacks(execute=True):
        deliver(desk, personas, tree)
    sample_all(survey)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(desk, personas, tree, phone="", email="binh@example.vn")
    assert SurveyInvitation.objects.count() == 0
    assert Message.objects.filter(key="survey.invite").count() == 0


def test_the_sample_is_reproducible_and_close_to_its_percentage(survey):
    sample_all(survey, 20)
    codes = [f"000.00.53.H41-251204-{n:04d}" for n in range(1, 2001)]
    first = [in_sms_sample(questionnaire=survey, dossier_code=code) for code in codes]
    assert first == [in_sms_sample(questionnaire=survey, dossier_code=code) for code in codes]
    assert 340 <= sum(first) <= 460  # 20 % of 2,000 is 400; a hash, not a coin: stable bounds
    sample_all(survey, 0)
    assert not any(in_sms_sample(questionnaire=survey, dossier_code=code) for code in codes[:100])


def test_a_closed_survey_invites_nobody(desk, personas, tree, survey, django_capture_on_commit_callbacks):
    sample_all(survey)
    services.questionnaire_close(actor=personas.district_reform, questionnaire=survey)
    assert survey.status == QuestionnaireStatus.CLOSED
    with django_capture_on_commit_callbacks(execute=True):
        deliver(desk, personas, tree)
    assert SurveyInvitation.objects.count() == 0


def set_quota(survey, quota):
    survey.quota_per_unit = quota
    survey.save(update_fields=["quota_per_unit"])


def test_the_quota_per_unit_refuses_the_next_response_and_saves_nothing(tree, survey):
    set_quota(survey, 2)
    for _ in range(2):
        services.response_submit(
            questionnaire=survey, unit=tree.commune_a, channel=ResponseChannel.PUBLIC_LINK, answers=ANSWERS
        )
    audits = AuditEvent.objects.filter(action="survey_response.create").count()
    with pytest.raises(services.QuotaReached) as refused:
        services.response_submit(
            questionnaire=survey, unit=tree.commune_a, channel=ResponseChannel.KIOSK, answers=ANSWERS
        )
    assert refused.value.quota == 2
    assert "đã nhận đủ 2 phiếu" in refused.value.message
    assert Response.objects.count() == 2
    assert AuditEvent.objects.filter(action="survey_response.create").count() == audits


def test_the_public_page_and_the_api_say_the_quota_is_reached(tree, survey, client):
    set_quota(survey, 1)
    services.response_submit(
        questionnaire=survey, unit=tree.commune_a, channel=ResponseChannel.PUBLIC_LINK, answers=ANSWERS
    )
    path = reverse("surveys:answer", args=["khao-sat-a", tree.commune_a.code])
    page = client.post(path, {"version": "1", "q1": "no"})
    assert page.status_code == 409
    assert "đã nhận đủ 1 phiếu" in page.content.decode()
    api = client.post(
        "/api/v1/public/surveys/khao-sat-a/responses",
        {"unit": tree.commune_a.code, "answers": {"q1": "no"}},
        content_type="application/json",
    )
    assert api.status_code == 409
    assert api.json()["code"] == "quota_reached"
    assert Response.objects.count() == 1


def test_the_builder_saves_the_sample_and_the_quota_and_refuses_bad_values(personas, survey, client):
    client.force_login(personas.district_reform)
    edit = reverse("surveys:questionnaire_edit", args=[survey.slug])
    base = {"action": "settings", "title_vi": survey.title_vi, "min_reliable_n": "3", "anonymous": "on"}
    bad = client.post(edit, {**base, "sms_sample_percent": "150", "quota_per_unit": "0"})
    assert bad.status_code == 400
    survey.refresh_from_db()
    assert (survey.sms_sample_percent, survey.quota_per_unit) == (0, None)
    good = client.post(edit, {**base, "sms_sample_percent": "25", "quota_per_unit": "400"})
    assert good.status_code == 302
    survey.refresh_from_db()
    assert (survey.sms_sample_percent, survey.quota_per_unit) == (25, 400)
