"""The tracking book's numbers (Sổ theo dõi hồ sơ): "Quyển số … Số thứ tự …" on every receipt.

Form 01 of Circular 01/2018/TT-VPCP and of Circular 03/2025/TT-VPCP (appendix I) records where
the receipt went in the book. Each receiving unit keeps one book a year (``TrackingEntry.volume``
is the year) whose entries run 1, 2, 3 … in the order dossiers were received. The number is taken
in the receipt's transaction from a locked counter row, as dossier codes are (``services.codes``):
concurrent receipts queue on the row, and a rolled-back receipt takes its number back with it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reformdesk.dossiers.models import Dossier, TrackingCounter, TrackingEntry

BATCH = 1000


def tracking_entry_allocate(*, dossier: Dossier) -> TrackingEntry:
    """Enter a dossier just received (``received_at`` set) in its receiving unit's book for the
    year of receipt (Vietnam time). Must run inside the receipt's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("tracking_entry_allocate() must run inside the receipt's transaction")
    assert dossier.received_at is not None
    year = timezone.localtime(dossier.received_at).year
    unit_id = dossier.receiving_unit_id
    # Make sure the row exists without racing: a concurrent insert of the same row is ignored.
    TrackingCounter.objects.bulk_create(
        [TrackingCounter(unit_id=unit_id, year=year, last=0)], ignore_conflicts=True
    )
    counter = TrackingCounter.objects.select_for_update().get(unit_id=unit_id, year=year)
    TrackingCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return TrackingEntry.objects.create(
        dossier=dossier, unit_id=unit_id, volume=year, number=counter.last + 1
    )


@transaction.atomic
def tracking_book_fill() -> int:
    """Enter every received dossier that has no entry yet, in the order received, after the
    entries each book already has; return how many were entered. For dossiers written in bulk
    without the services (the demo's year); receipts through the services are entered at once."""
    counters = {(c.unit_id, c.year): c for c in TrackingCounter.objects.select_for_update().order_by("pk")}
    pending = (
        Dossier.objects.filter(received_at__isnull=False, tracking_entry__isnull=True)
        .order_by("received_at", "id")
        .values_list("pk", "receiving_unit_id", "received_at")
    )
    created: list[TrackingEntry] = []
    for dossier_id, unit_id, received_at in pending.iterator(chunk_size=BATCH):
        year = timezone.localtime(received_at).year
        counter = counters.get((unit_id, year))
        if counter is None:
            counter = counters[(unit_id, year)] = TrackingCounter(unit_id=unit_id, year=year, last=0)
        counter.last += 1
        created.append(
            TrackingEntry(dossier_id=dossier_id, unit_id=unit_id, volume=year, number=counter.last)
        )
    TrackingEntry.objects.bulk_create(created, batch_size=BATCH)
    for counter in counters.values():
        if counter.pk is None:
            counter.save()
        else:
            counter.save(update_fields=["last"])
    return len(created)
