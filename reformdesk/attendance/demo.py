"""Demo attendance: two terminals (entrance, exit) in three demo communes, their people, three
weeks of punches and the daily records computed from them, leave (approved and waiting),
explanations (asked, answered, accepted), a tamper trail line and one new device waiting for
approval.

Deterministic (a fixed seed per commune, PIN and day) and idempotent (rows keyed by serial,
unit + PIN, device + PIN + time); punches are bulk-inserted so ``load_demo`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from reformdesk.attendance.choices import (
    DeviceLocation,
    DeviceStatus,
    ExceptionKind,
    ExceptionStatus,
    ExplanationStatus,
    HeldReason,
    PersonSource,
)
from reformdesk.attendance.models import (
    AttendanceException,
    DailyRecord,
    Device,
    DeviceOperation,
    DevicePerson,
    Explanation,
    HeldUpload,
    Punch,
)
from reformdesk.attendance.receiver import VN_TZ, format_local_time
from reformdesk.attendance.selectors import officials_of_unit
from reformdesk.attendance.services.days import daily_records_close, daily_records_compute
from reformdesk.attendance.services.explanations import explanations_withdraw
from reformdesk.attendance.services.people import fold_name
from reformdesk.org.models import Unit
from reformdesk.worktime.calendar import calendar_for_unit

SEED = 20201026
DEMO_UNITS = ("000.71.00.H41", "000.72.00.H41", "000.73.00.H41")
WEEKS = 3
PENDING_SERIAL = "CQZ7251000999"


def _serial(unit: Unit, location: str) -> str:
    digits = unit.code.replace(".", "")[:7].replace("H", "")
    return f"CQZ{digits}{'01' if location == DeviceLocation.ENTRANCE else '02'}"


def _device(unit: Unit, location: str, now: dt.datetime) -> Device:
    device, _created = Device.objects.get_or_create(
        serial=_serial(unit, location),
        defaults={
            "model_name": "SpeedFace-V5L",
            "firmware": "ZAM180-NF-Ver1.0.7",
            "push_version": "2.4.1",
            "unit": unit,
            "location": location,
            "status": DeviceStatus.APPROVED,
            "first_seen_at": now - dt.timedelta(days=7 * WEEKS + 3),
            "approved_at": now - dt.timedelta(days=7 * WEEKS + 2),
            "last_contact_at": now,
            "last_ip": f"10.40.{unit.pk % 250}.{20 if location == DeviceLocation.ENTRANCE else 21}",
        },
    )
    return device


def _working_days(unit: Unit, today: dt.date, back: int) -> list[dt.date]:
    """The unit's working days from ``back`` days ago to yesterday, oldest first."""
    calendar = calendar_for_unit(unit)
    days = [today - dt.timedelta(days=n) for n in range(back, 0, -1)]
    return [day for day in days if calendar.workday(day).sessions]


def _leave_and_explanations(unit: Unit, today: dt.date) -> None:
    """Per commune: two days of annual leave and a day's business trip, approved (the records
    recomputed, their explanations withdrawn); a sick day waiting for the chair; and, of the
    explanations the closing asked for, the first answered and the second accepted (the same two
    on every run)."""
    officials = list(officials_of_unit(unit=unit)[:3])
    days = _working_days(unit, today, 7 * WEEKS)
    if len(officials) < 3 or len(days) < 12:
        return
    plan = [
        (
            officials[0],
            ExceptionKind.ANNUAL_LEAVE,
            days[3],
            days[4],
            ExceptionStatus.APPROVED,
            "Về quê có việc gia đình",
        ),
        (
            officials[1],
            ExceptionKind.BUSINESS_TRIP,
            days[8],
            days[8],
            ExceptionStatus.APPROVED,
            "Tập huấn nghiệp vụ tại huyện",
        ),
        (
            officials[2],
            ExceptionKind.SICK_LEAVE,
            days[-1],
            days[-1],
            ExceptionStatus.PENDING,
            "Sốt, có giấy khám bệnh",
        ),
    ]
    for official, kind, start, end, status, reason in plan:
        row, created = AttendanceException.objects.get_or_create(
            official=official,
            kind=kind,
            start=start,
            defaults={
                "unit": unit,
                "end": end,
                "reason": reason,
                "status": status,
                "requested_at": _at(start, dt.time(7, 30), 0) - dt.timedelta(days=2),
                "decided_at": _at(start, dt.time(9, 0), 0) - dt.timedelta(days=1)
                if status == ExceptionStatus.APPROVED
                else None,
            },
        )
        if created and status == ExceptionStatus.APPROVED:
            daily_records_compute(unit=unit, start=start, end=end, officials=[official.pk], reopen=True)
            explanations_withdraw(actor=None, official_id=official.pk, start=start, end=end)
    waiting = list(
        Explanation.objects.filter(unit=unit)
        .exclude(status=ExplanationStatus.WITHDRAWN)
        .select_related("record")
        .order_by("record__day", "pk")[:2]
    )
    answers = ("Đi họp tổ dân phố theo phân công, quên chấm công.", "Kẹt xe do sửa đường liên xã.")
    for index, row in enumerate(waiting):
        row.answer = answers[index]
        row.answered_at = _at(row.record.day, dt.time(16, 0), 0) + dt.timedelta(days=1)
        row.status = ExplanationStatus.ANSWERED if index == 0 else ExplanationStatus.ACCEPTED
        if index:
            row.decided_at = row.answered_at + dt.timedelta(hours=1)
            row.decision_note = "Đồng ý"
            DailyRecord.objects.filter(pk=row.record_id).update(excused=True)
        row.save(update_fields=["answer", "answered_at", "status", "decided_at", "decision_note"])


