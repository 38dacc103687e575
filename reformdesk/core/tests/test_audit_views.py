"""The audit viewer: who may open it, its filters, and a query count independent of the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from reformdesk.core.models import AccessLog, AuditEvent
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

ALLOWED = ["admin", "inspector"]
DENIED = ["chair_a", "one_stop_a", "specialist_b", "district_reform", "outsider"]
URLS = ["/staff/audit/", "/staff/audit/access/"]


def shown(response) -> list:
    return [row.record for row in response.context["table"].rows]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", ALLOWED)
def test_administrators_and_inspectors_may_open_it(personas, url, persona):
    response = sign_in(Client(), getattr(personas, persona)).get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", DENIED)
def test_other_staff_are_forbidden(personas, url, persona):
    response = sign_in(Client(), getattr(personas, persona)).get(url)
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.content.decode()


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_login(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


@pytest.mark.parametrize(("persona", "visible"), [(p, True) for p in ALLOWED] + [(p, False) for p in DENIED])
def test_the_menu_item_shows_only_to_those_allowed(personas, persona, visible):
    body = sign_in(Client(), getattr(personas, persona)).get("/staff/").content.decode()
    assert ('href="/staff/audit/"' in body) is visible


def make_event(**fields) -> AuditEvent:
    defaults = {"action": "unit.update", "object_type": "org.unit", "actor_label": "cchc_huyen"}
    event = AuditEvent.objects.create(**{**defaults, **{k: v for k, v in fields.items() if k != "at"}})
    if "at" in fields:
        AuditEvent.objects.filter(pk=event.pk).update(at=fields["at"])
    return event


class TestAuditFilters:
    @pytest.fixture
    def events(self, personas):
        AuditEvent.objects.all().delete()
        local = timezone.get_current_timezone()
        return {
            "login": make_event(
                action="auth.login",
                object_type="auth.user",
                actor_label="chutich_a",
                at=dt.datetime(2025, 3, 10, 0, 30, tzinfo=local),
            ),
            "unit": make_event(channel="api", at=dt.datetime(2025, 3, 11, 23, 59, tzinfo=local)),
            "official": make_event(
                action="official.create",
                object_type="org.official",
                actor_label="quantri",
                channel="command",
                at=dt.datetime(2025, 3, 12, 8, 0, tzinfo=local),
            ),
        }

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("", ["official", "unit", "login"]),
            ("action=auth.", ["login"]),
            ("action=official.create", ["official"]),
            ("object_type=org.", ["official", "unit"]),
            ("actor=CHUTICH", ["login"]),
            ("channel=api", ["unit"]),
            ("date_from=2025-03-11", ["official", "unit"]),
            ("date_to=2025-03-11", ["unit", "login"]),
            ("date_from=2025-03-10&date_to=2025-03-10", ["login"]),
        ],
    )
    def test_filters(self, personas, events, query, expected):
        response = sign_in(Client(), personas.inspector).get(f"/staff/audit/?{query}")
        assert shown(response) == [events[name] for name in expected]

    def test_a_bad_date_gets_a_message_and_no_rows(self, personas, events):
        response = sign_in(Client(), personas.inspector).get("/staff/audit/?date_from=2025-13-45")
        assert response.status_code == 200
        assert "Ngày không hợp lệ." in response.content.decode()
        assert shown(response) == []

    def test_an_unknown_channel_gets_a_message(self, personas, events):
        response = sign_in(Client(), personas.inspector).get("/staff/audit/?channel=fax")
        assert response.status_code == 200
        assert 'data-testid="filter-errors"' in response.content.decode()

    def test_rows_show_changes_and_the_local_time(self, personas, events):
        make_event(
            object_repr="Xã Phú Sơn",
            changes={"hotline": ["0238 3882 111", "0238 3882 222"]},
            at=dt.datetime(2025, 3, 13, 1, 2, 3, tzinfo=dt.UTC),
        )
        body = sign_in(Client(), personas.inspector).get("/staff/audit/").content.decode()
        assert "hotline: 0238 3882 111 → 0238 3882 222" in body
        assert "13/03/2025 08:02:03" in body

    def test_htmx_requests_get_only_the_table(self, personas, events):
        response = sign_in(Client(), personas.inspector).get(
            "/staff/audit/?action=auth.", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="table-region"
        )
        assert response.content.decode().lstrip().startswith('<div id="table-region"')


class TestAccessLog:
    def test_lists_reads_of_personal_data_with_filters(self, personas):
        first = AccessLog.objects.create(
            actor_label="chutich_a", subject_type="org.official", subject_id="1", subject_repr="Trần Văn Nam"
        )
        second = AccessLog.objects.create(
            actor_label="quantri",
            subject_type="dossiers.applicant",
            subject_id="7",
            subject_repr="Hồ Thị Lan",
            channel="api",
        )
        client = sign_in(Client(), personas.admin)
        assert shown(client.get("/staff/audit/access/")) == [second, first]
        assert shown(client.get("/staff/audit/access/?subject_type=org.")) == [first]
        assert shown(client.get("/staff/audit/access/?subject=lan")) == [second]
        assert shown(client.get("/staff/audit/access/?actor=quantri&channel=api")) == [second]
        body = client.get("/staff/audit/access/").content.decode()
        assert 'aria-current="page" href="/staff/audit/access/"' in body


@pytest.mark.parametrize("rows", [3, 40])
def test_audit_list_query_count_does_not_grow_with_rows(personas, django_assert_num_queries, rows):
    """
    GIVEN 3 or 40 audit rows
    WHEN the inspector opens the audit list (25 rows per page)
    THEN the same number of queries runs: session, user, role grants, count, page, and the two
         of the shell's unit switcher (org context processor)
    """
    AuditEvent.objects.bulk_create(
        [AuditEvent(action="unit.update", object_type="org.unit", object_id=str(i)) for i in range(rows)]
    )
    client = sign_in(Client(), personas.inspector)
    client.get("/staff/")  # the session's once-a-minute write happens here, not below
    with django_assert_num_queries(7):
        response = client.get("/staff/audit/")
    assert response.status_code == 200
