"""GET /api/v1/indices/766: the figures of each group and indicator, unit-scoped, bad input 422."""

from __future__ import annotations

import pytest
from django.utils import timezone

from reformdesk.dossiers.tests.factories import desk_procedure, vn
from reformdesk.scoring.tests.factories import make_dossier

pytestmark = pytest.mark.django_db
URL = "/api/v1/indices/766"


@pytest.fixture
def march(tree):
    desk = desk_procedure(units=[tree.commune_a])
    make_dossier(
        unit=tree.commune_a,
        desk=desk,
        received_at=vn(2026, 3, 2),
        due_at=vn(2026, 3, 5, 17),
        finished_at=vn(2026, 3, 4, 10),
    )
    make_dossier(
        unit=tree.commune_a,
        desk=desk,
        received_at=vn(2026, 3, 2),
        due_at=vn(2026, 3, 5, 17),
        finished_at=vn(2026, 3, 9, 10),
    )


def test_the_index_of_a_month_with_each_indicator(client, personas, tree, march):
    client.force_login(personas.chair_a)
    response = client.get(URL, {"unit": tree.commune_a.code, "period": "2026-03"})
    assert response.status_code == 200
    body = response.json()
    assert (body["unit"], body["period"], body["first_day"], body["last_day"]) == (
        tree.commune_a.code,
        "2026-03",
        "2026-03-01",
        "2026-03-31",
    )
    assert [g["code"] for g in body["groups"]] == [
        "transparency",
        "timeliness",
        "online",
        "payment",
        "digitisation",
        "satisfaction",
    ]
    assert body["max"] == 100.0
    timeliness = body["groups"][1]["indicators"][0]
    assert {
        k: timeliness[k]
        for k in ("code", "numerator", "denominator", "rate", "score", "max", "how_scored", "lost")
    } == {
        "code": "p-on-time",
        "numerator": 1,
        "denominator": 2,
        "rate": 0.5,
        "score": 10.0,
        "max": 20.0,
        "how_scored": "computed",
        "lost": 1,
    }
    synced = next(i for i in body["groups"][0]["indicators"] if i["code"] == "t-synced")
    assert (synced["how_scored"], synced["score"], synced["numerator"]) == ("no_data", None, None)
    # No petitions: 6 points each, as the reference gives it, and said so by the counts 0/0.
    petitions = body["groups"][5]["indicators"][0]
    assert (petitions["code"], petitions["denominator"], petitions["score"]) == (
        "s-petitions-on-time",
        0,
        6.0,
    )
    assert (body["dashboard_on_time"], body["dashboard_finished"]) == (1, 2)


@pytest.mark.parametrize(
    ("period", "code"),
    [
        ("2026-13", "invalid_period"),
        ("2026-Q5", "invalid_period"),
        ("26", "invalid_period"),
        ("1999", "period_out_of_range"),
        ("2099", "period_in_future"),
        ("", "invalid_period"),
    ],
)
def test_a_bad_period_is_a_422_with_a_clear_message(client, personas, tree, period, code):
    client.force_login(personas.chair_a)
    response = client.get(URL, {"unit": tree.commune_a.code, "period": period})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code
    assert body["errors"][0]["field"] == "period"
    assert body["detail"]


def test_an_unknown_unit_is_a_422(client, personas):
    client.force_login(personas.chair_a)
    response = client.get(URL, {"unit": "000.99.99.H99", "period": "2026"})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_unit"


@pytest.mark.parametrize(
    ("persona", "unit", "status"),
    [
        ("chair_a", "commune_a", 200),
        ("chair_a", "commune_b", 403),
        ("district_reform", "commune_b", 200),
        ("inspector", "district", 200),
        ("one_stop_a", "commune_a", 403),
        ("specialist_b", "commune_b", 403),
        ("outsider", "commune_a", 403),
    ],
)
def test_who_may_read_a_units_index(client, personas, tree, persona, unit, status):
    client.force_login(getattr(personas, persona))
    response = client.get(URL, {"unit": getattr(tree, unit).code, "period": str(timezone.localdate().year)})
    assert response.status_code == status


def test_anonymous_callers_are_refused(client, tree):
    assert client.get(URL, {"unit": tree.commune_a.code, "period": "2026"}).status_code == 401
