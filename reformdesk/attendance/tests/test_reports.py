"""The monthly timesheet (cells of the Excel file) and the compliance dashboard."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reformdesk.attendance.choices import DaySession, ExceptionKind
from reformdesk.attendance.models import DailyRecord, Punch
from reformdesk.attendance.selectors import compliance
from reformdesk.attendance.services.days import daily_records_compute
from reformdesk.attendance.services.exceptions import exception_approve, exception_request
from reformdesk.attendance.services.explanations import (
    explanation_accept,
    explanation_answer,
    explanation_request,
)
from reformdesk.attendance.tests.factories import make_device, map_pin, vn
from reformdesk.core.models import AccessLog
from reformdesk.core.tests.helpers import sign_in
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db
SEPT = dt.date(2025, 9, 1)


@pytest.fixture
def month(tree, personas):
    """September 2025 at commune A for one official: 1 and 2 September are National Day holidays."""
    device = make_device(unit=tree.commune_a, serial="TS1")
    official = make_official(
        unit=tree.commune_a, username="canbo_a", full_name="Đặng Văn Hùng", position="Công chức Tư pháp"
    )
    map_pin(unit=tree.commune_a, pin="1", official=official)
    punches = {
        3: ((7, 55), (17, 2)),  # worked
        4: ((8, 30), (17, 0)),  # late, explained and accepted
        5: ((8, 40), (17, 0)),  # late
        8: ((7, 50),),  # missing punch
        9: ((13, 10), (17, 0)),  # morning on annual leave, afternoon late
    }
    for day, moments in punches.items():
        for hour, minute in moments:
            Punch.objects.create(
                device=device,
                unit=tree.commune_a,
                pin="1",
                official=official,
                punched_at=vn(2025, 9, day, hour, minute),
                raw_line="x",
            )
    daily_records_compute(unit=tree.commune_a, start=SEPT, end=dt.date(2025, 9, 15))
    leave = exception_request(
        actor=official.user,
        official=official,
        kind=ExceptionKind.ANNUAL_LEAVE,
        start=dt.date(2025, 9, 9),
        end=dt.date(2025, 9, 9),
        session=DaySession.MORNING,
        reason="Việc nhà",
    )
    exception_approve(actor=personas.chair_a, exception=leave)
    trip = exception_request(
        actor=personas.chair_a,
        official=official,
        kind=ExceptionKind.BUSINESS_TRIP,
        start=dt.date(2025, 9, 10),
        end=dt.date(2025, 9, 11),
        reason="Tập huấn tại huyện",
    )
    exception_approve(actor=personas.chair_a, exception=trip)
    sick = exception_request(
        actor=official.user,
        official=official,
        kind=ExceptionKind.SICK_LEAVE,
        start=dt.date(2025, 9, 12),
        end=dt.date(2025, 9, 12),
        reason="Sốt",
    )
    exception_approve(actor=personas.chair_a, exception=sick)
    record = DailyRecord.objects.get(official=official, day=dt.date(2025, 9, 4))
    row = explanation_request(actor=personas.chair_a, record=record)
    explanation_answer(actor=official.user, explanation=row, answer="Họp ở thôn")
    explanation_accept(actor=personas.chair_a, explanation=row)
    return official


def _sheet(client: Client, unit) -> tuple:
    response = client.get(reverse("attendance:timesheet_xlsx"), {"unit": unit.pk, "month": "2025-09"})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="bang-cham-cong-{unit.code}-2025-09.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    return workbook.active


def test_timesheet_cells(month, personas, tree) -> None:
    ws = _sheet(sign_in(Client(), personas.chair_a), tree.commune_a)
    assert (ws["A1"].value, ws["A2"].value) == ("HUYỆN TÂN KỲ", "XÃ PHÚ SƠN")
    assert (ws["A3"].value, ws["A4"].value) == ("BẢNG CHẤM CÔNG", "Tháng 09 năm 2025")
    assert [ws.cell(row=6, column=c).value for c in (1, 2, 3, 4, 33, 34)] == [
        "STT",
        "Họ và tên",
        "Chức vụ",
        1,
        30,
        "Số ngày công",
    ]
    assert [ws.cell(row=7, column=c).value for c in (4, 5, 9, 10)] == ["T2", "T3", "T7", "CN"]
    names = [ws.cell(row=r, column=2).value for r in range(8, 11)]
    row = 8 + names.index("Đặng Văn Hùng")
    assert (ws.cell(row=row, column=3).value) == "Công chức Tư pháp"
    symbols = [ws.cell(row=row, column=3 + day).value for day in range(1, 17)]
    assert symbols == [
        "L",
        "L",
        "+",
        "+",
        "M",
        None,
        None,
        "Q",
        "½P",
        "CT",
        "CT",
        "Ô",
        None,
        None,
        "K",
        None,
    ]
    totals = [ws.cell(row=row, column=c).value for c in range(34, 39)]
    # worked: 3, 4 (excused), 5, 8 = 4, + half of the 9th, + 2 days' trip = 6.5; leave: ½ + 1 (sick)
    # late/early: the 5th and the afternoon of the 9th; missing: the 8th; absent: the 15th
    assert totals == [6.5, 1.5, 2, 1, 1]
    legend = {
        ws.cell(row=r, column=2).value: ws.cell(row=r, column=3).value for r in range(1, ws.max_row + 1)
    }
    assert legend["Ô"] == "Nghỉ ốm" and legend["TS"] == "Nghỉ thai sản" and legend["L"] == "Nghỉ lễ, Tết"
    cells = [str(c.value) for r in ws.iter_rows() for c in r if c.value]
    assert "NGƯỜI LẬP BIỂU" in cells and "THỦ TRƯỞNG ĐƠN VỊ" in cells
    assert AccessLog.objects.filter(purpose="timesheet.export").count() >= 1


def test_timesheet_refusals(month, personas, tree) -> None:
    client = sign_in(Client(), personas.chair_a)
    response = client.get(
        reverse("attendance:timesheet_xlsx"), {"unit": tree.commune_b.pk, "month": "2025-09"}
    )
    assert response.status_code == 400 and "unit" in response.context["form"].errors
    response = client.get(
        reverse("attendance:timesheet_xlsx"), {"unit": tree.commune_a.pk, "month": "13/2025"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["month"] == [
        "Tháng không hợp lệ. Ghi tháng theo dạng tháng/năm, ví dụ 09/2025."
    ]
    assert not AccessLog.objects.filter(purpose="timesheet.export").exists()
    assert sign_in(Client(), personas.one_stop_a).get(reverse("attendance:timesheet")).status_code == 403
    page = client.get(reverse("attendance:timesheet"), {"unit": tree.commune_a.pk, "month": "2025-09"})
    assert page.status_code == 200 and "½P" in page.content.decode()


def test_compliance_counts(month, tree) -> None:
    stats = compliance(unit=tree.district, start=SEPT, end=dt.date(2025, 9, 15))
    mine = next(r for r in stats.by_official if r["official__full_name"] == "Đặng Văn Hùng")
    assert (mine["late"], mine["early"], mine["missing"], mine["absent"], mine["excused"], mine["leave"]) == (
        2,
        0,
        1,
        1,
        1,
        3,
    )
    assert [row["unit"].name for row in stats.by_unit] == ["Xã Phú Sơn"]
    weeks = [(row["week"].isoformat()[:10], row["late"], row["missing"]) for row in stats.by_week]
    assert weeks == [("2025-09-01", 1, 0), ("2025-09-08", 1, 1), ("2025-09-15", 0, 0)]


def test_dashboard_page(month, personas, tree) -> None:
    for user in (personas.chair_a, personas.district_reform, personas.inspector):
        client = sign_in(Client(), user)
        params = {"unit": tree.commune_a.pk, "start": "2025-09-01", "end": "2025-09-14"}
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("attendance:dashboard"), params)
        assert response.status_code == 200
        # session, user, grants, the form's unit, three grouped counts and the units' names, the
        # unit choices, the menu's checks: the same whatever the number of officials and days
        assert len(queries) == 12, "\n".join(q["sql"][:150] for q in queries)
        page = response.content.decode()
        assert 'data-testid="week-chart"' in page and 'data-week="2025-09-08"' in page
    assert sign_in(Client(), personas.one_stop_a).get(reverse("attendance:dashboard")).status_code == 403
    client = sign_in(Client(), personas.chair_a)
    bad = client.get(
        reverse("attendance:dashboard"),
        {"unit": tree.commune_a.pk, "start": "2025-09-14", "end": "2025-09-01"},
    )
    assert bad.status_code == 400 and "end" in bad.context["form"].errors
    other = client.get(
        reverse("attendance:dashboard"),
        {"unit": tree.commune_b.pk, "start": "2025-09-01", "end": "2025-09-14"},
    )
    assert other.status_code == 400 and "unit" in other.context["form"].errors
