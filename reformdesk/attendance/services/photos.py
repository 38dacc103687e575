"""Retention of punch photos: personal data kept ``ATTENDANCE_PHOTO_RETENTION_DAYS`` days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reformdesk.attendance.models import PunchPhoto
from reformdesk.core.services.audit import Actor, audit_record

BATCH = 500


def retention_days() -> int:
    return int(getattr(settings, "ATTENDANCE_PHOTO_RETENTION_DAYS", 90))


@dataclass(frozen=True)
class PurgeResult:
    cutoff: dt.datetime
    rows: int
    files: int
    size: int


def photos_purge(
    *, actor: Actor = None, now: dt.datetime | None = None, dry_run: bool = False
) -> PurgeResult:
    """Delete the photos taken before the retention period, their files first, in batches. A file
    already gone counts as deleted; running it again finds nothing more (idempotent). One audit
    row per run that deleted something."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days())
    old = PunchPhoto.objects.filter(taken_at__lt=cutoff).order_by("pk")
    if dry_run:
        found = list(old.values_list("image", "size"))
        return PurgeResult(
            cutoff=cutoff,
            rows=len(found),
            files=sum(1 for name, _size in found if name),
            size=sum(size for _name, size in found),
        )
    rows = files = size = 0
    while True:
        batch = list(old.values_list("pk", "image", "size")[:BATCH])
        if not batch:
            break
        storage = PunchPhoto._meta.get_field("image").storage
        for _pk, name, bytes_ in batch:
            if name:
                storage.delete(name)  # no error when already gone
                files += 1
            size += bytes_
        with transaction.atomic():
            rows += PunchPhoto.objects.filter(pk__in=[pk for pk, _name, _size in batch]).delete()[0]
    if rows:
        audit_record(
            actor=actor,
            action="punch_photo.purge",
            object_type="attendance.punchphoto",
            object_repr=f"< {cutoff.isoformat()}",
            changes={"rows": rows, "files": files, "bytes": size, "retention_days": retention_days()},
        )
    return PurgeResult(cutoff=cutoff, rows=rows, files=files, size=size)
