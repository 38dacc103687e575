"""Reads on the procedure catalog: the public search and everything a procedure's page shows.

Search ignores Vietnamese diacritics and case: the query is folded like ``Procedure.search_text``
(``core.text.fold``) and every word must occur in it, a plain ``LIKE`` per word, so the same
query runs on SQLite and PostgreSQL. On PostgreSQL a trigram index (migration
``0003_search_index``, ``pg_trgm``) answers those ``LIKE`` filters; on SQLite, a scan of that one
column over the few thousand procedures a province applies takes about a millisecond.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils import timezone

from reformdesk.catalog.choices import ONLINE_ANY, Level, OnlineLevel, PublicationPlace
from reformdesk.catalog.models import (
    FilingMethod,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    Publication,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.core.text import terms
from reformdesk.org.models import Unit

# National procedure names mostly begin with this word ("Thủ tục đăng ký khai sinh"); a name that
# starts with the query once it is set aside is as good a match as one that starts with it.
GENERIC_PREFIX = "thu tuc "
LEVEL_FLAGS = {Level.PROVINCE: "at_province", Level.DISTRICT: "at_district", Level.COMMUNE: "at_commune"}


def _version_on(day: dt.date, prefix: str = "") -> Q:
    """The versions in force on ``day`` (``prefix`` reaches them through a relation)."""
    return Q(**{f"{prefix}effective_from__lte": day}) & (
        Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": day})
    )


def publication_active_on(day: dt.date, prefix: str = "") -> Q:
    """Publications in force on ``day``: posted on or before it and not yet taken down.

    ``withdrawn_on`` is the day the notice came down, so on that day it is no longer posted.
    """
    return Q(**{f"{prefix}published_on__lte": day}) & (
        Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": day})
    )


def posted_at_desk(*, unit: Unit | None = None, on: dt.date, unit_code: str | None = None) -> Exists:
    """True for the procedures posted at the one-stop desk (not the portal page) on ``on`` of
    ``unit``, or of the unit with code ``unit_code``."""
    where: dict[str, Unit | str | None] = {"unit": unit} if unit is not None else {"unit__code": unit_code}
    return Exists(
        Publication.objects.filter(
            publication_active_on(on), procedure=OuterRef("pk"), place=PublicationPlace.DESK, **where
        )
    )


def desk_units(*, procedure: Procedure, on: dt.date) -> list[Unit]:
    """Units whose one-stop desk has ``procedure`` posted on ``on`` (the rule of
    :func:`publication_active_on`: not on the day the notice came down), in tree order."""
    # One filter() call: every condition applies to the same publication row.
    return list(
        Unit.objects.filter(
            publication_active_on(on, prefix="publications__"),
            publications__procedure=procedure,
            publications__place=PublicationPlace.DESK,
        )
        .distinct()
        .order_by("path")
    )


def is_posted_at_desk(*, procedure: Procedure, unit: Unit, on: dt.date) -> bool:
    """Whether ``unit``'s one-stop desk has ``procedure`` posted on ``on`` (same rule)."""
    return Publication.objects.filter(
        publication_active_on(on), procedure=procedure, unit=unit, place=PublicationPlace.DESK
    ).exists()


def _time_limit(day: dt.date) -> RawSQL:
    """The working days of the version in force, on the in-person channel when it states one
    (channels are numbered in person first), else on the first channel that does.

    The version is found first (by the procedure index), then its channels by the version's
    unique index: asked in one step, SQLite would walk every channel of the catalog per row.
    Written as SQL: the same subqueries built with the ORM cost more to assemble on every search
    than the database needs to run them.
    """
    versions = ProcedureVersion._meta.db_table
    methods = FilingMethod._meta.db_table
    procedures = Procedure._meta.db_table
    sql = (
        f"SELECT m.time_limit_days FROM {methods} m WHERE m.version_id = ("  # noqa: S608 - table names
        f"SELECT v.id FROM {versions} v WHERE v.procedure_id = {procedures}.id"
        " AND v.effective_from <= %s AND (v.effective_to IS NULL OR v.effective_to >= %s)"
        " ORDER BY v.effective_from DESC, v.id DESC LIMIT 1)"
        " AND m.case_id IS NULL AND m.time_limit_days IS NOT NULL ORDER BY m.channel LIMIT 1"
    )
    field = FilingMethod._meta.get_field("time_limit_days")
    return RawSQL(sql, (day, day), output_field=field)  # noqa: S611 - table names and parameters only


