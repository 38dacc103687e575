"""A dossier delivered at commune A's desk, handled by Nguyễn Thị Hoa, Lê Văn Tư and Đinh Xuân Công;
commune A's open survey with a condition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from reformdesk.dossiers.choices import DeliveryMethod
from reformdesk.dossiers.services import dossier_deliver, dossier_forward, dossier_receive
from reformdesk.dossiers.tests.factories import applicant, vn
from reformdesk.surveys import services
from reformdesk.surveys.choices import Measure, QuestionKind
from reformdesk.surveys.services import QuestionSpec


def deliver(desk, personas, tree, *, delivered_at: dt.datetime | None = None, **fields):
    specialist = User.objects.get(username="tuphap_a")
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(**fields),
        submitted_papers=desk.required_ids,
        at=vn(2025, 12, 1, 9),
    )
    dossier = dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 2, 15))
    dossier = dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 10))
    dossier = dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 16))
    return dossier_deliver(
        actor=personas.one_stop_a,
        dossier=dossier,
        method=DeliveryMethod.COUNTER,
        collected_by="Hoàng Văn Bình",
        at=delivered_at or vn(2025, 12, 4, 8, 30),
    )


@pytest.fixture
def delivered(desk, personas, tree):
    return deliver(desk, personas, tree)


@pytest.fixture
def ready(desk, personas, tree):
    """A dossier of commune A whose result is ready but not yet delivered."""
    specialist = User.objects.get(username="tuphap_a")
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(phone="0987654321"),
        submitted_papers=desk.required_ids,
        at=vn(2025, 12, 1, 9),
    )
    dossier = dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 2, 15))
    dossier = dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 10))
    return dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 16))


@pytest.fixture
def survey(tree, personas):
    """Commune A's open survey: q1 (yes/no, required), q2 (Likert satisfaction, shown only when
    q1 is yes), q3 (free text up to 20 characters, optional), q4 (number 0..10, optional)."""
    questionnaire = services.questionnaire_create(
        actor=personas.district_reform,
        unit=tree.commune_a,
        slug="khao-sat-a",
        title_vi="Khảo sát xã A",
        kind="custom",
        min_reliable_n=3,
    )
    services.section_add(
        actor=personas.district_reform, questionnaire=questionnaire, title_vi="Chung", element="official"
    )
    add = [
        QuestionSpec(key="q1", kind=QuestionKind.YES_NO, text_vi="Ông/Bà có được hướng dẫn không?"),
        QuestionSpec(
            key="q2",
            kind=QuestionKind.LIKERT,
            text_vi="Mức độ hài lòng",
            measure=Measure.SATISFACTION,
            condition_key="q1",
            condition_values=["yes"],
        ),
        QuestionSpec(key="q3", kind=QuestionKind.TEXT, text_vi="Góp ý", required=False, max_length=20),
        QuestionSpec(
            key="q4",
            kind=QuestionKind.NUMBER,
            text_vi="Số lần đến",
            required=False,
            min_value=0,
            max_value=10,
        ),
    ]
    for spec in add:
        services.question_add(
            actor=personas.district_reform, questionnaire=questionnaire, section_order=1, spec=spec
        )
    services.questionnaire_open(actor=personas.district_reform, questionnaire=questionnaire)
    return questionnaire
