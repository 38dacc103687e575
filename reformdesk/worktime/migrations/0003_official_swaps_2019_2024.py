"""Load the make-up Saturdays and swapped days off of 2019–2024 as national overrides.

The rows and their sources are in ``worktime/data/vn-civil-service-swaps-2019-2024.csv`` (see
worktime/data/README.md). A date that already has an active national override (entered through the
admin before this migration ran) keeps it; the revision token changes so cached calendars rebuild.
"""

import csv
import uuid
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "vn-civil-service-swaps-2019-2024.csv"


def _rows():
    with open(DATA, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load(apps, schema_editor):
    CalendarOverride = apps.get_model("worktime", "CalendarOverride")
    CalendarRevision = apps.get_model("worktime", "CalendarRevision")
    for row in _rows():
        national = CalendarOverride.objects.filter(date=row["date"], unit=None)
        if national.filter(kind=row["kind"], name_vi=row["name_vi"]).exists():
            continue
        CalendarOverride.objects.create(
            date=row["date"],
            kind=row["kind"],
            unit=None,
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            source=row["source"],
            is_active=not national.filter(is_active=True).exists(),
        )
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def unload(apps, schema_editor):
    CalendarOverride = apps.get_model("worktime", "CalendarOverride")
    for row in _rows():
        CalendarOverride.objects.filter(
            date=row["date"], kind=row["kind"], unit=None, name_vi=row["name_vi"]
        ).delete()
    apps.get_model("worktime", "CalendarRevision").objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex}
    )


class Migration(migrations.Migration):
    dependencies = [("worktime", "0002_official_calendar_2025_2027")]

    operations = [migrations.RunPython(load, unload)]
