"""Punches, leave and inspections for the tests: commune A inspected on Tuesday 2/12/2025 at
09:30, in office hours."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from reformdesk.attendance.choices import ExceptionKind, ExceptionStatus
from reformdesk.attendance.models import AttendanceException, Punch
from reformdesk.attendance.tests.factories import make_device
from reformdesk.dossiers.tests.factories import vn
from reformdesk.inspections import services
from reformdesk.inspections.models import Inspection
from reformdesk.org.models import Official, Unit

__all__ = ["AT", "approved_leave", "punch", "sudden", "vn"]

AT = vn(2025, 12, 2, 9, 30)
DAY = AT.date()


def punch(*, official: Official, unit: Unit, at: dt.datetime, pin: str | None = None) -> Punch:
    device = make_device(unit=unit)
    pin = pin or official.employee_code[-6:]
    return Punch.objects.create(
        device=device, unit=unit, pin=pin, official=official, punched_at=at, raw_line=f"{pin}\t{at}"
    )


def approved_leave(
    *, official: Official, unit: Unit, kind: str = ExceptionKind.ANNUAL_LEAVE, day: dt.date = DAY
) -> AttendanceException:
    return AttendanceException.objects.create(
        official=official,
        unit=unit,
        kind=kind,
        start=day,
        end=day,
        reason="Việc gia đình",
        status=ExceptionStatus.APPROVED,
    )


def sudden(
    *, actor: User, leader: Official, target: Unit, start: bool = True, **overrides: Any
) -> Inspection:
    """A sudden inspection of ``target`` by the district, started at ``AT`` unless told not to."""
    values: dict[str, Any] = {
        "inspecting_unit": target.parent,
        "target_unit": target,
        "kind": "sudden",
        "leader": leader,
        "start": start,
        "at": AT,
    }
    values.update(overrides)
    return services.inspection_create(actor=actor, **values)


def staffed_unit(*, parent: Unit, size: int = 300, at: dt.datetime = AT, code: str = "000.30.39.H41") -> Unit:
    """A commune of ``size`` officials (one in fifty at the one-stop desk), in bulk: three in four
    punched in before ``at`` (one in ten of them late), one in twenty on approved leave, one in
    fifty on a business trip, the rest absent. Used by the query-count test and the bench."""
    from reformdesk.org.choices import OfficialCategory, Role
    from reformdesk.org.models import Membership
    from reformdesk.org.tests.factories import make_unit

    unit = make_unit(name="Xã Kiểm Tra", parent=parent, code=code)
    officials = Official.objects.bulk_create(
        Official(
            employee_code=f"KT{unit.pk:04d}{n:05d}",
            full_name=f"Nguyễn Văn Cán Bộ {n:03d}",
            category=OfficialCategory.CIVIL_SERVANT,
        )
        for n in range(size)
    )
    Membership.objects.bulk_create(
        Membership(
            official=official,
            unit=unit,
            role=Role.ONE_STOP if n % 50 == 0 else Role.SPECIALIST,
            is_primary=True,
        )
        for n, official in enumerate(officials)
    )
    device = make_device(unit=unit)
    day = at.date()
    punches, leave = [], []
    for n, official in enumerate(officials):
        if n % 20 == 1:
            leave.append((official, ExceptionKind.ANNUAL_LEAVE))
        elif n % 50 == 3:
            leave.append((official, ExceptionKind.BUSINESS_TRIP))
        elif n % 4 != 2:
            arrived = dt.time(8, 10) if n % 10 == 0 else dt.time(7, 30)
            moment = dt.datetime.combine(day, arrived, tzinfo=at.tzinfo)
            punches.append(
                Punch(
                    device=device,
                    unit=unit,
                    pin=str(n + 1),
                    official=official,
                    punched_at=moment,
                    raw_line="",
                )
            )
    Punch.objects.bulk_create(punches)
    AttendanceException.objects.bulk_create(
        AttendanceException(
            official=official,
            unit=unit,
            kind=kind,
            start=day,
            end=day,
            reason="Theo kế hoạch",
            status=ExceptionStatus.APPROVED,
        )
        for official, kind in leave
    )
    return unit
