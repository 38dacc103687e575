"""The staff calendar page, the navigation entry, the admin (through the services) and the demo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reformdesk.core.models import AuditEvent
from reformdesk.worktime.calendar import calendar_revision
from reformdesk.worktime.demo import seed, seed_demo
from reformdesk.worktime.models import CalendarOverride, OfficeSchedule, OfficeSession

pytestmark = pytest.mark.django_db

PAGE = "/staff/worktime/"


def test_anonymous_visitors_are_sent_to_the_login(client: Client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_page_shows_the_year_and_the_inherited_hours(personas, nghe_an, client: Client):
    client.force_login(personas.one_stop_a)
    response = client.get(f"{PAGE}?year=2026")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lịch làm việc — Xã Phú Sơn" in body
    assert "Tết Nguyên đán Bính Ngọ (mùng 1 Tết)" in body
    assert "Làm bù cho ngày thứ Sáu 02/01/2026" in body
    assert "22/08/2026" in body
    assert "Kế thừa từ Tỉnh Nghệ An:" in body
    assert "Ngày Văn hóa Việt Nam" in body  # listed among the switchable days
    assert response.context["special_days"][0]["date"] == dt.date(2026, 1, 1)
    assert len(response.context["special_days"]) == 16
    assert [o.date for o in response.context["switchable"]] == [dt.date(2026, 11, 24)]


def test_the_page_in_english(personas, nghe_an, client: Client):
    client.force_login(personas.one_stop_a)
    client.cookies["django_language"] = "en"
    body = client.get(f"{PAGE}?year=2026").content.decode()
    assert "Lunar New Year holiday (5 official days 16–20/2; with weekends off 14/2–22/2)" in body
    assert "Days off and make-up working days in 2026" in body


def test_a_bad_year_falls_back_to_this_year(personas, official_calendar, client: Client):
    from django.utils import timezone

    client.force_login(personas.one_stop_a)
    assert client.get(f"{PAGE}?year=abc").context["year"] == timezone.localdate().year
    assert client.get(f"{PAGE}?year=1800").context["year"] == timezone.localdate().year
    page = client.get(f"{PAGE}?year=2025")
    assert "Tết Nguyên đán Ất Tỵ (mùng 1 Tết)" in page.content.decode()
    assert (page.context["previous_year"], page.context["next_year"]) == (2024, 2026)


def test_default_hours_when_no_unit_sets_any(personas, official_calendar, client: Client):
    client.force_login(personas.specialist_b)
    body = client.get(PAGE).content.decode()
    assert "dùng giờ hành chính mặc định" in body


def test_a_login_without_unit_sees_a_warning(personas, client: Client):
    client.force_login(personas.outsider)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "chưa được phân công vào đơn vị nào" in response.content.decode()


def test_nav_item_for_signed_in_staff(personas, client: Client):
    client.force_login(personas.one_stop_a)
    assert 'href="/staff/worktime/"' in client.get("/staff/").content.decode()


def test_page_query_count_is_fixed(personas, nghe_an, client: Client):
    client.force_login(personas.one_stop_a)
    client.get(f"{PAGE}?year=2026")  # builds the commune's calendar
    counts = []
    for year in (2025, 2026, 2030):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"{PAGE}?year={year}")
        counts.append(len(queries))
        # revision (read by each of the two selectors), schedule in force, switchable days, the
        # source unit's schedules and their sessions
        assert len([q for q in queries if "worktime_" in q["sql"]]) == 6
    assert len(set(counts)) == 1  # the same whatever the number of days listed


# --- Admin ------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client_(personas, official_calendar, client: Client) -> Client:
    client.force_login(personas.admin)
    try:
        from reformdesk.core.services.auth import two_factor_mark_passed
    except ImportError:  # no second-factor step in this checkout
        return client
    session = client.session  # administrators must pass the second factor before the admin
    two_factor_mark_passed(session=session, user=personas.admin)
    session.save()
    return client


def test_admin_adds_an_override_through_the_service(admin_client_):
    response = admin_client_.post(
        "/admin/worktime/calendaroverride/add/",
        {
            "date": "2027-02-05",
            "kind": "holiday",
            "name_vi": "Tết Nguyên đán Đinh Mùi (29 tháng Chạp)",
            "name_en": "",
            "source": "Thông báo 2027",
            "is_active": "on",
            "unit": "",
        },
    )
    assert response.status_code == 302
    created = CalendarOverride.objects.get(date=dt.date(2027, 2, 5))
    assert AuditEvent.objects.get(action="calendar_override.create").object_id == str(created.pk)


def test_admin_refuses_a_conflict_with_the_service_message(admin_client_):
    before = CalendarOverride.objects.count()
    response = admin_client_.post(
        "/admin/worktime/calendaroverride/add/",
        {"date": "2026-01-10", "kind": "holiday", "name_vi": "Nghỉ thêm", "is_active": "on"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "đã có một điều chỉnh đang áp dụng cho cùng phạm vi" in body
    assert body.count("đã có một điều chỉnh đang áp dụng") == 1
    assert CalendarOverride.objects.count() == before


def test_admin_switches_24_11_on(admin_client_):
    culture_day = CalendarOverride.objects.get(date=dt.date(2026, 11, 24), unit__isnull=True)
    token = calendar_revision()
    admin_client_.post(
        "/admin/worktime/calendaroverride/",
        {"action": "activate", "_selected_action": [culture_day.pk]},
    )
    culture_day.refresh_from_db()
    assert culture_day.is_active is True
    assert calendar_revision() != token
    assert AuditEvent.objects.get(action="calendar_override.update").changes == {"is_active": [False, True]}


def test_admin_edits_an_override_and_the_audit_sees_the_change(admin_client_):
    row = CalendarOverride.objects.get(date=dt.date(2026, 1, 10))
    response = admin_client_.post(
        f"/admin/worktime/calendaroverride/{row.pk}/change/",
        {
            "date": "2026-01-10",
            "kind": "makeup_workday",
            "name_vi": "Làm bù thứ Bảy 10/01/2026",
            "name_en": row.name_en,
            "source": row.source,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="calendar_override.update")
    assert event.changes == {"name_vi": ["Làm bù cho ngày thứ Sáu 02/01/2026", "Làm bù thứ Bảy 10/01/2026"]}


def _schedule_form(**overrides: str) -> dict[str, str]:
    return {
        "unit": "",
        "name_vi": "Giờ làm việc của xã",
        "name_en": "",
        "season": "all_year",
        "season_start_day": "",
        "season_start_month": "",
        "season_end_day": "",
        "season_end_month": "",
        "valid_from": "2026-01-01",
        "valid_to": "",
        "cutoff": "",
        "monday": "07:30–11:30, 13:30–17:30",
        "tuesday": "07:30-11:30, 13:30-17:30",
        "wednesday": "7h30-11h30; 13h30-17h30",
        "thursday": "07:30–11:30, 13:30–17:30",
        "friday": "07:30–11:30",
        **overrides,
    }


def test_admin_edits_office_hours(admin_client_, tree):
    admin_client_.post("/admin/worktime/officeschedule/add/", _schedule_form(unit=str(tree.commune_a.pk)))
    schedule = OfficeSchedule.objects.get()
    response = admin_client_.post(
        f"/admin/worktime/officeschedule/{schedule.pk}/change/",
        _schedule_form(unit=str(tree.commune_a.pk), friday="07:30–11:30, 13:30–16:30", cutoff="16:00"),
    )
    assert response.status_code == 302
    assert OfficeSchedule.objects.get().cutoff == dt.time(16)
    assert OfficeSession.objects.count() == 10
    changes = AuditEvent.objects.get(action="office_schedule.update").changes
    assert changes["cutoff"] == [None, "16:00:00"]
    assert changes["sessions"][1][4] == "07:30–11:30, 13:30–16:30"


def test_admin_sets_office_hours_through_the_service(admin_client_, tree):
    response = admin_client_.post(
        "/admin/worktime/officeschedule/add/", _schedule_form(unit=str(tree.commune_a.pk))
    )
    assert response.status_code == 302
    schedule = OfficeSchedule.objects.get()
    assert schedule.sessions.count() == 9
    assert AuditEvent.objects.get(action="office_schedule.create").changes["sessions"][1][4] == "07:30–11:30"
    page = admin_client_.get(f"/admin/worktime/officeschedule/{schedule.pk}/change/").content.decode()
    assert 'value="07:30–11:30, 13:30–17:30"' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"monday": "sáng 7 giờ"}, "Không đọc được buổi «sáng 7 giờ»."),
        ({"monday": "25:00-26:00"}, "Giờ không hợp lệ trong «25:00-26:00»."),
        ({"monday": "11:30-07:30"}, "Buổi làm việc 11:30–07:30 phải kết thúc sau khi bắt đầu."),
        (
            dict.fromkeys(("monday", "tuesday", "wednesday", "thursday", "friday"), ""),
            "Lịch phải có ít nhất một buổi làm việc.",
        ),
        ({"season": "summer"}, "Lịch theo mùa phải có ngày, tháng bắt đầu và kết thúc mùa."),
    ],
)
def test_admin_refuses_bad_office_hours(admin_client_, tree, overrides, message):
    response = admin_client_.post(
        "/admin/worktime/officeschedule/add/", _schedule_form(unit=str(tree.commune_a.pk), **overrides)
    )
    assert response.status_code == 200
    assert response.content.decode().count(message) == 1
    assert OfficeSchedule.objects.count() == 0
    assert OfficeSession.objects.count() == 0


def test_admin_deletes_through_the_service(admin_client_, tree):
    admin_client_.post("/admin/worktime/officeschedule/add/", _schedule_form(unit=str(tree.commune_a.pk)))
    schedule = OfficeSchedule.objects.get()
    admin_client_.post(f"/admin/worktime/officeschedule/{schedule.pk}/delete/", {"post": "yes"})
    assert OfficeSchedule.objects.count() == 0
    assert AuditEvent.objects.filter(action="office_schedule.delete").count() == 1


# --- Demo -------------------------------------------------------------------------------------------


def test_demo_seed_is_idempotent(tree):
    seed_demo(province=tree.province)
    token, audits = calendar_revision(), AuditEvent.objects.count()
    assert seed() == []  # the load_demo hook finds the province by its code and changes nothing
    assert (calendar_revision(), AuditEvent.objects.count()) == (token, audits)
    schedules = OfficeSchedule.objects.filter(unit=tree.province).order_by("name_vi")
    assert [(s.name_vi, s.season_range, s.cutoff) for s in schedules] == [
        ("Giờ làm việc mùa hè", ((4, 15), (10, 14)), dt.time(16, 30)),
        ("Giờ làm việc mùa đông", ((10, 15), (4, 14)), dt.time(16, 30)),
    ]
    assert OfficeSession.objects.count() == 20


def test_demo_seed_repairs_a_changed_schedule(tree):
    seed_demo(province=tree.province)
    summer = OfficeSchedule.objects.get(name_vi="Giờ làm việc mùa hè")
    summer.sessions.filter(weekday=4).delete()
    seed_demo(province=tree.province)
    assert OfficeSchedule.objects.count() == 2
    assert OfficeSession.objects.count() == 20
