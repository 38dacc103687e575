"""Punch photos are kept ATTENDANCE_PHOTO_RETENTION_DAYS: the purge command and the receiver."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from reformdesk.attendance.jpeg import tiny_jpeg
from reformdesk.attendance.models import PunchPhoto
from reformdesk.attendance.services.receiving import photo_receive
from reformdesk.attendance.tests.factories import make_device, photo_body
from reformdesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _photo(device, days_ago: int, pin: str = "1") -> PunchPhoto:
    taken = timezone.now().replace(microsecond=0) - dt.timedelta(days=days_ago)
    row = PunchPhoto(device=device, pin=pin, taken_at=taken, size=100)
    row.image.save(f"{pin}-{days_ago}.jpg", ContentFile(tiny_jpeg(str(days_ago))), save=False)
    row.save()
    return row


def test_default_is_90_days() -> None:
    from reformdesk import settings as project_settings

    assert project_settings.ATTENDANCE_PHOTO_RETENTION_DAYS == 90


def test_purge_dry_run_then_for_real(tree, settings) -> None:
    settings.ATTENDANCE_PHOTO_RETENTION_DAYS = 30
    device = make_device(unit=tree.commune_a, serial="RET1")
    old = [_photo(device, 40), _photo(device, 31, pin="2")]
    kept = _photo(device, 29)
    paths = [Path(row.image.path) for row in old]
    assert all(path.exists() for path in paths)

    out = StringIO()
    call_command("purge_attendance_photos", "--dry-run", stdout=out)
    assert out.getvalue().startswith("would delete 2 photos (2 files, 200 bytes) taken before ")
    assert PunchPhoto.objects.count() == 3 and all(path.exists() for path in paths)

    out = StringIO()
    call_command("purge_attendance_photos", stdout=out)
    assert out.getvalue().startswith("deleted 2 photos (2 files, 200 bytes) taken before ")
    assert list(PunchPhoto.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not any(path.exists() for path in paths) and Path(kept.image.path).exists()
    event = AuditEvent.objects.get(action="punch_photo.purge")
    assert (event.changes["rows"], event.changes["retention_days"]) == (2, 30)

    out = StringIO()
    call_command("purge_attendance_photos", stdout=out)  # idempotent
    assert out.getvalue().startswith("deleted 0 photos (0 files, 0 bytes)")
    assert AuditEvent.objects.filter(action="punch_photo.purge").count() == 1


def test_file_already_gone(tree, settings) -> None:
    settings.ATTENDANCE_PHOTO_RETENTION_DAYS = 30
    device = make_device(unit=tree.commune_a, serial="RET2")
    row = _photo(device, 45)
    Path(row.image.path).unlink()
    call_command("purge_attendance_photos", stdout=StringIO())
    assert not PunchPhoto.objects.exists()


def test_receiver_drops_photos_past_retention(tree, settings) -> None:
    settings.ATTENDANCE_PHOTO_RETENTION_DAYS = 30
    device = make_device(unit=tree.commune_a, serial="RET3")
    old = (timezone.localtime() - dt.timedelta(days=31)).strftime("%Y%m%d%H%M%S")
    recent = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y%m%d%H%M%S")
    assert photo_receive(device=device, body=photo_body(f"{old}-7.jpg")) == 1
    assert not PunchPhoto.objects.exists()
    assert photo_receive(device=device, body=photo_body(f"{recent}-7.jpg")) == 1
    assert PunchPhoto.objects.get().pin == "7"
