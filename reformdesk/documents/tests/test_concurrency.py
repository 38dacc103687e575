"""Outgoing numbers under concurrent registration, with real commits (a transactional test): the
counter row locked per unit and year gives twenty clerks registering at once the numbers 1..20,
each once (Decree 30/2020/NĐ-CP, Article 15.1)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from reformdesk.documents.models import OutgoingDocument
from reformdesk.documents.tests.factories import register_outgoing

CLERKS = 20


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    )


def _needs_concurrent_database() -> None:
    if _in_memory_sqlite():
        pytest.skip("an in-memory SQLite test database locks instead of waiting: see the test below")


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


def test_on_sqlite_the_race_runs_again_on_a_database_file(tmp_path):
    """The suite's SQLite test database is in memory, where the race above cannot run: a child
    pytest runs it on a file (settings.TEST_SQLITE_FILE), with SQLite's own locking (BEGIN
    IMMEDIATE and the busy timeout, conf.sqlite_settings) queueing the twenty clerks."""
    if not _in_memory_sqlite():
        pytest.skip("the race above ran on this database directly")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["REFORMDESK_TEST_SQLITE_FILE"] = str(tmp_path / "race.sqlite3")
    test = f"{Path(__file__).resolve()}::test_twenty_registrations_at_once_take_numbers_1_to_20_without_gaps"
    child = subprocess.run(  # noqa: S603 (this interpreter running pytest on this file)
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert child.returncode == 0, child.stdout[-4000:] + child.stderr[-2000:]
    # passed, not skipped: the child's database is a file, so the race really ran
    assert re.search(r"^1 passed in ", child.stdout, re.MULTILINE), child.stdout[-4000:]
