"""Recompute the outcome of every dossier with a result by the 766 rule (services.clock.outcome_766).

Before, the outcome compared the finish with the appointment as moved by working time after each
supplement, and counted the desk's guidance before receipt as a supplement request. Now: the finish
less the wall-clock waits, against the receipt's appointment; late after more than one request
made in processing. Read from the dossiers' events, as the service does. Going back leaves the
recomputed outcomes (the old ones cannot be told apart from them).
"""

import datetime as dt

from django.db import migrations

VN = dt.timezone(dt.timedelta(hours=7))
REQUESTED, RECEIVED = "supplement_requested", "supplement_received"


def _outcome(finished_at, due, late):
    if late or finished_at > due:
        return "late"
    return "early" if finished_at.astimezone(VN).date() < due.astimezone(VN).date() else "on_time"


def recompute(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    DossierEvent = apps.get_model("dossiers", "DossierEvent")
    events = {}
    rows = DossierEvent.objects.filter(kind__in=(REQUESTED, RECEIVED)).order_by("dossier_id", "at", "id")
    for dossier_id, kind, at, data in rows.values_list("dossier_id", "kind", "at", "data").iterator():
        events.setdefault(dossier_id, []).append((kind, at, data))
    finished = Dossier.objects.filter(finished_at__isnull=False, due_at__isnull=False)
    for pk, finished_at, due_at, current in finished.values_list("pk", "finished_at", "due_at", "outcome"):
        appointment, waited, requests = None, dt.timedelta(0), 0
        for kind, at, data in events.get(pk, ()):
            if kind == REQUESTED:
                requests += 1
            else:
                waited += at - dt.datetime.fromisoformat(data["paused_from"])
                appointment = appointment or dt.datetime.fromisoformat(data["due_before"])
        outcome = _outcome(finished_at - waited, appointment or due_at, requests > 1)
        if outcome != current:
            Dossier.objects.filter(pk=pk).update(outcome=outcome)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0006_tracking_book_backfill")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
