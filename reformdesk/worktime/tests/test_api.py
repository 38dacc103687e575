"""API: /api/v1/worktime/due and /calendar — answers, authentication, and every bad input."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from reformdesk.core.models import AuditEvent
from reformdesk.core.services.tokens import token_create
from reformdesk.worktime.models import CalendarOverride, OfficeSchedule

pytestmark = pytest.mark.django_db

DUE = "/api/v1/worktime/due"
CALENDAR = "/api/v1/worktime/calendar"
COMMUNE = "000.30.31.H41"


@pytest.fixture
def staff(personas, nghe_an, client: Client) -> Client:
    client.force_login(personas.one_stop_a)
    return client


def _get(client: Client, path: str, **params: object):
    return client.get(f"{path}?{urlencode(params)}")


def test_due_in_working_days(staff):
    response = _get(staff, DUE, unit=COMMUNE, start="2026-02-13T10:00:00+07:00", days=3)
    assert response.status_code == 200
    assert response.json() == {"due": "2026-02-25T10:00:00+07:00"}


def test_due_in_hours_from_a_utc_time(staff):
    # 2026-03-09T01:00Z = Mon 08:00 +07:00 (winter); + 4 h = 12:00.
    response = _get(staff, DUE, unit=COMMUNE, start="2026-03-09T01:00:00Z", hours="4")
    assert response.json() == {"due": "2026-03-09T12:00:00+07:00"}


def test_due_with_an_unencoded_plus_sign(staff):
    # A client that forgets to encode "+" sends "+07:00" as " 07:00".
    response = staff.get(f"{DUE}?unit={COMMUNE}&start=2026-03-09T08:00:00+07:00&days=0.5")
    assert response.json() == {"due": "2026-03-09T12:00:00+07:00"}


def test_due_with_a_bearer_token(personas, nghe_an):
    _token, secret = token_create(actor=None, user=personas.specialist_b, name="tích hợp")
    response = Client().get(
        f"{DUE}?{urlencode({'unit': COMMUNE, 'start': '2026-02-13T10:00:00+07:00', 'days': 3})}",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.json() == {"due": "2026-02-25T10:00:00+07:00"}


def test_anonymous_callers_are_refused(nghe_an):
    response = _get(Client(), DUE, unit=COMMUNE, start="2026-02-13T10:00:00+07:00", days=3)
    assert response.status_code == 401
    assert _get(Client(), CALENDAR, unit=COMMUNE, year=2026).status_code == 401


BAD_DUE = [
    pytest.param(
        {"start": "2026-02-13T10:00:00+07:00", "days": 1},
        "unit",
        "unit_required",
        "Thiếu mã đơn vị (tham số unit), ví dụ 000.00.00.H41.",
        "The unit code (parameter unit) is missing, e.g. 000.00.00.H41.",
        id="no-unit",
    ),
    pytest.param(
        {"unit": "000.99.99.H99", "start": "2026-02-13T10:00:00+07:00", "days": 1},
        "unit",
        "unknown_unit",
        "Không tìm thấy đơn vị có mã «000.99.99.H99».",
        "No unit has the code “000.99.99.H99”.",
        id="unknown-unit",
    ),
    pytest.param(
        {"unit": COMMUNE, "days": 1},
        "start",
        "start_required",
        "Thiếu thời điểm tiếp nhận (tham số start).",
        "The receipt time (parameter start) is missing.",
        id="no-start",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "13/02/2026 10:00", "days": 1},
        "start",
        "invalid_start",
        "Thời điểm tiếp nhận không đúng định dạng ISO 8601, ví dụ 2026-02-13T10:00:00+07:00.",
        "The receipt time is not in ISO 8601 format, e.g. 2026-02-13T10:00:00+07:00.",
        id="malformed-start",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "2026-02-30T10:00:00+07:00", "days": 1},
        "start",
        "invalid_start",
        "Thời điểm tiếp nhận không đúng định dạng ISO 8601, ví dụ 2026-02-13T10:00:00+07:00.",
        "The receipt time is not in ISO 8601 format, e.g. 2026-02-13T10:00:00+07:00.",
        id="impossible-date",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "2026-02-13T10:00:00", "days": 1},
        "start",
        "naive_start",
        "Thời điểm tiếp nhận phải ghi rõ múi giờ, ví dụ 2026-02-13T10:00:00+07:00.",
        "The receipt time must state its time zone, e.g. 2026-02-13T10:00:00+07:00.",
        id="naive-start",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "1975-04-30T10:00:00+07:00", "days": 1},
        "start",
        "start_out_of_range",
        "Thời điểm tiếp nhận phải trong các năm 2000–2100.",
        "The receipt time must be within the years 2000–2100.",
        id="start-too-old",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "9999-12-31T23:59:59-12:00", "days": 1},
        "start",
        "start_out_of_range",
        "Thời điểm tiếp nhận phải trong các năm 2000–2100.",
        "The receipt time must be within the years 2000–2100.",
        id="start-at-the-end-of-time",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "2026-02-13T10:00:00+07:00"},
        "days",
        "duration_required",
        "Cần ghi số ngày làm việc (days) hoặc số giờ làm việc (hours).",
        "Give the number of working days (days) or working hours (hours).",
        id="neither-days-nor-hours",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "2026-02-13T10:00:00+07:00", "days": 1, "hours": 2},
        "days",
        "duration_ambiguous",
        "Chỉ ghi một trong hai tham số days (ngày làm việc) hoặc hours (giờ làm việc).",
        "Give only one of days (working days) or hours (working hours).",
        id="both-days-and-hours",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "2026-02-13T10:00:00+07:00", "days": -1},
        "days",
        "invalid_duration",
        "Số ngày làm việc phải là một số không âm, ví dụ 15 hoặc 0.5.",
        "The number of working days must be a non-negative number, e.g. 15 or 0.5.",
        id="negative-days",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "2026-02-13T10:00:00+07:00", "days": "mười"},
        "days",
        "invalid_duration",
        "Số ngày làm việc phải là một số không âm, ví dụ 15 hoặc 0.5.",
        "The number of working days must be a non-negative number, e.g. 15 or 0.5.",
        id="days-not-a-number",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "2026-02-13T10:00:00+07:00", "hours": "nan"},
        "hours",
        "invalid_duration",
        "Số giờ làm việc phải là một số không âm, ví dụ 4 hoặc 1.5.",
        "The number of working hours must be a non-negative number, e.g. 4 or 1.5.",
        id="hours-nan",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "2026-02-13T10:00:00+07:00", "hours": "1e308"},
        "hours",
        "invalid_duration",
        "Số giờ làm việc phải là một số không âm, ví dụ 4 hoặc 1.5.",
        "The number of working hours must be a non-negative number, e.g. 4 or 1.5.",
        id="hours-exponent",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "2026-02-13T10:00:00+07:00", "days": 1001},
        "days",
        "duration_out_of_range",
        "Số ngày làm việc tối đa là 1000.",
        "At most 1000 working days.",
        id="absurd-days",
    ),
    pytest.param(
        {"unit": COMMUNE, "start": "2026-02-13T10:00:00+07:00", "hours": 8000.5},
        "hours",
        "duration_out_of_range",
        "Số giờ làm việc tối đa là 8000.",
        "At most 8000 working hours.",
        id="absurd-hours",
    ),
]


@pytest.mark.parametrize(("params", "field", "code", "vi", "en"), BAD_DUE)
def test_bad_due_requests_get_a_clear_422(staff, params, field, code, vi, en):
    before = (AuditEvent.objects.count(), CalendarOverride.objects.count(), OfficeSchedule.objects.count())
    response = _get(staff, DUE, **params)
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["detail"]) == (code, vi)
    assert {"field": field, "message": vi} in body["errors"]
    english = staff.get(f"{DUE}?{urlencode(params)}", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 422
    assert english.json()["detail"] == en
    assert (
        AuditEvent.objects.count(),
        CalendarOverride.objects.count(),
        OfficeSchedule.objects.count(),
    ) == before


def test_calendar_of_a_year(staff):
    response = _get(staff, CALENDAR, unit=COMMUNE, year=2026)
    assert response.status_code == 200
    body = response.json()
    assert (body["unit"], body["year"], len(body["days"])) == (COMMUNE, 2026, 16)
    assert body["days"][1] == {
        "date": "2026-01-02",
        "kind": "swapped_day_off",
        "name_vi": "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)",
        "name_en": "Day off swapped with Saturday 10 January",
        "source": "override",
    }
    assert body["days"][2]["kind"] == "makeup_workday"
    assert [d["date"] for d in body["days"][3:8]] == [f"2026-02-{n}" for n in range(16, 21)]


def test_calendar_of_a_year_the_government_has_not_announced(staff):
    body = _get(staff, CALENDAR, unit=COMMUNE, year=2030).json()
    assert {d["source"] for d in body["days"]} == {"holidays"}
    assert body["days"][0] == {
        "date": "2030-01-01",
        "kind": "holiday",
        "name_vi": "Tết Dương lịch",
        "name_en": "New Year's Day",
        "source": "holidays",
    }


def test_calendar_query_count_does_not_depend_on_the_year(staff, django_assert_num_queries):
    _get(staff, CALENDAR, unit=COMMUNE, year=2026)  # builds the commune's calendar
    for year in (2025, 2026, 2030):
        # session, user, unit by code, calendar revision
        with django_assert_num_queries(4):
            assert _get(staff, CALENDAR, unit=COMMUNE, year=year).status_code == 200


@pytest.mark.parametrize(
    ("year", "code", "vi", "en"),
    [
        (
            "two thousand",
            "invalid_year",
            "Năm phải là một số, ví dụ 2026.",
            "The year must be a number, e.g. 2026.",
        ),
        ("-1", "invalid_year", "Năm phải là một số, ví dụ 2026.", "The year must be a number, e.g. 2026."),
        (
            "1999",
            "year_out_of_range",
            "Năm phải trong khoảng 2000–2100.",
            "The year must be within 2000–2100.",
        ),
        ("99999", "invalid_year", "Năm phải là một số, ví dụ 2026.", "The year must be a number, e.g. 2026."),
        (
            "2101",
            "year_out_of_range",
            "Năm phải trong khoảng 2000–2100.",
            "The year must be within 2000–2100.",
        ),
    ],
)
def test_bad_calendar_years_get_a_clear_422(staff, year, code, vi, en):
    response = _get(staff, CALENDAR, unit=COMMUNE, year=year)
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["detail"]) == (code, vi)
    assert response.json()["errors"] == [{"field": "year", "message": vi}]
    english = staff.get(f"{CALENDAR}?{urlencode({'unit': COMMUNE, 'year': year})}", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == en


def test_calendar_of_an_unknown_unit(staff):
    response = _get(staff, CALENDAR, unit="không có", year=2026)
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_unit"


def test_calendar_defaults_to_this_year(staff, settings):
    from django.utils import timezone

    body = _get(staff, CALENDAR, unit=COMMUNE).json()
    assert body["year"] == timezone.localdate().year
