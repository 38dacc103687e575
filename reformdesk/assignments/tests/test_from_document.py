"""A task assigned from an incoming register entry ("giao việc" on the entry's page): the source is
linked both ways, and the entry's handler and handling deadline follow the task's assignee and due
day, with the register's own event row. A refusal saves nothing, in the task or in the register."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from reformdesk.assignments.choices import EventKind, SourceKind
from reformdesk.assignments.models import Task, TaskEvent
from reformdesk.assignments.services import task_acknowledge, task_assign, task_report_done
from reformdesk.core.models import AccessLog, AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.documents.choices import Confidentiality, DocumentType
from reformdesk.documents.choices import EventKind as DocumentEventKind
from reformdesk.documents.models import DocumentEvent
from reformdesk.documents.tests.factories import receive, register_outgoing
from reformdesk.org.choices import Role
from reformdesk.org.models import Official
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db

TITLE = "Triển khai chấm điểm Chỉ số CCHC năm 2025"
OUTPUT = "Báo cáo tự chấm điểm kèm tài liệu kiểm chứng."


def test_a_task_from_a_document_makes_its_assignee_the_handler(tree, personas, specialist_a):
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    task = task_assign(
        actor=personas.chair_a,
        title=TITLE,
        expected_output=OUTPUT,
        assignee=specialist_a,
        deadline_days=3,
        source_document=document,
    )
    document.refresh_from_db()
    assert task.source_document_id == document.pk
    assert task.source_kind == SourceKind.INCOMING_DOCUMENT
    assert task.source_reference == "125/HD-PNV (số đến 1/2025)"
    assert document.handler_id == specialist_a.pk
    assert document.handling_due_on == timezone.localtime(task.due_at).date()
    assert list(document.tasks.all()) == [task]
    handed = DocumentEvent.objects.get(incoming=document, kind=DocumentEventKind.HANDLER_ASSIGNED)
    assert handed.to_official_id == specialist_a.pk
    assert handed.note == f"Giao nhiệm vụ #{task.pk}: {TITLE}"
    assigned = TaskEvent.objects.get(task=task, kind=EventKind.ASSIGNED)
    assert assigned.data["source_document"] == document.pk
    assert (
        AuditEvent.objects.filter(action="documents.handler_assigned", object_id=str(document.pk)).count()
        == 1
    )


def test_the_handler_already_named_with_that_deadline_gets_no_second_event(tree, personas, specialist_a):
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    first = task_assign(
        actor=personas.chair_a,
        title=TITLE,
        expected_output=OUTPUT,
        assignee=specialist_a,
        deadline_days=3,
        source_document=document,
    )
    task_assign(
        actor=personas.chair_a,
        title="Tổng hợp tài liệu kiểm chứng",
        expected_output=OUTPUT,
        assignee=specialist_a,
        deadline_date=timezone.localtime(first.due_at).date(),
        source_document=document,
    )
    assert (
        DocumentEvent.objects.filter(incoming=document, kind=DocumentEventKind.HANDLER_ASSIGNED).count() == 1
    )
    assert document.tasks.count() == 2


@pytest.mark.parametrize("case", ["unit", "other_commune"])
def test_refusals_save_nothing_in_the_task_or_the_register(tree, personas, specialist_a, specialist_b, case):
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    kwargs: dict = {"assignee_unit": tree.commune_a}
    actor, field = personas.chair_a, "assignee"
    if case == "other_commune":
        # Commune B's chair may assign to her own specialist, but not from commune A's register.
        chair_b = make_official(
            unit=tree.commune_b, role=Role.LEADER, username="chutich_b", full_name="Hà Văn Bình"
        )
        actor, kwargs, field = chair_b.user, {"assignee": specialist_b}, "source_document"
    events_before = DocumentEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        task_assign(
            actor=actor,
            title=TITLE,
            expected_output=OUTPUT,
            deadline_days=3,
            source_document=document,
            **kwargs,
        )
    assert field in raised.value.message_dict
    document.refresh_from_db()
    assert (Task.objects.count(), document.handler_id, DocumentEvent.objects.count()) == (
        0,
        None,
        events_before,
    )


def test_giao_viec_from_the_entry_page_and_back(tree, personas, specialist_a):
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    chair = sign_in(Client(), personas.chair_a)
    entry_page = chair.get(f"/staff/documents/incoming/{document.pk}/").content.decode()
    new_url = f"/staff/tasks/new/?document={document.pk}"
    assert f'href="{new_url}"' in entry_page
    form = chair.get(new_url)
    assert form.status_code == 200 and "125/HD-PNV" in form.content.decode()
    response = chair.post(
        new_url,
        {
            "title": TITLE,
            "expected_output": OUTPUT,
            "assignee": specialist_a.pk,
            "deadline_days": 3,
            "priority": "normal",
        },
    )
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/tasks/{task.pk}/"
    assert task.source_document_id == document.pk
    task_page = chair.get(f"/staff/tasks/{task.pk}/").content.decode()
    assert f'href="/staff/documents/incoming/{document.pk}/"' in task_page
    entry_page = chair.get(f"/staff/documents/incoming/{document.pk}/").content.decode()
    assert f'href="/staff/tasks/{task.pk}/"' in entry_page and "Lê Văn Tư" in entry_page
    # The one-stop officer keeps the register but does not assign tasks: no button for her.
    clerk = sign_in(Client(), personas.one_stop_a)
    assert new_url not in clerk.get(f"/staff/documents/incoming/{document.pk}/").content.decode()


def test_an_entry_the_user_may_not_read_is_a_404(tree, personas, specialist_a):
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a, confidentiality=Confidentiality.SECRET)
    chair_b = make_official(
        unit=tree.commune_b, role=Role.LEADER, username="chutich_b", full_name="Hà Văn Bình"
    )
    assert sign_in(Client(), chair_b.user).get(f"/staff/tasks/new/?document={document.pk}").status_code == 404
    chair = sign_in(Client(), personas.chair_a)
    assert chair.get(f"/staff/tasks/new/?document={document.pk}").status_code == 200
    assert AccessLog.objects.filter(purpose="assign_task").count() == 1
    assert chair.get("/staff/tasks/new/?document=x").status_code == 404


def test_the_api_assigns_from_a_document(tree, personas, specialist_a):
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    chair = sign_in(Client(), personas.chair_a)
    body = {
        "title": TITLE,
        "expected_output": OUTPUT,
        "assignee": specialist_a.employee_code,
        "deadline_days": 3,
        "source_document": document.pk,
    }
    response = chair.post("/api/v1/tasks", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["source_document"] == document.pk
    missing = chair.post(
        "/api/v1/tasks", {**body, "source_document": 999999}, content_type="application/json"
    )
    assert missing.status_code == 422 and Task.objects.count() == 1


def test_completion_reported_with_an_outgoing_document_links_it(tree, personas, specialist_a):
    chair = Official.objects.get(user=personas.chair_a)
    report = register_outgoing(
        actor=personas.one_stop_a, unit=tree.commune_a, signer=chair, doc_type=DocumentType.REPORT
    )
    task = task_assign(
        actor=personas.chair_a, title=TITLE, expected_output=OUTPUT, assignee=specialist_a, deadline_days=3
    )
    task_acknowledge(actor=specialist_a.user, task=task)
    events_before = TaskEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        task_report_done(actor=specialist_a.user, task=task, result_symbol="99/BC-UBND")
    assert refused.value.message_dict == {
        "result_symbol": ["Sổ văn bản đi của Xã Phú Sơn không có văn bản số 99/BC-UBND."]
    }
    task.refresh_from_db()
    assert (task.status, task.result_document_id, TaskEvent.objects.count()) == (
        "acknowledged",
        None,
        events_before,
    )
    task_report_done(actor=specialist_a.user, task=task, result_symbol=" 01/bc-ubnd ")
    task.refresh_from_db()
    assert (task.status, task.result_document_id, task.evidence) == ("reported", report.pk, "01/BC-UBND")
    chair = sign_in(Client(), personas.chair_a)
    page = chair.get(f"/staff/tasks/{task.pk}/").content.decode()
    assert f'href="/staff/documents/outgoing/{report.pk}/"' in page
    entry = chair.get(f"/staff/documents/outgoing/{report.pk}/").content.decode()
    assert f'href="/staff/tasks/{task.pk}/"' in entry