def _search_filter(
    *,
    words: list[str],
    field: str | None,
    level: str | None,
    unit: Unit | None,
    unit_code: str | None,
    online: str | None,
    day: dt.date,
) -> QuerySet[Procedure]:
    qs = Procedure.objects.filter(is_active=True)
    for word in words:
        qs = qs.filter(search_text__contains=word)
    if field:
        qs = qs.filter(field__code=field)
    if level:
        qs = qs.filter(**{LEVEL_FLAGS[Level(level)]: True})
    if online == ONLINE_ANY:
        qs = qs.exclude(online_level=OnlineLevel.NONE)
    elif online:
        qs = qs.filter(online_level=OnlineLevel(online))
    if unit is not None or unit_code:
        qs = qs.filter(posted_at_desk(unit=unit, unit_code=unit_code, on=day))
    return qs


def procedure_search_count(
    *,
    query: str = "",
    field: str | None = None,
    level: str | None = None,
    unit: Unit | None = None,
    unit_code: str | None = None,
    online: str | None = None,
    on: dt.date | None = None,
) -> int:
    """How many procedures ``procedure_search`` with the same arguments finds: one count, without
    assembling the ordering and the time limits."""
    day = on or timezone.localdate()
    return _search_filter(
        words=terms(query), field=field, level=level, unit=unit, unit_code=unit_code, online=online, day=day
    ).count()


