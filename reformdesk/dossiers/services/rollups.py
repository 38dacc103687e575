"""Keeping the dossier rollups (``DossierRollup``) in step with the dossiers, and rebuilding them.

A dossier's *facts* are what the rollups count: received (and received online), finished under its
outcome (and declined), refused at intake, withdrawn, stopped, delivered, each on the Vietnam
calendar day of its moment. Each fact becomes true with one event kind (``FACT_EVENTS``), so
:func:`rollups_record_event`, called by ``events.record`` in the transaction that writes the
event, adds exactly the facts that event made true. :func:`rollups_rebuild` computes all of them
again from the dossier rows in one aggregate statement (``manage.py rebuild_rollups``): the same
rules written in SQL, checked against the Python ones by ``tests/test_rollups.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import connection, transaction

from reformdesk.catalog.choices import Channel
from reformdesk.dossiers.choices import EventKind, Measure, Outcome, ResultKind, Status
from reformdesk.dossiers.models import Dossier, DossierRollup
from reformdesk.worktime.periods import period_bounds
from reformdesk.worktime.selectors import VN_TZ

Key = tuple[int, int, dt.date, str]  # unit, procedure, day, measure

OUTCOME_MEASURES: dict[str, str] = {
    Outcome.EARLY: Measure.EARLY,
    Outcome.ON_TIME: Measure.ON_TIME,
    Outcome.LATE: Measure.LATE,
}
# The measures of a finished dossier: exactly one of them per finished dossier.
FINISHED = (Measure.EARLY, Measure.ON_TIME, Measure.LATE, Measure.UNRATED)
# The event kind that makes each fact true (a finished one: the result, granted or declined).
FACT_EVENTS: dict[str, tuple[str, ...]] = {
    Measure.RECEIVED: (EventKind.RECEIVED,),
    Measure.ONLINE: (EventKind.RECEIVED,),
    **dict.fromkeys(FINISHED, (EventKind.RESULT_READY, EventKind.DECLINED)),
    Measure.DECLINED: (EventKind.DECLINED,),
    Measure.REFUSED: (EventKind.REFUSED,),
    Measure.WITHDRAWN: (EventKind.WITHDRAWN,),
    Measure.STOPPED: (EventKind.STOPPED,),
    Measure.DELIVERED: (EventKind.DELIVERED,),
}
CLOSING_MEASURES: dict[int, str] = {
    Status.REFUSED: Measure.REFUSED,
    Status.WITHDRAWN: Measure.WITHDRAWN,
    Status.STOPPED: Measure.STOPPED,
}


def dossier_facts(dossier: Dossier) -> list[tuple[str, dt.datetime]]:
    """The dossier's facts as it stands: (measure, moment) pairs."""
    facts: list[tuple[str, dt.datetime]] = []
    if dossier.received_at is not None:
        facts.append((Measure.RECEIVED, dossier.received_at))
        if dossier.channel == Channel.ONLINE:
            facts.append((Measure.ONLINE, dossier.received_at))
    if dossier.finished_at is not None:
        facts.append((OUTCOME_MEASURES.get(dossier.outcome, Measure.UNRATED), dossier.finished_at))
        if dossier.result_kind == ResultKind.DECLINED:
            facts.append((Measure.DECLINED, dossier.finished_at))
    closing = CLOSING_MEASURES.get(dossier.status)
    if closing is not None and dossier.closed_at is not None:
        facts.append((closing, dossier.closed_at))
    if dossier.delivered_at is not None:
        facts.append((Measure.DELIVERED, dossier.delivered_at))
    return facts


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VN_TZ).date()


