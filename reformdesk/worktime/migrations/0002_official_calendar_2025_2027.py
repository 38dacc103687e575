"""Load the government's calendar (2025–2027) as national overrides, and the calendar revision row.

Rows whose source says UNCONFIRMED are loaded inactive (see worktime/data/README.md).
"""

import csv
import uuid
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FILES = ("vn-civil-service-calendar.csv", "holidays-package-corrections.csv")


def _rows():
    for name in FILES:
        with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)


def load(apps, schema_editor):
    CalendarOverride = apps.get_model("worktime", "CalendarOverride")
    CalendarRevision = apps.get_model("worktime", "CalendarRevision")
    for row in _rows():
        CalendarOverride.objects.get_or_create(
            date=row["date"],
            kind=row["kind"],
            unit=None,
            name_vi=row["name_vi"],
            defaults={
                "name_en": row["name_en"],
                "source": row["source"],
                "is_active": "UNCONFIRMED" not in row["source"],
            },
        )
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def unload(apps, schema_editor):
    CalendarOverride = apps.get_model("worktime", "CalendarOverride")
    for row in _rows():
        CalendarOverride.objects.filter(
            date=row["date"], kind=row["kind"], unit=None, name_vi=row["name_vi"]
        ).delete()
    apps.get_model("worktime", "CalendarRevision").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("worktime", "0001_calendar_and_office_hours")]

    operations = [migrations.RunPython(load, unload)]
