"""The dossier rollups: kept in step by the services, equal to a computation from scratch, rebuilt
equal, and the dashboard reads the same figures from them as from the dossier rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from reformdesk.catalog.choices import Channel
from reformdesk.dossiers.choices import DeliveryMethod, EventKind, Measure, Outcome, ResultKind, Status
from reformdesk.dossiers.models import Dossier, DossierEvent, DossierRollup
from reformdesk.dossiers.services import (
    ActionNotAllowed,
    dossier_accept,
    dossier_decline,
    dossier_deliver,
    dossier_forward,
    dossier_receive,
    dossier_receive_supplement,
    dossier_refuse,
    dossier_request_supplement,
    dossier_stop,
    dossier_submit_online,
    dossier_withdraw,
)
from reformdesk.dossiers.services.rollups import rollups_rebuild
from reformdesk.dossiers.statistics import dossier_statistics, dossier_statistics_scan
from reformdesk.dossiers.tests.factories import applicant, vn
from reformdesk.worktime.selectors import VN_TZ

pytestmark = pytest.mark.django_db

OUTCOMES = {Outcome.EARLY: Measure.EARLY, Outcome.ON_TIME: Measure.ON_TIME, Outcome.LATE: Measure.LATE}


def stored() -> Counter:
    return Counter(
        {
            (r.unit_id, r.procedure_id, r.day, r.measure): r.count
            for r in DossierRollup.objects.all()
            if r.count
        }
    )


def from_events() -> Counter:
    """The rollups from scratch, read from the event rows (not the dossier columns the rebuild
    reads, nor the code the services run): each event that makes a fact, on its day."""
    counts: Counter = Counter()
    dossiers = Dossier.objects.in_bulk()
    for event in DossierEvent.objects.order_by("id"):
        d = dossiers[event.dossier_id]
        day = event.at.astimezone(VN_TZ).date()

        def add(measure: str, d: Dossier = d, day: dt.date = day) -> None:
            counts[(d.processing_unit_id, d.procedure_id, day, measure)] += 1

        if event.kind == EventKind.RECEIVED:
            add(Measure.RECEIVED)
            if d.channel == Channel.ONLINE:
                add(Measure.ONLINE)
        elif event.kind in (EventKind.RESULT_READY, EventKind.DECLINED):
            add(OUTCOMES.get(d.outcome, Measure.UNRATED))
            if event.kind == EventKind.DECLINED:
                add(Measure.DECLINED)
        elif event.kind == EventKind.REFUSED:
            add(Measure.REFUSED)
        elif event.kind == EventKind.WITHDRAWN:
            add(Measure.WITHDRAWN)
        elif event.kind == EventKind.STOPPED:
            add(Measure.STOPPED)
        elif event.kind == EventKind.DELIVERED:
            add(Measure.DELIVERED)
    return counts


def _deliver(**kw):
    return dossier_deliver(method=DeliveryMethod.COUNTER, collected_by="Hoàng Văn Bình", **kw)


# Each takes actor, dossier, at and the procedure's required paper ids.
OPERATIONS = [
    lambda papers, **kw: dossier_accept(submitted_papers=papers, **kw),
    lambda papers, **kw: dossier_refuse(reasons="Giấy tờ giả", **kw),
    lambda papers, **kw: dossier_forward(**kw),
    lambda papers, **kw: dossier_forward(approve=True, **kw),
    lambda papers, **kw: dossier_request_supplement(missing=["Tờ khai"], **kw),
    lambda papers, **kw: dossier_receive_supplement(submitted_papers=papers, **kw),
    lambda papers, **kw: dossier_decline(reasons="Không đủ điều kiện", **kw),
    lambda papers, **kw: dossier_withdraw(**kw),
    lambda papers, **kw: dossier_stop(reason="Có tranh chấp", **kw),
    lambda papers, **kw: _deliver(**kw),
]
WEIGHTS = [3, 1, 8, 8, 2, 3, 1, 1, 1, 5]


def random_operations(*, seed: int, count: int, desk, personas, tree, specialist) -> None:
    """``count`` dossiers, each through a random walk of the services by random staff at moments
    that cross midnight; refused calls (wrong status, wrong person) change nothing."""
    rng = random.Random(seed)
    staff = [personas.one_stop_a, personas.chair_a, specialist]
    at = vn(2025, 12, 1, 8)
    for _n in range(count):
        at += dt.timedelta(hours=rng.choice([1, 5, 15]))
        start = rng.random()
        if start < 0.55:
            brought = desk.required_ids if rng.random() < 0.8 else desk.required_ids[:-1]
            dossier = dossier_receive(
                actor=personas.one_stop_a,
                unit=tree.commune_a,
                procedure=desk.procedure,
                applicant=applicant(),
                submitted_papers=brought,
                channel=rng.choice([Channel.IN_PERSON, Channel.POST]),
                refuse_reasons="Không thuộc thẩm quyền" if rng.random() < 0.1 else "",
                at=at,
            )
        else:
            dossier = dossier_submit_online(
                unit=tree.commune_a,
                procedure=desk.procedure,
                applicant=applicant(),
                at=at,
                files_required=False,
            )
        for _step in range(rng.randint(0, 9)):
            at += dt.timedelta(hours=rng.choice([2, 7, 16, 40]))
            actor = rng.choice(staff)
            dossier.refresh_from_db()
            with contextlib.suppress(ActionNotAllowed, PermissionDenied, ValidationError):
                operation = rng.choices(OPERATIONS, WEIGHTS)[0]
                operation(actor=actor, dossier=dossier, at=at, papers=desk.required_ids)


@pytest.fixture
def walked(desk, personas, tree, specialist) -> None:
    random_operations(seed=766, count=40, desk=desk, personas=personas, tree=tree, specialist=specialist)


def test_rollups_kept_by_the_services_equal_a_computation_from_scratch_and_a_rebuild(walked, tree):
    """GIVEN 40 dossiers walked at random through the services WHEN the rollups are read THEN
    they equal the facts counted from the event rows, a rebuild (after wrong rows) gives them
    back, and the dashboard reads the same figures from them as from the dossier rows."""
    kept = stored()
    measures = {measure for (_u, _p, _d, measure) in kept}
    assert {Measure.RECEIVED, Measure.ONLINE, Measure.REFUSED, Measure.DELIVERED} <= measures
    assert measures & {Measure.EARLY, Measure.ON_TIME, Measure.LATE}
    assert Dossier.objects.filter(result_kind=ResultKind.DECLINED).exists() == (Measure.DECLINED in measures)
    assert Dossier.objects.filter(status__in=[Status.WITHDRAWN, Status.STOPPED]).exists()
    assert sum(kept.values()) >= 25
    assert kept == from_events()

    for unit in (tree.province, tree.commune_a):
        for start, end in (
            (dt.date(2025, 12, 1), dt.date(2026, 5, 31)),
            (dt.date(2025, 12, 3), dt.date(2026, 1, 9)),
        ):
            assert dossier_statistics(unit=unit, start=start, end=end) == dossier_statistics_scan(
                unit=unit, start=start, end=end
            )

    first = Dossier.objects.order_by("id").first()
    DossierRollup.objects.update(count=0)
    DossierRollup.objects.create(
        unit_id=first.processing_unit_id,
        procedure_id=first.procedure_id,
        day=dt.date(2020, 1, 1),
        measure=Measure.RECEIVED,
        count=5,
    )
    assert rollups_rebuild() == len(kept)
    assert stored() == kept


def test_a_rebuild_of_one_year_leaves_the_other_years_alone(walked):
    kept = stored()
    years = {day.year for (_u, _p, day, _m) in kept}
    assert years == {2025, 2026}
    DossierRollup.objects.filter(day__year=2026).delete()
    DossierRollup.objects.filter(day__year=2025).update(count=1)
    touched = stored()
    call_command("rebuild_rollups", "--year", "2026", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = stored()
    assert {k: v for k, v in after.items() if k[2].year == 2026} == {
        k: v for k, v in kept.items() if k[2].year == 2026
    }
    assert {k: v for k, v in after.items() if k[2].year == 2025} == {
        k: v for k, v in touched.items() if k[2].year == 2025
    }


def test_the_command_refuses_a_year_out_of_range():
    with pytest.raises(CommandError):
        call_command("rebuild_rollups", "--year", "99999")
