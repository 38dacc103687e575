"""The figures the reform index and the yearly evaluation read: per official and per unit, by
month, quarter and year, exact counts from a known set of tasks."""

from __future__ import annotations

import pytest

from reformdesk.assignments import services
from reformdesk.assignments.choices import Quality
from reformdesk.assignments.selectors import Period, TaskFigures, task_figures, task_figures_by_official
from reformdesk.assignments.tests.factories import assign, reported, vn

pytestmark = pytest.mark.django_db

NOW = vn(2025, 12, 10, 9)


@pytest.fixture
def tasks(personas, specialist_a, one_stop_a):
    """Commune A's chair assigns to Lê Văn Tư in December 2025 (due Thursday 4/12 09:00 unless
    said): one finished early, one exactly on time, one late after a return, one overdue, one not
    due yet, one cancelled; and to Nguyễn Thị Hoa in November one finished late."""
    chair, tu = personas.chair_a, specialist_a.user
    early = assign(actor=chair, assignee=specialist_a)
    reported(task=early, by=tu, at=vn(2025, 12, 3, 10))
    services.task_evaluate(actor=chair, task=early, quality=Quality.EXCELLENT, at=vn(2025, 12, 3, 15))
    on_time = assign(actor=chair, assignee=specialist_a)
    reported(task=on_time, by=tu, at=vn(2025, 12, 4, 9))
    services.task_evaluate(actor=chair, task=on_time, quality=Quality.GOOD, at=vn(2025, 12, 5, 9))
    late = assign(actor=chair, assignee=specialist_a)
    reported(task=late, by=tu, at=vn(2025, 12, 2, 9))
    services.task_return(actor=chair, task=late, note="Thiếu số liệu", at=vn(2025, 12, 3, 9))
    services.task_report_done(actor=tu, task=late, evidence="Bổ sung", at=vn(2025, 12, 4, 9, 1))
    services.task_evaluate(actor=chair, task=late, quality=Quality.NOT_DONE, at=vn(2025, 12, 5, 10))
    overdue = assign(actor=chair, assignee=specialist_a, at=vn(2025, 12, 2, 9), deadline_days=1)
    services.task_acknowledge(actor=tu, task=overdue, at=vn(2025, 12, 2, 10))
    assign(actor=chair, assignee=specialist_a, at=vn(2025, 12, 2, 9), deadline_days=20)
    cancelled = assign(actor=chair, assignee=specialist_a, at=vn(2025, 12, 2, 9))
    services.task_cancel(actor=chair, task=cancelled, note="Trùng việc", at=vn(2025, 12, 2, 11))
    november = assign(actor=chair, assignee=one_stop_a, at=vn(2025, 11, 3, 9), deadline_days=2)
    reported(task=november, by=one_stop_a.user, at=vn(2025, 11, 6, 9))
    services.task_evaluate(actor=chair, task=november, quality=Quality.DONE, at=vn(2025, 11, 7, 9))


def test_an_officials_figures_by_month_and_quarter(tasks, specialist_a, one_stop_a):
    december = TaskFigures(
        assigned=5, early=1, on_time=1, late=1, overdue_now=1, average_quality=2.67, returns=1
    )
    assert task_figures(official=specialist_a, period=Period.month(2025, 12), now=NOW) == december
    assert task_figures(official=specialist_a, period=Period.quarter(2025, 4), now=NOW) == december
    assert task_figures(official=specialist_a, period=Period.month(2025, 11), now=NOW) == TaskFigures(
        assigned=0, early=0, on_time=0, late=0, overdue_now=1, average_quality=None, returns=0
    )
    assert task_figures(official=one_stop_a, period=Period.year(2025), now=NOW) == TaskFigures(
        assigned=1, early=0, on_time=0, late=1, overdue_now=0, average_quality=2.0, returns=0
    )
    assert december.finished == 3


def test_a_units_figures_include_the_units_below(tasks, tree):
    quarter = TaskFigures(
        assigned=6, early=1, on_time=1, late=2, overdue_now=1, average_quality=2.5, returns=1
    )
    assert task_figures(unit=tree.commune_a, period=Period.quarter(2025, 4), now=NOW) == quarter
    assert task_figures(unit=tree.district, period=Period.year(2025), now=NOW) == quarter
    assert task_figures(unit=tree.commune_a, period=Period.quarter(2025, 3), now=NOW) == TaskFigures(
        assigned=0, early=0, on_time=0, late=0, overdue_now=1, average_quality=None, returns=0
    )
    assert task_figures(unit=tree.commune_b, period=Period.year(2025), now=NOW) == TaskFigures(
        assigned=0, early=0, on_time=0, late=0, overdue_now=0, average_quality=None, returns=0
    )


def test_overdue_is_a_snapshot_at_now(tasks, specialist_a):
    before_due = vn(2025, 12, 3, 8, 59)  # the overdue task is due Wednesday 3/12 09:00
    assert task_figures(official=specialist_a, period=Period.month(2025, 12), now=before_due).overdue_now == 0


def test_figures_of_each_official_of_a_unit_in_two_queries(
    tasks, tree, specialist_a, one_stop_a, django_assert_num_queries
):
    with django_assert_num_queries(2):
        figures = task_figures_by_official(unit=tree.commune_a, period=Period.quarter(2025, 4), now=NOW)
    assert figures == {
        specialist_a.pk: TaskFigures(
            assigned=5, early=1, on_time=1, late=1, overdue_now=1, average_quality=2.67, returns=1
        ),
        one_stop_a.pk: TaskFigures(
            assigned=1, early=0, on_time=0, late=1, overdue_now=0, average_quality=2.0, returns=0
        ),
    }
    with django_assert_num_queries(2):
        task_figures(unit=tree.commune_a, period=Period.month(2025, 12), now=NOW)


def test_periods_run_in_vietnam_time():
    assert Period.month(2025, 12).bounds() == (vn(2025, 12, 1, 0), vn(2026, 1, 1, 0))
    assert Period.quarter(2026, 2).bounds() == (vn(2026, 4, 1, 0), vn(2026, 7, 1, 0))
    assert Period.year(2026).bounds() == (vn(2026, 1, 1, 0), vn(2027, 1, 1, 0))
