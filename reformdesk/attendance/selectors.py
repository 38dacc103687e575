"""Reads of the attendance app, scoped to the units the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Length, TruncWeek
from django.utils import timezone

from reformdesk.attendance.choices import (
    UNTRUSTED_HELD_REASONS,
    DayStatus,
    DeviceStatus,
    ExceptionStatus,
    ExplanationStatus,
    HeldReason,
)
from reformdesk.attendance.models import (
    AttendanceException,
    DailyRecord,
    Device,
    DevicePerson,
    Explanation,
    HeldUpload,
    Punch,
)
from reformdesk.attendance.models.devices import offline_minutes
from reformdesk.attendance.receiver import VN_TZ
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, is_superuser, unit_filter


def device_list(*, user: AnyUser, status: str | None = None, unit: Unit | None = None) -> QuerySet[Device]:
    """Devices of the units where the user reads attendance or manages devices; pending devices
    (no unit yet) only for those who may approve them."""
    qs = Device.objects.select_related("unit")
    if not is_superuser(user):  # (an empty Q, a superuser's filter, would vanish inside an OR)
        visible = unit_filter(user, Perm.VIEW_ATTENDANCE, "unit") | unit_filter(
            user, Perm.MANAGE_DEVICES, "unit"
        )
        if has_perm(user, Perm.MANAGE_DEVICES):
            visible |= Q(unit__isnull=True)
        qs = qs.filter(visible)
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("serial")


def officials_of_unit(*, unit: Unit) -> QuerySet[Official]:
    """Active officials with a membership in force today at ``unit``, in name order."""
    ids = Membership.objects.active_on(timezone.localdate()).filter(unit=unit).values("official_id")
    return Official.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "pk")


def device_offline(*, user: AnyUser, now: dt.datetime | None = None) -> QuerySet[Device]:
    """Approved devices silent for longer than ``ATTENDANCE_OFFLINE_MINUTES``: a health warning."""
    limit = (now or timezone.now()) - dt.timedelta(minutes=offline_minutes())
    return device_list(user=user, status=DeviceStatus.APPROVED).filter(
        Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=limit)
    )


def device_held_untrusted(*, user: AnyUser) -> QuerySet[Device]:
    """Approved devices with uploads held because they came from outside the allowed networks or
    without the communication key: someone else may be sending under their serial number, or the
    device moved."""
    return (
        device_list(user=user, status=DeviceStatus.APPROVED)
        .filter(held__reason__in=UNTRUSTED_HELD_REASONS, held__replayed_at__isnull=True)
        .distinct()
    )


@dataclass(frozen=True)
class HeldSummary:
    """What waits among one device's held uploads for one reason."""

    reason: str
    label: str
    count: int
    size: int
    first: dt.datetime
    last: dt.datetime

    @property
    def untrusted(self) -> bool:
        return self.reason in UNTRUSTED_HELD_REASONS


def device_held_summary(*, device: Device) -> list[HeldSummary]:
    """The device's uploads still held, per reason (one grouped query)."""
    rows = (
        HeldUpload.objects.filter(device=device, replayed_at__isnull=True)
        .values("reason")
        .annotate(
            count=Count("pk"), size=Sum(Length("body")), first=Min("received_at"), last=Max("received_at")
        )
        .order_by("reason")
    )
    labels = dict(HeldReason.choices)
    return [
        HeldSummary(
            reason=row["reason"],
            label=str(labels.get(row["reason"], row["reason"])),
            count=row["count"],
            size=int(row["size"] or 0),
            first=row["first"],
            last=row["last"],
        )
        for row in rows
    ]


def device_pending(*, user: AnyUser) -> QuerySet[Device]:
    if not has_perm(user, Perm.MANAGE_DEVICES):
        return Device.objects.none()
    return Device.objects.filter(status=DeviceStatus.PENDING).order_by("-first_seen_at", "serial")


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=VN_TZ)


def punch_list(
    *,
    user: AnyUser,
    unit: Unit | None = None,
    device: Device | None = None,
    official: Official | None = None,
    device_serial: str = "",
    employee_code: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Punch]:
    """Punches the user may read, newest first; ``start``/``end`` are local days, both included.
    A serial or an employee code filters by code: one nobody has and one the user may not see
    both give no rows, so the answer tells nothing about codes elsewhere."""
    qs = Punch.objects.filter(unit_filter(user, Perm.VIEW_ATTENDANCE, "unit"))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if device is not None:
        qs = qs.filter(device=device)
    if official is not None:
        qs = qs.filter(official=official)
    if device_serial:
        qs = qs.filter(device__serial=device_serial)
    if employee_code:
        qs = qs.filter(official__employee_code=employee_code)
    if start is not None:
        qs = qs.filter(punched_at__gte=_day_start(start))
    if end is not None:
        qs = qs.filter(punched_at__lt=_day_start(end + dt.timedelta(days=1)))
    return qs.select_related("device", "unit", "official").order_by("-punched_at", "-id")


