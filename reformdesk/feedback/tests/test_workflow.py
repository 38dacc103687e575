"""The workflow table and the services agree: every action the table leaves out for a status is
refused by its service there too; and the page offers each persona what they may do."""

from __future__ import annotations

import pytest

from reformdesk.feedback import workflow
from reformdesk.feedback.choices import Satisfaction, Status
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.selectors import feedback_detail
from reformdesk.feedback.services import ActionNotAllowed
from reformdesk.feedback.tests.factories import receive, vn
from reformdesk.feedback.workflow import WORKFLOW, ActionData

pytestmark = pytest.mark.django_db


def data(handler_code: str) -> ActionData:
    return ActionData(
        note="Ghi chú.",
        reason="no_content",
        handler=handler_code,
        question="Số nhà?",
        answer="Trả lời.",
        satisfaction=Satisfaction.SATISFIED,
    )


def test_every_action_outside_its_statuses_is_refused_by_its_service(personas, tree, handler_a):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    refused = 0
    for status in Status.values:
        FeedbackCase.objects.filter(pk=case.pk).update(
            status=status, due_at=vn(2025, 12, 3, 9), refusal_reason="no_content"
        )
        case.refresh_from_db()
        for name, action in WORKFLOW.items():
            if status in action.statuses(case):
                continue
            with pytest.raises(ActionNotAllowed):
                workflow.perform(name, user=personas.admin, case=case, data=data(handler_a.employee_code))
            refused += 1
    case.refresh_from_db()
    # 11 actions × 11 statuses, less the 18 pairs the table allows; nothing was written.
    assert (case.events.count(), refused) == (1, 103)


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("one_stop_a", ["accept", "refuse"]),
        ("chair_a", ["accept", "refuse"]),
        ("district_reform", []),  # reads and records, does not sort
        ("inspector", []),
    ],
)
def test_a_received_case_offers_sorting_to_those_who_handle_it(personas, tree, persona, offered):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    detail = feedback_detail(user=getattr(personas, persona), code=case.code)
    assert workflow.offered(detail) == offered
