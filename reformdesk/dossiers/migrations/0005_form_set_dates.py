"""Load the day each legal form set came into force, with its source, from data/form-sets.csv.

The switch from the forms of Circular 01/2018/TT-VPCP to those of Circular 03/2025/TT-VPCP is
these rows, not a constant: a date found wrong is one row to correct (see the CSV's source).
"""

import csv
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "form-sets.csv"


def _rows():
    with open(DATA_FILE, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load(apps, schema_editor):
    FormSetPeriod = apps.get_model("dossiers", "FormSetPeriod")
    for row in _rows():
        # A row already there (edited by an administrator) is kept as it is.
        FormSetPeriod.objects.get_or_create(
            basis=row["basis"],
            defaults={
                "effective_from": row["effective_from"],
                "source": row["source"],
                "confirmed": row["confirmed"] == "1",
            },
        )


def unload(apps, schema_editor):
    FormSetPeriod = apps.get_model("dossiers", "FormSetPeriod")
    FormSetPeriod.objects.filter(basis__in=[row["basis"] for row in _rows()]).delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0004_tracking_book_and_form_sets")]

    operations = [migrations.RunPython(load, unload)]
