"""Reading officials through the API is a read of personal data (phones, e-mails): logged."""

from __future__ import annotations

import pytest
from django.test import Client

from reformdesk.core.models import AccessLog
from reformdesk.org.models import Official

pytestmark = pytest.mark.django_db


def test_the_officials_list_logs_one_read_per_official_returned(personas):
    client = Client()
    client.force_login(personas.district_reform)

    page = client.get("/api/v1/org/officials?limit=2&offset=1").json()

    assert page["count"] == 5
    shown = [item["employee_code"] for item in page["items"]]
    assert len(shown) == 2
    logs = AccessLog.objects.filter(purpose="api.list").order_by("pk")
    assert [log.subject_id for log in logs] == [
        str(Official.objects.get(employee_code=code).pk) for code in shown
    ]
    assert {(log.actor_id, log.subject_type) for log in logs} == {
        (personas.district_reform.pk, "org.official")
    }


def test_an_empty_window_logs_nothing(personas):
    client = Client()
    client.force_login(personas.district_reform)

    assert client.get("/api/v1/org/officials?offset=100").json()["items"] == []
    assert not AccessLog.objects.exists()
