"""The satisfaction group from petitions (feedback) and dossier ratings (surveys), worked by hand.

Commune A, March 2026, scored after the month (at 1/4/2026 00:00).

Petitions received in March (a refused one is not counted):
P1 answered on time, rated satisfied; P2 answered late; P3 answered on time, rated dissatisfied;
P4 answered on time, then re-opened; P5 not answered, due 20/3: overdue.
- handled on time: P1, P3, P4 = 3 of 5 → R 0.6 → 6 × 0.6 = 3.60;
- satisfaction with handling: only P1 keeps its point (P2, P5 late, P3 dissatisfied, P4 reopened)
  = 1 of 5 → R 0.2 → 1.20.

Dossiers received in March: D1 on time but rated dissatisfied, D2 late, D3 and D4 on time.
R = 1 − (1/4 late + 1/4 dissatisfied) = 0.5 (numerator 4 − 1 − 1 = 2) → min(6, 6 × 0.5 / 0.9) =
3.333… → 3.33.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reformdesk.dossiers.tests.factories import desk_procedure, vn
from reformdesk.feedback.choices import RefusalReason, Satisfaction
from reformdesk.feedback.choices import Status as FeedbackStatus
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.tests.factories import receive
from reformdesk.scoring.periods import Period
from reformdesk.scoring.selectors import index_766
from reformdesk.scoring.tests.factories import make_dossier
from reformdesk.surveys.choices import InvitationChannel, Score
from reformdesk.surveys.models import Rating, RatingInvitation

pytestmark = pytest.mark.django_db
MARCH = Period("2026-03", dt.date(2026, 3, 1), dt.date(2026, 3, 31))
LATER = vn(2026, 5, 4)


def _petition(personas, tree, day, **state):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2026, 3, day))
    FeedbackCase.objects.filter(pk=case.pk).update(**state)
    return case


def test_petition_indicators_match_the_hand_computation(personas, tree):
    answered = {"status": FeedbackStatus.SENT, "answered_at": vn(2026, 3, 20), "answered_on_time": True}
    p1 = _petition(personas, tree, 2, **answered, rating=Satisfaction.SATISFIED, rated_at=vn(2026, 3, 21))
    p2 = _petition(personas, tree, 2, **{**answered, "answered_on_time": False})
    p3 = _petition(personas, tree, 3, **answered, rating=Satisfaction.DISSATISFIED, rated_at=vn(2026, 3, 21))
    p4 = _petition(personas, tree, 4, **answered, reopened_at=vn(2026, 3, 25))
    p5 = _petition(personas, tree, 2, status=FeedbackStatus.ASSIGNED, answer_due_at=vn(2026, 3, 20, 17))
    _petition(personas, tree, 5, status=FeedbackStatus.REFUSED, refusal_reason=RefusalReason.NO_CONTENT)
    index = index_766(unit=tree.commune_a, period=MARCH, now=LATER)
    on_time = index.indicator("s-petitions-on-time")
    satisfied = index.indicator("s-petitions-satisfied")
    assert on_time is not None and satisfied is not None
    assert (on_time.numerator, on_time.denominator, on_time.score) == (3, 5, Decimal("3.60"))
    assert {lost.code for lost in on_time.lost} == {p2.code, p5.code}
    assert (satisfied.numerator, satisfied.denominator, satisfied.score) == (1, 5, Decimal("1.20"))
    assert {lost.code for lost in satisfied.lost} == {p2.code, p3.code, p4.code, p5.code}
    assert p1.code not in {lost.code for lost in satisfied.lost}


def test_dossier_satisfaction_matches_the_hand_computation(tree):
    desk = desk_procedure(units=[tree.commune_a])
    a = tree.commune_a

    def dossier(finished_day):
        return make_dossier(
            unit=a,
            desk=desk,
            received_at=vn(2026, 3, 2),
            due_at=vn(2026, 3, 5, 17),
            finished_at=vn(2026, 3, finished_day),
        )

    d1, d2 = dossier(4), dossier(9)
    dossier(4), dossier(5)
    invitation = RatingInvitation.objects.create(
        dossier=d1, token="t" * 32, channel=InvitationChannel.values[0]
    )
    Rating.objects.create(
        dossier=d1, invitation=invitation, score=Score.DISSATISFIED, created_at=vn(2026, 3, 6)
    )
    result = index_766(unit=a, period=MARCH, now=LATER).indicator("s-dossiers-satisfied")
    assert result is not None
    assert (result.numerator, result.denominator, result.rate, result.score) == (
        2,
        4,
        Decimal("0.5"),
        Decimal("3.33"),
    )
    assert {lost.code for lost in result.lost} == {d1.code, d2.code}
