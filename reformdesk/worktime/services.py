"""Writes on calendar overrides and office hours.

Each service checks permissions (``actor=None`` is the system: migrations, the demo loader,
management commands), validates, saves, writes an audit row and changes the calendar revision, in
one transaction. Validation errors are ``ValidationError`` with translated, field-keyed messages;
nothing is saved when one is raised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import Actor, audit_created, audit_record, diff, snapshot
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, require
from reformdesk.worktime.calendar import SchedulePeriod, calendar_changed, in_season
from reformdesk.worktime.choices import Season
from reformdesk.worktime.models import CalendarOverride, CalendarWarning, OfficeSchedule, OfficeSession
from reformdesk.worktime.tasks import administrator_emails, send_calendar_warning

Session = tuple[dt.time, dt.time]
WeekSessions = Mapping[int, Sequence[Session]]
MonthDay = tuple[int, int]

OVERRIDE_FIELDS = ("date", "kind", "name_vi", "name_en", "source", "is_active", "unit")
SCHEDULE_FIELDS = (
    "name_vi",
    "name_en",
    "season",
    "season_start_month",
    "season_start_day",
    "season_end_month",
    "season_end_day",
    "valid_from",
    "valid_to",
    "cutoff",
)


def _check(actor: Actor, perm: Perm, unit: Unit | None) -> None:
    if actor is not None:
        require(actor, perm, unit)


def _day(value: dt.date) -> str:
    return date_format(value, "d/m/Y")


# --- Calendar overrides ---------------------------------------------------------------------------


def _override_conflict(override: CalendarOverride) -> None:
    """Refuse a second active override for the same date and scope."""
    if not override.is_active:
        return
    others = CalendarOverride.objects.filter(date=override.date, is_active=True)
    others = (
        others.filter(unit__isnull=True) if override.unit_id is None else others.filter(unit=override.unit)
    )
    if override.pk is not None:
        others = others.exclude(pk=override.pk)
    other = others.first()
    if other is not None:
        raise ValidationError(
            {
                "date": _(
                    "Ngày %(date)s đã có một điều chỉnh đang áp dụng cho cùng phạm vi: «%(name)s» "
                    "(%(kind)s). Hãy tắt hoặc sửa điều chỉnh đó trước."
                )
                % {"date": _day(override.date), "name": other.name, "kind": other.get_kind_display()}
            }
        )


def override_validate(override: CalendarOverride) -> None:
    """Field checks, the weekday rules of each kind, and conflicts with other active overrides."""
    override.name_vi = (override.name_vi or "").strip()
    override.name_en = (override.name_en or "").strip()
    # The conflict check below words the one-active-override constraint better than Django would.
    override.full_clean(validate_constraints=False)
    _override_conflict(override)


def _save_override(override: CalendarOverride, update_fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            override.save(update_fields=update_fields)
    except IntegrityError as exc:  # a concurrent write won the race past the check above
        raise ValidationError(
            {"date": _("Ngày này vừa có một điều chỉnh khác được lưu. Hãy tải lại và thử lại.")}
        ) from exc


@transaction.atomic
def override_create(
    *,
    actor: Actor,
    date: dt.date,
    kind: str,
    name_vi: str,
    name_en: str = "",
    source: str = "",
    is_active: bool = True,
    unit: Unit | None = None,
) -> CalendarOverride:
    """Add a holiday, swapped day off, make-up day or cancelled package holiday for one date,
    nationally (``unit=None``) or for a unit and its subtree."""
    _check(actor, Perm.MANAGE_CALENDAR, unit)
    override = CalendarOverride(
        date=date, kind=kind, name_vi=name_vi, name_en=name_en, source=source, is_active=is_active, unit=unit
    )
    override_validate(override)
    _save_override(override)
    audit_created(actor=actor, obj=override, fields=OVERRIDE_FIELDS, action="calendar_override.create")
    calendar_changed()
    return override


@transaction.atomic
def override_update(*, actor: Actor, override: CalendarOverride, **fields: Any) -> CalendarOverride:
    """Change an override's fields (any of ``OVERRIDE_FIELDS``)."""
    unknown = set(fields) - set(OVERRIDE_FIELDS)
    if unknown:
        raise TypeError(f"unknown override fields: {sorted(unknown)}")
    _check(actor, Perm.MANAGE_CALENDAR, override.unit)
    if "unit" in fields:
        _check(actor, Perm.MANAGE_CALENDAR, fields["unit"])
    before = snapshot(override, fields)
    for name, value in fields.items():
        setattr(override, name, value)
    override_validate(override)
    changes = diff(before, override)
    if changes:
        _save_override(override, update_fields=list(fields))
        audit_record(actor=actor, action="calendar_override.update", obj=override, changes=changes)
        calendar_changed()
    return override


