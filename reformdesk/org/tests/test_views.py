import pytest
from django.test import Client

from reformdesk.org import services
from reformdesk.org.models import Official

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [row.record.full_name for row in response.context["table"].rows]


def test_officials_filter_by_activity_and_job_title(personas, tree):
    official = Official.objects.get(full_name="Nguyễn Thị Hoa")
    services.official_update(
        actor=None, official=official, is_active=False, job_title="Công chức Tư pháp – Hộ tịch"
    )
    client = Client()
    client.force_login(personas.chair_a)
    assert _names(client.get("/staff/officials/?is_active=0")) == ["Nguyễn Thị Hoa"]
    assert _names(client.get("/staff/officials/?is_active=1")) == ["Đinh Xuân Công"]
    assert _names(client.get("/staff/officials/?q=hộ tịch")) == ["Nguyễn Thị Hoa"]


def test_officials_filter_with_a_bad_choice_says_so_and_shows_nothing(personas, tree):
    client = Client()
    client.force_login(personas.chair_a)
    response = client.get("/staff/officials/?is_active=maybe")
    assert response.status_code == 200
    assert 'id="id_is_active_error">Hãy chọn một lựa chọn hợp lệ.' in response.content.decode()
    assert _names(response) == []


def test_the_officials_list_logs_one_access_per_official_shown(personas):
    from django.test import Client

    from reformdesk.core.models import AccessLog
    from reformdesk.core.tests.helpers import sign_in

    client = sign_in(Client(), personas.district_reform)
    page = client.get("/staff/officials/").content.decode()
    logged = AccessLog.objects.filter(
        actor=personas.district_reform, purpose="list", subject_type="org.official"
    )
    assert logged.count() == page.count("data-code=")
    assert logged.count() >= 4
