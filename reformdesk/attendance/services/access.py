"""Reads of personal data, logged: punches and photos say where an official was and when."""

from __future__ import annotations

from collections.abc import Iterable

from reformdesk.attendance.models import AttendanceException, DailyRecord, Punch, PunchPhoto
from reformdesk.core.services.audit import Actor, access_record, access_records, subject_of


def punches_viewed(*, actor: Actor, punches: Iterable[Punch], purpose: str = "view") -> int:
    """One access row per official whose punches were shown (PINs not yet mapped: per PIN)."""
    subjects: dict[str, tuple[str, str, str]] = {}
    for punch in punches:
        if punch.official_id is not None:
            key = f"official:{punch.official_id}"
            subjects[key] = ("org.official", str(punch.official_id), str(punch.official)[:255])
        else:
            key = f"pin:{punch.unit_id}:{punch.pin}"
            subjects[key] = ("attendance.punch", str(punch.pk), f"PIN {punch.pin}")
    if not subjects:
        return 0
    return access_records(actor=actor, subjects=subjects.values(), purpose=f"punches.{purpose}")


def photo_viewed(*, actor: Actor, photo: PunchPhoto) -> None:
    access_record(actor=actor, subject=photo, purpose="photo.view")


def days_viewed(*, actor: Actor, records: Iterable[DailyRecord], purpose: str = "days.api") -> int:
    """One access row per official whose daily records were shown."""
    officials = {record.official_id: record.official for record in records}
    if not officials:
        return 0
    return access_records(
        actor=actor,
        subjects=[subject_of(official) for _pk, official in sorted(officials.items())],
        purpose=purpose,
    )


def exceptions_viewed(
    *, actor: Actor, exceptions: Iterable[AttendanceException], purpose: str = "leave.list"
) -> int:
    """One access row per official whose leave or absence was shown (the reason may be an illness).
    An official reading their own requests writes none."""
    reader = getattr(actor, "pk", None)
    officials = {row.official_id: row.official for row in exceptions if row.official.user_id != reader}
    if not officials:
        return 0
    return access_records(
        actor=actor,
        subjects=[subject_of(official) for _pk, official in sorted(officials.items())],
        purpose=purpose,
    )
