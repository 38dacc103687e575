"""Dossier codes and tracking-book numbers under concurrent intake: 0001..N and 1..N with no gap
and no duplicate, rollbacks included; a client_token sent twice at once records one dossier."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.db import connection, transaction

from reformdesk.dossiers.models import DailyCounter, Dossier, TrackingEntry
from reformdesk.dossiers.services import dossier_receive
from reformdesk.dossiers.tests.factories import applicant, vn

THREADS = 8
PER_THREAD = 6


class Abandoned(Exception):
    """Raised inside an intake's transaction to roll it back after its code was taken."""


ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads need separate connections to one database; the SQLite test database is in memory",
)


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_concurrent_intakes_at_one_unit_number_without_gaps(desk, personas, tree):
    committed: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def intake(worker: int) -> None:
        try:
            start.wait()
            for i in range(PER_THREAD):
                try:
                    with transaction.atomic():
                        dossier = dossier_receive(
                            actor=personas.one_stop_a,
                            unit=tree.commune_a,
                            procedure=desk.procedure,
                            applicant=applicant(),
                            submitted_papers=desk.required_ids,
                            at=vn(2025, 12, 1, 9, worker),
                        )
                        if (worker + i) % 3 == 0:  # a third of the intakes fail after numbering
                            raise Abandoned
                    with lock:
                        committed.append(dossier.code)
                except Abandoned:
                    pass
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=intake, args=(n,)) for n in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    expected_count = sum(1 for w in range(THREADS) for i in range(PER_THREAD) if (w + i) % 3 != 0)
    expected = [f"000.30.31.H41-251201-{n:04d}" for n in range(1, expected_count + 1)]
    assert sorted(committed) == expected
    assert sorted(Dossier.objects.values_list("code", flat=True)) == expected
    assert DailyCounter.objects.get(unit=tree.commune_a).last == expected_count
    numbers = TrackingEntry.objects.filter(unit=tree.commune_a, volume=2025).values_list("number", flat=True)
    assert sorted(numbers) == list(range(1, expected_count + 1))


def waiting_on_a_lock() -> int:
    """Connections to the test database waiting for a lock another transaction holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_a_client_token_sent_again_before_the_first_commits_records_one_dossier(desk, personas, tree):
    """GIVEN an intake with a client_token whose transaction has not committed yet WHEN the same
    request comes again meanwhile (a double-click, a client retrying after its timeout while the
    first still runs) THEN the second waits for the first and answers with its dossier: one
    dossier, one number taken, the tracking book's entry 1, no error."""
    token = uuid.uuid4()
    inserted, release = threading.Event(), threading.Event()
    codes: dict[str, str] = {}
    errors: list[BaseException] = []

    def intake(name: str) -> None:
        try:
            with transaction.atomic():
                dossier = dossier_receive(
                    actor=personas.one_stop_a,
                    unit=tree.commune_a,
                    procedure=desk.procedure,
                    applicant=applicant(),
                    submitted_papers=desk.required_ids,
                    at=vn(2025, 12, 1, 9, 0),
                    client_token=token,
                )
                if name == "first":
                    inserted.set()
                    release.wait(timeout=60)
            codes[name] = dossier.code
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    first = threading.Thread(target=intake, args=("first",))
    first.start()
    assert inserted.wait(timeout=60)
    second = threading.Thread(target=intake, args=("second",))
    second.start()
    for _ in range(1200):  # until the second intake waits on the first's uncommitted rows
        if waiting_on_a_lock():
            break
        time.sleep(0.05)
    assert waiting_on_a_lock() == 1
    release.set()
    first.join(timeout=60)
    second.join(timeout=60)

    assert errors == []
    assert codes == {"first": "000.30.31.H41-251201-0001", "second": "000.30.31.H41-251201-0001"}
    assert list(Dossier.objects.values_list("code", "client_token")) == [("000.30.31.H41-251201-0001", token)]
    assert DailyCounter.objects.get(unit=tree.commune_a).last == 1
    assert list(TrackingEntry.objects.values_list("number", flat=True)) == [1]
