"""Seeds a year of dossiers for the demo communes, as the services would have written them.

Each dossier is played as a story — submitted, checked, received, assigned, processed, perhaps
asked for papers, late, apologised for, declined, withdrawn or stopped, ready and delivered — by
:class:`Story`, whose methods follow the services step by step (same statuses, event kinds, data
keys, steps, assignees and due moments from the units' calendars), stopping at the demo's "now"
(:attr:`demo_data.Window.now`, the start of the day ``load_demo`` runs). The rows are then written in
batches (:func:`insert`): no service is called per dossier, which would take minutes.
Deterministic for a given run day (one ``random.Random`` seeded by the day) and idempotent: it does
nothing when the demo communes already have dossiers in the window (on a later day it says how old
the demo year is instead of writing a second, overlapping one).

The digitisation flags (:func:`digitise`) are drawn with a second generator seeded by the same
day, so they leave every other row as it was without them.

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
from reformdesk.core.models import AuditEvent
from reformdesk.core.services.audit import audit_record
from reformdesk.dossiers import demo_data as data
from reformdesk.dossiers.choices import DeliveryMethod, EventKind, Status
from reformdesk.dossiers.demo_story import Desk, NotYet, Option, ProcedurePlan, Rows, Story, live
from reformdesk.dossiers.models import DailyCounter, Dossier, DossierEvent, DossierPaper, DossierStep
from reformdesk.dossiers.services.clock import pick_time_limit
from reformdesk.dossiers.services.codes import format_code
from reformdesk.dossiers.services.planning import _DEFAULT_PLAN
from reformdesk.dossiers.services.rollups import rollups_rebuild
from reformdesk.org import demo_data as org_data
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.worktime import selectors as worktime
from reformdesk.worktime.selectors import VN_TZ, WorkClock, lunar_new_year

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


def procedure_plans(units: list[Unit], start: dt.date, end: dt.date) -> dict[int, list[ProcedurePlan]]:
    """Per unit, the procedures posted at its desk from ``start`` to ``end`` that can be received."""
    from reformdesk.catalog.demo import POPULARITY

    posted = defaultdict(set)
    publications = Publication.objects.filter(
        unit__in=units, place=PublicationPlace.DESK, published_on__lte=start
    ).exclude(withdrawn_on__lte=end)
    for unit_id, procedure_id in publications.values_list("unit_id", "procedure_id"):
        posted[unit_id].add(procedure_id)
    procedures = Procedure.objects.filter(pk__in=set().union(*posted.values()), is_active=True)
    plans: dict[int, ProcedurePlan] = {}
    for procedure in procedures.select_related("field").order_by("national_code"):
        version = procedure.version_on(start)
        if version is None or version != procedure.version_on(end):
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


def desks(units: list[Unit], start: dt.date) -> list[Desk]:
    result = []
    memberships = (
        Membership.objects.active_on(start)
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
                worktime.work_clock(unit=unit),
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


def _us(moment: dt.time) -> int:
    """A time of day in microseconds since midnight."""
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond


def _moment(day: dt.date, us: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=VN_TZ) + dt.timedelta(seconds=us // 1_000_000)


def tet_factors(clock: WorkClock, start: dt.date, end: dt.date) -> dict[dt.date, float]:
    """The days around each Tết that touches ``start``–``end``, with their factor on the volume.

    Tết's date comes from the lunar calendar (the worktime selectors); its break is the run of days
    off around it on the desk's calendar (the official notice's days where the worktime data has
    them, the statutory holidays and weekends elsewhere), read on the desk's ``clock``."""
    factors: dict[dt.date, float] = {}
    one_day = dt.timedelta(days=1)
    # The Tết of the year after ``end`` can start its rush inside the window (Tết in late January).
    for year in range(start.year, end.year + 2):
        tet = lunar_new_year(year=year)
        if tet is None:
            continue
        first = last = tet
        while not clock.is_working_day(day=first - one_day):
            first -= one_day
        while not clock.is_working_day(day=last + one_day):
            last += one_day
        days, factor = data.BEFORE_TET
        for back in range(1, days + 1):
            factors[first - dt.timedelta(days=back)] = factor
        day = last
        for count, factor in (data.AFTER_TET, data.AFTER_TET_SLOW):
            for _ in range(count):
                day += one_day
                while not clock.is_working_day(day=day):
                    day += one_day
                factors[day] = factor
    return factors


