"""make bench, inspections: building the pre-filled checklist of a sudden inspection for a unit
of 300 officials (``inspections.prefill.checklist_prefill``), in process.

What it does, in one run:

1. Prepares the database: ``DATABASE_URL`` when set, else a fresh SQLite file under build/bench/.
   Migrate, then (once) a district with a commune of 300 officials, three in four of them punched
   in that morning, some on approved leave or a business trip (the tests' ``staffed_unit``), and
   the district's inspector.
2. Measures the milliseconds to build the pre-filled checklist (median of 15 runs), next to a
   baseline measured in the same run: the milliseconds to read the same rows (memberships with
   their officials, the day's punches, the day's leave) with no rule applied. Prints the ratio.
3. Counts the queries of one build and fails when it exceeds the number pinned by the tests
   (``tests/test_prefill.py``: MAX_QUERIES), whatever the size of the unit.

Writes the rows to build/bench_inspections.json.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import bench  # scripts/bench.py: the table
from bench import BUILD, ROOT, Row

ROUNDS = 15
CODE = "000.30.39.H41"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reformdesk.settings")
    if not os.environ.get("DATABASE_URL"):
        target = BUILD / "bench" / "inspections.sqlite3"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{target}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def median_ms(call) -> float:  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> int:
    setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reformdesk.attendance.models import AttendanceException, Punch
    from reformdesk.inspections.prefill import checklist_prefill
    from reformdesk.inspections.tests.factories import AT, staffed_unit
    from reformdesk.inspections.tests.test_prefill import MAX_QUERIES
    from reformdesk.org.choices import Role, Scope, UnitKind
    from reformdesk.org.models import Membership, Unit
    from reformdesk.org.tests.factories import make_official, make_unit

    unit = Unit.objects.filter(code=CODE).first()
    if unit is None:
        district = make_unit(name="Huyện Bench", kind=UnitKind.DISTRICT, code="000.30.00.H41")
        make_official(unit=district, role=Role.INSPECTOR, scope=Scope.SUBTREE, username="bench_inspector")
        unit = staffed_unit(parent=district, size=300, code=CODE)
    user = User.objects.get(username="bench_inspector")
    day = AT.date()

    def build() -> None:
        if hasattr(user, "_reformdesk_grants"):
            delattr(user, "_reformdesk_grants")
        checklist_prefill(user=user, unit=unit, at=AT)

    def read_rows() -> None:
        list(Membership.objects.filter(unit=unit).select_related("official"))
        list(Punch.objects.filter(unit=unit, punched_at__date=day).values("official_id", "punched_at"))
        list(AttendanceException.objects.filter(unit=unit, start__lte=day, end__gte=day))

    build()
    with CaptureQueriesContext(connection) as queries:
        build()
    prefill_ms = median_ms(build)
    baseline_ms = median_ms(read_rows)
    rows = [Row("inspection_prefill_300_officials", prefill_ms, "ms", baseline_ms)]
    bench.print_table(rows)
    print(f"inspection_prefill_queries: {len(queries)} (pinned at most {MAX_QUERIES})")
    (BUILD / "bench_inspections.json").write_text(
        json.dumps({"rows": [row.as_dict() for row in rows], "queries": len(queries)}, indent=2),
        encoding="utf-8",
    )
    if len(queries) > MAX_QUERIES:
        print(f"FAIL: {len(queries)} queries, more than the {MAX_QUERIES} pinned", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
