"""The leader's dashboard: received, answered on time, late, satisfaction and reopened by unit,
kind and month, the two Decision 766 figures with their formulas, the charts and the Excel export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from reformdesk.core.tests.helpers import sign_in
from reformdesk.feedback.choices import Kind, RefusalReason, Satisfaction
from reformdesk.feedback.services import (
    feedback_accept,
    feedback_approve_answer,
    feedback_assign,
    feedback_draft_answer,
    feedback_rate,
    feedback_refuse,
    feedback_send,
)
from reformdesk.feedback.statistics import Figures, feedback_statistics
from reformdesk.feedback.tests.factories import receive, vn

pytestmark = pytest.mark.django_db

PAGE = "/staff/statistics/feedback/"
DECEMBER = {"start": "2025-12-01", "end": "2025-12-31"}
NOW = vn(2026, 3, 1, 9)


def _signed(personas, handler, case):
    case = feedback_accept(actor=personas.one_stop_a, case=case, at=case.received_at + dt.timedelta(hours=1))
    case = feedback_assign(actor=personas.chair_a, case=case, handler=handler, at=vn(2025, 12, 2, 9))
    case = feedback_draft_answer(
        actor=handler.user, case=case, answer="Đã sửa trạm bơm.", at=vn(2025, 12, 8, 9)
    )
    return feedback_approve_answer(actor=personas.chair_a, case=case, at=vn(2025, 12, 8, 15))


@pytest.fixture
def december(personas, tree, handler_a):
    """At commune A, one case answered on time and rated satisfied, one answered late, rated
    dissatisfied and reopened; at commune B, one still unanswered long after its due moment and
    one merged into it as a duplicate."""
    on_time = _signed(personas, handler_a, receive(actor=personas.one_stop_a, unit=tree.commune_a))
    on_time = feedback_send(actor=personas.one_stop_a, case=on_time, at=vn(2025, 12, 9, 9))
    feedback_rate(
        actor=personas.one_stop_a, case=on_time, satisfaction=Satisfaction.SATISFIED, at=vn(2025, 12, 11)
    )
    late = _signed(
        personas, handler_a, receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 10))
    )
    late = feedback_send(actor=personas.one_stop_a, case=late, at=vn(2026, 1, 5, 9))
    feedback_rate(
        actor=personas.one_stop_a, case=late, satisfaction=Satisfaction.DISSATISFIED, at=vn(2026, 1, 6, 9)
    )
    waiting = receive(actor=personas.specialist_b, unit=tree.commune_b, at=vn(2025, 12, 2, 9))
    again = receive(actor=personas.specialist_b, unit=tree.commune_b, at=vn(2025, 12, 3, 9))
    feedback_refuse(
        actor=personas.specialist_b,
        case=again,
        reason=RefusalReason.DUPLICATE,
        duplicate_of_code=waiting.code,
        at=vn(2025, 12, 3, 10),
    )
    receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2026, 1, 2, 9))  # outside the period


COMMUNE_A = Figures(
    received=2, answered=2, on_time=1, late=1, rated=2, satisfied=1, dissatisfied=1, reopened=1
)
COMMUNE_B = Figures(received=2, merged=1, late=1)


def test_the_figures_by_unit_kind_and_month(tree, december, django_assert_num_queries):
    with django_assert_num_queries(4):
        stats = feedback_statistics(
            unit=tree.district, start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 31), now=NOW
        )

    assert [(row.unit, row.own, row.figures) for row in stats.by_unit] == [
        (tree.commune_a, False, COMMUNE_A),
        (tree.commune_b, False, COMMUNE_B),
    ]
    total = COMMUNE_A + COMMUNE_B
    assert stats.total == total
    assert [(row.kind, row.figures) for row in stats.by_kind] == [
        (Kind.REGULATION, Figures()),
        (Kind.OFFICIAL, Figures()),
        (Kind.DOSSIER, Figures()),
        (Kind.PUBLIC_SERVICE, total),
    ]
    assert [(row.month, row.figures) for row in stats.by_month] == [(dt.date(2025, 12, 1), total)]
    assert (total.petitions, total.on_time_share, total.satisfaction_share) == (
        3,
        Decimal("50.0"),
        Decimal("50.0"),
    )


def test_the_766_figures_follow_the_formulas():
    """(petitions − late) / petitions, and (petitions − dissatisfied − reopened − late) /
    petitions, never below 0; 6 points × R; 6 points without petitions."""
    figures = Figures(received=11, merged=1, late=2, dissatisfied=1, reopened=1)
    assert (figures.rate_766_on_time, figures.score_766_on_time) == (Decimal("80.0"), Decimal("4.80"))
    assert (figures.rate_766_satisfaction, figures.score_766_satisfaction) == (
        Decimal("60.0"),
        Decimal("3.60"),
    )
    worse = Figures(received=3, late=2, dissatisfied=1, reopened=1)
    assert (worse.rate_766_satisfaction, worse.score_766_satisfaction) == (Decimal("0.0"), Decimal("0.00"))
    assert (Figures().score_766_on_time, Figures().score_766_satisfaction) == (
        Decimal("6.00"),
        Decimal("6.00"),
    )


def test_the_page_shows_the_figures_charts_and_formulas(personas, tree, december, monkeypatch):
    monkeypatch.setattr("reformdesk.feedback.views_dashboard.timezone.now", lambda: NOW)
    client = sign_in(Client(), personas.district_reform)
    response = client.get(PAGE, {"unit": tree.district.code, **DECEMBER})
    page = response.content.decode()

    assert response.status_code == 200
    assert 'data-figure="received">4<' in page
    assert 'data-figure="rate_766_on_time">33,3 % · 2,00/6 điểm<' in page
    assert "R = (số phản ánh − số quá hạn) / số phản ánh; điểm = 6 × R" in page
    assert "R = (số phản ánh − số không hài lòng − số phản ánh lại − số quá hạn) / số phản ánh" in page
    assert 'data-testid="month-chart"' in page and 'data-testid="unit-chart"' in page
    assert f'<tr data-key="{tree.commune_a.code}">' in page
    assert 'href="/staff/statistics/feedback.xlsx?unit=' in page


def test_the_excel_export_has_a_sheet_per_breakdown_and_the_notes(personas, tree, december, monkeypatch):
    monkeypatch.setattr("reformdesk.feedback.views_dashboard.timezone.now", lambda: NOW)
    client = sign_in(Client(), personas.district_reform)
    response = client.get("/staff/statistics/feedback.xlsx", {"unit": tree.district.code, **DECEMBER})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="thong-ke-phan-anh-{tree.district.code}-2025-12-01-2025-12-31.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Theo đơn vị", "Theo loại", "Theo tháng", "Ghi chú"]
    units = [[cell.value for cell in row] for row in book["Theo đơn vị"].iter_rows(min_row=2)]
    assert units[0][:9] == [tree.commune_a.code, "Xã Phú Sơn", 2, 0, 2, 2, 1, 0.5, 1]
    assert units[-1][:5] == [None, "Tổng", 4, 1, 3]
    assert units[-1][-4:] == [0.333, 2, 0, 0]
    notes = [row[0].value for row in book["Ghi chú"].iter_rows()]
    assert "chưa đối chiếu được với phụ lục văn bản gốc" in notes[-1]


def test_bad_input_and_who_may_not_see(personas, tree):
    client = sign_in(Client(), personas.district_reform)
    response = client.get(PAGE, {"unit": tree.district.code, "start": "2025-12-31", "end": "2025-12-01"})
    assert response.status_code == 400
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in response.content.decode()
    assert client.get(PAGE, {"unit": "000.99.99.H41"}).status_code == 400
    chair = sign_in(Client(), personas.chair_a)
    assert chair.get(PAGE, {"unit": tree.commune_b.code}).status_code == 403
    assert sign_in(Client(), personas.outsider).get(PAGE).status_code == 403


def test_the_worklist_and_the_staff_menu_lead_to_the_dashboard(personas):
    chair = sign_in(Client(), personas.chair_a)
    assert f'href="{PAGE}"' in chair.get("/staff/feedback/").content.decode()
    assert f'href="{PAGE}"' in chair.get("/staff/").content.decode()
    assert chair.get(PAGE).status_code == 200