def day_volume(
    desk: Desk, day: dt.date, previous_working: dt.date | None, scale: float, tet: dict[dt.date, float]
) -> float:
    """The mean number of dossiers ``desk`` gets on ``day`` (``tet``: :func:`tet_factors`)."""
    mean = data.DAILY_DOSSIERS * scale * data.UNIT_FACTOR.get(desk.unit.code, 1.0)
    mean *= data.WEEKDAY_FACTOR[day.weekday()] * data.MONTH_FACTOR[day.month]
    if day in tet:
        mean *= tet[day]
    elif previous_working is not None and (day - previous_working).days > 3:
        mean *= data.AFTER_BREAK_FACTOR
    return mean


def submissions(
    desk: Desk, day: dt.date, count: int, online_share: float, rng: random.Random
) -> list[tuple[dt.datetime, int]]:
    """``count`` submission moments on ``day`` with their channels: counter and post in office hours
    (mostly mornings), online ones from early morning to late evening."""
    spans = [(_us(start), _us(end)) for start, end in desk.clock.sessions(day=day)]
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
    window: data.Window,
    start: dt.date | None = None,
    scale: float = 1.0,
) -> Rows:
    """Play every dossier of ``units``' desks in ``window`` (from ``start`` when given: the last
    days only), stopping at ``window.now`` (rows not yet written)."""
    start = max(start or window.start, window.start)
    end, now = window.end, window.now
    rng = random.Random(window.seed)  # noqa: S311 - demo data, not security
    flags_rng = random.Random(f"{window.seed}-digitisation")  # noqa: S311 - demo data, not security
    rows = Rows(
        next_dossier=(Dossier.objects.aggregate(m=Max("id"))["m"] or 0) + 1,
        next_step=(DossierStep.objects.aggregate(m=Max("id"))["m"] or 0) + 1,
    )
    plans = procedure_plans(units, start, end)
    all_days = (end - start).days + 1
    for desk in desks(units, start):
        procedures = plans[desk.unit.pk]
        if not procedures or not desk.staff.get(Role.ONE_STOP):
            continue
        weights = [p.weight for p in procedures]
        online_weights = [p.weight if p.online else 0.0 for p in procedures]
        tet = tet_factors(desk.clock, start, end)
        previous: dt.date | None = None
        earlier: list[Dossier] = []  # the desk's latest digitised dossiers, for returning applicants
        for offset in range(all_days):
            day = start + dt.timedelta(days=offset)
            if not desk.clock.is_working_day(day=day):
                continue
            low, high = data.ONLINE_SHARE
            share = low + (high - low) * offset / max(all_days - 1, 1)
            count = poisson(rng, day_volume(desk, day, previous, scale, tet))
            previous = day
            for number, (at, channel) in enumerate(submissions(desk, day, count, share, rng), start=1):
                if at > now:
                    break
                pool = online_weights if channel == Channel.ONLINE and any(online_weights) else weights
                plan = rng.choices(procedures, weights=pool)[0]
                story = Story(rows, desk, rng, now)
                applicant = data.applicant(rng, desk.unit.code, desk.unit.name_vi, channel == Channel.ONLINE)
                progress = offset / max(all_days - 1, 1)
                returning = returning_to(flags_rng, earlier, at, _share(data.DATA_REUSED, progress))
                story.new(
                    plan=plan,
                    option=rng.choice(plan.options),
                    channel=channel,
                    at=at,
                    code=format_code(desk.unit.code, day, number),
                    applicant=applicant if returning is None else applicant_of(returning),
                    receiver=None if channel == Channel.ONLINE else story.pick(Role.ONE_STOP),
                )
                rows.counters[(desk.unit.pk, day)] = number
                first_event = len(rows.events)
                with contextlib.suppress(NotYet):
                    live(story, rng, data.EXTRA_PAPERS)
                digitise(story, flags_rng, progress, reused=returning, first_event=first_event)
                if story.d.papers_digitised and story.d.received_at is not None:
                    earlier.append(story.d)
                    del earlier[: -data.RETURNING_POOL]
    return rows


# --- digitisation ------------------------------------------------------------------------------------


def _share(bounds: tuple[float, float], progress: float) -> float:
    low, high = bounds
    return low + (high - low) * progress


def returning_to(rng: random.Random, earlier: list[Dossier], at: dt.datetime, share: float) -> Dossier | None:
    """With probability ``share``, an earlier digitised dossier of the desk, received before
    ``at``, whose applicant comes back and whose data the new dossier reuses."""
    if rng.random() >= share or not earlier:
        return None
    previous = rng.choice(earlier)
    return previous if previous.received_at is not None and previous.received_at < at else None


def applicant_of(dossier: Dossier) -> dict[str, str]:
    """The applicant fields of ``dossier`` (``demo_data.applicant``'s keys): the same person."""
    return {
        "applicant_name": dossier.applicant_name,
        "applicant_id_number": dossier.applicant_id_number,
        "applicant_phone": dossier.applicant_phone,
        "applicant_address": dossier.applicant_address,
        "applicant_email": dossier.applicant_email,
        "representative_name": dossier.representative_name,
        "representative_id_number": dossier.representative_id_number,
    }