def _at(day: dt.date, moment: dt.time, offset_seconds: int) -> dt.datetime:
    return dt.datetime.combine(day, moment, tzinfo=VN_TZ) + dt.timedelta(seconds=offset_seconds)


def _punches(
    unit: Unit, entrance: Device, exit_device: Device, people: list[tuple[str, int]], today: dt.date
) -> list[Punch]:
    calendar = calendar_for_unit(unit)
    rows = []
    for back in range(7 * WEEKS, 0, -1):
        day = today - dt.timedelta(days=back)
        workday = calendar.workday(day)
        if not workday.is_working:
            continue
        start, end = workday.sessions[0][0], workday.sessions[-1][1]
        for pin, official_id in people:
            rng = random.Random(f"{SEED}-{unit.code}-{pin}-{day.isoformat()}")  # noqa: S311 - demo data
            roll = rng.random()
            if roll < 0.03:
                continue  # absent
            late = roll < 0.15
            arrival = _at(day, start, rng.randint(5 * 60, 45 * 60) if late else -rng.randint(0, 30 * 60))
            rows.append(_punch(entrance, unit, pin, official_id, arrival, 0, rng))
            if rng.random() < 0.06:
                continue  # forgot to punch out
            leave = _at(
                day, end, rng.randint(-20 * 60, 40 * 60) if rng.random() < 0.1 else rng.randint(0, 40 * 60)
            )
            rows.append(_punch(exit_device, unit, pin, official_id, leave, 1, rng))
    return rows


def _punch(
    device: Device, unit: Unit, pin: str, official_id: int, at: dt.datetime, status: int, rng: random.Random
) -> Punch:
    verify = 15 if rng.random() < 0.8 else 1
    line = f"{pin}\t{format_local_time(at)}\t{status}\t{verify}\t0\t0\t0\t0\t0\t0\t0\t0"
    return Punch(
        device=device,
        unit=unit,
        pin=pin,
        official_id=official_id,
        punched_at=at,
        status=status,
        verify=verify,
        raw_line=line,
        received_at=at + dt.timedelta(seconds=rng.randint(1, 20)),
    )


def seed() -> list[str]:
    now = timezone.now()
    today = timezone.localdate()
    units = list(Unit.objects.filter(code__in=DEMO_UNITS).order_by("code"))
    devices = punches = 0
    for unit in units:
        entrance = _device(unit, DeviceLocation.ENTRANCE, now)
        exit_device = _device(unit, DeviceLocation.EXIT, now)
        devices += 2
        officials = sorted(officials_of_unit(unit=unit), key=lambda o: o.employee_code)
        DevicePerson.objects.bulk_create(
            [
                DevicePerson(
                    unit=unit,
                    pin=str(index),
                    official=official,
                    name_on_device=fold_name(official.full_name).title()[:24],
                    source=PersonSource.DEVICE,
                    source_device=entrance,
                )
                for index, official in enumerate(officials, start=1)
            ]
            + [
                DevicePerson(
                    unit=unit,
                    pin="9001",
                    name_on_device="Khach",
                    source=PersonSource.DEVICE,
                    source_device=entrance,
                )
            ],
            ignore_conflicts=True,
        )
        people = list(
            DevicePerson.objects.filter(unit=unit, official__isnull=False)
            .order_by("pin")
            .values_list("pin", "official_id")
        )
        rows = _punches(unit, entrance, exit_device, people, today)
        Punch.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
        punches += len(rows)
        daily_records_compute(
            unit=unit, start=today - dt.timedelta(days=7 * WEEKS), end=today - dt.timedelta(days=1)
        )
        daily_records_close(unit=unit)
        _leave_and_explanations(unit, today)
        moment = _at(today - dt.timedelta(days=9), dt.time(6, 42), 0)
        DeviceOperation.objects.bulk_create(
            [
                DeviceOperation(
                    device=entrance,
                    code=21,
                    admin_pin="1",
                    occurred_at=moment,
                    values="0\t0\t0\t0",
                    raw_line=f"OPLOG 21\t1\t{format_local_time(moment)}\t0\t0\t0\t0",
                )
            ],
            ignore_conflicts=True,
        )
    if units:
        pending, created = Device.objects.get_or_create(
            serial=PENDING_SERIAL,
            defaults={"model_name": "MB560-VL", "firmware": "Ver 6.60 Apr 28 2017", "last_contact_at": now},
        )
        if created:
            line = f"1\t{format_local_time(now - dt.timedelta(hours=2))}\t0\t1\t0\t0\t0"
            HeldUpload.objects.create(
                device=pending,
                table="ATTLOG",
                reason=HeldReason.PENDING_DEVICE,
                body=line.encode(),
                stamp="1",
            )
    return [
        f"attendance: {devices} devices approved in {len(units)} communes, "
        f"{punches} punches over {WEEKS} weeks"
    ]
