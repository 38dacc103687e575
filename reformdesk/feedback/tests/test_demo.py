"""The feedback demo: a year of cases on every channel and of every kind, some late, some
reopened, written as the services would have; deterministic and idempotent."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from reformdesk.dossiers.services import dossier_receive
from reformdesk.dossiers.tests.factories import applicant
from reformdesk.feedback import demo
from reformdesk.feedback.choices import Channel, EventKind, Kind, Status
from reformdesk.feedback.models import FeedbackCase, FeedbackEvent
from reformdesk.feedback.services.deadlines import current_due
from reformdesk.feedback.tests.factories import receive, vn

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
NOW = vn(2026, 1, 1, 0)


def _load(tree, seed=7):
    return demo.load(units=[tree.commune_a], start=START, end=END, now=NOW, seed=seed)


def test_a_year_of_every_channel_and_kind_some_late_some_reopened(personas, tree, desk):
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(),
        submitted_papers=desk.required_ids,
        at=vn(2025, 11, 3, 9),
    )
    stories = _load(tree)

    cases = list(FeedbackCase.objects.order_by("received_at", "id"))
    assert stories is not None and len(cases) == len(stories) > 100
    assert {c.channel for c in cases} == set(Channel.values)
    assert {c.kind for c in cases} == set(Kind.values)
    assert any(c.answered_on_time is False for c in cases)
    assert any(c.reopened_at is not None for c in cases)
    assert any(c.status == Status.REFUSED for c in cases)
    assert any(c.clarification_count == 1 for c in cases)
    for case in cases:
        events = list(case.events.order_by("at", "id"))
        assert events[0].kind == EventKind.RECEIVED and events[-1].to_status == case.status, case.code
        assert all(a.to_status == b.from_status for a, b in itertools.pairwise(events)), case.code
        assert all(a.at <= b.at <= NOW for a, b in itertools.pairwise(events)), case.code
        assert case.due_at == current_due(case)
        if case.kind == Kind.OFFICIAL and case.handler_id is not None:
            assert case.handler.user == personas.chair_a  # the official's leader, never the official
        if case.kind == Kind.DOSSIER:
            assert case.related_dossier == dossier
        if case.published_at is not None:
            assert case.citizen_name == "" or case.citizen_name not in case.published_question


def test_the_demo_is_deterministic_and_idempotent(personas, tree, handler_a):
    first = _load(tree)
    assert first is not None
    rows = list(FeedbackCase.objects.order_by("code").values_list("code", "status", "received_at", "secret"))
    events = FeedbackEvent.objects.count()

    assert _load(tree) is None  # loaded already: nothing written
    assert FeedbackCase.objects.count() == len(rows) and FeedbackEvent.objects.count() == events

    FeedbackCase.objects.all().delete()
    _load(tree)
    assert (
        list(FeedbackCase.objects.order_by("code").values_list("code", "status", "received_at", "secret"))
        == rows
    )


def test_a_case_recorded_later_on_a_demo_day_takes_the_next_number(personas, tree, handler_a):
    _load(tree)
    day = dt.date(2025, 12, 1)
    taken = FeedbackCase.objects.filter(code__contains=f"-PA-{day:%y%m%d}-").count()
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 17))
    assert case.code == f"{tree.commune_a.code}-PA-251201-{taken + 1:04d}"