def _add(counts: Counter[Key]) -> None:
    """Add ``counts`` to the rollup rows, inserting the missing ones (one statement a row, safe
    under concurrent writers: the unique constraint and ``ON CONFLICT`` decide, not a read)."""
    table = connection.ops.quote_name(DossierRollup._meta.db_table)
    # The table name is the model's, quoted; the values are parameters.
    sql = (
        f'INSERT INTO {table} (unit_id, procedure_id, day, measure, "count") '  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (unit_id, procedure_id, day, measure) "
        f'DO UPDATE SET "count" = {table}."count" + excluded."count"'
    )
    rows = [
        (unit, procedure, connection.ops.adapt_datefield_value(day), measure, count)
        for (unit, procedure, day, measure), count in sorted(counts.items())
        if count
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def rollups_record_event(*, dossier: Dossier, kind: str) -> None:
    """Add the facts that an event of ``kind`` made true for ``dossier`` (saved already)."""
    counts: Counter[Key] = Counter()
    for measure, moment in dossier_facts(dossier):
        if kind in FACT_EVENTS[measure]:
            counts[(dossier.processing_unit_id, dossier.procedure_id, local_day(moment), measure)] += 1
    _add(counts)


# --- the rebuild ---------------------------------------------------------------------------------

# One row a dossier and fact, then one GROUP BY: the dossier table is read once. Each fact kind
# gives its measure and moment (NULL: the dossier has no such fact): the same rules as
# ``dossier_facts``. PostgreSQL spreads a dossier into its facts with ``CROSS JOIN LATERAL
# (VALUES …)``; SQLite, which has no LATERAL, joins a numbered list of fact kinds and picks with CASE.
_FACTS = [
    ("'received'", "d.received_at"),
    ("'online'", "CASE WHEN d.channel = {online} THEN d.received_at END"),
    (
        "CASE d.outcome WHEN 'early' THEN 'early' WHEN 'on_time' THEN 'on_time' WHEN 'late' THEN 'late'"
        " ELSE 'unrated' END",
        "d.finished_at",
    ),
    ("'declined'", "CASE WHEN d.result_kind = 'declined' THEN d.finished_at END"),
    ("'refused'", "CASE WHEN d.status = {refused} THEN d.closed_at END"),
    ("'withdrawn'", "CASE WHEN d.status = {withdrawn} THEN d.closed_at END"),
    ("'stopped'", "CASE WHEN d.status = {stopped} THEN d.closed_at END"),
    ("'delivered'", "d.delivered_at"),
]


def _facts_sql() -> str:
    """The SELECT of (unit_id, procedure_id, measure, at) rows, one a dossier and fact kind."""
    if connection.vendor == "postgresql":
        values = ", ".join(f"({measure}, {at})" for measure, at in _FACTS)
        spread = f"CROSS JOIN LATERAL (VALUES {values}) AS f(measure, at)"
        columns = "f.measure, f.at"
    else:
        kinds = " UNION ALL ".join(f"SELECT {k} AS k" for k in range(len(_FACTS)))
        spread = f"CROSS JOIN ({kinds}) m"
        measure = " ".join(f"WHEN {k} THEN {m}" for k, (m, _at) in enumerate(_FACTS))
        at = " ".join(f"WHEN {k} THEN {a}" for k, (_m, a) in enumerate(_FACTS))
        columns = f"CASE m.k {measure} END AS measure, CASE m.k {at} END AS at"
    sql = (
        f"SELECT d.processing_unit_id AS unit_id, d.procedure_id AS procedure_id, {columns} "  # noqa: S608
        f"FROM {connection.ops.quote_name(Dossier._meta.db_table)} d {spread}"
    )
    return sql.format(
        online=int(Channel.ONLINE),
        refused=int(Status.REFUSED),
        withdrawn=int(Status.WITHDRAWN),
        stopped=int(Status.STOPPED),
    )


def _day_sql(column: str) -> str:
    """SQL for the Vietnam calendar day of a moment column. Vietnam keeps UTC+7 all year (no
    summer time since 1975), so SQLite's UTC text moves by a fixed seven hours."""
    if connection.vendor == "postgresql":
        return f"(({column}) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
    return f"date({column}, '+7 hours')"


def rollups_sql(*, year: int | None = None) -> tuple[str, list[Any]]:
    """The SELECT of every rollup row (of ``year``'s days only, when given) and its parameters."""
    facts = _facts_sql()
    where = "f.at IS NOT NULL"
    params: list[Any] = []
    if year is not None:
        low, high = period_bounds(dt.date(year, 1, 1), dt.date(year, 12, 31))
        where += " AND f.at >= %s AND f.at < %s"
        params = [
            connection.ops.adapt_datetimefield_value(low),
            connection.ops.adapt_datetimefield_value(high),
        ]
    sql = (
        f"SELECT f.unit_id, f.procedure_id, {_day_sql('f.at')} AS day, f.measure, COUNT(*) "  # noqa: S608
        f"FROM ({facts}) f WHERE {where} GROUP BY 1, 2, 3, 4"
    )
    return sql, params


@transaction.atomic
def rollups_rebuild(*, year: int | None = None) -> int:
    """Compute the rollups again from the dossier rows (the whole table, or ``year``'s days);
    returns the number of rows written."""
    table = connection.ops.quote_name(DossierRollup._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Writers wait (readers do not) until the new rows are committed: an event written
            # meanwhile adds its facts after the rebuild, which did not see its dossier change.
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        if year is None:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        else:
            cursor.execute(
                f"DELETE FROM {table} WHERE day >= %s AND day <= %s",  # noqa: S608
                [
                    connection.ops.adapt_datefield_value(dt.date(year, 1, 1)),
                    connection.ops.adapt_datefield_value(dt.date(year, 12, 31)),
                ],
            )
        select, params = rollups_sql(year=year)
        columns = '(unit_id, procedure_id, day, measure, "count")'
        if connection.vendor == "postgresql":
            # PostgreSQL runs ``CREATE TABLE … AS`` with parallel workers, never ``INSERT … SELECT``:
            # the aggregate goes to a temporary table first, then its few rows are copied.
            cursor.execute("DROP TABLE IF EXISTS rollups_rebuilt")
            cursor.execute(f"CREATE TEMPORARY TABLE rollups_rebuilt ON COMMIT DROP AS {select}", params)
            cursor.execute(f"INSERT INTO {table} {columns} SELECT * FROM rollups_rebuilt")  # noqa: S608
        else:
            cursor.execute(f"INSERT INTO {table} {columns} {select}", params)
        return cursor.rowcount
