"""Demo office hours: the province's summer and winter schedules, inherited by every unit below.

Nghệ An style: summer (15/4–14/10) 07:00–11:30 and 13:30–17:00, winter (15/10–14/4) 07:30–12:00
and 13:00–16:30, Monday to Friday, both 8 hours a day. Receipts from 16:30 count from the next
working day (in winter that is closing time, so the cut-off only matters in summer).
Idempotent: a schedule already equal to the demo one is left alone (no audit row, no new revision).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reformdesk.org.models import Unit
from reformdesk.worktime import services
from reformdesk.worktime.choices import Season
from reformdesk.worktime.models import OfficeSchedule

T = dt.time
CUTOFF = T(16, 30)
VALID_FROM = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class DemoSchedule:
    name_vi: str
    name_en: str
    season: str
    start: tuple[int, int]
    end: tuple[int, int]
    sessions: tuple[tuple[dt.time, dt.time], ...]


DEMO_SCHEDULES = (
    DemoSchedule(
        "Giờ làm việc mùa hè",
        "Summer office hours",
        Season.SUMMER,
        (4, 15),
        (10, 14),
        ((T(7), T(11, 30)), (T(13, 30), T(17))),
    ),
    DemoSchedule(
        "Giờ làm việc mùa đông",
        "Winter office hours",
        Season.WINTER,
        (10, 15),
        (4, 14),
        ((T(7, 30), T(12)), (T(13), T(16, 30))),
    ),
)


def _same(schedule: OfficeSchedule, demo: DemoSchedule) -> bool:
    sessions = sorted((s.weekday, s.start, s.end) for s in schedule.sessions.all())
    expected = sorted((weekday, start, end) for weekday in range(5) for start, end in demo.sessions)
    return (
        schedule.name_en == demo.name_en
        and schedule.season == demo.season
        and schedule.season_range == (demo.start, demo.end)
        and schedule.valid_from == VALID_FROM
        and schedule.valid_to is None
        and schedule.cutoff == CUTOFF
        and sessions == expected
    )


def seed_demo(*, province: Unit) -> list[str]:
    """Give ``province`` its summer and winter office hours (created or corrected, never doubled)."""
    for demo in DEMO_SCHEDULES:
        existing = OfficeSchedule.objects.filter(unit=province, name_vi=demo.name_vi).first()
        if existing is not None and _same(existing, demo):
            continue
        services.schedule_set(
            actor=None,
            unit=province,
            name_vi=demo.name_vi,
            name_en=demo.name_en,
            season=demo.season,
            season_start=demo.start,
            season_end=demo.end,
            valid_from=VALID_FROM,
            sessions=dict.fromkeys(range(5), demo.sessions),
            cutoff=CUTOFF,
            schedule=existing,
        )
    return []


def seed() -> list[str]:
    """The ``load_demo`` hook: the demo province is the one org's demo seeded."""
    from reformdesk.org import demo_data

    province = Unit.objects.filter(code=demo_data.PROVINCE[0]).first()
    return [] if province is None else seed_demo(province=province)
