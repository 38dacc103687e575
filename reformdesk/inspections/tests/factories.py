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
