"""make bench, fourth part: the document registers and the unit's task board (issue 13), in process.

What it does, in one run, on ``DATABASE_URL`` when set, else ``reformdesk_bench_registers`` on
127.0.0.1:5432 (created here when missing); run it with ``DATABASE_URL=sqlite:///…`` for SQLite:

1. Prepares one bench commune with a chair, 50 officials, 200,000 incoming register entries with
   their search rows and 100,000 tasks (bulk inserts; a second run finds them and adds nothing).
2. 20 outgoing registrations at once at one unit (threads released together, each its own
   connection and transaction): they must get the numbers 1..20, each once; the seconds they take
   next to 20 registrations one after the other (the baseline). The unit's outgoing register is
   emptied before each round so that every round numbers from 1.
3. Full-text search over the 200,000 entries (the register page's count and first page, for
   several queries, median), next to the same page without a search (the bare query).
4. The unit's board over the 100,000 tasks: its number of queries is pinned (1), and its seconds
   are printed next to a bare count of the same tasks.
5. Prints the rows like bench.py and writes them to build/bench_registers.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_common  # scripts/bench_common.py: the bench database, child processes
from bench import BUILD, ROOT, BenchError, Row, print_table
from bench_common import create_database

DATABASE = "reformdesk_bench_registers"
UNIT_CODE = "999.99.02.H41"
RACE_UNIT_CODE = "999.99.03.H41"
ENTRIES = 200_000
TASKS = 100_000
OFFICIALS = 50
CLERKS = 20
ROUNDS = 5
QUERIES = ["cai cach hanh chinh", "ho ngheo", "thuong binh", "quyet dinh 2025", "tan ky", "so noi vu dich vu"]
SUMMARIES = [
    "V/v đẩy mạnh thực hiện dịch vụ công trực tuyến toàn trình",
    "Kế hoạch cải cách hành chính năm {year}",
    "V/v tự đánh giá, chấm điểm Chỉ số cải cách hành chính cấp xã",
    "V/v rà soát hộ nghèo, hộ cận nghèo năm {year}",
    "Quyết định công bố danh mục thủ tục hành chính năm {year}",
    "V/v phòng, chống thiên tai và tìm kiếm cứu nạn",
    "Giấy mời dự hội nghị tổng kết công tác năm {year}",
    "V/v làm sạch dữ liệu dân cư phục vụ Đề án 06",
]
SENDERS = [
    "UBND tỉnh Nghệ An",
    "Sở Nội vụ tỉnh Nghệ An",
    "Sở Lao động – Thương binh và Xã hội tỉnh Nghệ An",
    "Công an tỉnh Nghệ An",
    "Văn phòng UBND tỉnh Nghệ An",
    "Huyện ủy Tân Kỳ",
]


def setup(url: str) -> None:
    if "DATABASE_URL" not in os.environ:  # the bench's own database, never DATABASE_URL's
        create_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reformdesk.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def median_seconds(run: Callable[[], Any], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        run()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


# --- data ----------------------------------------------------------------------------------------


def prepare() -> dict[str, Any]:
    """The bench communes, their chair and officials, the entries and the tasks; idempotent."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.utils import timezone

    from reformdesk.assignments.choices import Status
    from reformdesk.assignments.models import Task
    from reformdesk.documents.choices import DocumentType, Register
    from reformdesk.documents.models import IncomingDocument, SearchEntry
    from reformdesk.documents.searchtext import words_of
    from reformdesk.org.choices import OfficialCategory, Role, UnitKind
    from reformdesk.org.models import Official, Unit
    from reformdesk.org.services.officials import official_create
    from reformdesk.org.services.units import unit_create

    def commune(code: str, name: str) -> Unit:
        return Unit.objects.filter(code=code).first() or unit_create(
            actor=None, parent=None, code=code, name_vi=name, kind=UnitKind.COMMUNE
        )

    unit = commune(UNIT_CODE, "Xã Đo Sổ Văn Bản")
    race_unit = commune(RACE_UNIT_CODE, "Xã Đo Cấp Số")
    actor, _ = User.objects.get_or_create(username="bench.registers", defaults={"is_superuser": True})
    chairs = {}
    for place, code in ((unit, "BENCHREG000"), (race_unit, "BENCHREG999")):
        chairs[place.pk] = Official.objects.filter(employee_code=code).first() or official_create(
            actor=None,
            unit=place,
            role=Role.LEADER,
            employee_code=code,
            full_name="Chủ tịch đo hiệu năng",
            position="Chủ tịch UBND xã",
            category=OfficialCategory.CADRE,
        )
    have = Official.objects.filter(employee_code__startswith="BENCHREG1").count()
    for number in range(have + 1, OFFICIALS + 1):
        official_create(
            actor=None,
            unit=unit,
            role=Role.SPECIALIST,
            employee_code=f"BENCHREG{1000 + number}",
            full_name=f"Cán bộ thử {number:03d}",
            position="Công chức",
            category=OfficialCategory.CIVIL_SERVANT,
        )
    officials = list(Official.objects.filter(employee_code__startswith="BENCHREG1").order_by("pk"))
    rng = random.Random(13)  # noqa: S311 - bench data
    today = timezone.localdate()
    have = IncomingDocument.objects.filter(unit=unit).count()
    batch = 10_000
    while have < ENTRIES:
        rows = []
        for number in range(have + 1, min(have + batch, ENTRIES) + 1):
            year = today.year - number % 5
            arrived = dt.datetime(year, 1 + number % 12, 1 + number % 28, 9, tzinfo=dt.UTC)
            summary = rng.choice(SUMMARIES).format(year=year) + f" (đợt {number % 97})"
            sender = rng.choice(SENDERS)
            rows.append(
                IncomingDocument(
                    unit=unit,
                    year=year,
                    number=number,
                    arrived_at=arrived,
                    sender=sender,
                    original_symbol=f"{number % 5000}/BENCH",
                    document_date=arrived.date(),
                    doc_type=DocumentType.OFFICIAL_LETTER,
                    summary=summary,
                    registered_at=arrived,
                )
            )
        IncomingDocument.objects.bulk_create(rows, batch_size=2000)
        SearchEntry.objects.bulk_create(
            [
                SearchEntry(
                    incoming=row,
                    register=Register.INCOMING,
                    unit=unit,
                    year=row.year,
                    words=words_of(row.original_symbol, row.sender, row.summary),
                    names=words_of(row.sender),
                )
                for row in rows
            ],
            batch_size=2000,
        )
        have += len(rows)
        print(f"  {have} register entries", flush=True)
    have = Task.objects.filter(unit=unit).count()
    statuses = [Status.ASSIGNED, Status.IN_PROGRESS, Status.REPORTED, Status.EVALUATED, Status.RETURNED]
    now = timezone.now()
    while have < TASKS:
        rows = []
        for number in range(have, min(have + batch, TASKS)):
            assigned = now - dt.timedelta(hours=number % 4000)
            status = statuses[number % len(statuses)]
            evaluated = status == Status.EVALUATED
            rows.append(
                Task(
                    title=f"Nhiệm vụ đo hiệu năng {number}",
                    expected_output="Báo cáo",
                    status=status,
                    unit=unit,
                    assigned_by=actor,
                    assigner=chairs[unit.pk],
                    assignee=officials[number % len(officials)],
                    assigned_at=assigned,
                    deadline_days=5,
                    first_due_at=assigned + dt.timedelta(days=7),
                    due_at=assigned + dt.timedelta(days=7),
                    evaluated_at=assigned + dt.timedelta(days=6) if evaluated else None,
                    timeliness="on_time" if evaluated else "",
                    quality=3 if evaluated else None,
                )
            )
        Task.objects.bulk_create(rows, batch_size=2000)
        have += len(rows)
        print(f"  {have} tasks", flush=True)
    # Fresh statistics after the bulk load, as autovacuum would gather on a server that runs.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"unit": unit, "race_unit": race_unit, "actor": actor, "chair": chairs[race_unit.pk]}


