"""GET /healthz: the database and the task queue, as JSON, for load balancers and monitors."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# A queued task older than this, with nothing picking it up, means no worker is running.
STALE_TASK_AGE = dt.timedelta(minutes=15)


def _database() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "vendor": connection.vendor, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _task_queue() -> dict[str, object]:
    try:
        from django_tasks_db.models import DBTaskResult

        pending = DBTaskResult.objects.ready()
        oldest = pending.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        count = pending.count()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    stale = oldest is not None and timezone.now() - oldest > STALE_TASK_AGE
    return {"ok": not stale, "pending": count, "oldest_pending": oldest.isoformat() if oldest else None}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database()
    tasks = _task_queue() if database["ok"] else {"ok": False, "error": "database unavailable"}
    healthy = bool(database["ok"] and tasks["ok"])
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "tasks": tasks},
        status=200 if healthy else 503,
    )
