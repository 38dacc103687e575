"""The unit's board: tasks by official and status, with those overdue now; who may read it; its
query count does not grow with the number of tasks."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from reformdesk.assignments import selectors, services
from reformdesk.assignments.choices import Status
from reformdesk.assignments.tests.factories import assign, reported, vn
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

BOARD = "/staff/tasks/board/"


def test_the_board_counts_by_official_and_status(tree, personas, specialist_a, one_stop_a):
    assign(actor=personas.chair_a, assignee=specialist_a)  # assigned, overdue now (due 4/12/2025)
    done = assign(actor=personas.chair_a, assignee=specialist_a)
    reported(task=done, by=specialist_a.user, at=vn(2025, 12, 2, 9))
    assign(actor=personas.chair_a, assignee=one_stop_a, at=timezone.now(), deadline_days=5)
    cancelled = assign(actor=personas.chair_a, assignee=one_stop_a)
    services.task_cancel(actor=personas.chair_a, task=cancelled, note="Không cần nữa")
    board = selectors.task_board(unit=tree.commune_a)
    index = {s: i for i, s in enumerate(selectors.BOARD_STATUSES)}
    assert [(r.name, r.open, r.overdue) for r in board.rows] == [
        ("Lê Văn Tư", 1, 1),
        ("Nguyễn Thị Hoa", 1, 0),
    ]
    tu = board.rows[0]
    assert (tu.counts[index[Status.ASSIGNED]], tu.counts[index[Status.REPORTED]]) == (1, 1)
    assert (sum(board.totals.counts), board.totals.overdue) == (3, 1)
    assert selectors.task_board(unit=tree.commune_b).rows == []


def test_the_board_page_and_who_reads_it(tree, personas, specialist_a):
    assign(actor=personas.chair_a, assignee=specialist_a)
    chair = sign_in(Client(), personas.chair_a)
    assert f'href="{BOARD}"' in chair.get("/staff/").content.decode()
    page = chair.get(BOARD).content.decode()
    assert "Lê Văn Tư" in page and page.count('data-testid="board-row"') == 1
    # The district's reform officer reads the district's board (its communes below it).
    assert "Lê Văn Tư" in sign_in(Client(), personas.district_reform).get(BOARD).content.decode()
    specialist = sign_in(Client(), specialist_a.user)
    assert f'href="{BOARD}"' not in specialist.get("/staff/").content.decode()
    assert specialist.get(BOARD).status_code == 403


def test_the_board_costs_the_same_queries_for_few_or_many_tasks(tree, personas, specialist_a, one_stop_a):
    chair = sign_in(Client(), personas.chair_a)
    assign(actor=personas.chair_a, assignee=specialist_a)
    chair.get(BOARD)  # warm the session and the menu caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        chair.get(BOARD)
    for _ in range(5):
        assign(actor=personas.chair_a, assignee=one_stop_a)
        assign(actor=personas.chair_a, assignee=specialist_a)
    with CaptureQueriesContext(connection) as many:
        response = chair.get(BOARD)
    assert response.content.decode().count('data-testid="board-row"') == 2
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    # The session, the user, the grants, the unit switcher and its unit, and the board's one query.
    assert len(few) == 6