def override_set_active(*, actor: Actor, override: CalendarOverride, is_active: bool) -> CalendarOverride:
    """Switch an override on or off (e.g. 24/11 once the holiday is confirmed)."""
    return override_update(actor=actor, override=override, is_active=is_active)


@transaction.atomic
def override_delete(*, actor: Actor, override: CalendarOverride) -> None:
    _check(actor, Perm.MANAGE_CALENDAR, override.unit)
    audit_record(
        actor=actor,
        action="calendar_override.delete",
        obj=override,
        changes={name: [value, None] for name, value in snapshot(override, OVERRIDE_FIELDS).items()},
    )
    override.delete()
    calendar_changed()


# --- Office hours ---------------------------------------------------------------------------------


def _normalise_week(sessions: WeekSessions) -> tuple[tuple[Session, ...], ...]:
    """Check the sessions of each weekday; returns them sorted, Monday to Friday."""
    week: list[tuple[Session, ...]] = []
    unknown = set(sessions) - set(range(5))
    if unknown:
        raise ValidationError({"sessions": _("Chỉ đặt buổi làm việc cho thứ Hai đến thứ Sáu.")})
    for weekday in range(5):
        day = sorted(sessions.get(weekday, ()))
        for start, end in day:
            if end <= start:
                raise ValidationError(
                    {
                        "sessions": _("Buổi làm việc %(start)s–%(end)s phải kết thúc sau khi bắt đầu.")
                        % {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
                    }
                )
        for (_s1, end1), (start2, _e2) in pairwise(day):
            if start2 < end1:
                raise ValidationError(
                    {"sessions": _("Các buổi làm việc trong cùng một ngày không được chồng lên nhau.")}
                )
        week.append(tuple(day))
    if not any(week):
        raise ValidationError({"sessions": _("Lịch phải có ít nhất một buổi làm việc.")})
    return tuple(week)


def _first_shared_day(a: SchedulePeriod, b: SchedulePeriod) -> dt.date | None:
    """The first date both periods cover, or None. Seasons repeat yearly, so a year of days
    from the start of the common validity is enough."""
    lo = max(a.valid_from or dt.date.min, b.valid_from or dt.date.min)
    hi = min(a.valid_to or dt.date.max, b.valid_to or dt.date.max)
    if lo > hi:
        return None
    if a.season is None and b.season is None:
        return lo
    day, last = lo, min(hi, lo + dt.timedelta(days=366))
    while day <= last:
        if (a.season is None or in_season(day, a.season)) and (b.season is None or in_season(day, b.season)):
            return day
        day += dt.timedelta(days=1)
    return None


def schedule_validate(schedule: OfficeSchedule, sessions: WeekSessions) -> tuple[tuple[Session, ...], ...]:
    """Field checks, the sessions, the cut-off, and no date covered twice for the unit."""
    schedule.name_vi = (schedule.name_vi or "").strip()
    schedule.full_clean(validate_constraints=False)  # clean() words the check constraints
    week = _normalise_week(sessions)
    if schedule.cutoff is not None:
        starts = [day[0][0] for day in week if day]
        ends = [day[-1][1] for day in week if day]
        if not min(starts) < schedule.cutoff <= max(ends):
            raise ValidationError(
                {"cutoff": _("Giờ chốt nhận hồ sơ phải nằm trong giờ làm việc (sau giờ bắt đầu buổi sáng).")}
            )
    candidate = SchedulePeriod(
        schedule.pk, schedule.unit_id, schedule.valid_from, schedule.valid_to, schedule.season_range, week
    )
    others = OfficeSchedule.objects.filter(unit_id=schedule.unit_id).exclude(pk=schedule.pk)
    for other in others:
        other_period = SchedulePeriod(
            other.pk, other.unit_id, other.valid_from, other.valid_to, other.season_range, ((),) * 5
        )
        shared = _first_shared_day(candidate, other_period)
        if shared is not None:
            raise ValidationError(
                {
                    "valid_from": _(
                        "Thời gian áp dụng trùng với lịch «%(name)s» của cùng đơn vị (ví dụ ngày %(date)s)."
                    )
                    % {"name": other.name, "date": _day(shared)}
                }
            )
    return week


@transaction.atomic
def schedule_set(
    *,
    actor: Actor,
    unit: Unit,
    name_vi: str,
    valid_from: dt.date,
    sessions: WeekSessions,
    name_en: str = "",
    valid_to: dt.date | None = None,
    season: str = Season.ALL_YEAR,
    season_start: MonthDay | None = None,
    season_end: MonthDay | None = None,
    cutoff: dt.time | None = None,
    schedule: OfficeSchedule | None = None,
) -> OfficeSchedule:
    """Create the unit's office hours for a period (or replace ``schedule``'s entirely).

    ``sessions`` maps a weekday (0 = Monday … 4 = Friday) to its ``(start, end)`` sessions;
    ``season_start``/``season_end`` are ``(month, day)``, both included, and may wrap over the
    new year. Refused, with nothing saved: a period that shares a date with another schedule of
    the unit, no session at all, a session ending before it starts, overlapping sessions.
    """
    _check(actor, Perm.MANAGE_OFFICE_HOURS, unit)
    if schedule is not None:
        _check(actor, Perm.MANAGE_OFFICE_HOURS, schedule.unit)
    creating = schedule is None
    target = OfficeSchedule() if schedule is None else schedule
    before = (
        {}
        if creating
        else {**snapshot(target, ("unit", *SCHEDULE_FIELDS)), "sessions": _sessions_repr(target)}
    )
    values: dict[str, Any] = {
        "unit": unit,
        "name_vi": name_vi,
        "name_en": name_en.strip(),
        "season": season,
        "season_start_month": season_start[0] if season_start else None,
        "season_start_day": season_start[1] if season_start else None,
        "season_end_month": season_end[0] if season_end else None,
        "season_end_day": season_end[1] if season_end else None,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "cutoff": cutoff,
    }
    for name, value in values.items():
        setattr(target, name, value)
    week = schedule_validate(target, sessions)
    target.save()
    target.sessions.all().delete()
    OfficeSession.objects.bulk_create(
        OfficeSession(schedule=target, weekday=weekday, start=start, end=end)
        for weekday, day in enumerate(week)
        for start, end in day
    )
    if creating:
        created = {k: [None, v] for k, v in snapshot(target, ("unit", *SCHEDULE_FIELDS)).items()}
        created["sessions"] = [None, _week_repr(week)]
        audit_record(actor=actor, action="office_schedule.create", obj=target, changes=created)
    else:
        changes = diff({k: v for k, v in before.items() if k != "sessions"}, target)
        if before["sessions"] != _week_repr(week):
            changes["sessions"] = [before["sessions"], _week_repr(week)]
        audit_record(actor=actor, action="office_schedule.update", obj=target, changes=changes)
    calendar_changed()
    return target


def _week_repr(week: Sequence[Sequence[Session]]) -> list[str]:
    return [", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in day) for day in week]


def _sessions_repr(schedule: OfficeSchedule) -> list[str]:
    week: list[list[Session]] = [[] for _ in range(5)]
    for session in schedule.sessions.all():
        week[session.weekday].append((session.start, session.end))
    return _week_repr([sorted(day) for day in week])


@transaction.atomic
def schedule_delete(*, actor: Actor, schedule: OfficeSchedule) -> None:
    _check(actor, Perm.MANAGE_OFFICE_HOURS, schedule.unit)
    audit_record(
        actor=actor,
        action="office_schedule.delete",
        obj=schedule,
        changes={
            **{k: [v, None] for k, v in snapshot(schedule, ("unit", *SCHEDULE_FIELDS)).items()},
            "sessions": [_sessions_repr(schedule), None],
        },
    )
    schedule.delete()
    calendar_changed()


# --- Warnings ------------------------------------------------------------------------------------


@transaction.atomic
def calendar_warning_record(*, year: int, on: dt.date) -> bool:
    """Record that administrators are warned today that ``year`` lacks its overrides, and enqueue
    the e-mail after commit. Returns False (and sends nothing) when already done on ``on``."""
    warning, created = CalendarWarning.objects.get_or_create(
        sent_on=on, year=year, defaults={"recipients": len(administrator_emails())}
    )
    if created:
        audit_created(
            actor=None, obj=warning, fields=("sent_on", "year", "recipients"), action="calendar_warning.send"
        )
        transaction.on_commit(lambda: send_calendar_warning.enqueue(year=year))
    return created


__all__ = [
    "calendar_warning_record",
    "override_create",
    "override_delete",
    "override_set_active",
    "override_update",
    "override_validate",
    "schedule_delete",
    "schedule_set",
    "schedule_validate",
]
