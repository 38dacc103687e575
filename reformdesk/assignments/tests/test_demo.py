"""The demo registers and tasks: a year at the seven communes, consistent and idempotent."""

from __future__ import annotations

import pytest
from django.db.models import Count, Max, Min
from django.utils import timezone

from reformdesk.assignments import demo as assignments_demo
from reformdesk.assignments.choices import SourceKind, Status, Timeliness
from reformdesk.assignments.models import Task, TaskEvent
from reformdesk.documents import demo as documents_demo
from reformdesk.documents.models import IncomingDocument, OutgoingDocument, RegisterCounter, SearchEntry
from reformdesk.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_a_year_of_documents_and_tasks_loaded_twice_is_loaded_once() -> None:
    org_demo.seed()
    documents_demo.seed()
    assignments_demo.seed()
    counts = (IncomingDocument.objects.count(), OutgoingDocument.objects.count(), Task.objects.count())
    events = TaskEvent.objects.count()
    assert documents_demo.seed() == [] and assignments_demo.seed() == []
    assert (
        IncomingDocument.objects.count(),
        OutgoingDocument.objects.count(),
        Task.objects.count(),
    ) == counts
    assert TaskEvent.objects.count() == events
    assert Task.objects.values("unit").distinct().count() == 7
    # Numbers run from 1 without gaps per commune and year, and the counters hold the last one.
    for model, register in ((IncomingDocument, "incoming"), (OutgoingDocument, "outgoing")):
        for row in model.objects.values("unit", "year").annotate(
            n=Count("id"), low=Min("number"), high=Max("number")
        ):
            assert (row["low"], row["high"]) == (1, row["n"])
            counter = RegisterCounter.objects.get(unit=row["unit"], register=register, year=row["year"])
            assert counter.last == row["n"]
    assert SearchEntry.objects.count() == counts[0] + counts[1]
    # Tasks from documents: the document's handler and deadline follow the task.
    from_documents = Task.objects.filter(source_document__isnull=False).select_related("source_document")
    assert from_documents.count() > 100
    for task in from_documents:
        assert task.source_kind == SourceKind.INCOMING_DOCUMENT
        assert task.source_document.handler_id == task.assignee_id
        assert task.source_document.handling_due_on == timezone.localtime(task.due_at).date()
    # Some late, some returned, some still overdue; every evaluated task is rated.
    assert Task.objects.filter(timeliness=Timeliness.LATE).count() > 50
    assert Task.objects.filter(returns_count=1).count() > 50
    assert Task.objects.filter(status__in=[Status.IN_PROGRESS], due_at__lt=timezone.now()).exists()
    evaluated = Task.objects.filter(status=Status.EVALUATED)
    assert not evaluated.filter(quality__isnull=True).exists()
    assert evaluated.count() == TaskEvent.objects.filter(kind="evaluated").count()
