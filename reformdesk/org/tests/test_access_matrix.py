"""Who may open what: every org page and endpoint against every persona (STYLE.md §8)."""

import pytest
from django.test import Client

from reformdesk.core.models import AccessLog
from reformdesk.org.models import Official

pytestmark = pytest.mark.django_db

STAFF = ["chair_a", "one_stop_a", "specialist_b", "district_reform", "inspector"]


def client_for(personas, persona: str | None) -> Client:
    client = Client()
    if persona:
        client.force_login(getattr(personas, persona))
    return client


@pytest.mark.parametrize("url", ["/", "/units/", "/units/000.30.31.H41/", "/hotline/", "/api/v1/org/units"])
@pytest.mark.parametrize("persona", [None, "outsider", *STAFF])
def test_public_pages_are_open_to_everyone(personas, url, persona):
    assert client_for(personas, persona).get(url).status_code == 200


@pytest.mark.parametrize("url", ["/staff/", "/staff/officials/"])
def test_staff_pages_send_anonymous_visitors_to_login(personas, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_officials_list_is_forbidden_to_a_login_without_a_unit(personas):
    assert client_for(personas, "outsider").get("/staff/officials/").status_code == 403


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("chair_a", {"Đinh Xuân Công", "Nguyễn Thị Hoa"}),
        ("one_stop_a", {"Đinh Xuân Công", "Nguyễn Thị Hoa"}),
        ("specialist_b", {"Trần Văn Nam"}),
        (
            "district_reform",
            {"Đinh Xuân Công", "Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "Phạm Văn Đức"},
        ),
        ("inspector", {"Đinh Xuân Công", "Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "Phạm Văn Đức"}),
    ],
)
def test_officials_list_shows_only_the_units_in_scope(personas, persona, visible):
    response = client_for(personas, persona).get("/staff/officials/")
    assert response.status_code == 200
    shown = {row.record.full_name for row in response.context["table"].rows}
    assert shown == visible


@pytest.mark.parametrize(
    ("persona", "status"),
    [("chair_a", 200), ("district_reform", 200), ("specialist_b", 404), ("outsider", 404)],
)
def test_official_card_is_scoped_and_its_reading_is_logged(personas, persona, status):
    official = Official.objects.get(full_name="Nguyễn Thị Hoa")
    response = client_for(personas, persona).get(f"/staff/officials/{official.employee_code}/")
    assert response.status_code == status
    logged = AccessLog.objects.filter(subject_id=str(official.pk), actor=getattr(personas, persona)).count()
    assert logged == (1 if status == 200 else 0)


@pytest.mark.parametrize(
    ("persona", "count"),
    [(None, None), ("outsider", 0), ("chair_a", 2), ("specialist_b", 1), ("district_reform", 5)],
)
def test_officials_api_is_scoped(personas, persona, count):
    response = client_for(personas, persona).get("/api/v1/org/officials")
    if persona is None:
        assert response.status_code == 401
        assert response.json() == {
            "detail": "Cần đăng nhập hoặc mã truy cập hợp lệ.",
            "code": "not_authenticated",
        }
    else:
        assert response.status_code == 200
        assert response.json()["count"] == count


def test_unit_switcher_refuses_a_unit_the_user_does_not_work_in(personas, tree):
    client = client_for(personas, "chair_a")
    response = client.post("/staff/unit/switch/", {"unit": tree.commune_b.pk, "next": "/staff/"}, follow=True)
    assert "Bạn không công tác tại đơn vị này." in response.content.decode()
    assert "reformdesk_unit_id" not in client.session
