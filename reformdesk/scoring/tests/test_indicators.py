"""Indicators as data: the seeded rows, and a change of formula as a new dated row that never
rescores a period already begun."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reformdesk.core.models import AuditEvent
from reformdesk.scoring.choices import EventKind, Group, Shape
from reformdesk.scoring.models import Indicator, ScoringEvent
from reformdesk.scoring.periods import parse_period
from reformdesk.scoring.selectors import index_766, indicators_on
from reformdesk.scoring.services import indicator_revise
from reformdesk.scoring.shapes import rate_of, score

pytestmark = pytest.mark.django_db

MAXIMA = {
    Group.TRANSPARENCY: Decimal(18),
    Group.TIMELINESS: Decimal(20),
    Group.ONLINE: Decimal(12),
    Group.PAYMENT: Decimal(10),
    Group.DIGITISATION: Decimal(22),
    Group.SATISFACTION: Decimal(18),
}


def test_the_seed_holds_the_six_groups_with_the_reference_maxima():
    rows = list(indicators_on(dt.date(2026, 6, 1)))
    assert len(rows) == 20
    totals: dict[str, Decimal] = {}
    for row in rows:
        totals[row.group] = totals.get(row.group, Decimal(0)) + row.max_points
        assert "766/QĐ-TTg" in row.source
        assert row.confirmed is False  # the legal annex was not seen
    assert totals == MAXIMA
    assert sum(totals.values()) == 100
    assert not indicators_on(dt.date(2024, 12, 31)).exists()


@pytest.mark.parametrize(
    ("shape", "params", "rate", "expected"),
    [
        (Shape.LINEAR, {}, Decimal("0.5714"), Decimal("11.43")),
        (Shape.LINEAR, {"full_at": "0.9"}, Decimal("0.45"), Decimal("10.00")),
        (Shape.LINEAR, {"full_at": "0.8"}, Decimal("0.95"), Decimal("20.00")),
        (Shape.STEPS, {"steps": [["0.5", "0.5"], ["0.8", "1"]]}, Decimal("0.79"), Decimal("10.00")),
        (Shape.STEPS, {"steps": [["0.5", "0.5"], ["0.8", "1"]]}, Decimal("0.8"), Decimal("20.00")),
        (Shape.STEPS, {"steps": [["0.5", "0.5"], ["0.8", "1"]]}, Decimal("0.49"), Decimal("0.00")),
    ],
)
def test_scoring_shapes(shape, params, rate, expected):
    assert score(shape=shape, params=params, max_points=Decimal(20), rate=rate) == expected


def test_rates_are_none_without_a_denominator_and_never_below_zero():
    assert rate_of(0, 0) is None
    assert rate_of(-3, 4) == Decimal(0)
    assert rate_of(4, 7) == Decimal("0.5714")


def test_a_new_formula_applies_from_its_day_and_the_past_keeps_its_score(tree, personas):
    today = timezone.localdate()
    current = Indicator.objects.get(code="p-on-time", valid_to__isnull=True)
    this_year = parse_period(str(today.year), today=today)
    before = index_766(unit=tree.commune_a, period=this_year).indicator("p-on-time")
    revised = indicator_revise(
        actor=personas.admin,
        indicator=current,
        valid_from=today + dt.timedelta(days=1),
        max_points=Decimal(25),
        source="Văn bản sửa đổi giả định, Điều 1",
    )
    current.refresh_from_db()
    assert current.valid_to == today
    assert revised.max_points == Decimal(25) and revised.valid_from == today + dt.timedelta(days=1)
    after = index_766(unit=tree.commune_a, period=this_year).indicator("p-on-time")
    assert before is not None and after is not None
    assert after.indicator.pk == before.indicator.pk == current.pk
    assert after.max_points == Decimal(20)
    assert list(indicators_on(today + dt.timedelta(days=1)).filter(code="p-on-time")) == [revised]
    assert ScoringEvent.objects.filter(kind=EventKind.INDICATOR_REVISED, indicator=revised).count() == 1
    assert AuditEvent.objects.filter(action="indicator.revise", object_id=str(revised.pk)).count() == 1


@pytest.mark.parametrize(
    ("valid_from_days", "source", "field"),
    [(0, "Điều 1", "valid_from"), (-30, "Điều 1", "valid_from"), (1, "  ", "source")],
)
def test_a_revision_that_would_rescore_the_past_or_lacks_a_source_is_refused(
    personas, valid_from_days, source, field
):
    current = Indicator.objects.get(code="p-on-time", valid_to__isnull=True)
    rows_before, events_before = Indicator.objects.count(), ScoringEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        indicator_revise(
            actor=personas.admin,
            indicator=current,
            valid_from=timezone.localdate() + dt.timedelta(days=valid_from_days),
            source=source,
        )
    assert field in caught.value.message_dict
    current.refresh_from_db()
    assert current.valid_to is None
    assert Indicator.objects.count() == rows_before
    assert ScoringEvent.objects.count() == events_before


def test_only_an_administrator_revises_a_formula(personas):
    current = Indicator.objects.get(code="p-on-time", valid_to__isnull=True)
    with pytest.raises(ValidationError):
        indicator_revise(
            actor=personas.district_reform,
            indicator=current,
            valid_from=timezone.localdate() + dt.timedelta(days=1),
            source="Điều 1",
        )
    assert Indicator.objects.filter(code="p-on-time").count() == 1
