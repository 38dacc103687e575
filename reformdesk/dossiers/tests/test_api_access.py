"""The dossier worklists of the API show applicants' names: each dossier returned is a logged read."""

from __future__ import annotations

import pytest

from reformdesk.core.models import AccessLog
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.tests.test_api import api, body, post

pytestmark = pytest.mark.django_db


def test_the_list_logs_one_read_per_dossier_returned_and_none_for_the_count(desk, personas):
    client = api(personas.one_stop_a)
    for name in ("Hoàng Văn Bình", "Trần Thị Lụa", "Lê Văn Tám"):
        post(client, "/api/v1/dossiers", body(applicant={"name": name, "id_number": "040095001234"}))
    AccessLog.objects.all().delete()  # the intakes' own reads

    page = client.get("/api/v1/dossiers", {"limit": 2}).json()

    assert page["count"] == 3
    codes = [item["code"] for item in page["items"]]
    logs = AccessLog.objects.filter(purpose="api.list").order_by("pk")
    assert [log.subject_id for log in logs] == [str(Dossier.objects.get(code=code).pk) for code in codes]
    assert {(log.actor_id, log.subject_type) for log in logs} == {
        (personas.one_stop_a.pk, "dossiers.dossier")
    }
    assert AccessLog.objects.count() == 2


def test_a_list_of_nothing_logs_nothing(desk, personas):
    assert api(personas.specialist_b).get("/api/v1/dossiers").json()["count"] == 0
    assert not AccessLog.objects.exists()
