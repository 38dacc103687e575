"""Daily records: computed from punches and the unit's office schedule, closed once synced."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reformdesk.attendance.choices import DaySession, DayStatus, DeviceStatus, ExceptionStatus
from reformdesk.attendance.models import AttendanceException, DailyRecord, Device, Punch
from reformdesk.attendance.receiver import VN_TZ
from reformdesk.attendance.rules import Rules, Session, day_status, evaluate_day
from reformdesk.attendance.selectors import officials_of_unit
from reformdesk.attendance.services.explanations import explanations_for_closed
from reformdesk.org.models import Unit
from reformdesk.worktime.calendar import calendar_for_unit

RECORD_FIELDS = [
    "unit",
    "status",
    "exception",
    "first_in",
    "last_out",
    "late_minutes",
    "early_minutes",
    "missing_punches",
    "sessions",
    "computed_at",
]


def unit_rules() -> Rules:
    """The rules from the settings (grace minutes, windows, two or four punches a day)."""
    defaults = Rules()
    return Rules(
        grace_late_minutes=int(
            getattr(settings, "ATTENDANCE_GRACE_LATE_MINUTES", defaults.grace_late_minutes)
        ),
        grace_early_minutes=int(
            getattr(settings, "ATTENDANCE_GRACE_EARLY_MINUTES", defaults.grace_early_minutes)
        ),
        per_session=bool(getattr(settings, "ATTENDANCE_PUNCH_EVERY_SESSION", defaults.per_session)),
    )


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=VN_TZ)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(VN_TZ).isoformat() if moment else None


def _approved_exceptions(
    *, official_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, list[AttendanceException]]:
    found: dict[int, list[AttendanceException]] = defaultdict(list)
    for row in AttendanceException.objects.filter(
        official_id__in=official_ids, status=ExceptionStatus.APPROVED, start__lte=end, end__gte=start
    ).order_by("start", "pk"):
        found[row.official_id].append(row)
    return found


def apply_exceptions(
    day: dt.date, sessions: list[Session], exceptions: list[AttendanceException]
) -> tuple[list[Session], AttendanceException | None]:
    """The sessions left to punch once the day's approved exceptions are taken out (a whole-day
    exception leaves none; a morning one drops the first session, an afternoon one the last),
    and the exception shown on the record."""
    applied = None
    for row in exceptions:
        if not row.start <= day <= row.end or not sessions:
            continue
        applied = applied or row
        if row.session == DaySession.ALL_DAY or len(sessions) == 1:
            sessions = []
        elif row.session == DaySession.MORNING:
            sessions = sessions[1:]
        else:
            sessions = sessions[:-1]
    return sessions, applied


@transaction.atomic
def daily_records_compute(
    *, unit: Unit, start: dt.date, end: dt.date, officials: list[int] | None = None, reopen: bool = False
) -> int:
    """(Re)compute the records of the unit's officials from ``start`` to ``end`` (at most today);
    closed days are left alone unless ``reopen`` (an exception approved after the day closed).
    ``officials`` limits the work to those ids. Returns the number of records written."""
    end = min(end, timezone.localdate())
    if end < start:
        return 0
    now = timezone.now()
    rules = unit_rules()
    official_ids = list(officials_of_unit(unit=unit).values_list("pk", flat=True))
    if officials is not None:
        official_ids = [pk for pk in official_ids if pk in set(officials)]
    closed: set[tuple[int, dt.date]] = set()
    if not reopen:
        closed = set(
            DailyRecord.objects.filter(unit=unit, day__range=(start, end), is_closed=True).values_list(
                "official_id", "day"
            )
        )
    exceptions = _approved_exceptions(official_ids=official_ids, start=start, end=end)
    punches: dict[tuple[int, dt.date], list[dt.datetime]] = defaultdict(list)
    for official_id, moment in Punch.objects.filter(
        unit=unit,
        official_id__in=official_ids,
        punched_at__gte=_day_start(start),
        punched_at__lt=_day_start(end + dt.timedelta(days=1)),
    ).values_list("official_id", "punched_at"):
        punches[(official_id, moment.astimezone(VN_TZ).date())].append(moment)
    calendar = calendar_for_unit(unit)
    rows = []
    day = start
    while day <= end:
        sessions = calendar.workday(day).sessions
        for official_id in official_ids:
            if (official_id, day) in closed:
                continue
            left, exception = apply_exceptions(day, list(sessions), exceptions.get(official_id, []))
            result = evaluate_day(
                day=day, sessions=left, punches=punches.get((official_id, day), []), rules=rules
            )
            status = day_status(result)
            if exception is not None and not left:
                status = DayStatus.EXCEPTION
            rows.append(
                DailyRecord(
                    official_id=official_id,
                    unit=unit,
                    day=day,
                    status=status,
                    exception=exception,
                    first_in=result.first_in,
                    last_out=result.last_out,
                    late_minutes=result.late_minutes,
                    early_minutes=result.early_minutes,
                    missing_punches=result.missing_punches,
                    sessions=[[_iso(s.punch_in), _iso(s.punch_out)] for s in result.sessions],
                    computed_at=now,
                )
            )
        day += dt.timedelta(days=1)
    DailyRecord.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["official", "day"],
        update_fields=RECORD_FIELDS,
        batch_size=1000,
    )
    return len(rows)


def synced_through(*, unit: Unit) -> dt.date | None:
    """The last day every approved device of the unit has been in contact after (None: no device)."""
    contacts = list(
        Device.objects.filter(unit=unit, status=DeviceStatus.APPROVED).values_list(
            "last_contact_at", flat=True
        )
    )
    if not contacts or any(c is None for c in contacts):
        return None
    return min(c for c in contacts if c is not None).astimezone(VN_TZ).date() - dt.timedelta(days=1)


@transaction.atomic
def daily_records_close(*, unit: Unit) -> int:
    """Close the unit's records up to the day its devices have all synced past (never today), and
    ask for an explanation of each closed day with a missing punch, lateness or early leave."""
    through = synced_through(unit=unit)
    if through is None:
        return 0
    through = min(through, timezone.localdate() - dt.timedelta(days=1))
    closing = list(DailyRecord.objects.filter(unit=unit, day__lte=through, is_closed=False))
    DailyRecord.objects.filter(pk__in=[r.pk for r in closing]).update(is_closed=True)
    explanations_for_closed(records=closing)
    return len(closing)
