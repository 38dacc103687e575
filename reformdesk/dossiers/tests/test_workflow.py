"""The workflow table against the services: an action the table does not offer in a status is
refused by its service in that status too, and the page offers what the table says."""

from __future__ import annotations

import datetime as dt

import pytest

from reformdesk.dossiers import workflow
from reformdesk.dossiers.actions import ActionData
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.services import ActionNotAllowed
from reformdesk.org.models import Official

pytestmark = pytest.mark.django_db

# Data that passes each action's own input checks, so that only the status can refuse it.
DATA = {
    "reassign": {"to_official": "TUPHAP_A"},
    "request_supplement": {"missing": ["Bản sao giấy chứng nhận kết hôn"]},
    "request_fees": {"amount_vnd": 8000},
    "apologise": {"reasons": "Cần xác minh thêm", "new_due_at": dt.datetime(2025, 12, 5, 16, tzinfo=dt.UTC)},
    "decline": {"reasons": "Không đủ điều kiện"},
    "refuse": {"reasons": "Không thuộc thẩm quyền"},
    "stop": {"reasons": "Theo yêu cầu của cơ quan có thẩm quyền"},
    "deliver": {"method": "counter", "collected_by": "Hoàng Văn Bình"},
    "digitisation": {"papers_digitised": True},
}


def test_the_table_names_every_action_once_in_the_page_order():
    assert list(workflow.WORKFLOW) == [
        "accept", "refuse", "forward", "approve", "send_back", "reassign", "request_supplement",
        "receive_supplement", "request_fees", "fees_paid", "decline", "apologise", "deliver",
        "digitisation", "withdraw", "stop",
    ]  # fmt: skip


@pytest.mark.parametrize("action", list(workflow.WORKFLOW))
def test_a_service_refuses_its_action_in_every_status_the_table_leaves_out(action, dossier, personas):
    official = Official.objects.get(user__username="tuphap_a")
    official.employee_code = "TUPHAP_A"
    official.save(update_fields=["employee_code"])
    for status in Status:
        if status in workflow.WORKFLOW[action].statuses:
            continue
        Dossier.objects.filter(pk=dossier.pk).update(status=status)
        dossier.refresh_from_db()
        with pytest.raises(ActionNotAllowed):
            workflow.perform(
                action, user=personas.admin, dossier=dossier, data=ActionData(**DATA.get(action, {}))
            )


def test_the_page_offers_the_leader_what_the_table_allows(dossier, personas, client):
    from reformdesk.core.tests.helpers import sign_in

    sign_in(client, personas.chair_a)
    page = client.get(f"/staff/dossiers/{dossier.code}/").content.decode()
    offered = [name for name in workflow.WORKFLOW if f'data-action="{name}"' in page]
    assert offered == [
        "forward",
        "reassign",
        "request_supplement",
        "request_fees",
        "decline",
        "apologise",
        "digitisation",
        "stop",
    ]
