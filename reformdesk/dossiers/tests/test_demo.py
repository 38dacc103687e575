"""The demo dossiers: generated like the services would have written them, idempotent, deterministic.

One sample (the demo communes, the last three weeks of the window of a run on 28/11/2026) is
generated from the org, worktime and catalog demo data; each ``check_…`` function checks one
property on every dossier of it. Generating takes seconds, so one test runs all the checks on one
sample.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from reformdesk.catalog.choices import Channel, StepKind
from reformdesk.core.demo import seeders
from reformdesk.core.models import AuditEvent
from reformdesk.dossiers import demo
from reformdesk.dossiers import demo_data as data
from reformdesk.dossiers.choices import CLOSED_STATUSES, EventKind, Outcome, Status
from reformdesk.dossiers.models import DailyCounter, Dossier, DossierEvent, DossierPaper, DossierStep
from reformdesk.dossiers.services.clock import (
    apology_in_time,
    apology_latest_new_date,
    appointment,
    outcome_of,
    step_due_moments,
)
from reformdesk.dossiers.services.processing import dossier_outcome_766
from reformdesk.dossiers.validators import validate_id_number, validate_vn_phone
from reformdesk.org.models import Membership
from reformdesk.worktime import selectors as worktime
from reformdesk.worktime.selectors import VN_TZ, to_vn

pytestmark = pytest.mark.django_db

WINDOW = data.window(dt.date(2026, 11, 28))  # a run day fixed for the sample: exact, repeatable rows
START = dt.date(2026, 11, 9)


def test_a_generated_sample_is_what_the_services_would_have_written(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for seeder in seeders():
        if seeder.order < 40:
            seeder.run()
    sample = demo.load(units=demo.demo_units(), window=WINDOW, start=START)
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
        assert all(e.at <= WINDOW.now for e in chain)
        kinds = [e.kind for e in chain]
        assert kinds.count(EventKind.APOLOGY) <= 1
        if dossier.status == Status.DELIVERED:
            assert kinds[-1] == EventKind.DELIVERED
            assert chain[-1].data == {
                "method": dossier.delivery_method,
                "collected_by": dossier.collected_by,
                "electronic_result": dossier.electronic_result,
            }
            # A result delivered online is an electronic one (``dossier_deliver``).
            assert dossier.electronic_result or dossier.delivery_method != "online"
        # The intake flags, in the dossier and in its intake event (none when refused unchecked);
        # a dossier filed online has its papers as files.
        intake = next((e for e in chain if e.kind in (EventKind.RECEIVED, EventKind.INTAKE_SUPPLEMENT)), None)
        flags = intake.data.get("digitisation", {}) if intake is not None else {}
        assert dossier.papers_digitised or dossier.channel != Channel.ONLINE
        if intake is not None:
            assert flags.get("papers_digitised", False) == dossier.papers_digitised, dossier.code
        assert flags.get("population_data_used", False) == dossier.population_data_used, dossier.code
        if dossier.reused_from_id is not None:
            previous = Dossier.objects.get(pk=dossier.reused_from_id)
            assert flags["reused_from"] == previous.code
            assert previous.applicant_id_number == dossier.applicant_id_number
            assert previous.received_at < dossier.submitted_at
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
            # The 766 rule, read from the dossier's supplement events as the services read it.
            assert dossier.outcome == dossier_outcome_766(dossier=dossier, finished_at=dossier.finished_at)
        for step in steps:
            if step.outcome and step.kind not in (StepKind.RECEIVE, StepKind.RETURN):
                assert step.outcome == outcome_of(finished_at=step.finished_at, due=step.due_at)
    assert checked > 1000


def check_every_apology_keeps_the_rule_the_service_applies(sample):
    """Each apology came at least one working day before the due moment it apologised for (the
    moment stored in its event: the appointment then in force), and its new date is after that
    moment and within the bound ``dossier_apologise`` sets; the dossier's new date is the event's."""
    apologies = DossierEvent.objects.filter(kind=EventKind.APOLOGY).select_related(
        "dossier", "dossier__processing_unit"
    )
    assert apologies.count() >= 5
    for event in apologies:
        dossier = event.dossier
        clock = worktime.work_clock(unit=dossier.processing_unit)
        due = dt.datetime.fromisoformat(event.data["due_at"])
        new_due = dt.datetime.fromisoformat(event.data["new_due_at"])
        assert apology_in_time(clock=clock, at=event.at, due=due), dossier.code
        latest = apology_latest_new_date(clock=clock, due=due, days=dossier.time_limit_days)
        assert due < new_due <= latest, dossier.code
        assert event.from_status in (Status.RECEIVED, Status.PROCESSING), dossier.code
        assert dossier.apology_due_at is not None


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
    assert demo.load(units=demo.demo_units(), window=WINDOW, start=START) is None
    assert _counts() == first
    again = demo.generate(units=demo.demo_units(), window=WINDOW, start=START)
    assert [d.code for d in again.dossiers] == [d.code for d in sample.dossiers]
    assert [d.applicant_name for d in again.dossiers] == [d.applicant_name for d in sample.dossiers]
    assert [(e.kind, e.at) for e in again.events] == [(e.kind, e.at) for e in sample.events]


CHECKS = [
    check_the_sample_has_the_shapes_the_dashboards_need,
    check_codes_run_without_gaps_per_unit_and_day_and_counters_hold_the_last,
    check_events_chain_the_statuses_to_the_dossier_status,
    check_due_moments_and_outcomes_are_the_clocks,
    check_every_apology_keeps_the_rule_the_service_applies,
    check_assignees_hold_the_steps_role_at_the_unit,
    check_applicants_have_valid_id_numbers_and_phones,
    check_loading_again_changes_nothing_and_the_same_seed_gives_the_same_rows,
]


def test_load_demo_writes_the_last_weeks_before_today_under_tests_once(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    window = data.window(timezone.localdate())
    call_command("load_demo", stdout=io.StringIO())
    first = _counts()
    assert first[0] > 500
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first
    assert AuditEvent.objects.filter(action="demo.load", object_type="dossiers").count() == 1
    start = window.end - dt.timedelta(days=data.TEST_DAYS)
    assert demo.loaded_window() == (start, window.end)
    earliest = Dossier.objects.order_by("submitted_at").first()
    latest = DossierEvent.objects.order_by("at").last()
    assert earliest is not None and latest is not None
    assert to_vn(earliest.submitted_at).date() >= start
    assert latest.at < window.now == dt.datetime.combine(timezone.localdate(), dt.time(), tzinfo=VN_TZ)


def test_the_window_ends_where_the_run_day_starts_and_is_seeded_by_it():
    assert data.window(dt.date(2026, 12, 7)) == data.Window(
        today=dt.date(2026, 12, 7),
        start=dt.date(2025, 12, 7),
        end=dt.date(2026, 12, 6),
        now=dt.datetime(2026, 12, 7, tzinfo=VN_TZ),
        seed=20261207,
    )
    leap = data.window(dt.date(2028, 2, 29))
    assert (leap.start, leap.end, leap.seed) == (dt.date(2027, 2, 28), dt.date(2028, 2, 28), 20280229)
    # Never before the new communes (the demo's desks) existed.
    assert data.window(dt.date(2026, 3, 2)).start == dt.date(2025, 7, 1)


@pytest.mark.parametrize(
    ("run_day", "rush", "quiet"),
    [
        # Tết 2027 on Saturday 6/2 (the package's statutory days 4–10/2: the 2027 notice is not
        # confirmed); Tết 2028 on Wednesday 26/1 (no calendar data: the package's 24–29/1, after
        # the weekend of 22–23/1).
        (dt.date(2027, 12, 7), (dt.date(2027, 1, 7), dt.date(2027, 2, 3)), (dt.date(2027, 2, 11), 5)),
        (dt.date(2028, 6, 1), (dt.date(2027, 12, 25), dt.date(2028, 1, 21)), (dt.date(2028, 1, 31), 5)),
        # Tết 2026 from the official notice: days off 14–22/2.
        (dt.date(2026, 12, 7), (dt.date(2026, 1, 17), dt.date(2026, 2, 13)), (dt.date(2026, 2, 23), 5)),
    ],
)
def test_the_tet_season_follows_the_lunar_calendar_of_the_window(tree, run_day, rush, quiet):
    """GIVEN a run day WHEN the demo shapes its year THEN the rush before Tết and the quiet week after
    it sit around that year's Tết break on the desk's calendar, not on fixed dates."""
    window = data.window(run_day)
    factors = demo.tet_factors(worktime.work_clock(unit=tree.commune_a), window.start, window.end)
    before, factor = data.BEFORE_TET
    assert [d for d, f in sorted(factors.items()) if f == factor and rush[0] <= d <= rush[1]] == [
        rush[0] + dt.timedelta(days=n) for n in range(before)
    ]
    first_quiet, count = quiet
    quiet_days = sorted(
        d for d, f in factors.items() if f == data.AFTER_TET[1] and d.year == first_quiet.year
    )
    assert quiet_days[0] == first_quiet and len(quiet_days) == count