def digitise(
    story: Story, rng: random.Random, progress: float, *, reused: Dossier | None, first_event: int
) -> None:
    """The dossier's digitisation flags, as ``services.digitisation`` and the intake and delivery
    services record them: papers digitised when filed online (with files) or scanned at the
    counter, data reused from ``reused``, population data used, and an electronic result for
    some of the results delivered (every one delivered online), with the intake and delivery
    events' data to match. ``progress`` (0..1) is where the day falls in the demo year."""
    d = story.d
    online = d.channel == Channel.ONLINE
    d.papers_digitised = online or rng.random() < _share(data.PAPERS_DIGITISED, progress)
    population = data.POPULATION_DATA_ONLINE if online else _share(data.POPULATION_DATA, progress)
    electronic = rng.random() < _share(data.ELECTRONIC_RESULT, progress)
    for event in story.rows.events[first_event:]:
        if event.kind in (EventKind.RECEIVED, EventKind.INTAKE_SUPPLEMENT) and not event.data.get(
            "after_supplement"
        ):
            d.population_data_used = rng.random() < population
            d.reused_from_id = reused.pk if reused is not None else None
            flags = {
                "papers_digitised": d.papers_digitised,
                "reused_from": reused.code if reused is not None else "",
                "population_data_used": d.population_data_used,
            }
            if any(flags.values()):
                event.data = {**event.data, "digitisation": flags}
        elif event.kind == EventKind.DELIVERED:
            d.electronic_result = electronic or d.delivery_method == DeliveryMethod.ONLINE
            event.data = {**event.data, "electronic_result": d.electronic_result}


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
    window: data.Window,
    start: dt.date | None = None,
    scale: float = 1.0,
) -> Rows | None:
    """Generate and write the dossiers of ``units`` for ``window`` (from ``start`` when given);
    None (nothing written) when they already have dossiers submitted in it."""
    first = max(start or window.start, window.start)
    bounds = (
        dt.datetime.combine(first, dt.time(), tzinfo=VN_TZ),
        dt.datetime.combine(window.end + dt.timedelta(days=1), dt.time(), tzinfo=VN_TZ),
    )
    if not units or Dossier.objects.filter(receiving_unit__in=units, submitted_at__range=bounds).exists():
        return None
    rows = generate(units=units, window=window, start=first, scale=scale)
    write(rows)
    # The rows went in around the services: their rollups are computed from them.
    rollups_rebuild()
    audit_record(
        actor=None,
        action="demo.load",
        object_type="dossiers",
        object_repr=f"{len(rows.dossiers)} dossiers, {len(rows.events)} events",
        # Read back by ``loaded_window``: the day a database's demo year ends.
        changes={"start": first, "end": window.end, "now": window.now},
    )
    return rows


def loaded_window() -> tuple[dt.date, dt.date] | None:
    """First and last day of the demo year last written into this database, or None (none, or
    written before the demo recorded its window)."""
    changes = (
        AuditEvent.objects.filter(action="demo.load", object_type="dossiers")
        .order_by("-at", "-id")
        .values_list("changes", flat=True)
        .first()
    )
    if not changes or "end" not in changes:
        return None
    return dt.date.fromisoformat(changes["start"]), dt.date.fromisoformat(changes["end"])


def seed() -> list[str]:
    """The demo year of dossiers up to the day ``load_demo`` runs (after the catalog demo).

    Under the test settings only the last weeks are written (:data:`demo_data.TEST_DAYS`): the
    tests that load the whole demo, browser tests among them, stay fast."""
    window = data.window(timezone.localdate())
    units = demo_units()
    start = window.start
    if settings.ENVIRONMENT == "test":
        start = max(start, window.end - dt.timedelta(days=data.TEST_DAYS))
    rows = load(units=units, window=window, start=start)
    if rows is None:
        loaded = loaded_window()
        if loaded is None or loaded[1] >= window.end:
            return []
        # The stories stopped where the earlier run's day began; rewriting them here would
        # delete what people did on the demo since. A fresh database gets a year ending today.
        return [
            "",
            f"Dossiers: the demo year of this database ends on {loaded[1]:%d/%m/%Y}; load the demo"
            " into a fresh database for a year ending today.",
        ]
    open_count = sum(1 for dossier in rows.dossiers if dossier.status in OPEN_STATUSES)
    return [
        "",
        f"Dossiers: {len(rows.dossiers)} from {start:%d/%m/%Y} to {window.end:%d/%m/%Y}"
        f" in {len(units)} communes, {open_count} still open on {window.today:%d/%m/%Y}.",
    ]
