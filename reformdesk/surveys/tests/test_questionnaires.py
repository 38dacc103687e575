"""Questionnaires: building, versions that freeze once answered, the refusals of a response (nothing
saved), conditions checked on the server, Wilson intervals and exact results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reformdesk.core.models import AuditEvent
from reformdesk.dossiers.tests.factories import vn
from reformdesk.org.models import Official
from reformdesk.surveys import services
from reformdesk.surveys.choices import Measure, QuestionKind, QuestionnaireStatus, ResponseChannel
from reformdesk.surveys.models import Answer, Questionnaire, QuestionnaireVersion, Response, SurveyInvitation
from reformdesk.surveys.selectors.questionnaires import survey_results, version_for_results
from reformdesk.surveys.services import ChoiceSpec, QuestionSpec
from reformdesk.surveys.stats import wilson_interval

pytestmark = pytest.mark.django_db

LINK = ResponseChannel.PUBLIC_LINK


def submit(survey, unit, answers, **kwargs):
    return services.response_submit(
        questionnaire=survey, unit=unit, channel=kwargs.pop("channel", LINK), answers=answers, **kwargs
    )


def nothing_saved():
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    assert AuditEvent.objects.filter(action="survey_response.create").count() == 0


def test_wilson_interval_known_values():
    low, high = wilson_interval(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    low, high = wilson_interval(0, 10)
    assert (low, round(high, 3)) == (0.0, 0.278)
    low, high = wilson_interval(10, 10)
    assert (round(low, 3), high) == (0.722, 1.0)
    low, high = wilson_interval(50, 100)
    assert (round(low, 3), round(high, 3)) == (0.404, 0.596)
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


def test_templates_are_shipped():
    sipas = Questionnaire.objects.get(slug="mau-sipas", is_template=True)
    version = sipas.versions.get()
    assert [s.element for s in version.sections.order_by("order")] == [
        "access",
        "procedure",
        "official",
        "result",
        "complaints",
        "",
    ]
    measures = list(version.questions.filter(section__element="result").values_list("measure", flat=True))
    assert measures == ["assessment", "satisfaction", "expectation"]
    officials = Questionnaire.objects.get(slug="mau-can-bo").versions.get()
    assert list(officials.questions.values_list("key", flat=True)) == [
        "official",
        "attitude",
        "competence",
        "timeliness",
        "integrity",
        "overall",
        "comment",
    ]


def test_create_from_template_copies_its_questions(tree, personas):
    template = Questionnaire.objects.get(slug="mau-sipas")
    copy = services.questionnaire_create(
        actor=personas.district_reform,
        unit=tree.commune_a,
        slug="sipas-a",
        title_vi="SIPAS xã A 2026",
        kind="sipas",
        template=template,
    )
    version = copy.versions.get()
    assert version.questions.count() == 16
    condition = version.questions.get(key="complaints-satisfaction")
    assert condition.condition_question.key == "complaints-assessment"
    assert condition.condition_question.version_id == version.pk
    assert list(condition.condition_choices.values_list("value", flat=True)) == ["yes"]
    assert AuditEvent.objects.filter(action="questionnaire.create", object_id=str(copy.pk)).count() == 1


def test_only_reform_officers_build(tree, personas):
    with pytest.raises(PermissionDenied):
        services.questionnaire_create(
            actor=personas.specialist_b, unit=tree.commune_b, slug="x", title_vi="X", kind="custom"
        )
    assert not Questionnaire.objects.filter(slug="x").exists()


def test_editing_an_answered_version_makes_a_new_one(survey, tree, personas):
    submit(survey, tree.commune_a, {"q1": "no"})
    first = survey.versions.get()
    spec = QuestionSpec(key="q5", kind=QuestionKind.YES_NO, text_vi="Câu mới")
    services.question_add(actor=personas.district_reform, questionnaire=survey, section_order=1, spec=spec)
    assert list(survey.versions.values_list("number", flat=True)) == [1, 2]
    assert list(first.questions.values_list("key", flat=True)) == ["q1", "q2", "q3", "q4"]
    second = survey.versions.get(number=2)
    assert list(second.questions.values_list("key", flat=True)) == ["q1", "q2", "q3", "q4", "q5"]
    assert second.questions.get(key="q2").condition_question == second.questions.get(key="q1")
    # A second edit goes to version 2, still unanswered: no third version.
    services.question_remove(actor=personas.district_reform, questionnaire=survey, key="q5")
    assert survey.versions.count() == 2
    assert first.responses.count() == 1
    assert AuditEvent.objects.filter(action="questionnaire.new_version").count() == 1


def test_unanswered_version_is_edited_in_place(survey, personas):
    services.question_update(
        actor=personas.district_reform,
        questionnaire=survey,
        key="q3",
        spec=QuestionSpec(
            key="q3", kind=QuestionKind.TEXT, text_vi="Ý kiến khác", required=False, max_length=50
        ),
    )
    assert survey.versions.count() == 1
    assert survey.versions.get().questions.get(key="q3").max_length == 50


def test_a_condition_question_cannot_be_rewritten(survey, personas):
    with pytest.raises(ValidationError):
        services.question_update(
            actor=personas.district_reform,
            questionnaire=survey,
            key="q1",
            spec=QuestionSpec(key="q1", kind=QuestionKind.NUMBER, text_vi="Số"),
        )
    assert survey.versions.get().questions.get(key="q1").kind == QuestionKind.YES_NO


def test_a_valid_response_is_saved_whole(survey, tree):
    response = submit(survey, tree.commune_a, {"q1": "yes", "q2": "5", "q3": " Tốt ", "q4": "3"})
    assert response.version.number == 1
    assert sorted(
        (a.question.key, a.choice.value if a.choice else None, a.text, a.number)
        for a in response.answers.all()
    ) == [("q1", "yes", "", None), ("q2", "5", "", None), ("q3", None, "Tốt", None), ("q4", None, "", 3)]
    assert AuditEvent.objects.filter(action="survey_response.create", object_id=str(response.pk)).count() == 1


@pytest.mark.parametrize(
    ("answers", "key", "message"),
    [
        ({}, "q1", "Câu “Ông/Bà có được hướng dẫn không?” là câu bắt buộc: hãy trả lời."),
        ({"q1": "yes"}, "q2", "Câu “Mức độ hài lòng” là câu bắt buộc: hãy trả lời."),
        (
            {"q1": "no", "q2": "4"},
            "q2",
            "Câu “Mức độ hài lòng” không được hỏi với các câu trả lời trước đó: hãy bỏ câu trả lời này.",
        ),
        (
            {"q1": "maybe"},
            "q1",
            "Câu “Ông/Bà có được hướng dẫn không?”: câu trả lời không có trong các phương án.",
        ),
        ({"q1": "no", "q3": "x" * 21}, "q3", "Câu “Góp ý”: ý kiến dài tối đa 20 ký tự (đã nhập 21)."),
        ({"q1": "no", "q4": "11"}, "q4", "Câu “Số lần đến”: số phải từ 0 đến 10."),
        ({"q1": "no", "q4": "ba"}, "q4", "Câu “Số lần đến”: hãy nhập một số nguyên."),
        ({"q1": "no", "q9": "1"}, "q9", "Phiếu không có câu hỏi mã “q9”."),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(survey, tree, answers, key, message):
    with pytest.raises(ValidationError) as caught:
        submit(survey, tree.commune_a, answers)
    assert caught.value.message_dict[key] == [message]
    nothing_saved()


def test_closed_survey_and_window_are_refused(survey, tree, personas):
    survey.opens_at, survey.closes_at = vn(2026, 1, 1, 0), vn(2026, 2, 1, 0)
    survey.save(update_fields=["opens_at", "closes_at"])
    with pytest.raises(services.SurveyNotOpen):
        submit(survey, tree.commune_a, {"q1": "no"}, at=vn(2026, 2, 1, 0))
    with pytest.raises(services.SurveyNotOpen):
        submit(survey, tree.commune_a, {"q1": "no"}, at=vn(2025, 12, 31, 23))
    submit(survey, tree.commune_a, {"q1": "no"}, at=vn(2026, 1, 31, 23))
    services.questionnaire_close(actor=personas.district_reform, questionnaire=survey)
    with pytest.raises(services.SurveyNotOpen):
        submit(survey, tree.commune_a, {"q1": "no"}, at=vn(2026, 1, 15, 9))
    assert Response.objects.count() == 1
    assert survey.status == QuestionnaireStatus.CLOSED


def test_a_token_is_used_once(survey, tree):
    invitation = services.survey_invitation_create(questionnaire=survey, unit=tree.commune_a)
    submit(survey, tree.commune_a, {"q1": "no"}, token=invitation.token)
    with pytest.raises(services.TokenUsed):
        submit(survey, tree.commune_a, {"q1": "yes", "q2": "4"}, token=invitation.token)
    with pytest.raises(services.TokenUnknown):
        submit(survey, tree.commune_a, {"q1": "no"}, token="khong-co")
    assert Response.objects.count() == 1
    assert SurveyInvitation.objects.get().used_at is not None


def test_another_communes_unit_is_refused(survey, tree):
    with pytest.raises(ValidationError) as caught:
        submit(survey, tree.commune_b, {"q1": "no"})
    assert caught.value.message_dict == {"unit": ["Đơn vị này không thuộc phạm vi của phiếu khảo sát."]}
    nothing_saved()


def test_official_question_takes_an_official_of_the_unit(tree, personas):
    survey = services.questionnaire_create(
        actor=personas.district_reform,
        unit=tree.district,
        slug="can-bo",
        title_vi="Cán bộ",
        kind="officials",
        template=Questionnaire.objects.get(slug="mau-can-bo"),
    )
    services.questionnaire_open(actor=personas.district_reform, questionnaire=survey)
    hoa = Official.objects.get(full_name="Nguyễn Thị Hoa")
    nam = Official.objects.get(full_name="Trần Văn Nam")  # commune B's
    likert = dict.fromkeys(("attitude", "competence", "timeliness", "integrity", "overall"), "4")
    with pytest.raises(ValidationError) as caught:
        submit(survey, tree.commune_a, {"official": str(nam.pk), **likert})
    assert caught.value.message_dict["official"] == [
        "Câu “Cán bộ nào đã trực tiếp phục vụ Ông/Bà?”: hãy chọn một cán bộ của đơn vị."
    ]
    nothing_saved()
    response = submit(survey, tree.commune_a, {"official": str(hoa.pk), **likert})
    assert response.answers.get(question__key="official").official == hoa


def test_paper_needs_a_batch_code(survey, tree):
    with pytest.raises(ValidationError):
        submit(survey, tree.commune_a, {"q1": "no"}, channel=ResponseChannel.PAPER)
    nothing_saved()
    response = submit(survey, tree.commune_a, {"q1": "no"}, channel=ResponseChannel.PAPER, batch_code="LO-01")
    assert response.batch_code == "LO-01"


def test_results_exact_counts_and_index(survey, tree):
    for q1, q2 in [("yes", "5"), ("yes", "4"), ("yes", "2"), ("no", None), ("yes", "4")]:
        submit(survey, tree.commune_a, {"q1": q1, **({"q2": q2} if q2 else {})}, at=vn(2026, 1, 10, 9))
    submit(
        survey, tree.commune_a, {"q1": "yes", "q2": "1"}, channel=ResponseChannel.KIOSK, at=vn(2026, 2, 3, 9)
    )
    version = version_for_results(survey)
    results = survey_results(questionnaire=survey, version=version)
    assert results.responses == 6
    q1, q2 = results.questions[0], results.questions[1]
    assert [(c.value, c.share.count, c.share.n) for c in q1.choices] == [("yes", 5, 6), ("no", 1, 6)]
    assert [(c.value, c.share.count) for c in q2.choices] == [
        ("1", 1),
        ("2", 1),
        ("3", 0),
        ("4", 2),
        ("5", 1),
    ]
    assert q2.answered == 5
    assert [(e.element, e.share.count, e.share.n) for e in results.elements] == [("official", 3, 5)]
    assert (results.overall.count, results.overall.n) == (3, 5)
    low, high = results.overall.interval
    assert (round(low, 3), round(high, 3)) == (0.231, 0.882)
    assert results.overall.reliable  # min n is 3 here
    january = survey_results(questionnaire=survey, version=version, month=dt.date(2026, 1, 1))
    assert january.responses == 5
    kiosk = survey_results(questionnaire=survey, version=version, channel=ResponseChannel.KIOSK)
    assert (kiosk.responses, kiosk.overall.count, kiosk.overall.n, kiosk.overall.reliable) == (1, 0, 1, False)
    other = survey_results(questionnaire=survey, version=version, unit=tree.commune_b)
    assert other.responses == 0


def test_results_query_count_does_not_grow(survey, tree):
    version = QuestionnaireVersion.objects.get(questionnaire=survey)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            survey_results(questionnaire=survey, version=version)
        return len(captured)

    submit(survey, tree.commune_a, {"q1": "yes", "q2": "5"})
    few = count()
    for _ in range(5):
        submit(survey, tree.commune_a, {"q1": "yes", "q2": "4", "q3": "ổn", "q4": "2"})
    assert count() == few == 7  # (a survey without a named-official question: no query for them)


def test_a_condition_must_name_an_earlier_question(survey, personas):
    services.section_add(actor=personas.district_reform, questionnaire=survey, title_vi="Phần hai")
    services.question_add(
        actor=personas.district_reform,
        questionnaire=survey,
        section_order=2,
        spec=QuestionSpec(key="later", kind=QuestionKind.YES_NO, text_vi="Câu ở phần hai"),
    )
    # Added to section 1, the new question comes before "later": it cannot depend on it.
    with pytest.raises(ValidationError) as caught:
        services.question_add(
            actor=personas.district_reform,
            questionnaire=survey,
            section_order=1,
            spec=QuestionSpec(
                key="q5",
                kind=QuestionKind.YES_NO,
                text_vi="Câu mới",
                condition_key="later",
                condition_values=["yes"],
            ),
        )
    assert caught.value.message_dict == {
        "condition_key": ["Điều kiện phải là một câu hỏi đứng trước câu này."]
    }
    assert list(survey.versions.get().questions.values_list("key", "order")) == [
        ("q1", 1),
        ("q2", 2),
        ("q3", 3),
        ("q4", 4),
        ("later", 5),
    ]


def test_matrix_and_multiple_choice_answers(tree, personas):
    survey = services.questionnaire_create(
        actor=personas.district_reform,
        unit=tree.district,
        slug="chi-so-xa",
        title_vi="Chỉ số CCHC xã",
        kind="reform_index",
        template=Questionnaire.objects.get(slug="mau-chi-so-cchc-xa"),
    )
    services.question_add(
        actor=personas.district_reform,
        questionnaire=survey,
        section_order=1,
        spec=QuestionSpec(
            key="kenh",
            kind=QuestionKind.MULTIPLE,
            text_vi="Ông/Bà biết thông tin qua kênh nào?",
            required=False,
            choices=[ChoiceSpec("loa", "Loa truyền thanh"), ChoiceSpec("web", "Cổng thông tin")],
        ),
    )
    services.questionnaire_open(actor=personas.district_reform, questionnaire=survey)
    rows = {"publicity": "5", "one_stop": "4", "online": "2", "discipline": "4", "feedback": "3"}
    with pytest.raises(ValidationError) as caught:
        submit(survey, tree.commune_a, {"visits": 2, "aspects": {**rows, "online": "9"}})
    assert caught.value.message_dict == {
        "aspects": [
            "Câu “Ông/Bà hài lòng thế nào về từng nội dung sau?”: câu trả lời không có trong các phương án."
        ]
    }
    with pytest.raises(ValidationError) as caught:
        submit(survey, tree.commune_a, {"visits": 2, "aspects": {"publicity": "5"}})
    assert caught.value.message_dict == {
        "aspects": ["Câu “Ông/Bà hài lòng thế nào về từng nội dung sau?”: hãy trả lời mọi dòng."]
    }
    with pytest.raises(ValidationError):
        submit(survey, tree.commune_a, {"visits": 2, "aspects": rows, "kenh": ["loa", "tivi"]})
    nothing_saved()
    submit(survey, tree.commune_a, {"visits": 2, "aspects": rows, "kenh": ["loa", "web"]})
    results = survey_results(questionnaire=survey, version=version_for_results(survey))
    aspects = next(q for q in results.questions if q.key == "aspects")
    assert [(r.value, [c.share.count for c in r.choices]) for r in aspects.rows] == [
        ("publicity", [0, 0, 0, 0, 1]),
        ("one_stop", [0, 0, 0, 1, 0]),
        ("online", [0, 1, 0, 0, 0]),
        ("discipline", [0, 0, 0, 1, 0]),
        ("feedback", [0, 0, 1, 0, 0]),
    ]
    kenh = next(q for q in results.questions if q.key == "kenh")
    assert [(c.value, c.share.count, c.share.n) for c in kenh.choices] == [("loa", 1, 1), ("web", 1, 1)]
    assert (results.overall.count, results.overall.n) == (3, 5)
    visits = next(q for q in results.questions if q.key == "visits")
    assert (visits.number_mean, visits.number_min, visits.number_max) == (2.0, 2, 2)


@pytest.mark.django_db(transaction=True)
def test_answers_are_checked_under_the_versions_lock(survey, tree, monkeypatch):
    """The builder edits an unanswered version in place under the version's row lock: the answers
    must be checked under that lock too, or an edit between the check and the insert would leave
    answers naming deleted choices."""
    from reformdesk.surveys.services import responses

    seen = []
    checked = responses.clean_answers

    def spy(**kwargs):
        seen.append(connection.in_atomic_block)
        return checked(**kwargs)

    monkeypatch.setattr(responses, "clean_answers", spy)
    submit(survey, tree.commune_a, {"q1": "no"})
    assert seen == [True]


def test_satisfaction_breakdown_by_unit_month_and_channel(tree, personas):
    from reformdesk.surveys.selectors.questionnaires import satisfaction_breakdown

    survey = services.questionnaire_create(
        actor=personas.district_reform,
        unit=tree.district,
        slug="huyen",
        title_vi="Khảo sát huyện",
        kind="custom",
        min_reliable_n=2,
    )
    services.section_add(actor=personas.district_reform, questionnaire=survey, title_vi="Chung")
    services.question_add(
        actor=personas.district_reform,
        questionnaire=survey,
        section_order=1,
        spec=QuestionSpec(
            key="hl", kind=QuestionKind.LIKERT, text_vi="Hài lòng?", measure=Measure.SATISFACTION
        ),
    )
    services.questionnaire_open(actor=personas.district_reform, questionnaire=survey)
    for unit, value, channel, at in [
        (tree.commune_a, "5", "link", vn(2026, 1, 5, 9)),
        (tree.commune_a, "2", "kiosk", vn(2026, 1, 6, 9)),
        (tree.commune_b, "4", "link", vn(2026, 2, 2, 9)),
    ]:
        submit(survey, unit, {"hl": value}, channel=channel, at=at)
    version = survey.versions.get()

    def rows(by):
        found = satisfaction_breakdown(questionnaire=survey, version=version, by=by)
        return [(r.key, r.share.count, r.share.n, r.share.reliable) for r in found]

    assert rows("unit") == [(tree.commune_a.code, 1, 2, True), (tree.commune_b.code, 1, 1, False)]
    assert rows("month") == [("2026-01", 1, 2, True), ("2026-02", 1, 1, False)]
    assert rows("channel") == [("kiosk", 0, 1, False), ("link", 2, 2, True)]
