"""The evaluation form's pre-fill: exact figures per source, the year's boundaries, and a query
count that does not grow with the number of officials."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reformdesk.emulation.selectors.evidence import evidence_rows
from reformdesk.emulation.selectors.prefill import PREFILL_QUERIES, Evidence, prefill_for_officials
from reformdesk.emulation.tests.factories import evidence_year, vn
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(tree, personas, desk, hoa, inspection):
    evidence_year(
        official=hoa,
        unit=tree.commune_a,
        leader=personas.chair_a,
        desk=desk,
        inspection=inspection,
        trainer=personas.chair_a,
    )
    return hoa


def test_each_figure_counts_the_official_s_year(tree, filled):
    prefill = prefill_for_officials(
        unit=tree.commune_a, official_ids=[filled.pk], year=2026, now=vn(2026, 12, 1)
    )[filled.pk]
    assert prefill.tasks.assigned == 2
    assert (prefill.tasks.early, prefill.tasks.on_time, prefill.tasks.late) == (0, 0, 1)
    assert prefill.tasks.average_quality == 3.0
    assert (prefill.days_worked, prefill.late_arrivals, prefill.unexplained_absences) == (2, 1, 1)
    assert (prefill.steps_handled, prefill.steps_on_time, prefill.steps_late) == (3, 2, 1)
    assert (prefill.ratings.count, prefill.ratings.n) == (2, 3)
    assert prefill.ratings.low is not None and prefill.ratings.low < 2 / 3 < prefill.ratings.high
    assert prefill.survey_responses == 0 and prefill.survey.n == 0
    assert prefill.feedback_cases == 1
    assert prefill.findings_by_severity == {"moderate": 1}
    assert (prefill.commitments_signed, prefill.commitment_breaches) == (1, 2)
    assert (prefill.courses, prefill.training_hours) == (1, Decimal("8.0"))


def test_another_year_counts_only_its_own_rows(tree, filled):
    prefill = prefill_for_officials(unit=tree.commune_a, official_ids=[filled.pk], year=2025)[filled.pk]
    assert prefill.tasks.assigned == 1
    assert (prefill.days_worked, prefill.unexplained_absences) == (0, 1)
    assert (prefill.steps_on_time, prefill.steps_late) == (0, 1)
    assert (prefill.ratings.count, prefill.ratings.n) == (1, 1)
    assert (prefill.feedback_cases, prefill.findings, prefill.commitments_signed) == (0, 0, 0)
    assert (prefill.courses, prefill.training_hours) == (1, Decimal("16.0"))


def test_an_official_without_records_gets_zeros(tree, filled, chair):
    prefill = prefill_for_officials(unit=tree.commune_a, official_ids=[chair.pk], year=2026)[chair.pk]
    assert prefill.tasks.assigned == 0 and prefill.tasks.average_quality is None
    assert (prefill.days_worked, prefill.steps_handled, prefill.ratings.n, prefill.courses) == (0, 0, 0, 0)


def test_each_figure_links_to_its_records(tree, filled):
    prefill = prefill_for_officials(unit=tree.commune_a, official_ids=[filled.pk], year=2026)[filled.pk]
    assert prefill.link(Evidence.TASKS) == f"/staff/evaluations/2026/{filled.pk}/evidence/tasks/"
    counts = {kind: len(evidence_rows(official_id=filled.pk, year=2026, kind=kind)) for kind in Evidence.ALL}
    assert counts == {
        "tasks": 2,
        "attendance": 4,
        "dossiers": 3,
        "ratings": 3,
        "surveys": 0,
        "feedback": 1,
        "findings": 1,
        "commitments": 1,
        "training": 1,
    }
    tasks = evidence_rows(official_id=filled.pk, year=2026, kind=Evidence.TASKS)
    assert all(row.url.startswith("/staff/tasks/") for row in tasks)
    with pytest.raises(ValueError):
        evidence_rows(official_id=filled.pk, year=2026, kind="salary")


def test_a_unit_s_pre_fill_costs_the_same_queries_for_one_or_many_officials(tree, personas, filled):
    others = [make_official(unit=tree.commune_a, role=Role.SPECIALIST) for _ in range(6)]
    with CaptureQueriesContext(connection) as one:
        prefill_for_officials(unit=tree.commune_a, official_ids=[filled.pk], year=2026)
    with CaptureQueriesContext(connection) as many:
        result = prefill_for_officials(
            unit=tree.commune_a, official_ids=[filled.pk, *(o.pk for o in others)], year=2026
        )
    assert len(one) == len(many) == PREFILL_QUERIES
    assert len(result) == 7
    assert result[others[0].pk].tasks.assigned == 0
