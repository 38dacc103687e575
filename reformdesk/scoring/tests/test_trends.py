"""The 766 index over time and across units: trend page and its query count, the comparison
(scoped to the units the user may read), and the Excel files of an index and a comparison."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from reformdesk.dossiers.tests.factories import desk_procedure, vn
from reformdesk.scoring.tests.factories import make_dossier

pytestmark = pytest.mark.django_db
INDEX = "/staff/indices/766/"
TRENDS = "/staff/indices/766/trends/"
COMPARISON = "/staff/indices/766/comparison/"
_DESK: dict = {}


@pytest.fixture(autouse=True)
def _fresh_desk():
    _DESK.clear()


def _dossiers(tree, n, *, first_day=1):
    desk = _DESK.get(tree.commune_a.pk) or _DESK.setdefault(
        tree.commune_a.pk, desk_procedure(units=[tree.commune_a, tree.commune_b])
    )
    for day in range(first_day, first_day + n):
        make_dossier(
            unit=tree.commune_a,
            desk=desk,
            received_at=vn(2026, 3, day),
            due_at=vn(2026, 3, day + 3, 17),
            finished_at=vn(2026, 3, day + 5, 10),  # late
        )


def _queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(TRENDS, params)
    assert response.status_code == 200
    return len(queries)


def test_the_index_page_links_to_the_trends_the_comparison_and_the_excel_file(client, personas, tree):
    client.force_login(personas.district_reform)
    page = client.get(INDEX, {"unit": tree.district.code, "period": "2026"}).content.decode()
    assert f"{TRENDS}?unit={tree.district.code}&amp;year=2026" in page
    assert f"{COMPARISON}?parent={tree.district.code}&amp;period=2026" in page
    assert "/staff/indices/766/index.xlsx?" in page


def test_the_trend_shows_each_group_month_by_month_with_a_table(client, personas, tree):
    _dossiers(tree, 2)
    client.force_login(personas.district_reform)
    response = client.get(TRENDS, {"unit": tree.commune_a.code, "year": "2026"})
    page = response.content.decode()
    assert 'data-testid="trend-chart-timeliness"' in page and "<polyline" in page
    assert page.count("<tr data-period=") == 12
    assert 'data-period="2026-03"' in page
    quarters = client.get(TRENDS, {"unit": tree.commune_a.code, "year": "2026", "step": "quarter"})
    assert quarters.content.decode().count("<tr data-period=") == 4


def test_the_trend_query_count_does_not_grow_with_the_dossiers(client, personas, tree):
    client.force_login(personas.district_reform)
    params = {"unit": tree.commune_a.code, "year": "2026"}
    _dossiers(tree, 1)
    few = _queries(client, params)
    _dossiers(tree, 6, first_day=2)
    many = _queries(client, params)
    assert few == many
    # twelve indices of 13 queries each, and the session and user (166 on SQLite when written)
    assert many <= 12 * 14 + 12


@pytest.mark.parametrize("year", ["20x6", "1999", "2026-03", "2999"])
def test_a_bad_year_is_a_message_not_an_error(client, personas, tree, year):
    client.force_login(personas.district_reform)
    response = client.get(TRENDS, {"unit": tree.commune_a.code, "year": year})
    assert response.status_code == 200
    assert 'data-testid="trend-errors"' in response.content.decode()
    assert "<polyline" not in response.content.decode()


def test_the_comparison_lists_the_communes_sorted_with_links(client, personas, tree):
    _dossiers(tree, 2)  # commune A loses the timeliness points, commune B has no dossier
    client.force_login(personas.district_reform)
    response = client.get(COMPARISON, {"parent": tree.district.code, "period": "2026-03"})
    page = response.content.decode()
    assert 'data-testid="comparison-chart"' in page
    rows = [tree.commune_b.code, tree.commune_a.code]
    assert [page.index(f'data-unit="{code}"') for code in rows] == sorted(
        page.index(f'data-unit="{c}"') for c in rows
    )
    assert f"{INDEX}?unit={tree.commune_a.code}&amp;period=2026-03" in page
    assert f'data-unit="{tree.district.code}"' not in page


def test_the_comparison_shows_only_units_the_user_may_read(client, personas, tree):
    client.force_login(personas.chair_a)
    page = client.get(COMPARISON, {"parent": tree.district.code, "period": "2026"}).content.decode()
    assert f'data-unit="{tree.commune_b.code}"' not in page
    assert "Bạn không xem được chỉ số của đơn vị" in page
    client.force_login(personas.one_stop_a)
    assert client.get(COMPARISON).status_code == 403
    assert client.get(TRENDS).status_code == 403


def test_the_index_as_excel_has_every_indicator_and_leaves_no_data_empty(client, personas, tree):
    _dossiers(tree, 2)
    client.force_login(personas.district_reform)
    response = client.get("/staff/indices/766/index.xlsx", {"unit": tree.commune_a.code, "period": "2026-03"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:9] == (
        "Nhóm",
        "Mã chỉ số",
        "Chỉ số",
        "Tử số",
        "Mẫu số",
        "Tỷ lệ",
        "Điểm",
        "Điểm tối đa",
        "Cách chấm",
    )
    on_time = next(r for r in rows if r[1] == "p-on-time")
    assert (on_time[3], on_time[4], on_time[5], on_time[6]) == (0, 2, 0, 0)
    synced = next(r for r in rows if r[1] == "t-synced")
    assert synced[6] is None and synced[8] == "Chưa có dữ liệu"
    assert rows[-1][2] == "Tổng điểm"


def test_the_comparison_as_excel_and_bad_input_is_a_400(client, personas, tree):
    client.force_login(personas.district_reform)
    ok = client.get("/staff/indices/766/comparison.xlsx", {"parent": tree.district.code, "period": "2026"})
    assert ok.status_code == 200
    rows = list(load_workbook(io.BytesIO(ok.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("Hạng", "Mã đơn vị", "Đơn vị")
    assert {r[1] for r in rows[1:]} == {tree.commune_a.code, tree.commune_b.code}
    bad = client.get(
        "/staff/indices/766/comparison.xlsx", {"parent": tree.district.code, "period": "2026-13"}
    )
    assert bad.status_code == 400 and "Kỳ phải có dạng YYYY" in bad.content.decode()
    bad = client.get("/staff/indices/766/index.xlsx", {"unit": tree.district.code, "period": "x"})
    assert bad.status_code == 400


def test_a_unit_merged_away_before_the_period_is_not_compared(client, personas, tree):
    tree.commune_b.valid_to = dt.date(2025, 6, 30)
    tree.commune_b.save(update_fields=["valid_to"])
    client.force_login(personas.district_reform)
    page = client.get(COMPARISON, {"parent": tree.district.code, "period": "2026"}).content.decode()
    assert f'data-unit="{tree.commune_a.code}"' in page
    assert f'data-unit="{tree.commune_b.code}"' not in page
    old = client.get(COMPARISON, {"parent": tree.district.code, "period": "2025-Q1"}).content.decode()
    assert f'data-unit="{tree.commune_b.code}"' in old
