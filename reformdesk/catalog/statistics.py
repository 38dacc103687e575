"""Publication statistics: procedures in a unit's scope, posted at its desk and on the portal.

Definitions (the source report's "282/375 thủ tục (75,2 %)" for Tân Kỳ district is one total):

* **Level of a unit.** Province → provincial procedures; district → district procedures; commune,
  ward and town → commune procedures. A department or a one-stop centre belongs to the nearest
  administrative unit above it (its *anchor*): a district's offices and desk work for the district,
  and what they post counts for it.
* **In force on a day.** A procedure counts on day D when one of its versions is in force on D
  (``effective_from ≤ D ≤ effective_to``). A procedure marked as no longer applied
  (``is_active = False``) also leaves today's and later figures; history still counts it.
* **In scope** of a set of units: the distinct procedures in force whose level matches the level of
  an administrative unit of the set that exists on D (``Unit.valid_from``/``valid_to``). For a
  subtree this is the union over its units: Tân Kỳ district in 2020 = district procedures ∪ commune
  procedures = 375.
* **Posted at the desk / on the portal:** a publication (place ``desk`` or ``portal``) open on D
  (``published_on ≤ D < withdrawn_on``) by the administrative unit or a unit anchored to it. A
  portal publication by a unit also covers every unit below it (a province publishing the commune
  catalogue publishes it for each commune). For a set of units, a procedure counts as posted when
  it is posted *wherever it applies*: by every administrative unit of the set whose scope holds it.
  So a district's total is not lifted by one commune posting what the others miss.
* **Share:** posted ÷ in scope, in per cent, rounded half up to 0.1 (``Decimal("75.2")``); None
  when nothing is in scope.
* **Online levels:** counts over the procedures in scope by today's level (full / partial / none)
  and by the legacy 1–4 level of before 2022 (``none`` when a procedure has no legacy level).

Rows of :func:`publication_statistics`: the unit's own row (the unit with its departments and
one-stop centres), one row per administrative unit directly under it (with its subtree), and the
total (the whole subtree). Totals count distinct procedures, so they are not sums of rows.

Every function runs at most three queries, whatever the number of units or procedures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from reformdesk.catalog.choices import LegacyOnlineLevel, Level, OnlineLevel, PublicationPlace
from reformdesk.catalog.models import Procedure, ProcedureVersion, Publication
from reformdesk.org.choices import UnitKind
from reformdesk.org.models import Unit
from reformdesk.org.models.units import PATH_SEGMENT_WIDTH

ADMINISTRATIVE_LEVEL: dict[str, str] = {
    UnitKind.PROVINCE.value: Level.PROVINCE.value,
    UnitKind.DISTRICT.value: Level.DISTRICT.value,
    UnitKind.COMMUNE.value: Level.COMMUNE.value,
    UnitKind.WARD.value: Level.COMMUNE.value,
    UnitKind.TOWN.value: Level.COMMUNE.value,
}
ONLINE_KEYS: tuple[str, ...] = tuple(OnlineLevel.values)
LEGACY_KEYS: tuple[str, ...] = (*(str(v) for v in LegacyOnlineLevel.values), "none")
_TENTH = Decimal("0.1")
_FLAG_INDEX: dict[str, int] = {Level.PROVINCE.value: 0, Level.DISTRICT.value: 1, Level.COMMUNE.value: 2}

RowKind = Literal["own", "child", "total"]


def share(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in per cent, rounded half up to 0.1; None when ``whole`` is 0."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PublicationFigures:
    """The figures of one row: a unit, a unit with its offices, a subtree or a total."""

    unit: Unit
    kind: RowKind
    in_scope: int
    at_desk: int
    on_portal: int
    desk_share: Decimal | None
    portal_share: Decimal | None
    online: Mapping[str, int]  # OnlineLevel value → count, every level present
    legacy: Mapping[str, int]  # "1"…"4" and "none" → count

    @property
    def not_on_portal(self) -> int:
        return self.in_scope - self.on_portal


@dataclass(frozen=True)
class PublicationStatistics:
    """A unit's statistics on a day: its own row (when it has a scope or postings), one row per
    administrative unit under it, and the total."""

    unit: Unit
    on: dt.date
    own: PublicationFigures | None
    children: list[PublicationFigures]
    total: PublicationFigures
    active: bool  # whether the unit itself exists on the day

    @property
    def rows(self) -> list[PublicationFigures]:
        """Own row, then children: the chart's and the table's rows (the total apart)."""
        return ([self.own] if self.own is not None else []) + self.children


@dataclass(frozen=True)
class _ProcedureRow:
    level_flags: tuple[bool, bool, bool]  # province, district, commune
    online_level: str
    legacy_level: int | None


class _Snapshot:
    """The units, procedures in force and open publications under one unit on one day (3 queries)."""

    def __init__(self, unit: Unit, on: dt.date) -> None:
        self.unit, self.on = unit, on
        ancestor_ids = unit.ancestor_ids()
        rows = list(
            Unit.objects.filter(Q(path__startswith=unit.path) | Q(pk__in=ancestor_ids))
            .only("id", "code", "kind", "name_vi", "name_en", "parent_id", "path", "valid_from", "valid_to")
            .order_by("path")
        )
        self.subtree = [u for u in rows if u.path.startswith(unit.path)]
        # The administrative unit each unit works for; path order puts parents first.
        self.anchor: dict[int, int | None] = {}
        for u in rows:
            self.anchor[u.pk] = u.pk if u.kind in ADMINISTRATIVE_LEVEL else self.anchor.get(u.parent_id or 0)
        self.kind_of = {u.pk: u.kind for u in rows}
        self.active = {u.pk for u in self.subtree if u.is_active_on(on)}

        levels = {ADMINISTRATIVE_LEVEL[self.kind_of[a]] for a in self._anchors(self.subtree)}
        self.procedures: dict[int, _ProcedureRow] = {}
        if levels:
            self.procedures = {
                pk: _ProcedureRow((at_p, at_d, at_c), online, legacy)
                for pk, at_p, at_d, at_c, online, legacy in _in_force(on, levels).values_list(
                    "pk", "at_province", "at_district", "at_commune", "online_level", "legacy_online_level"
                )
            }
        self.scope_of_level: dict[str, set[int]] = {
            level: {pk for pk, row in self.procedures.items() if row.level_flags[index]}
            for level, index in _FLAG_INDEX.items()
        }

        # Postings per anchor (desk, portal) and portal postings per unit (they cover the subtree).
        self.desk: dict[int, set[int]] = {}
        self.portal: dict[int, set[int]] = {}
        self.portal_by_unit: dict[int, set[int]] = {}
        open_on = Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
        publications = (
            Publication.objects.filter(
                Q(unit__path__startswith=unit.path)
                | Q(unit_id__in=ancestor_ids, place=PublicationPlace.PORTAL),
                published_on__lte=on,
            )
            .filter(open_on)
            .values_list("unit_id", "place", "procedure_id")
            .distinct()
        )
        for unit_id, place, procedure_id in publications:
            if place == PublicationPlace.PORTAL:
                self.portal_by_unit.setdefault(unit_id, set()).add(procedure_id)
            anchor = self.anchor.get(unit_id)
            if anchor is None or unit_id not in self.active:  # ancestors count through portal_by_unit
                continue
            target = self.desk if place == PublicationPlace.DESK else self.portal
            target.setdefault(anchor, set()).add(procedure_id)
        self.by_id = {u.pk: u for u in rows}

    def _anchors(self, units: Iterable[Unit]) -> set[int]:
        """The active administrative units the given units work for."""
        return {
            a
            for u in units
            if u.pk in self.active and (a := self.anchor.get(u.pk)) is not None and a in self.active
        }

    def _portal_of(self, anchor: int) -> set[int]:
        covered = set(self.portal.get(anchor, set()))
        for ancestor_id in self.by_id[anchor].ancestor_ids():
            covered |= self.portal_by_unit.get(ancestor_id, set())
        return covered

    def figures(self, unit: Unit, kind: RowKind, units: Iterable[Unit]) -> PublicationFigures:
        anchors = self._anchors(units)
        by_level: dict[str, list[int]] = {}
        for a in anchors:
            by_level.setdefault(ADMINISTRATIVE_LEVEL[self.kind_of[a]], []).append(a)
        scope: set[int] = set()
        missing_desk: set[int] = set()
        missing_portal: set[int] = set()
        for level, level_anchors in by_level.items():
            level_scope = self.scope_of_level[level]
            scope |= level_scope
            for a in level_anchors:
                missing_desk |= level_scope - self.desk.get(a, set())
                missing_portal |= level_scope - self._portal_of(a)
        at_desk = len(scope - missing_desk)
        on_portal = len(scope - missing_portal)
        online = dict.fromkeys(ONLINE_KEYS, 0)
        legacy = dict.fromkeys(LEGACY_KEYS, 0)
        for pk in scope:
            row = self.procedures[pk]
            online[row.online_level] = online.get(row.online_level, 0) + 1
            legacy_key = str(row.legacy_level) if row.legacy_level is not None else "none"
            legacy[legacy_key] = legacy.get(legacy_key, 0) + 1
        return PublicationFigures(
            unit=unit,
            kind=kind,
            in_scope=len(scope),
            at_desk=at_desk,
            on_portal=on_portal,
            desk_share=share(at_desk, len(scope)),
            portal_share=share(on_portal, len(scope)),
            online=online,
            legacy=legacy,
        )


def _in_force(on: dt.date, levels: set[str]) -> QuerySet[Procedure]:
    in_force = ProcedureVersion.objects.filter(procedure=OuterRef("pk"), effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )
    level_filter = Q()
    for level in levels:
        level_filter |= Q(**{f"at_{level}": True})
    qs = Procedure.objects.filter(Exists(in_force)).filter(level_filter)
    if on >= timezone.localdate():
        qs = qs.filter(is_active=True)
    return qs.order_by()


def _rows(snapshot: _Snapshot, unit: Unit) -> tuple[list[Unit], list[Unit], dict[int, list[Unit]]]:
    """The administrative units directly under ``unit`` that exist on the day, the units of the
    unit's own row (itself and its departments and one-stop centres), and each child's subtree.
    Grouping reads the paths: no query."""
    children = [
        u
        for u in snapshot.subtree
        if u.parent_id == unit.pk and u.kind in ADMINISTRATIVE_LEVEL and u.pk in snapshot.active
    ]
    groups: dict[int, list[Unit]] = {child.pk: [] for child in children}
    own: list[Unit] = []
    start = len(unit.path)
    for u in snapshot.subtree:
        segment = u.path[start : start + PATH_SEGMENT_WIDTH]
        top = int(segment) if segment else None
        if top is not None and top in groups:
            groups[top].append(u)
        else:
            own.append(u)
    return children, own, groups


def publication_figures(*, unit: Unit, on: dt.date, subtree: bool = True) -> PublicationFigures:
    """The figures of ``unit``'s whole subtree on ``on``, or (``subtree=False``) of the unit alone
    with its departments and one-stop centres. At most three queries."""
    snapshot = _Snapshot(unit, on)
    if subtree:
        return snapshot.figures(unit, "total", snapshot.subtree)
    _children, own, _groups = _rows(snapshot, unit)
    return snapshot.figures(unit, "own", own)


def publication_statistics(*, unit: Unit, on: dt.date) -> PublicationStatistics:
    """The rows of the statistics page, API and export for ``unit`` on ``on``. At most three queries
    (two when no administrative unit of the subtree exists on the day)."""
    snapshot = _Snapshot(unit, on)
    children, own_units, groups = _rows(snapshot, unit)
    own = snapshot.figures(unit, "own", own_units)
    show_own = own.in_scope > 0 or not children
    return PublicationStatistics(
        unit=unit,
        on=on,
        own=own if show_own else None,
        children=[snapshot.figures(child, "child", groups[child.pk]) for child in children],
        total=snapshot.figures(unit, "total", snapshot.subtree),
        active=unit.pk in snapshot.active,
    )
