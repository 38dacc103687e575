"""The demo dossiers: generated like the services would have written them, idempotent, deterministic.

One sample (the demo communes, the last three weeks of the window) is generated from the org,
worktime and catalog demo data; each ``check_…`` function checks one property on every dossier of
it. Generating takes seconds, so one test runs all the checks on one sample.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections import defaultdict

import pytest
from django.core.management import call_command

from reformdesk.catalog.choices import StepKind
from reformdesk.core.demo import seeders
from reformdesk.core.models import AuditEvent
from reformdesk.dossiers import demo
from reformdesk.dossiers import demo_data as data
from reformdesk.dossiers.choices import CLOSED_STATUSES, EventKind, Outcome, Status
from reformdesk.dossiers.models import DailyCounter, Dossier, DossierEvent, DossierPaper, DossierStep
from reformdesk.dossiers.services.clock import appointment, outcome_of, step_due_moments
from reformdesk.dossiers.validators import validate_id_number, validate_vn_phone
from reformdesk.org.models import Membership
from reformdesk.worktime.arithmetic import to_vn

pytestmark = pytest.mark.django_db

START = dt.date(2026, 11, 9)


def test_a_generated_sample_is_what_the_services_would_have_written(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for seeder in seeders():
        if seeder.order < 40:
            seeder.run()
    sample = demo.load(units=demo.demo_units(), start=START)
    assert sample is not None
    for check in CHECKS:
        check(sample)


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Dossier, DossierStep, DossierEvent, DossierPaper, DailyCounter))


def check_the_sample_has_the_shapes_the_dashboards_need(sample):
    by_status = defaultdict(int)
    for status in Dossier.objects.values_list("status", flat=True):
        by_status[status] += 1
    total = sum(by_status.values())
    assert 1000 < total < 2500
    assert by_status[Status.DELIVERED] > total / 2
    # The last days' dossiers are still open, in every stage.
    assert by_status[Status.RECEIVED] + by_status[Status.PROCESSING] > 50
    assert by_status[Status.RESULT_READY] > 10
    channels = set(Dossier.objects.values_list("channel", flat=True))
    assert channels == {1, 2, 3}
    assert Dossier.objects.filter(supplement_count__gte=1).exists()
    assert Dossier.objects.filter(outcome=Outcome.LATE).exists()
    assert DossierEvent.objects.filter(kind=EventKind.APOLOGY).exists()
    assert DossierEvent.objects.filter(kind=EventKind.REASSIGNED).exists()


def check_codes_run_without_gaps_per_unit_and_day_and_counters_hold_the_last(sample):
    numbers = defaultdict(list)
    for code, unit_code, submitted_at in Dossier.objects.values_list(
        "code", "receiving_unit__code", "submitted_at"
    ):
        unit, day, number = code.rsplit("-", 2)
        assert unit == unit_code
        assert day == to_vn(submitted_at).strftime("%y%m%d")
        numbers[(unit, day)].append(int(number))
    counters = {
        (unit_code, day.strftime("%y%m%d")): last
        for unit_code, day, last in DailyCounter.objects.values_list("unit__code", "day", "last")
    }
    assert counters.keys() == numbers.keys()
    for key, found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), key
        assert counters[key] == len(found)


def check_events_chain_the_statuses_to_the_dossier_status(sample):
    events = defaultdict(list)
    for event in DossierEvent.objects.order_by("dossier_id", "at", "id"):
        events[event.dossier_id].append(event)
    for dossier in Dossier.objects.all():
        chain = events[dossier.pk]
        assert chain, dossier.code
        assert chain[0].from_status is None
        assert chain[0].kind in (EventKind.SUBMITTED, EventKind.RECEIVED, EventKind.INTAKE_SUPPLEMENT)
        for before, after in itertools.pairwise(chain):
            assert after.from_status == before.to_status, (dossier.code, after.kind)
            assert after.at >= before.at
        assert chain[-1].to_status == dossier.status, dossier.code
        assert all(e.at <= data.NOW for e in chain)
        kinds = [e.kind for e in chain]
        assert kinds.count(EventKind.APOLOGY) <= 1
        if dossier.status == Status.DELIVERED:
            assert kinds[-1] == EventKind.DELIVERED
            assert chain[-1].data == {"method": dossier.delivery_method, "collected_by": dossier.collected_by}
        asked = kinds.count(EventKind.SUPPLEMENT_REQUESTED) + kinds.count(EventKind.INTAKE_SUPPLEMENT)
        assert dossier.supplement_count == asked


def check_due_moments_and_outcomes_are_the_clocks(sample):
    paused = set(
        DossierEvent.objects.filter(kind=EventKind.SUPPLEMENT_RECEIVED).values_list("dossier_id", flat=True)
    )
    received = Dossier.objects.exclude(received_at=None).select_related("processing_unit")
    checked = 0
    for dossier in received:
        steps = list(dossier.steps.order_by("order"))
        if dossier.pk not in paused:
            unit = dossier.processing_unit
            assert dossier.due_at == appointment(
                unit=unit, received_at=dossier.received_at, days=dossier.time_limit_days
            )
            dues = step_due_moments(
                unit=unit, received_at=dossier.received_at, days=[s.working_days for s in steps]
            )
            assert [s.due_at for s in steps] == dues
            checked += 1
        assert steps[0].kind == StepKind.RECEIVE and steps[-1].kind == StepKind.RETURN
        if dossier.finished_at is not None:
            assert dossier.outcome == outcome_of(
                finished_at=dossier.finished_at, due=dossier.due_at, late=dossier.supplement_count > 1
            )
        for step in steps:
            if step.outcome and step.kind not in (StepKind.RECEIVE, StepKind.RETURN):
                assert step.outcome == outcome_of(finished_at=step.finished_at, due=step.due_at)
    assert checked > 1000


def check_assignees_hold_the_steps_role_at_the_unit(sample):
    members = set(Membership.objects.values_list("official_id", "unit_id", "role"))
    steps = DossierStep.objects.exclude(assignee=None)
    assert steps.count() > 3000
    for official_id, unit_id, role in steps.values_list("assignee_id", "unit_id", "role"):
        assert (official_id, unit_id, role) in members
    for dossier in Dossier.objects.exclude(status__in=(Status.DELIVERED, *CLOSED_STATUSES)).select_related(
        "current_step"
    ):
        if dossier.current_step is not None:
            assert dossier.assignee_id == dossier.current_step.assignee_id, dossier.code


def check_applicants_have_valid_id_numbers_and_phones(sample):
    for id_number, phone, rep_id in Dossier.objects.values_list(
        "applicant_id_number", "applicant_phone", "representative_id_number"
    ):
        validate_id_number(id_number)
        validate_id_number(rep_id)
        validate_vn_phone(phone)
        assert len(id_number) == 12 and len(phone) == 10


def check_loading_again_changes_nothing_and_the_same_seed_gives_the_same_rows(sample):
    first = _counts()
    assert demo.load(units=demo.demo_units(), start=START) is None
    assert _counts() == first
    again = demo.generate(units=demo.demo_units(), start=START)
    assert [d.code for d in again.dossiers] == [d.code for d in sample.dossiers]
    assert [d.applicant_name for d in again.dossiers] == [d.applicant_name for d in sample.dossiers]
    assert [(e.kind, e.at) for e in again.events] == [(e.kind, e.at) for e in sample.events]


CHECKS = [
    check_the_sample_has_the_shapes_the_dashboards_need,
    check_codes_run_without_gaps_per_unit_and_day_and_counters_hold_the_last,
    check_events_chain_the_statuses_to_the_dossier_status,
    check_due_moments_and_outcomes_are_the_clocks,
    check_assignees_hold_the_steps_role_at_the_unit,
    check_applicants_have_valid_id_numbers_and_phones,
    check_loading_again_changes_nothing_and_the_same_seed_gives_the_same_rows,
]


def test_load_demo_writes_the_last_weeks_under_tests_once(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", stdout=io.StringIO())
    first = _counts()
    assert first[0] > 500
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first
    assert AuditEvent.objects.filter(action="demo.load", object_type="dossiers").count() == 1
    earliest = Dossier.objects.order_by("submitted_at").first()
    assert earliest is not None
    assert to_vn(earliest.submitted_at).date() >= data.END - dt.timedelta(days=data.TEST_DAYS)
