"""Seeds a year of dossiers for the demo communes, as the services would have written them.

Each dossier is played as a story — submitted, checked, received, assigned, processed, perhaps
asked for papers, late, apologised for, declined, withdrawn or stopped, ready and delivered — by
:class:`Story`, whose methods follow the services step by step (same statuses, event kinds, data
keys, steps, assignees and due moments from the units' calendars), stopping at the demo's "now"
(:data:`demo_data.NOW`). The rows are then written in batches (:func:`insert`): no service is called per
dossier, which would take minutes. Deterministic (one seeded ``random.Random``) and idempotent: it
does nothing when the demo communes already have dossiers in the window.

Left out on purpose: audit rows per event (one summary audit row is written), fees (status 6),
uploaded files, and ratings (another app's). Procedures whose catalog entry gives no time limit in
working days cannot be received by the intake service and get no dossiers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from reformdesk.catalog.choices import Channel, PublicationPlace, StepKind
from reformdesk.catalog.models import (
    FilingMethod,
    Procedure,
    ProcedureCase,
    Publication,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.core.services.audit import audit_record
from reformdesk.dossiers import demo_data as data
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.demo_story import Desk, NotYet, Option, ProcedurePlan, Rows, Story, live
from reformdesk.dossiers.models import DailyCounter, Dossier, DossierEvent, DossierPaper, DossierStep
from reformdesk.dossiers.services.clock import pick_time_limit
from reformdesk.dossiers.services.codes import format_code
from reformdesk.dossiers.services.planning import _DEFAULT_PLAN
from reformdesk.org import demo_data as org_data
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.worktime.arithmetic import VN_TZ
from reformdesk.worktime.calendar import calendar_for_unit

BATCH = 2000
OPEN_STATUSES = (Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT)

# --- the catalog and the staff, read once -------------------------------------------------------


def _limits(
    methods: dict[tuple[int | None, int], Decimal | None],
    case: ProcedureCase | None,
    steps_days: Decimal | None,
) -> dict[int, Decimal]:
    """``clock.time_limit`` for each channel, from rows already read."""
    result = {}
    for channel in Channel.values:
        days = pick_time_limit(
            methods=methods,
            case_id=case.pk if case else None,
            case_days=case.time_limit_days if case else None,
            steps_days=steps_days,
            channel=channel,
        )
        if days is not None:
            result[channel] = days
    return result


def _desk_title(field_name: str) -> str:
    for prefixes, title in data.FIELD_DESKS:
        if field_name.startswith(prefixes):
            return title
    return data.DEFAULT_DESK


def procedure_plans(units: list[Unit]) -> dict[int, list[ProcedurePlan]]:
    """Per unit, the procedures posted at its desk for the whole window that can be received."""
    from reformdesk.catalog.demo import POPULARITY

    posted = defaultdict(set)
    publications = Publication.objects.filter(
        unit__in=units, place=PublicationPlace.DESK, published_on__lte=data.START
    ).exclude(withdrawn_on__lte=data.END)
    for unit_id, procedure_id in publications.values_list("unit_id", "procedure_id"):
        posted[unit_id].add(procedure_id)
    procedures = Procedure.objects.filter(pk__in=set().union(*posted.values()), is_active=True)
    plans: dict[int, ProcedurePlan] = {}
    for procedure in procedures.select_related("field").order_by("national_code"):
        version = procedure.version_on(data.START)
        if version is None or version != procedure.version_on(data.END):
            continue  # a version changing inside the window: left out to keep the story simple
        methods = {
            (m.case_id, m.channel): m.time_limit_days for m in FilingMethod.objects.filter(version=version)
        }
        templates = list(StepTemplate.objects.filter(version=version).order_by("case_id", "order"))
        papers = list(RequiredPaper.objects.filter(version=version))
        options = []
        for case in [None, *ProcedureCase.objects.filter(version=version).order_by("sort_order", "id")]:
            rows = [t for t in templates if t.case_id == (case.pk if case else None)]
            rows = rows or [t for t in templates if t.case_id is None]
            limits = _limits(methods, case, sum((t.working_days for t in rows), Decimal(0)))
            if Channel.IN_PERSON not in limits:
                continue
            plan = [(t.kind, t.role, t.working_days, t.name_vi) for t in rows] or [
                (kind, role, limits[Channel.IN_PERSON] if days is None else days, str(StepKind(kind).label))
                for kind, role, days in _DEFAULT_PLAN
            ]
            if plan[-1][0] != StepKind.RETURN or len(plan) < 3:
                continue
            own = [p for p in papers if p.case_id is None] + [
                p for p in papers if case and p.case_id == case.pk
            ]
            options.append(Option(case, limits, plan, own))
        if not options:
            continue
        popular = POPULARITY.get(procedure.national_code)
        plans[procedure.pk] = ProcedurePlan(
            procedure=procedure,
            version_id=version.pk,
            options=options,
            online=procedure.online_level != "none",
            desk=_desk_title(procedure.field.name_vi),
            weight=float(popular) if popular else data.OTHER_PROCEDURE_WEIGHT,
        )
    return {unit.pk: [plans[p] for p in sorted(posted[unit.pk]) if p in plans] for unit in units}


def desks(units: list[Unit]) -> list[Desk]:
    result = []
    memberships = (
        Membership.objects.active_on(data.START)
        .filter(unit__in=units, official__is_active=True)
        .select_related("official")
        .order_by("official__full_name", "official_id")
    )
    by_unit: dict[int, dict[str, list[Official]]] = defaultdict(lambda: defaultdict(list))
    for m in memberships:
        if m.official not in by_unit[m.unit_id][m.role]:
            by_unit[m.unit_id][m.role].append(m.official)
    for unit in units:
        staff = by_unit[unit.pk]
        titles: dict[str, list[Official]] = defaultdict(list)
        for official in staff[Role.SPECIALIST]:
            titles[official.job_title or official.position].append(official)
        default = {role: (people[0] if people else None) for role, people in staff.items()}
        leader = next((o for o in staff[Role.LEADER] if o.pk == unit.leader_id), None)
        if leader is not None:
            default[Role.LEADER] = leader
        result.append(
            Desk(
                unit,
                calendar_for_unit(unit),
                staff,
                titles,
                default,
            )
        )
    return result


# --- a year of days --------------------------------------------------------------------------------


def poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _moment(day: dt.date, us: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=VN_TZ) + dt.timedelta(seconds=us // 1_000_000)


def day_volume(desk: Desk, day: dt.date, previous_working: dt.date | None, scale: float) -> float:
    mean = data.DAILY_DOSSIERS * scale * data.UNIT_FACTOR.get(desk.unit.code, 1.0)
    mean *= data.WEEKDAY_FACTOR[day.weekday()] * data.MONTH_FACTOR[day.month]
    first, last, factor = data.AFTER_TET
    if first <= day <= last:
        mean *= factor
    elif previous_working is not None and (day - previous_working).days > 3:
        mean *= data.AFTER_BREAK_FACTOR
    return mean


def submissions(
    desk: Desk, day: dt.date, count: int, online_share: float, rng: random.Random
) -> list[tuple[dt.datetime, int]]:
    """``count`` submission moments on ``day`` with their channels: counter and post in office hours
    (mostly mornings), online ones from early morning to late evening."""
    spans = desk.cal.workday(day).spans
    result = []
    for _ in range(count):
        roll = rng.random()
        channel = (
            Channel.ONLINE
            if roll < online_share
            else Channel.POST
            if roll < online_share + data.POST_SHARE
            else Channel.IN_PERSON
        )
        if channel == Channel.ONLINE and rng.random() < 0.35:
            us = rng.randint(17 * 3600, 22 * 3600 + 1800) * 1_000_000
        else:
            start, end = spans[0] if (len(spans) == 1 or rng.random() < 0.62) else spans[1]
            us = rng.randint(start, max(start, end - 600 * 1_000_000))
        result.append((_moment(day, us), channel))
    result.sort()
    return result


def generate(
    *,
    units: list[Unit],
    start: dt.date = data.START,
    end: dt.date = data.END,
    now: dt.datetime = data.NOW,
    scale: float = 1.0,
    seed: int = data.SEED,
) -> Rows:
    """Play every dossier of ``units``' desks from ``start`` to ``end`` (rows not yet written)."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    rows = Rows(
        next_dossier=(Dossier.objects.aggregate(m=Max("id"))["m"] or 0) + 1,
        next_step=(DossierStep.objects.aggregate(m=Max("id"))["m"] or 0) + 1,
    )
    plans = procedure_plans(units)
    all_days = (end - start).days + 1
    for desk in desks(units):
        procedures = plans[desk.unit.pk]
        if not procedures or not desk.staff.get(Role.ONE_STOP):
            continue
        weights = [p.weight for p in procedures]
        online_weights = [p.weight if p.online else 0.0 for p in procedures]
        previous: dt.date | None = None
        for offset in range(all_days):
            day = start + dt.timedelta(days=offset)
            if not desk.cal.workday(day).is_working:
                continue
            low, high = data.ONLINE_SHARE
            share = low + (high - low) * offset / max(all_days - 1, 1)
            count = poisson(rng, day_volume(desk, day, previous, scale))
            previous = day
            for number, (at, channel) in enumerate(submissions(desk, day, count, share, rng), start=1):
                if at > now:
                    break
                pool = online_weights if channel == Channel.ONLINE and any(online_weights) else weights
                plan = rng.choices(procedures, weights=pool)[0]
                story = Story(rows, desk, rng, now)
                story.new(
                    plan=plan,
                    option=rng.choice(plan.options),
                    channel=channel,
                    at=at,
                    code=format_code(desk.unit.code, day, number),
                    applicant=data.applicant(
                        rng, desk.unit.code, desk.unit.name_vi, channel == Channel.ONLINE
                    ),
                    receiver=None if channel == Channel.ONLINE else story.pick(Role.ONE_STOP),
                )
                rows.counters[(desk.unit.pk, day)] = number
                with contextlib.suppress(NotYet):
                    live(story, rng, data.EXTRA_PAPERS)
    return rows