def procedure_search(
    *,
    query: str = "",
    field: str | None = None,
    level: str | None = None,
    unit: Unit | None = None,
    unit_code: str | None = None,
    online: str | None = None,
    on: dt.date | None = None,
) -> QuerySet[Procedure]:
    """Procedures in force matching a citizen's search, best match first.

    ``field`` is a field code, ``level`` a :class:`Level` value, ``unit`` keeps the procedures posted
    at that unit's one-stop desk on ``on`` (today by default; ``unit_code`` does the same by the
    unit's code, without reading the unit first), ``online`` an :class:`OnlineLevel`
    value. Unknown ``level``/``online`` values raise ``ValueError`` (callers validate first).

    Order: the exact national code, then names that start with the query, then names holding the
    query as a phrase, then the rest; within each, the most used, the shortest name (the general
    procedure before its special cases), the code. Each row carries ``time_limit_days`` of its
    version in force. Evaluating it is one query; a paginator adds the count.
    """
    day = on or timezone.localdate()
    words = terms(query)
    qs = _search_filter(
        words=words, field=field, level=level, unit=unit, unit_code=unit_code, online=online, day=day
    ).select_related("field")
    qs = qs.annotate(time_limit_days=_time_limit(day))
    if not words:
        return qs.order_by("-popularity", "national_code")
    phrase = " ".join(words)
    relevance = Case(
        When(national_code=query.strip(), then=Value(0)),
        When(search_text__startswith=phrase, then=Value(1)),
        When(search_text__startswith=GENERIC_PREFIX + phrase, then=Value(1)),
        When(search_text__contains=phrase, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return qs.annotate(relevance=relevance).order_by(
        "relevance", "-popularity", Length("name_vi"), "national_code"
    )


def procedure_search_page(
    *,
    offset: int,
    limit: int,
    query: str = "",
    field: str | None = None,
    level: str | None = None,
    unit: Unit | None = None,
    unit_code: str | None = None,
    online: str | None = None,
    on: dt.date | None = None,
) -> tuple[list[Procedure], int]:
    """``limit`` procedures of ``procedure_search`` from ``offset`` on, and how many it finds in
    all: one query (the total is a window count over the same scan). Past the last procedure, the
    total is counted apart."""

    search = procedure_search(
        query=query, field=field, level=level, unit=unit, unit_code=unit_code, online=online, on=on
    )
    rows: list[Procedure] = list(search.annotate(found=Window(Count("pk")))[offset : offset + limit])
    if rows:
        return rows, int(rows[0].found)  # type: ignore[attr-defined]
    if offset == 0:
        return [], 0
    return [], procedure_search_count(
        query=query, field=field, level=level, unit=unit, unit_code=unit_code, online=online, on=on
    )


def procedure_popular(*, limit: int = 8) -> QuerySet[Procedure]:
    """The most used procedures in force, for the home page."""
    return (
        Procedure.objects.filter(is_active=True)
        .select_related("field")
        .order_by("-popularity", "national_code")[:limit]
    )


def units_with_desk_publications(*, on: dt.date | None = None) -> QuerySet[Unit]:
    """Units in force that post at least one procedure at their desk: the search's unit filter."""
    day = on or timezone.localdate()
    posted = Publication.objects.filter(
        publication_active_on(day), unit=OuterRef("pk"), place=PublicationPlace.DESK
    )
    return Unit.objects.active_on(day).filter(Exists(posted)).order_by("path")


@dataclass
class CaseDetail:
    """A sub-case of the version in force with its own channels, papers and steps."""

    case: ProcedureCase
    filing_methods: list[FilingMethod] = field(default_factory=list)
    papers: list[RequiredPaper] = field(default_factory=list)
    steps: list[StepTemplate] = field(default_factory=list)


@dataclass
class ProcedureDetail:
    """Everything the public page and the API show of one procedure, read in a fixed number of
    queries: the version in force on the day (``None`` when no version is), split into what holds
    for every applicant and what holds for each sub-case, and where the procedure is posted."""

    procedure: Procedure
    on: dt.date
    version: ProcedureVersion | None
    versions: list[ProcedureVersion]
    filing_methods: list[FilingMethod]
    papers: list[RequiredPaper]
    steps: list[StepTemplate]
    cases: list[CaseDetail]
    desks: list[Publication]
    on_portal: bool

    @property
    def time_limit_days(self) -> Decimal | None:
        for method in self.filing_methods:  # ordered by channel: in person first
            if method.time_limit_days is not None:
                return method.time_limit_days
        return None


def procedure_detail(*, code: str, on: dt.date | None = None) -> ProcedureDetail | None:
    """The procedure with national code ``code`` (also when no longer applied) and its version in
    force on ``on`` with channels, sub-cases, papers and steps; ``None`` for an unknown code.
    Seven queries whatever the size of the procedure."""
    day = on or timezone.localdate()
    procedure = Procedure.objects.select_related("field").filter(national_code=code).first()
    if procedure is None:
        return None
    versions = list(procedure.versions.order_by("-effective_from", "-id"))
    version = next(
        (
            v
            for v in versions
            if v.effective_from <= day and (v.effective_to is None or v.effective_to >= day)
        ),
        None,
    )
    desks: list[Publication] = []
    on_portal = False
    publications = (
        Publication.objects.filter(publication_active_on(day), procedure=procedure)
        .select_related("unit")
        .order_by("unit__path", "place", "pk")
    )
    for publication in publications:
        if publication.place == PublicationPlace.DESK:
            if all(d.unit_id != publication.unit_id for d in desks):
                desks.append(publication)
        else:
            on_portal = True
    detail = ProcedureDetail(
        procedure=procedure,
        on=day,
        version=version,
        versions=versions,
        filing_methods=[],
        papers=[],
        steps=[],
        cases=[],
        desks=desks,
        on_portal=on_portal,
    )
    if version is None:
        return detail
    cases = {c.pk: CaseDetail(case=c) for c in version.cases.all()}
    detail.cases = list(cases.values())
    for method in version.filing_methods.all():
        (cases[method.case_id].filing_methods if method.case_id else detail.filing_methods).append(method)
    for paper in version.papers.all():
        (cases[paper.case_id].papers if paper.case_id else detail.papers).append(paper)
    for step in version.steps.all():
        (cases[step.case_id].steps if step.case_id else detail.steps).append(step)
    return detail


def procedure_paper_with_form(*, code: str, paper_id: int) -> RequiredPaper | None:
    """A paper of procedure ``code`` that has a form file to download (any version: a citizen may
    hold a link from an older page)."""
    return (
        RequiredPaper.objects.filter(pk=paper_id, version__procedure__national_code=code)
        .exclude(form_file="")
        .first()
    )
