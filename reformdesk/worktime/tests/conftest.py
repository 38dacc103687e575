"""Fixtures of the worktime tests: the official calendar and Nghệ An's office hours.

Nghệ An (the demo province, inherited by every unit of ``tree``):
    summer 15/4–14/10: 07:00–11:30 and 13:30–17:00 (8 h)
    winter 15/10–14/4: 07:30–12:00 and 13:00–16:30 (8 h)
    cut-off 16:30 (closing time in winter, so it only matters in summer)
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from reformdesk.worktime.calendar import UnitCalendar, calendar_for_unit
from reformdesk.worktime.demo import seed_demo
from reformdesk.worktime.models import CalendarOverride

_load_migration = importlib.import_module("reformdesk.worktime.migrations.0002_official_calendar_2025_2027")
_load_swaps = importlib.import_module("reformdesk.worktime.migrations.0003_official_swaps_2019_2024")


@pytest.fixture
def official_calendar(db) -> None:
    """The overrides loaded by migrations 0002 and 0003 (reloaded if a transactional test flushed
    them)."""
    if not CalendarOverride.objects.filter(unit__isnull=True).exists():
        _load_migration.load(apps, None)
        _load_swaps.load(apps, None)


@pytest.fixture
def nghe_an(tree, official_calendar):
    """The province with its summer and winter office hours, seeded as the demo does."""
    seed_demo(province=tree.province)
    return tree.province


@pytest.fixture
def commune_calendar(tree, nghe_an) -> UnitCalendar:
    """Commune A's calendar: official days off and office hours inherited from the province."""
    return calendar_for_unit(tree.commune_a)
