"""Reads of personal data, logged: punches and photos say where an official was and when."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User

from reformdesk.attendance.models import DailyRecord, Punch, PunchPhoto
from reformdesk.core.context import current_origin
from reformdesk.core.models import AccessLog
from reformdesk.core.services.audit import Actor, access_record


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
    origin = current_origin()
    user = actor if isinstance(actor, User) else None
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                actor=user,
                actor_label=user.get_username() if user is not None else "",
                subject_type=subject_type,
                subject_id=subject_id,
                subject_repr=subject_repr,
                purpose=f"punches.{purpose}",
                ip=origin.ip,
                channel=origin.channel,
            )
            for subject_type, subject_id, subject_repr in subjects.values()
        ]
    )
    return len(subjects)


def photo_viewed(*, actor: Actor, photo: PunchPhoto) -> None:
    access_record(actor=actor, subject=photo, purpose="photo.view")


def days_viewed(*, actor: Actor, records: Iterable[DailyRecord], purpose: str = "days.api") -> int:
    """One access row per official whose daily records were shown."""
    officials = {record.official_id: record.official for record in records}
    if not officials:
        return 0
    origin = current_origin()
    user = actor if isinstance(actor, User) else None
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                actor=user,
                actor_label=user.get_username() if user is not None else "",
                subject_type="org.official",
                subject_id=str(pk),
                subject_repr=str(official)[:255],
                purpose=purpose,
                ip=origin.ip,
                channel=origin.channel,
            )
            for pk, official in sorted(officials.items())
        ]
    )
    return len(officials)
