import datetime as dt
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_queue():
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["tasks"] == {"ok": True, "pending": 0, "oldest_pending": None}


def test_healthz_is_503_when_jobs_wait_with_no_worker():
    from django_tasks_db.models import DBTaskResult

    from reformdesk.core.tests.tasks_for_tests import noop

    noop.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(hours=1))
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["tasks"]["pending"] == 1


def test_healthz_is_503_when_the_database_fails():
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {
        "ok": False,
        "vendor": response.json()["database"]["vendor"],
        "error": "OperationalError",
    }


def test_the_suite_runs_on_the_database_it_was_given():
    """CI runs the suite twice; this makes sure the second run really is on PostgreSQL."""
    import os

    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
