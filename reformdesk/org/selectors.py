"""Reads on the unit tree and officials. Staff reads are filtered by unit-scoped permissions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import partial
from typing import TypeVar

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, ReceptionSlot, Unit
from reformdesk.org.permissions import AnyUser, Perm, unit_filter

Figures = TypeVar("Figures")


def unit_get_by_code(*, code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


def unit_ancestors(*, unit: Unit) -> QuerySet[Unit]:
    """Ancestors root first, in one query on the primary keys held in the path."""
    return Unit.objects.filter(pk__in=unit.ancestor_ids()).order_by("depth")


def unit_subtree(*, unit: Unit, include_self: bool = True) -> QuerySet[Unit]:
    qs = Unit.objects.subtree_of(unit)
    return qs if include_self else qs.exclude(pk=unit.pk)


def unit_lineage(*, unit: Unit) -> list[Unit]:
    """The unit and its ancestors, nearest first: the order settings are inherited in."""
    ids = [*unit.ancestor_ids(), unit.pk]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[pk] for pk in reversed(ids) if pk in by_id]


def unit_directory(
    *, on: dt.date | None = None, search: str = "", root: Unit | None = None
) -> QuerySet[Unit]:
    """Units in force on ``on`` for the public directory, in tree order, leaders joined."""
    qs = Unit.objects.active_on(on or timezone.localdate()).select_related("leader", "parent")
    if root is not None:
        qs = qs.subtree_of(root)
    if search:
        qs = qs.filter(
            Q(name_vi__icontains=search) | Q(name_en__icontains=search) | Q(code__icontains=search)
        )
    return qs.order_by("path")


def hotline_boards(*, units: list[Unit], on: dt.date | None = None) -> dict[int, list[Official]]:
    """For each unit, the officials who agreed to publish their phone: the head of the unit first,
    then other leaders, then the rest by name. Two queries whatever the number of units."""
    day = on or timezone.localdate()
    by_unit: dict[int, list[Official]] = {unit.pk: [] for unit in units}
    leader_of = {unit.pk: unit.leader_id for unit in units}
    memberships = (
        Membership.objects.active_on(day)
        .filter(unit_id__in=by_unit, official__is_active=True, official__on_hotline_board=True)
        .exclude(official__phone="")
        .select_related("official")
        .order_by("unit_id", "official__full_name", "official_id")
    )
    leaders: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    for m in memberships:
        if m.role == Role.LEADER:
            leaders.add((m.unit_id, m.official_id))
        if (m.unit_id, m.official_id) not in seen:
            seen.add((m.unit_id, m.official_id))
            by_unit[m.unit_id].append(m.official)

    def rank(unit_id: int, official: Official) -> tuple[int, str]:
        if leader_of[unit_id] == official.pk:
            return (0, official.full_name)
        return (1 if (unit_id, official.pk) in leaders else 2, official.full_name)

    for unit_id, officials in by_unit.items():
        officials.sort(key=partial(rank, unit_id))
    return by_unit


def hotline_board(*, unit: Unit, on: dt.date | None = None) -> list[Official]:
    return hotline_boards(units=[unit], on=on)[unit.pk]


def reception_schedule(*, unit: Unit) -> QuerySet[ReceptionSlot]:
    return unit.reception_slots.select_related("host").order_by("week_of_month", "weekday", "start_time")


def official_search(queryset: QuerySet[Official], text: str) -> QuerySet[Official]:
    """Officials whose name, code, position or job title contains ``text``."""
    return queryset.filter(
        Q(full_name__icontains=text)
        | Q(employee_code__icontains=text)
        | Q(position__icontains=text)
        | Q(job_title__icontains=text)
    )


def official_list(*, user: AnyUser, unit: Unit | None = None, search: str = "") -> QuerySet[Official]:
    """Officials with a membership in a unit the user may see officials of."""
    visible = Membership.objects.filter(unit_filter(user, Perm.VIEW_OFFICIAL, "unit"))
    if unit is not None:
        visible = visible.filter(unit__path__startswith=unit.path)
    qs = Official.objects.filter(pk__in=visible.values("official_id"))
    if search:
        qs = official_search(qs, search)
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("unit").filter(is_primary=True),
            to_attr="primary_memberships",
        )
    )


def unit_list_for(*, user: AnyUser, perm: Perm = Perm.VIEW_STAFF_AREA) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_filter(user, perm)).order_by("path")


def unit_roll_up(
    *, unit: Unit, per_unit: Mapping[int, Figures], zero: Figures, add: Callable[[Figures, Figures], Figures]
) -> list[tuple[Unit, bool, Figures]]:
    """The figures of the units of ``unit``'s subtree (``per_unit``, by unit id) summed up to the
    units directly under ``unit``: ``(unit, own, figures)`` for ``unit`` itself (own: only when it
    has figures of its own) and for each unit under it with figures, in the order of the tree."""
    subtree = list(Unit.objects.subtree_of(unit).order_by("path"))
    children = [u for u in subtree if u.parent_id == unit.pk]
    rolled = {u.pk: zero for u in [unit, *children]}
    for member in subtree:
        figures = per_unit.get(member.pk)
        if figures is None:
            continue
        top = next((c.pk for c in children if member.path.startswith(c.path)), unit.pk)
        rolled[top] = add(rolled[top], figures)
    rows = [(unit, True, rolled[unit.pk])] if unit.pk in per_unit else []
    return rows + [(child, False, rolled[child.pk]) for child in children if rolled[child.pk] != zero]
