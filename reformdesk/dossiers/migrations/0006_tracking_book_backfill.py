"""Enter the dossiers received before the tracking book was kept: per receiving unit and year of
receipt (Vietnam time), numbered from 1 in the order received (received_at, then id), and set each
book's counter to its last number. Reversing empties the book."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

BATCH = 1000


def fill(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    TrackingEntry = apps.get_model("dossiers", "TrackingEntry")
    TrackingCounter = apps.get_model("dossiers", "TrackingCounter")
    zone = ZoneInfo(settings.TIME_ZONE)
    last = {(c.unit_id, c.year): c.last for c in TrackingCounter.objects.all()}
    pending = (
        Dossier.objects.filter(received_at__isnull=False, tracking_entry__isnull=True)
        .order_by("received_at", "id")
        .values_list("pk", "receiving_unit_id", "received_at")
    )
    batch = []
    for dossier_id, unit_id, received_at in pending.iterator(chunk_size=BATCH):
        year = received_at.astimezone(zone).year
        number = last.get((unit_id, year), 0) + 1
        last[(unit_id, year)] = number
        batch.append(TrackingEntry(dossier_id=dossier_id, unit_id=unit_id, volume=year, number=number))
        if len(batch) >= BATCH:
            TrackingEntry.objects.bulk_create(batch)
            batch = []
    TrackingEntry.objects.bulk_create(batch)
    for (unit_id, year), number in last.items():
        TrackingCounter.objects.update_or_create(unit_id=unit_id, year=year, defaults={"last": number})


def empty(apps, schema_editor):
    apps.get_model("dossiers", "TrackingEntry").objects.all().delete()
    apps.get_model("dossiers", "TrackingCounter").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0005_form_set_dates")]

    operations = [migrations.RunPython(fill, empty)]