# --- writing ------------------------------------------------------------------------------------------


def _converter(model_field: Any) -> Any:
    """How a value goes to the database: ``get_db_prep_save`` for the types that need it (dates,
    decimals, JSON, UUIDs), the value itself for the rest."""
    if model_field.get_internal_type() in (
        "DateTimeField",
        "DateField",
        "DecimalField",
        "JSONField",
        "UUIDField",
    ):
        return lambda value: model_field.get_db_prep_save(value, connection)
    return None


def insert(model: Any, objects: list[Any]) -> None:
    """``bulk_create`` without its per-value machinery: one ``executemany`` per batch of rows.

    ``bulk_create`` spends about 0.1 ms per row preparing values, which alone would take most of a
    minute for the year's 400,000 rows; this writes the same columns from the same instances."""
    if not objects:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and objects[0].pk is None)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Table and column names come from the model; the values go as parameters.
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    plan = [(f.attname, _converter(f), getattr(f, "auto_now", False)) for f in fields]
    with connection.cursor() as cursor:
        for first in range(0, len(objects), BATCH):
            params = []
            for obj in objects[first : first + BATCH]:
                row = []
                for attname, convert, auto_now in plan:
                    value = now if auto_now else getattr(obj, attname)
                    row.append(convert(value) if convert is not None and value is not None else value)
                params.append(row)
            cursor.executemany(sql, params)