def unknown_pins(*, user: AnyUser, unit: Unit | None = None) -> QuerySet[DevicePerson]:
    """PINs nobody has said who they are, with how many punches wait on them (index unit+pin)."""
    qs = DevicePerson.objects.filter(
        unit_filter(user, Perm.MANAGE_DEVICE_PEOPLE, "unit"), official__isnull=True
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    same_pin = Punch.objects.filter(unit=OuterRef("unit"), pin=OuterRef("pin")).order_by()
    return (
        qs.select_related("unit", "source_device")
        .annotate(
            punch_count=Coalesce(Subquery(same_pin.values("pin").annotate(n=Count("pk")).values("n")[:1]), 0),
            last_punch_at=Subquery(same_pin.order_by("-punched_at").values("punched_at")[:1]),
        )
        .order_by("unit__path", "pin")
    )


def daily_record_list(
    *, unit: Unit, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[DailyRecord]:
    """The unit's daily records (the caller checks the permission on ``unit``)."""
    qs = DailyRecord.objects.filter(unit=unit)
    if start is not None:
        qs = qs.filter(day__gte=start)
    if end is not None:
        qs = qs.filter(day__lte=end)
    return qs.select_related("official", "unit").order_by("-day", "official__full_name", "official_id")


def daily_record_visible(*, user: AnyUser) -> QuerySet[DailyRecord]:
    """Daily records of the units where the user reads attendance, newest first."""
    return (
        DailyRecord.objects.filter(unit_filter(user, Perm.VIEW_ATTENDANCE, "unit"))
        .select_related("official", "unit", "exception", "explanation")
        .order_by("-day", "official__full_name", "official_id")
    )


def _own_or_units(user: AnyUser, *perms: Perm) -> Q:
    """Rows of the user's own official, or of units where the user holds one of ``perms``."""
    if is_superuser(user):
        return Q()
    q = Q(official__user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    for perm in perms:
        q |= unit_filter(user, perm, "unit")
    return q


def exception_visible(*, user: AnyUser, status: str | None = None) -> QuerySet[AttendanceException]:
    """Leave requests the user may read: their own, and those of units where they read attendance
    or enter leave; newest first."""
    qs = AttendanceException.objects.filter(
        _own_or_units(user, Perm.VIEW_ATTENDANCE, Perm.ENTER_ATTENDANCE_EXCEPTIONS)
    )
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("official", "unit", "requested_by", "decided_by").order_by(
        "-requested_at", "-pk"
    )


def exception_queue(*, user: AnyUser) -> QuerySet[AttendanceException]:
    """Pending requests the user may decide, oldest first."""
    return (
        AttendanceException.objects.filter(
            unit_filter(user, Perm.DECIDE_ATTENDANCE, "unit"), status=ExceptionStatus.PENDING
        )
        .select_related("official", "unit", "requested_by")
        .order_by("requested_at", "pk")
    )


def explanation_visible(*, user: AnyUser, status: str | None = None) -> QuerySet[Explanation]:
    """Explanations the user may read: their own, and those of units where they read attendance."""
    qs = Explanation.objects.filter(_own_or_units(user, Perm.VIEW_ATTENDANCE))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("record", "official", "unit").order_by(
        "-record__day", "official__full_name", "pk"
    )


def explanation_todo(*, user: AnyUser) -> QuerySet[Explanation]:
    """The user's own explanations still to write, oldest day first."""
    if not user.is_authenticated:
        return Explanation.objects.none()
    return (
        Explanation.objects.filter(official__user_id=user.pk, status=ExplanationStatus.REQUESTED)
        .select_related("record", "unit")
        .order_by("record__day", "pk")
    )


def explanation_queue(*, user: AnyUser) -> QuerySet[Explanation]:
    """Answered explanations the user may accept or reject, oldest day first."""
    return (
        Explanation.objects.filter(
            unit_filter(user, Perm.DECIDE_ATTENDANCE, "unit"), status=ExplanationStatus.ANSWERED
        )
        .select_related("record", "official", "unit")
        .order_by("record__day", "pk")
    )


@dataclass(frozen=True)
class Compliance:
    """Counts of a period: late, early, absent and missing-punch days (accepted explanations not
    counted), approved leave days, by official, by unit and by week."""

    by_official: list[dict[str, Any]]
    by_unit: list[dict[str, Any]]
    by_week: list[dict[str, Any]]
    total: dict[str, Any]


def _counts() -> dict[str, Count]:
    open_ = Q(excused=False)
    return {
        "late": Count("pk", filter=Q(status=DayStatus.LATE) & open_),
        "early": Count("pk", filter=Q(status=DayStatus.EARLY) & open_),
        "absent": Count("pk", filter=Q(status=DayStatus.ABSENT)),
        "missing": Count("pk", filter=Q(status=DayStatus.MISSING_PUNCH) & open_),
        "excused": Count("pk", filter=Q(excused=True)),
        "leave": Count("pk", filter=Q(status=DayStatus.EXCEPTION)),
        "workdays": Count("pk", filter=~Q(status=DayStatus.DAY_OFF)),
    }


def compliance(*, unit: Unit, start: dt.date, end: dt.date) -> Compliance:
    """The unit's and its subunits' compliance from ``start`` to ``end`` (the caller checks the
    permission on ``unit``): three grouped queries and one for the units' names."""
    qs = DailyRecord.objects.filter(unit__path__startswith=unit.path, day__range=(start, end)).order_by()
    by_unit = list(qs.values("unit_id").annotate(**_counts()))
    units = Unit.objects.in_bulk([row["unit_id"] for row in by_unit])
    for row in by_unit:
        row["unit"] = units[row["unit_id"]]
    by_unit.sort(key=lambda row: row["unit"].path)
    by_official = list(qs.values("official_id", "official__full_name", "unit_id").annotate(**_counts()))
    for row in by_official:
        row["unit"] = units[row["unit_id"]]
        row["violations"] = row["late"] + row["early"] + row["absent"] + row["missing"]
    by_official.sort(key=lambda row: (-row["violations"], row["unit"].path, row["official__full_name"]))
    by_week = list(qs.annotate(week=TruncWeek("day")).values("week").annotate(**_counts()).order_by("week"))
    total = {key: sum(row[key] for row in by_unit) for key in _counts()}
    return Compliance(by_official=by_official, by_unit=by_unit, by_week=by_week, total=total)
