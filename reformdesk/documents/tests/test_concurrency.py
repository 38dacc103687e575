"""Outgoing numbers under concurrent registration, with real commits (a transactional test): the
counter row locked per unit and year gives twenty clerks registering at once the numbers 1..20,
each once (Decree 30/2020/NĐ-CP, Article 15.1)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from reformdesk.documents.models import OutgoingDocument
from reformdesk.documents.tests.factories import register_outgoing

CLERKS = 20


def _needs_concurrent_database() -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("an in-memory SQLite test database locks tables instead of waiting: PostgreSQL only")


@pytest.mark.django_db(transaction=True)
def test_twenty_registrations_at_once_take_numbers_1_to_20_without_gaps(tree, personas, chair_a):
    _needs_concurrent_database()
    barrier = threading.Barrier(CLERKS)
    symbols: list[str] = []
    failures: list[BaseException] = []

    def register(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            document = register_outgoing(
                actor=personas.one_stop_a,
                unit=tree.commune_a,
                signer=chair_a,
                summary=f"Công văn số thứ {index} gửi cùng lúc",
            )
            symbols.append(document.symbol)
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(index,)) for index in range(CLERKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    numbers = sorted(
        OutgoingDocument.objects.filter(unit=tree.commune_a, year=2025).values_list("number", flat=True)
    )
    assert numbers == list(range(1, CLERKS + 1))
    assert sorted(symbols) == sorted(f"{n:02d}/QĐ-UBND" for n in range(1, CLERKS + 1))