def write(rows: Rows) -> None:
    """Insert the rows in batches; dossiers and steps carry their ids (they point at each other)."""
    insert(Dossier, rows.dossiers)
    insert(DossierStep, rows.steps)
    insert(DossierPaper, rows.papers)
    insert(DossierEvent, rows.events)
    DailyCounter.objects.bulk_create(
        [DailyCounter(unit_id=unit_id, day=day, last=last) for (unit_id, day), last in rows.counters.items()],
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Dossier, DossierStep]):
            cursor.execute(sql)


def demo_units() -> list[Unit]:
    codes = [code for code, _name, _en in org_data.NEW_COMMUNES]
    return list(Unit.objects.filter(code__in=codes).order_by("code"))


def load(
    *,
    units: list[Unit],
    start: dt.date = data.START,
    end: dt.date = data.END,
    now: dt.datetime = data.NOW,
    scale: float = 1.0,
) -> Rows | None:
    """Generate and write the dossiers of ``units`` for the window; None (nothing written) when
    they already have dossiers submitted in it."""
    window = (
        dt.datetime.combine(start, dt.time(), tzinfo=VN_TZ),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=VN_TZ),
    )
    if not units or Dossier.objects.filter(receiving_unit__in=units, submitted_at__range=window).exists():
        return None
    rows = generate(units=units, start=start, end=end, now=now, scale=scale)
    write(rows)
    audit_record(
        actor=None,
        action="demo.load",
        object_type="dossiers",
        object_repr=f"{len(rows.dossiers)} dossiers, {len(rows.events)} events",
    )
    return rows


def seed() -> list[str]:
    """The demo year of dossiers (run by ``manage.py load_demo`` after the catalog demo).

    Under the test settings only the last weeks are written (:data:`demo_data.TEST_DAYS`): the
    tests that load the whole demo, browser tests among them, stay fast."""
    units = demo_units()
    start = data.START
    if settings.ENVIRONMENT == "test":
        start = data.END - dt.timedelta(days=data.TEST_DAYS)
    rows = load(units=units, start=start)
    if rows is None:
        return []
    open_count = sum(1 for dossier in rows.dossiers if dossier.status in OPEN_STATUSES)
    return [
        "",
        f"Dossiers: {len(rows.dossiers)} from {start:%d/%m/%Y} to {data.END:%d/%m/%Y}"
        f" in {len(units)} communes, {open_count} still open on {data.NOW:%d/%m/%Y}.",
    ]
