"""The demo inspections: drawn from the demo's attendance, deterministic and idempotent."""

from __future__ import annotations

import pytest

from reformdesk.assignments.models import Task
from reformdesk.attendance import demo as attendance_demo
from reformdesk.inspections import demo as inspections_demo
from reformdesk.inspections.choices import FindingStatus, Status
from reformdesk.inspections.models import Finding, Inspection, InspectionPlan
from reformdesk.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_inspections_twice_leave_the_same_data() -> None:
    org_demo.seed()
    attendance_demo.seed()
    lines = inspections_demo.seed()
    counts = (Inspection.objects.count(), Finding.objects.count(), Task.objects.count())
    assert inspections_demo.seed() == ["inspections: already seeded"]
    assert (Inspection.objects.count(), Finding.objects.count(), Task.objects.count()) == counts
    assert InspectionPlan.objects.get().entries.count() == 3
    assert list(Inspection.objects.order_by("at").values_list("kind", "status")) == [
        ("sudden", Status.SIGNED),
        ("sudden", Status.LEADER_SIGNED),
        ("sudden", Status.SIGNED),
    ]
    tasks = Task.objects.filter(source_kind="inspection")
    assert tasks.count() == counts[2] > 0
    assert Finding.objects.filter(status=FindingStatus.CLOSED, closed_on_time=True).exists()
    assert Finding.objects.filter(official__isnull=False, kind="attendance").exists()
    assert lines[0].startswith("inspections: a plan for ")
    assert lines[0].endswith(", 2 records in the outgoing register")
    # The records signed by both sides are in the department's outgoing register, as biên bản.
    registered = Inspection.objects.filter(outgoing_document__isnull=False).order_by("at")
    assert [i.outgoing_document.symbol for i in registered] == ["01/BB-SNV", "02/BB-SNV"]
    assert {i.status for i in registered} == {Status.SIGNED}
    assert all(i.events.filter(kind="registered").count() == 1 for i in registered)
