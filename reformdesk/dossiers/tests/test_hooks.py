"""Subscribers hear of an event only once its transaction commits."""

from __future__ import annotations

import pytest
from django.db import transaction

from reformdesk.dossiers import hooks
from reformdesk.dossiers.models import DossierEvent
from reformdesk.dossiers.tests.factories import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    monkeypatch.setattr(hooks, "_subscribers", {})
    events: list[int] = []
    hooks.subscribe("test", events.append)
    hooks.subscribe("broken", lambda event_id: 1 / 0)
    return events


def test_a_committed_event_reaches_every_subscriber_even_past_a_failing_one(
    receive, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(vn(2025, 12, 1, 9))
    assert heard == [DossierEvent.objects.get(dossier=dossier).pk]


def test_a_rolled_back_event_reaches_nobody(receive, heard, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        receive(vn(2025, 12, 1, 9))
        raise RuntimeError
    assert callbacks == [] and heard == []
