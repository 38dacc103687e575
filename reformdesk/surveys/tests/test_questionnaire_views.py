"""Questionnaire pages: who may build and read results (another commune's survey is a 404), the
builder's forms, the citizen's answering page (conditions applied by the server, rate limit) and
the results page with its intervals and "not reliable" note."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official
from reformdesk.surveys import services
from reformdesk.surveys.models import Answer, Question, Questionnaire, Response
from reformdesk.surveys.views_questionnaires import ANSWER_PER_MINUTE

pytestmark = pytest.mark.django_db


def answer_url(survey, unit) -> str:
    return reverse("surveys:answer", kwargs={"slug": survey.slug, "unit_code": unit.code})


@pytest.fixture
def leader_b(tree):
    make_official(unit=tree.commune_b, role=Role.LEADER, username="chutich_b", full_name="Hồ Văn Lâm")
    return User.objects.get(username="chutich_b")


def test_the_menu_shows_surveys_to_reform_officers_only(personas):
    page = sign_in(Client(), personas.district_reform).get(reverse("core:staff_home"))
    assert reverse("surveys:questionnaires") in page.content.decode()
    page = sign_in(Client(), personas.one_stop_a).get(reverse("core:staff_home"))
    assert reverse("surveys:questionnaires") not in page.content.decode()
    assert sign_in(Client(), personas.one_stop_a).get(reverse("surveys:questionnaires")).status_code == 403


def test_a_reform_officer_creates_from_a_template_and_opens_it(tree, personas):
    client = sign_in(Client(), personas.district_reform)
    template = Questionnaire.objects.get(slug="mau-can-bo")
    response = client.post(
        reverse("surveys:questionnaire_create"),
        {
            "slug": "can-bo-phu-son",
            "title_vi": "Khảo sát về cán bộ xã Phú Sơn",
            "kind": "officials",
            "unit": tree.commune_a.pk,
            "template": template.pk,
            "anonymous": "on",
            "min_reliable_n": "30",
        },
    )
    assert response.status_code == 302
    created = Questionnaire.objects.get(slug="can-bo-phu-son")
    assert created.versions.get().questions.count() == 7
    edit = reverse("surveys:questionnaire_edit", args=[created.slug])
    page = client.get(edit)
    assert page.status_code == 200
    assert answer_url(created, tree.commune_a) in page.content.decode()
    assert client.post(edit, {"action": "open"}).status_code == 302
    created.refresh_from_db()
    assert created.status == "open"


def test_the_builder_adds_a_conditional_question(survey, personas):
    client = sign_in(Client(), personas.district_reform)
    edit = reverse("surveys:questionnaire_edit", args=[survey.slug])
    response = client.post(
        edit,
        {
            "action": "question",
            "section": "1",
            "key": "q5",
            "kind": "single",
            "measure": "other",
            "text_vi": "Ông/Bà phải đi lại mấy lần?",
            "required": "on",
            "choices": "1 | Một lần | Once\n2 | Hai lần trở lên | Twice or more",
            "condition_key": "q1",
            "condition_values": "no",
        },
    )
    assert response.status_code == 302, response.content.decode()
    question = Question.objects.get(version__questionnaire=survey, key="q5")
    assert question.condition_question.key == "q1"
    assert list(question.condition_choices.values_list("value", flat=True)) == ["no"]
    assert list(question.choices.values_list("text_vi", flat=True)) == ["Một lần", "Hai lần trở lên"]


def test_the_builder_refuses_a_choice_question_without_choices_and_changes_nothing(survey, personas):
    client = sign_in(Client(), personas.district_reform)
    audit_rows = AuditEvent.objects.count()
    response = client.post(
        reverse("surveys:questionnaire_edit", args=[survey.slug]),
        {
            "action": "question",
            "section": "1",
            "key": "q5",
            "kind": "single",
            "measure": "other",
            "text_vi": "Câu thiếu phương án",
            "choices": "",
        },
    )
    assert response.status_code == 400
    assert "Câu hỏi lựa chọn cần ít nhất hai phương án." in response.content.decode()
    assert not Question.objects.filter(key="q5").exists()
    assert AuditEvent.objects.count() == audit_rows


def test_another_communes_staff_get_404(survey, leader_b, personas):
    client = sign_in(Client(), leader_b)
    assert client.get(reverse("surveys:questionnaire_results", args=[survey.slug])).status_code == 404
    assert client.get(reverse("surveys:questionnaire_edit", args=[survey.slug])).status_code == 404
    assert "khao-sat-a" not in client.get(reverse("surveys:questionnaires")).content.decode()
    # The chair of commune A reads the results but does not build.
    chair = sign_in(Client(), personas.chair_a)
    assert chair.get(reverse("surveys:questionnaire_results", args=[survey.slug])).status_code == 200
    assert chair.get(reverse("surveys:questionnaire_edit", args=[survey.slug])).status_code == 404


def test_a_citizen_answers_on_the_public_page(client, survey, tree):
    url = answer_url(survey, tree.commune_a)
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-condition-key="q1"' in body and "surveys/answer" in body
    response = client.post(url, {"version": "1", "q1": "yes", "q2": "5", "q3": "Tốt", "q4": ""})
    assert response.status_code == 200
    assert 'data-testid="answer-thanks"' in response.content.decode()
    saved = Response.objects.get()
    assert (saved.channel, saved.unit, saved.version.number) == ("link", tree.commune_a, 1)
    assert Answer.objects.count() == 3


def test_the_server_applies_conditions_whatever_the_page_did(client, survey, tree):
    response = client.post(answer_url(survey, tree.commune_a), {"version": "1", "q1": "no", "q2": "4"})
    assert response.status_code == 400
    assert "không được hỏi với các câu trả lời trước đó" in response.content.decode()
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_the_answering_page_is_rate_limited(client, survey, tree):
    url = answer_url(survey, tree.commune_a)
    statuses = [client.post(url, {"version": "1"}).status_code for _ in range(ANSWER_PER_MINUTE + 1)]
    assert statuses == [400] * ANSWER_PER_MINUTE + [429]
    assert Response.objects.count() == 0


def test_closed_and_unknown(client, survey, tree, personas):
    assert client.get(answer_url(survey, tree.commune_b)).status_code == 404
    services.questionnaire_close(actor=personas.district_reform, questionnaire=survey)
    response = client.post(answer_url(survey, tree.commune_a), {"version": "1", "q1": "no"})
    assert 'data-testid="answer-closed"' in response.content.decode()
    assert Response.objects.count() == 0


def test_results_page_shows_intervals_and_the_not_reliable_note(survey, tree, personas):
    services.response_submit(
        questionnaire=survey, unit=tree.commune_a, channel="link", answers={"q1": "yes", "q2": "4"}
    )
    client = sign_in(Client(), personas.chair_a)
    page = client.get(reverse("surveys:questionnaire_results", args=[survey.slug])).content.decode()
    assert 'data-testid="results-not-reliable"' in page  # 1 response, minimum 3
    assert "1/1; KTC 95%: 20,7–100,0%" in page
    for _ in range(2):
        services.response_submit(
            questionnaire=survey, unit=tree.commune_a, channel="link", answers={"q1": "yes", "q2": "2"}
        )
    page = client.get(reverse("surveys:questionnaire_results", args=[survey.slug])).content.decode()
    assert 'data-testid="results-not-reliable"' not in page
    assert "1/3; KTC 95%: 6,1–79,2%" in page
    assert 'data-testid="breakdown-3"' in page  # by unit, month and channel
    # Each breakdown is also drawn: the bar, the whisker from 6.1 to 79.2 % (bars start at 220).
    assert 'data-testid="breakdown-chart-1"' in page
    assert 'width="139.9" height="14"' in page  # 33.3 % (rounded as shown) of 420
    assert 'x1="245.6" y1="20.0" x2="552.6" y2="20.0"' in page
    assert "33,3% (n=3)" in page


def test_list_and_results_pages_query_counts_are_fixed(survey, tree, personas):
    client = sign_in(Client(), personas.district_reform)
    services.response_submit(questionnaire=survey, unit=tree.commune_a, channel="link", answers={"q1": "no"})

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    results = reverse("surveys:questionnaire_results", args=[survey.slug])
    listing = reverse("surveys:questionnaires")
    before = (count(listing), count(results))
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
            answers={"q1": "yes", "q2": "5", "q3": "ổn"},
        )
    assert (count(listing), count(results)) == before


def kiosk_url(survey, unit) -> str:
    return reverse("surveys:kiosk", kwargs={"slug": survey.slug, "unit_code": unit.code})


def test_the_kiosk_starts_again_empty_after_each_response(survey, tree, personas):
    tablet = sign_in(Client(), personas.one_stop_a)
    url = kiosk_url(survey, tree.commune_a)
    response = tablet.post(url, {"version": "1", "q1": "yes", "q2": "5", "q3": "Rất tốt"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?da-gui=1"
    page = tablet.get(response["Location"])
    body = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert 'data-testid="kiosk-sent"' in body
    assert "Rất tốt" not in body and "checked" not in body
    saved = Response.objects.get()
    assert (saved.channel, saved.unit) == ("kiosk", tree.commune_a)


def test_the_kiosk_is_for_the_units_desk_only(survey, tree, personas, leader_b):
    assert sign_in(Client(), leader_b).get(kiosk_url(survey, tree.commune_a)).status_code == 404
    assert sign_in(Client(), personas.chair_a).get(kiosk_url(survey, tree.commune_a)).status_code == 404
    assert Client().get(kiosk_url(survey, tree.commune_a)).status_code == 302  # to the login page
    assert (
        sign_in(Client(), personas.district_reform).get(kiosk_url(survey, tree.commune_a)).status_code == 200
    )


def test_a_busy_counter_is_limited_per_officer_not_per_address(survey, tree, personas):
    from reformdesk.surveys.views_questionnaires import KIOSK_PER_MINUTE

    # The citizens' own phones behind the same address use up the public page's limit...
    public = Client()
    for _ in range(ANSWER_PER_MINUTE + 1):
        public.post(answer_url(survey, tree.commune_a), {"version": "1"})
    # ...and the counter's tablet still answers, up to its own limit.
    tablet = sign_in(Client(), personas.one_stop_a)
    statuses = [
        tablet.post(kiosk_url(survey, tree.commune_a), {"version": "1", "q1": "no"}).status_code
        for _ in range(KIOSK_PER_MINUTE + 1)
    ]
    assert statuses == [302] * KIOSK_PER_MINUTE + [429]
    assert Response.objects.filter(channel="kiosk").count() == KIOSK_PER_MINUTE


def test_the_poster_is_an_a4_pdf_with_the_public_address(survey, tree, personas, settings, rf):
    from reformdesk.surveys.views_questionnaires import answer_address

    client = sign_in(Client(), personas.district_reform)
    response = client.get(reverse("surveys:poster", args=[survey.slug, tree.commune_a.code]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="khao-sat-khao-sat-a-{tree.commune_a.code}.pdf"'
    )
    settings.PUBLIC_BASE_URL = "https://dichvucong.nghean.gov.vn"
    assert answer_address(rf.get("/"), survey, tree.commune_a) == (
        f"https://dichvucong.nghean.gov.vn/khao-sat/khao-sat-a/{tree.commune_a.code}/"
    )
    # Not for another unit's staff, nor for a unit outside the survey.
    assert client.get(reverse("surveys:poster", args=[survey.slug, tree.commune_b.code])).status_code == 404
    assert (
        sign_in(Client(), personas.chair_a)
        .get(reverse("surveys:poster", args=[survey.slug, tree.commune_a.code]))
        .status_code
        == 404
    )


def test_paper_forms_are_entered_by_batch(survey, tree, personas):
    entry = sign_in(Client(), personas.one_stop_a)
    url = reverse("surveys:paper_entry", args=[survey.slug, tree.commune_a.code])
    refused = entry.post(url, {"version": "1", "q1": "no"})
    assert refused.status_code == 400
    assert "Phiếu giấy phải ghi mã lô." in refused.content.decode()
    assert Response.objects.count() == 0
    response = entry.post(url, {"version": "1", "batch_code": "PS-2026-01", "q1": "yes", "q2": "4"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?da-gui=1&lo=PS-2026-01"
    page = entry.get(response["Location"]).content.decode()
    assert 'value="PS-2026-01"' in page  # the batch's code is kept for the next form
    saved = Response.objects.get()
    assert (saved.channel, saved.batch_code, saved.unit) == ("paper", "PS-2026-01", tree.commune_a)


def test_the_export_is_the_anonymised_filtered_responses(survey, tree, personas, leader_b):
    import io

    from openpyxl import load_workbook

    from reformdesk.dossiers.tests.factories import vn

    invitation = services.survey_invitation_create(questionnaire=survey, unit=tree.commune_a)
    services.response_submit(
        questionnaire=survey,
        unit=tree.commune_a,
        channel="link",
        token=invitation.token,
        answers={"q1": "yes", "q2": "5", "q3": "=1+1"},
        at=vn(2026, 1, 5, 9),
    )
    services.response_submit(
        questionnaire=survey,
        unit=tree.commune_a,
        channel="kiosk",
        answers={"q1": "no", "q4": "3"},
        at=vn(2026, 2, 5, 9),
    )
    url = reverse("surveys:questionnaire_export", args=[survey.slug])
    assert sign_in(Client(), leader_b).get(url).status_code == 404
    response = sign_in(Client(), personas.chair_a).get(url)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    code = tree.commune_a.code
    assert rows == [
        ["stt", "phien_ban", "don_vi", "kenh", "lo_phieu_giay", "thang", "q1", "q2", "q3", "q4"],
        [1, 1, code, "link", None, "2026-01", "yes", "5", "=1+1", None],
        [2, 1, code, "kiosk", None, "2026-02", "no", None, None, "3"],
    ]
    assert sheet["I2"].data_type == "s"  # an answer starting with "=" stays text
    kiosk_only = sign_in(Client(), personas.chair_a).get(url, {"channel": "kiosk"})
    rows = list(load_workbook(io.BytesIO(kiosk_only.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][3] == "kiosk"
