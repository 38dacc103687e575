"""Dossier codes and tracking-book numbers under concurrent intake: 0001..N and 1..N with no gap
and no duplicate, rollbacks included."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from reformdesk.dossiers.models import DailyCounter, Dossier, TrackingEntry
from reformdesk.dossiers.services import dossier_receive
from reformdesk.dossiers.tests.factories import applicant, vn

THREADS = 8
PER_THREAD = 6


class Abandoned(Exception):
    """Raised inside an intake's transaction to roll it back after its code was taken."""


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads need separate connections to one database; the SQLite test database is in memory",
)
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
