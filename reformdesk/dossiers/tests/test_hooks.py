"""Subscribers hear of an event only once its transaction commits."""

from __future__ import annotations

import pytest
from django.db import transaction

from reformdesk.dossiers import hooks
from reformdesk.dossiers.models import DossierEvent
from reformdesk.dossiers.services import dossier_receive
from reformdesk.dossiers.tests.factories import applicant, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    monkeypatch.setattr(hooks, "_subscribers", {})
    events: list[int] = []
    hooks.subscribe("test", events.append)
    hooks.subscribe("broken", lambda event_id: 1 / 0)
    return events


def receive(desk, personas, tree):
    return dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(),
        submitted_papers=desk.required_ids,
        at=vn(2025, 12, 1, 9),
    )


def test_a_committed_event_reaches_every_subscriber_even_past_a_failing_one(
    desk, personas, tree, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(desk, personas, tree)
    assert heard == [DossierEvent.objects.get(dossier=dossier).pk]


def test_a_rolled_back_event_reaches_nobody(desk, personas, tree, heard, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        receive(desk, personas, tree)
        raise RuntimeError
    assert callbacks == [] and heard == []
