"""The task pages: my tasks in three tabs, the tasks I assigned, a new task, a task's page with
its timeline and the actions for the current user; who may see what; query counts independent of
the number of tasks."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reformdesk.assignments.choices import Status
from reformdesk.assignments.models import Task, TaskEvent, TaskFile
from reformdesk.assignments.tests.factories import assign, reported, vn
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

MINE, ASSIGNED, NEW = "/staff/tasks/", "/staff/tasks/assigned/", "/staff/tasks/new/"


def page(response) -> str:
    return response.content.decode()


def test_the_staff_menu_leads_to_the_task_pages(personas, specialist_a):
    chair = sign_in(Client(), personas.chair_a)
    home = page(chair.get("/staff/"))
    assert f'href="{MINE}"' in home and f'href="{ASSIGNED}"' in home
    tu = sign_in(Client(), specialist_a.user)
    home = page(tu.get("/staff/"))
    assert f'href="{MINE}"' in home and f'href="{ASSIGNED}"' not in home
    assert (tu.get(ASSIGNED).status_code, tu.get(NEW).status_code) == (403, 403)
    outsider = sign_in(Client(), personas.outsider)  # a login with no membership
    assert f'href="{MINE}"' not in page(outsider.get("/staff/"))
    assert (outsider.get(MINE).status_code, outsider.get("/staff/tasks/calendar/").status_code) == (403, 403)


def test_my_tasks_in_three_tabs(personas, specialist_a):
    todo = assign(actor=personas.chair_a, assignee=specialist_a, title="Kiểm tra trạm bơm")
    waiting = assign(actor=personas.chair_a, assignee=specialist_a, title="Báo cáo tháng 11")
    reported(task=waiting, by=specialist_a.user, at=vn(2025, 12, 2, 9))
    client = sign_in(Client(), specialist_a.user)
    response = client.get(MINE)
    assert response.status_code == 200
    assert "Kiểm tra trạm bơm" in page(response) and "Báo cáo tháng 11" not in page(response)
    assert page(response).count('data-testid="task-item"') == 1
    waiting_page = page(client.get(MINE, {"list": "waiting"}))
    assert "Báo cáo tháng 11" in waiting_page and "Kiểm tra trạm bơm" not in waiting_page
    assert "Chưa có nhiệm vụ nào đã xong." in page(client.get(MINE, {"list": "done"}))
    assert (
        page(client.get(MINE, {"list": "assigned"})).count('data-testid="task-item"') == 1
    )  # unknown: to do
    assert todo.pk != waiting.pk


def test_my_tasks_cost_the_same_queries_for_one_task_or_many(
    personas, specialist_a, django_assert_num_queries
):
    client = sign_in(Client(), specialist_a.user)
    assign(actor=personas.chair_a, assignee=specialist_a)
    # Session, user, grants, three tab counts, the current unit (2), the page's count and rows.
    with django_assert_num_queries(10) as one:
        assert client.get(MINE).status_code == 200
    for days in range(1, 6):
        assign(actor=personas.chair_a, assignee=specialist_a, deadline_days=days)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(MINE)
    assert page(response).count('data-testid="task-item"') == 6


def test_a_leader_assigns_from_the_form(personas, specialist_a, specialist_b):
    client = sign_in(Client(), personas.chair_a)
    form = page(client.get(NEW))
    assert "Lê Văn Tư" in form and "Trần Văn Nam" not in form and "Đinh Xuân Công" not in form
    response = client.post(
        NEW,
        {
            "title": "Kiểm tra trạm bơm xóm 5",
            "expected_output": "Biên bản kiểm tra",
            "assignee": specialist_a.pk,
            "deadline_days": "2",
            "priority": "normal",
            "source_kind": "none",
        },
    )
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/tasks/{task.pk}/"
    assert (task.assignee, task.deadline_days, task.status) == (specialist_a, 2, Status.ASSIGNED)


def test_the_form_refuses_a_past_deadline_and_an_outsider(personas, specialist_a, specialist_b):
    client = sign_in(Client(), personas.chair_a)
    data = {
        "title": "Kiểm tra trạm bơm xóm 5",
        "expected_output": "Biên bản kiểm tra",
        "assignee": specialist_a.pk,
        "deadline_date": "28/11/2025",
        "priority": "normal",
        "source_kind": "none",
    }
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert "Hạn hoàn thành đã qua." in page(response)
    response = client.post(
        NEW, {**data, "deadline_date": "", "deadline_days": "2", "assignee": specialist_b.pk}
    )
    assert response.status_code == 400  # not among the choices
    assert (Task.objects.count(), TaskEvent.objects.count()) == (0, 0)


def test_the_task_page_offers_each_person_their_actions(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    tu = sign_in(Client(), specialist_a.user)
    body = page(tu.get(f"/staff/tasks/{task.pk}/"))
    offered = [
        a
        for a in (
            "acknowledge",
            "report_done",
            "ask_clarification",
            "request_extension",
            "evaluate",
            "cancel",
        )
        if f'data-action="{a}"' in body
    ]
    assert offered == ["acknowledge", "ask_clarification", "request_extension"]
    chair = sign_in(Client(), personas.chair_a)
    body = page(chair.get(f"/staff/tasks/{task.pk}/"))
    assert 'data-action="cancel"' in body and 'data-action="acknowledge"' not in body
    assert sign_in(Client(), personas.specialist_b).get(f"/staff/tasks/{task.pk}/").status_code == 404


def test_the_assignee_reports_from_the_page_with_a_file(personas, specialist_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    tu = sign_in(Client(), specialist_a.user)
    response = tu.post(f"/staff/tasks/{task.pk}/actions/acknowledge/", {"acknowledge-note": "Đã nhận"})
    assert response.status_code == 302
    fake = SimpleUploadedFile("bao-cao.pdf", b"not a pdf at all", content_type="application/pdf")
    response = tu.post(f"/staff/tasks/{task.pk}/actions/report_done/", {"report_done-attachments": fake})
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in page(response)
    task.refresh_from_db()
    assert (task.status, TaskFile.objects.count(), task.events.count()) == (Status.ACKNOWLEDGED, 0, 2)
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao", content_type="application/pdf")
    response = tu.post(f"/staff/tasks/{task.pk}/actions/report_done/", {"report_done-attachments": pdf})
    assert response.status_code == 302
    task.refresh_from_db()
    stored = TaskFile.objects.get()
    assert (task.status, stored.kind) == (Status.REPORTED, "evidence")
    download = tu.get(f"/staff/tasks/{task.pk}/files/{stored.pk}/")
    assert (download.status_code, download["Content-Type"]) == (200, "application/pdf")
    assert (
        sign_in(Client(), personas.specialist_b).get(f"/staff/tasks/{task.pk}/files/{stored.pk}/").status_code
        == 404
    )


def test_the_assigner_evaluates_from_the_page(personas, specialist_a):
    task = assign(actor=personas.chair_a, assignee=specialist_a)
    reported(task=task, by=specialist_a.user, at=vn(2025, 12, 3, 10))
    chair = sign_in(Client(), personas.chair_a)
    response = chair.post(f"/staff/tasks/{task.pk}/actions/evaluate/", {"evaluate-quality": ""})
    assert response.status_code == 400 and "Cần chọn mức chất lượng." in page(response)
    response = chair.post(
        f"/staff/tasks/{task.pk}/actions/evaluate/", {"evaluate-quality": "3", "evaluate-comment": "Tốt"}
    )
    assert response.status_code == 302
    body = page(chair.get(f"/staff/tasks/{task.pk}/"))
    assert "Trước hạn" in body and "Hoàn thành tốt nhiệm vụ" in body
    # A stale page: the same action again is refused with a message, nothing changes.
    response = chair.post(f"/staff/tasks/{task.pk}/actions/evaluate/", {"evaluate-quality": "1"}, follow=True)
    assert "Chỉ đánh giá được nhiệm vụ đã báo cáo hoàn thành." in page(response)
    task.refresh_from_db()
    assert (task.quality, task.events.count()) == (3, 4)


def test_the_tasks_i_assigned(personas, specialist_a, one_stop_a):
    assign(actor=personas.chair_a, assignee=specialist_a, title="Kiểm tra trạm bơm")
    assign(actor=personas.chair_a, assignee=one_stop_a, title="Niêm yết thủ tục mới", deadline_days=1)
    body = page(sign_in(Client(), personas.chair_a).get(ASSIGNED))
    assert body.count('data-testid="task-item"') == 2
    assert body.index("Niêm yết thủ tục mới") < body.index("Kiểm tra trạm bơm")  # the soonest due first
    empty = page(sign_in(Client(), personas.chair_a).get(ASSIGNED, {"page": "1e20"}))
    assert empty.count('data-testid="task-item"') == 2  # a page number that is no number: the first


def test_the_calendar_shows_due_dates_by_day(personas, specialist_a, one_stop_a, django_assert_num_queries):
    due_thursday = assign(actor=personas.chair_a, assignee=specialist_a, title="Kiểm tra trạm bơm")
    cancelled = assign(actor=personas.chair_a, assignee=specialist_a, title="Việc đã hủy")
    from reformdesk.assignments.services import task_cancel

    task_cancel(actor=personas.chair_a, task=cancelled, note="Trùng việc", at=vn(2025, 12, 1, 10))
    client = sign_in(Client(), specialist_a.user)
    body = page(client.get("/staff/tasks/calendar/", {"month": "12/2025"}))
    thursday = body.index('data-day="2025-12-04"')
    friday = body.index('data-day="2025-12-05"')
    assert body.index("Kiểm tra trạm bơm") in range(thursday, friday)
    assert "Việc đã hủy" not in body
    # Weeks from Monday: December 2025 begins on a Monday and ends on a Wednesday.
    assert (
        'data-day="2025-11-30"' in body,
        'data-day="2026-01-04"' in body,
        'data-day="2026-01-05"' in body,
    ) == (
        False,
        True,
        False,
    )
    assert (
        sign_in(Client(), personas.specialist_b)
        .get("/staff/tasks/calendar/", {"month": "2025-12"})
        .content.decode()
        .count('data-testid="calendar-task"')
        == 0
    )
    assert (
        client.get("/staff/tasks/calendar/", {"month": "13/2025"}).status_code == 200
    )  # unreadable: this month
    with django_assert_num_queries(6) as one:
        client.get("/staff/tasks/calendar/", {"month": "12/2025"})
    for days in range(1, 6):
        assign(actor=personas.chair_a, assignee=one_stop_a, co_handlers=[specialist_a], deadline_days=days)
    with django_assert_num_queries(len(one.captured_queries)):
        body = page(client.get("/staff/tasks/calendar/", {"month": "12/2025"}))
    assert body.count('data-testid="calendar-task"') == 6
    assert due_thursday.pk