# --- figures -------------------------------------------------------------------------------------


def registrations(data: dict[str, Any], rounds: int) -> tuple[float, float]:
    """Seconds for 20 registrations at once, and for 20 one after the other; checks 1..20."""
    from django.db import connections
    from django.utils import timezone

    from reformdesk.documents.choices import DocumentType
    from reformdesk.documents.models import OutgoingDocument, RegisterCounter
    from reformdesk.documents.services import outgoing_register

    unit, actor, chair = data["race_unit"], data["actor"], data["chair"]
    today = timezone.localdate()

    def register(index: int) -> None:
        outgoing_register(
            actor=actor,
            unit=unit,
            doc_type=DocumentType.DECISION,
            summary=f"Quyết định đo hiệu năng số thứ {index}",
            issued_on=today,
            signer=chair,
            recipients="- Lưu: VT.",
        )

    def reset() -> None:
        OutgoingDocument.objects.filter(unit=unit).delete()
        RegisterCounter.objects.filter(unit=unit).delete()

    def check() -> None:
        numbers = sorted(OutgoingDocument.objects.filter(unit=unit).values_list("number", flat=True))
        if numbers != list(range(1, CLERKS + 1)):
            raise BenchError(f"20 registrations at once gave the numbers {numbers}")

    def at_once() -> None:
        barrier = threading.Barrier(CLERKS)
        failures: list[BaseException] = []

        def clerk(index: int) -> None:
            try:
                barrier.wait(timeout=60)
                register(index)
            except BaseException as exc:
                failures.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=clerk, args=(i,)) for i in range(CLERKS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        if failures:
            raise BenchError(f"a concurrent registration failed: {failures[0]!r}")

    concurrent, sequential = [], []
    for _ in range(rounds):
        reset()
        began = time.perf_counter()
        at_once()
        concurrent.append(time.perf_counter() - began)
        check()
        reset()
        began = time.perf_counter()
        for index in range(CLERKS):
            register(index)
        sequential.append(time.perf_counter() - began)
        check()
    return statistics.median(concurrent) * 1000, statistics.median(sequential) * 1000


def search(data: dict[str, Any], rounds: int) -> tuple[float, float, dict[str, int]]:
    """Milliseconds for the register page's count and first page with a search (median over the
    queries' medians), and without one; the number each query finds."""
    from reformdesk.documents import selectors

    unit, actor = data["unit"], data["actor"]

    def page(query: str) -> int:
        rows = selectors.incoming_list(user=actor, unit=unit, search=query)
        count = rows.count()
        list(rows[:25])
        return count

    found = {query: page(query) for query in QUERIES}
    searched = statistics.median(median_seconds(lambda q=query: page(q), rounds) for query in QUERIES)
    bare = median_seconds(lambda: page(""), rounds)
    return searched * 1000, bare * 1000, found


def board(data: dict[str, Any], rounds: int) -> tuple[float, float, int]:
    """Milliseconds for the board of the unit (its queries counted), and for a bare count."""
    from django.db import connection

    from reformdesk.assignments.models import Task
    from reformdesk.assignments.selectors import task_board

    unit = data["unit"]
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        shown = task_board(unit=unit)
    if len(queries) != 1:
        raise BenchError(f"the board took {len(queries)} queries, pinned at 1")
    if sum(shown.totals.counts) != TASKS:
        raise BenchError(f"the board shows {sum(shown.totals.counts)} tasks of {TASKS}")
    seconds = median_seconds(lambda: task_board(unit=unit), rounds)
    bare = median_seconds(lambda: Task.objects.filter(unit=unit).count(), rounds)
    return seconds * 1000, bare * 1000, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    url = bench_common.database_url(DATABASE)
    setup(url)
    from django.db import connection

    vendor = connection.vendor
    print(f"Registers bench on {vendor}: preparing data…", flush=True)
    data = prepare()
    concurrent, sequential = registrations(data, args.rounds)
    searched, bare, found = search(data, args.rounds)
    board_ms, count_ms, queries = board(data, args.rounds)
    rows = [
        Row(f"20 outgoing registrations at once, 1..20 no gap ({vendor})", concurrent, "ms", sequential),
        Row(f"full-text search, {ENTRIES:,} entries, count + page ({vendor})", searched, "ms", bare),
        Row(f"unit board, {TASKS:,} tasks, {queries} query ({vendor})", board_ms, "ms", count_ms),
    ]
    print_table(rows)
    print(
        f"\nbaselines: 20 registrations one after the other; the same register page without a search;"
        f" a bare count of the unit's tasks. Found per query: {found}"
    )
    BUILD.mkdir(exist_ok=True)
    output = BUILD / f"bench_registers_{vendor}.json"
    output.write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")


if __name__ == "__main__":
    main()
