"""Answer templates: a unit's leaders keep them, a handler starts an answer from one offered for
the case (its unit or a unit above, its kind or any kind), and the drafted event names it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.feedback.choices import EventKind, Kind, Status
from reformdesk.feedback.models import AnswerTemplate, FeedbackEvent
from reformdesk.feedback.selectors import answer_templates_for
from reformdesk.feedback.services import feedback_accept, feedback_assign, feedback_draft_answer
from reformdesk.feedback.services.templates import answer_template_save
from reformdesk.feedback.tests.factories import receive, vn

pytestmark = pytest.mark.django_db

TEMPLATES = "/staff/feedback/settings/answers/"
WATER = "UBND xã đã kiểm tra trạm bơm nước xóm 5 và thay lõi lọc. Nước đã trong trở lại."


@pytest.fixture
def assigned(tree, personas, handler_a):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    case = feedback_accept(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 1, 10))
    return feedback_assign(actor=personas.chair_a, case=case, handler=handler_a, at=vn(2025, 12, 1, 11))


def test_the_templates_offered_are_the_units_and_those_above_for_its_kind(personas, tree, assigned):
    water = answer_template_save(
        actor=personas.chair_a, unit=tree.commune_a, kind=Kind.PUBLIC_SERVICE, title="Nước sạch", body=WATER
    )
    general = answer_template_save(
        actor=personas.admin, unit=tree.district, kind="", title="Cảm ơn", body="Cảm ơn ông/bà đã phản ánh."
    )
    answer_template_save(
        actor=personas.chair_a, unit=tree.commune_a, kind=Kind.REGULATION, title="Thủ tục", body="Về thủ tục…"
    )
    answer_template_save(
        actor=personas.admin, unit=tree.commune_b, kind="", title="Xã B", body="Xã B trả lời."
    )
    answer_template_save(
        actor=personas.chair_a,
        unit=tree.commune_a,
        kind="",
        title="Cũ",
        body="Mẫu cũ.",
        is_active=False,
    )
    assert list(answer_templates_for(case=assigned)) == [general, water]


def test_a_draft_started_from_a_template_names_it_in_its_event(personas, tree, assigned, handler_a):
    water = answer_template_save(
        actor=personas.chair_a, unit=tree.commune_a, kind="", title="Nước sạch", body=WATER
    )
    case = feedback_draft_answer(
        actor=handler_a.user, case=assigned, answer=WATER + " Xin cảm ơn.", template_id=water.pk
    )
    assert case.status == Status.DRAFTED
    event = FeedbackEvent.objects.get(case=case, kind=EventKind.DRAFTED)
    assert event.data == {"chars": len(WATER) + 12, "template": water.pk}


def test_a_template_not_offered_for_the_case_is_refused_and_nothing_changes(
    personas, tree, assigned, handler_a
):
    other = answer_template_save(
        actor=personas.admin, unit=tree.commune_b, kind="", title="Xã B", body="Xã B."
    )
    with pytest.raises(ValidationError) as caught:
        feedback_draft_answer(actor=handler_a.user, case=assigned, answer="Trả lời.", template_id=other.pk)
    assert caught.value.message_dict == {"template": ["Mẫu trả lời không dùng được cho phản ánh này."]}
    assigned.refresh_from_db()
    assert (assigned.status, assigned.answer) == (Status.ASSIGNED, "")
    assert not FeedbackEvent.objects.filter(case=assigned, kind=EventKind.DRAFTED).exists()


def test_saving_a_template_checks_input_and_rights_and_is_audited(personas, tree):
    for user in (personas.one_stop_a, personas.specialist_b, personas.district_reform, personas.outsider):
        with pytest.raises(PermissionDenied):
            answer_template_save(actor=user, unit=tree.commune_a, kind="", title="Mẫu", body="Nội dung.")
    with pytest.raises(ValidationError) as caught:
        answer_template_save(
            actor=personas.chair_a, unit=tree.commune_a, kind="", title="  ", body="Nội dung."
        )
    assert caught.value.message_dict == {"title": ["Cần đặt tên mẫu trả lời."]}
    with pytest.raises(ValidationError) as caught:
        answer_template_save(
            actor=personas.chair_a, unit=tree.commune_a, kind="", title="Mẫu", body="x" * 10_001
        )
    assert caught.value.message_dict == {"body": ["Nội dung dài quá 10000 ký tự."]}
    assert AnswerTemplate.objects.count() == 0
    first = answer_template_save(
        actor=personas.chair_a, unit=tree.commune_a, kind="", title="Mẫu", body="Một."
    )
    with pytest.raises(ValidationError) as caught:
        answer_template_save(actor=personas.chair_a, unit=tree.commune_a, kind="", title="Mẫu", body="Hai.")
    assert caught.value.message_dict == {"__all__": ["Đơn vị đã có mẫu trả lời cùng tên."]}
    answer_template_save(
        actor=personas.chair_a,
        unit=tree.commune_a,
        kind="",
        title="Mẫu",
        body="Ba.",
        is_active=False,
        template=first,
    )
    assert list(AnswerTemplate.objects.values_list("body", "is_active")) == [("Ba.", False)]
    assert list(
        AuditEvent.objects.filter(action="feedback_template.save")
        .order_by("pk")
        .values_list("changes", flat=True)
    ) == [
        {
            "unit": [None, tree.commune_a.pk],
            "kind": [None, ""],
            "title": [None, "Mẫu"],
            "body": [None, "Một."],
            "is_active": [None, True],
        },
        {"body": ["Một.", "Ba."], "is_active": [True, False]},
    ]


def test_a_leader_adds_a_template_and_the_handler_picks_it_on_the_case_page(
    personas, tree, assigned, handler_a
):
    chair = sign_in(Client(), personas.chair_a)
    assert f'href="{TEMPLATES}"' in chair.get("/staff/feedback/").content.decode()
    response = chair.post(
        TEMPLATES,
        {"unit": tree.commune_a.code, "kind": "", "title": "Nước sạch", "body": WATER, "is_active": "on"},
    )
    assert response.status_code == 302
    template = AnswerTemplate.objects.get()
    handler = sign_in(Client(), handler_a.user)
    page = handler.get(f"/staff/feedback/{assigned.code}/").content.decode()
    assert f'href="?template={template.pk}#action-draft_answer"' in page
    page = handler.get(f"/staff/feedback/{assigned.code}/", {"template": template.pk}).content.decode()
    assert WATER in page
    assert f'name="draft_answer-template" value="{template.pk}"' in page
    response = handler.post(
        f"/staff/feedback/{assigned.code}/actions/draft_answer/",
        {"draft_answer-answer": WATER, "draft_answer-template": template.pk},
    )
    assert response.status_code == 302
    assert FeedbackEvent.objects.get(case=assigned, kind=EventKind.DRAFTED).data["template"] == template.pk


def test_the_templates_page_refuses_bad_input_and_who_may_not_sign(personas, tree):
    chair = sign_in(Client(), personas.chair_a)
    response = chair.post(TEMPLATES, {"unit": tree.commune_a.code, "kind": "", "title": "", "body": ""})
    assert response.status_code == 400
    assert response.content.decode().count("Trường này là bắt buộc.") == 2
    assert AnswerTemplate.objects.count() == 0
    response = chair.post(TEMPLATES, {"unit": tree.commune_b.code, "kind": "", "title": "B", "body": "B."})
    assert response.status_code == 400  # commune B is not the chair's
    assert AnswerTemplate.objects.count() == 0
    desk = sign_in(Client(), personas.one_stop_a)
    assert f'href="{TEMPLATES}"' not in desk.get("/staff/feedback/").content.decode()
    assert desk.get(TEMPLATES).status_code == 403
