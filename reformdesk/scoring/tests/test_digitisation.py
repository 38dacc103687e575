"""The digitisation group and the online payment share from the dossiers' flags, worked by hand,
and the dated switch from "no data" / entered rows to the computed ones.

Commune A, the first month the new rows apply, scored after it. Procedures A and B both ask a fee.
- D1 (A): result ready, papers digitised, population data used, electronic result, paid online;
- D2 (A): result ready, papers digitised, reuses D1's data, paid at the counter;
- D3 (B): result ready, population data used, electronic result, no fee;
- D4 (A): in progress, awaiting its fee, papers digitised, population data used;
- D5 (B): result ready, filed by an organisation, nothing digitised.
Papers digitised: D1, D2, D4 = 3 of 5 → R 0.6 → 4 × min(1, 0.6 / 0.8) = 3.00.
Electronic result, of the 4 with a result: D1, D3 → 0.5 → 6 × 0.5 = 3.00.
Data reused: D2 = 1 of 5 → 0.2 → 2 × min(1, 0.2 / 0.8) = 0.50.
Population data, of the 4 filed by persons: D1, D3, D4 → 0.75 → 2 × 0.75 = 1.50.
Paid online, of the 2 whose fee was paid (D4 still owes it): D1 → 0.5 → 6 × 0.5 = 3.00.
Procedures with online payment, of the 2 with a fee: A → 0.5 → 2 × min(1, 0.5 / 0.8) = 1.25.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import pytest

from reformdesk.catalog.models import FilingMethod
from reformdesk.dossiers.choices import ApplicantKind, Status
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.tests.factories import desk_procedure, vn
from reformdesk.scoring.choices import EventKind, Group, HowScored, Rate
from reformdesk.scoring.models import Indicator, ScoringEvent
from reformdesk.scoring.periods import Period
from reformdesk.scoring.selectors import index_766, indicators_on
from reformdesk.scoring.tests.factories import make_dossier

pytestmark = pytest.mark.django_db

REVISED = {
    "pay-dossiers-paid": Rate.DOSSIERS_PAID_ONLINE,
    "pay-procedures-online": Rate.PROCEDURES_PAID_ONLINE,
    "d-electronic-result": Rate.ELECTRONIC_RESULT,
    "d-digitised-papers": Rate.DIGITISED_PAPERS,
    "d-data-reuse": Rate.DATA_REUSED,
    "d-population-data": Rate.POPULATION_DATA,
}


def switch_day() -> dt.date:
    return Indicator.objects.get(code="d-electronic-result", valid_to__isnull=True).valid_from


def month_of(day: dt.date) -> Period:
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(f"{day:%Y-%m}", day.replace(day=1), day.replace(day=last))


def test_the_flag_indicators_switch_to_computed_rows_on_a_later_day_and_the_past_keeps_its_rows():
    switch = switch_day()
    assert switch >= dt.date(2027, 1, 1) and (switch.month, switch.day) == (1, 1)
    before = {row.code: row for row in indicators_on(switch - dt.timedelta(days=1))}
    after = {row.code: row for row in indicators_on(switch)}
    assert len(before) == len(after) == 20
    for code, rate in REVISED.items():
        old, new = before[code], after[code]
        assert old.rate in (Rate.NOT_RECORDED, Rate.ENTERED)
        assert old.valid_to == switch - dt.timedelta(days=1)
        assert (new.rate, new.valid_from, new.valid_to) == (rate, switch, None)
        assert (new.max_points, new.shape, new.shape_params, new.group) == (
            old.max_points,
            old.shape,
            old.shape_params,
            old.group,
        )
        assert "766/QĐ-TTg" in new.source and new.confirmed is False
        event = ScoringEvent.objects.get(indicator=new)
        assert (event.kind, event.data["replaces"]) == (EventKind.INDICATOR_REVISED, old.pk)
    # Every other indicator keeps its one row, and the maxima still add up to 100.
    assert {code for code in after if after[code].pk != before[code].pk} == set(REVISED)
    assert sum(row.max_points for row in after.values()) == 100
    assert sum(row.max_points for row in after.values() if row.group == Group.DIGITISATION) == 22


def _five_dossiers(tree) -> list[Dossier]:
    a = tree.commune_a
    first = switch_day()
    proc_a = desk_procedure(units=[a])
    proc_b = desk_procedure(units=[a], code="1.004873", name="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân")
    FilingMethod.objects.filter(version__in=[proc_a.version, proc_b.version]).update(fee_vnd=8000)
    day = dt.datetime.combine(first + dt.timedelta(days=4), dt.time(9), tzinfo=vn(2027, 1, 1).tzinfo)

    def dossier(desk, *, finished=True, **flags):
        made = make_dossier(
            unit=a,
            desk=desk,
            received_at=day,
            due_at=day + dt.timedelta(days=3),
            finished_at=day + dt.timedelta(days=1) if finished else None,
        )
        Dossier.objects.filter(pk=made.pk).update(**flags)
        return made

    d1 = dossier(
        proc_a,
        papers_digitised=True,
        population_data_used=True,
        electronic_result=True,
        fee_vnd=8000,
        paid_online=True,
    )
    d2 = dossier(proc_a, papers_digitised=True, reused_from=d1, fee_vnd=8000)
    d3 = dossier(proc_b, population_data_used=True, electronic_result=True)
    d4 = dossier(
        proc_a,
        finished=False,
        status=Status.AWAITING_FEES,
        papers_digitised=True,
        population_data_used=True,
        fee_vnd=8000,
    )
    d5 = dossier(proc_b, applicant_kind=ApplicantKind.ORGANISATION)
    return [d1, d2, d3, d4, d5]


def test_the_digitisation_and_payment_rates_match_the_hand_computation(tree):
    d1, d2, d3, d4, d5 = _five_dossiers(tree)
    period = month_of(switch_day())
    after = vn(period.last.year, period.last.month, period.last.day, 12) + dt.timedelta(days=9)
    index = index_766(unit=tree.commune_a, period=period, now=after)
    expected = {
        "d-digitised-papers": (3, 5, Decimal("3.00"), [d3.code, d5.code]),
        "d-electronic-result": (2, 4, Decimal("3.00"), [d2.code, d5.code]),
        "d-data-reuse": (1, 5, Decimal("0.50"), [d1.code, d3.code, d4.code, d5.code]),
        "d-population-data": (3, 4, Decimal("1.50"), [d2.code]),
        "pay-dossiers-paid": (1, 2, Decimal("3.00"), [d2.code]),
        "pay-procedures-online": (1, 2, Decimal("1.25"), []),
    }
    for code, (numerator, denominator, points, lost) in expected.items():
        result = index.indicator(code)
        assert result is not None, code
        assert (result.how, result.numerator, result.denominator, result.score) == (
            HowScored.COMPUTED,
            numerator,
            denominator,
            points,
        ), code
        # The drill-down: the dossiers that lost points, each with why.
        assert sorted(item.code for item in result.lost) == sorted(lost), code
        assert all(item.kind == "dossier" and item.reason for item in result.lost)
    digitisation = next(group for group in index.groups if group.group == Group.DIGITISATION)
    # Electronic certified copies and the citizen's store stay entered by hand: no data here.
    assert digitisation.score == Decimal("8.00") and digitisation.scored_max == Decimal("14.00")


def test_the_month_before_the_switch_is_scored_by_the_old_rows_even_with_flags(tree):
    switch = switch_day()
    december = month_of(switch - dt.timedelta(days=1))
    desk = desk_procedure(units=[tree.commune_a])
    received = dt.datetime.combine(
        december.first + dt.timedelta(days=9), dt.time(9), tzinfo=vn(2027, 1, 1).tzinfo
    )
    made = make_dossier(
        unit=tree.commune_a,
        desk=desk,
        received_at=received,
        due_at=received + dt.timedelta(days=3),
        finished_at=received + dt.timedelta(days=1),
    )
    Dossier.objects.filter(pk=made.pk).update(
        papers_digitised=True,
        population_data_used=True,
        electronic_result=True,
        fee_vnd=8000,
        paid_online=True,
    )
    index = index_766(unit=tree.commune_a, period=december, now=vn(switch.year, 2, 1))
    on_time = index.indicator("p-on-time")
    assert on_time is not None and (on_time.numerator, on_time.denominator) == (1, 1)
    for code in REVISED:
        result = index.indicator(code)
        assert result is not None and (result.how, result.score) == (HowScored.NO_DATA, None), code
        assert result.indicator.valid_to == switch - dt.timedelta(days=1)


def test_the_drill_down_page_lists_the_dossiers_without_digitised_papers(tree, personas, client, monkeypatch):
    from django.utils import timezone

    _d1, d2, d3, _d4, d5 = _five_dossiers(tree)
    period = month_of(switch_day())
    # The page scores periods up to today: look at it from the month after the switch.
    later = vn(period.last.year, period.last.month, period.last.day, 12) + dt.timedelta(days=20)
    monkeypatch.setattr(timezone, "now", lambda: later)
    client.force_login(personas.chair_a)
    query = {"unit": tree.commune_a.code, "period": period.key, "indicator": "d-digitised-papers"}
    response = client.get("/staff/indices/766/", query)
    assert response.status_code == 200
    page = response.content.decode()
    for lost in (d3, d5):
        assert f'href="/staff/dossiers/{lost.code}/"' in page
    assert f'href="/staff/dossiers/{d2.code}/"' not in page
    assert "Thành phần hồ sơ chưa được số hóa" in page
