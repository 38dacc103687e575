"""The leader's dashboard page and its Excel export: figures, who may see them, bad input, queries."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from reformdesk.core.tests.helpers import sign_in
from reformdesk.dossiers.choices import Outcome
from reformdesk.dossiers.tests.factories import vn
from reformdesk.dossiers.tests.test_statistics import build_dossiers, make_dossier
from reformdesk.dossiers.views.dashboard import default_period

pytestmark = pytest.mark.django_db

PAGE = "/staff/statistics/dossiers/"
XLSX = "/staff/statistics/dossiers.xlsx"
MARCH_APRIL = {"start": "2026-03-01", "end": "2026-04-30"}
PAGE_QUERIES = 11


@pytest.fixture
def dossiers(tree):
    """The hand-built set of the statistics tests (see ``test_statistics.build_dossiers``)."""
    return build_dossiers(tree)


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match is not None, name
    return match.group(1)


def row(html: str, table: str, key: str) -> dict[str, str]:
    """The cells of one table row, by column name."""
    section = html.split(f'data-testid="{table}"', 1)[1].split("</table>", 1)[0]
    line = section.split(f'data-key="{key}"', 1)[1].split("</tr>", 1)[0]
    return dict(re.findall(r'data-col="(\w+)">([^<]*)<', line))


def test_the_district_reform_officer_sees_the_district_and_its_communes(client, tree, personas, dossiers):
    sign_in(client, personas.district_reform)
    response = client.get(PAGE, {"unit": tree.district.code, **MARCH_APRIL})
    assert response.status_code == 200
    html = response.content.decode()
    assert [figure(html, n) for n in ("received", "finished", "on_time", "late", "online")] == [
        "7",
        "5",
        "3",
        "2",
        "2",
    ]
    assert figure(html, "on_time_share") == "60,0 %"
    assert figure(html, "online_share") == "28,6 %"
    assert row(html, "table-units", tree.commune_a.code) == {
        "received": "4",
        "online": "2",
        "online_share": "50,0 %",
        "finished": "3",
        "on_time": "2",
        "late": "1",
        "on_time_share": "66,7 %",
    }
    assert row(html, "table-units", "total")["received"] == "7"
    assert row(html, "table-procedures", "1.004873")["late"] == "1"
    assert row(html, "table-months", "2026-04")["received"] == "2"
    assert html.count('<g data-month="') == 2
    assert html.count('<g data-code="') == 3


def test_a_chair_sees_the_commune_chosen_in_the_switcher_by_default(client, tree, personas, dossiers):
    sign_in(client, personas.chair_a)
    response = client.get(PAGE, MARCH_APRIL)
    assert response.status_code == 200
    assert response.context["unit"] == tree.commune_a
    assert response.context["stats"].total.received == 4


def test_without_dates_the_period_is_the_twelve_months_up_to_today(client, tree, personas, dossiers):
    sign_in(client, personas.inspector)
    response = client.get(PAGE, {"unit": tree.district.code})
    assert response.status_code == 200
    start, end = default_period(response.context["end"])
    assert (response.context["start"], response.context["end"]) == (start, end)
    assert start.day == 1 and (end.year - start.year) * 12 + end.month - start.month == 11


@pytest.mark.parametrize(
    ("today", "start"),
    [("2026-11-28", "2025-12-01"), ("2026-01-05", "2025-02-01"), ("2026-12-31", "2026-01-01")],
)
def test_the_default_period_starts_eleven_months_back(today, start):
    import datetime as dt

    day = dt.date.fromisoformat(today)
    assert default_period(day) == (dt.date.fromisoformat(start), day)


@pytest.mark.parametrize("who", ["specialist_b", "outsider"])
def test_staff_of_another_unit_may_not_see_a_communes_figures(client, tree, personas, dossiers, who):
    sign_in(client, getattr(personas, who))
    assert client.get(PAGE, {"unit": tree.commune_a.code}).status_code == 403
    assert client.get(XLSX, {"unit": tree.commune_a.code}).status_code == 403


def test_a_signed_out_visitor_is_sent_to_sign_in(client, tree, dossiers):
    for url in (PAGE, XLSX):
        response = client.get(url, {"unit": tree.commune_a.code})
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"unit": "000.99.99.H99"}, "unit", "Không tìm thấy đơn vị có mã «000.99.99.H99»."),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "end", "Ngày kết thúc phải từ ngày bắt đầu trở đi."),
        ({"start": "2020-01-01", "end": "2026-04-01"}, "end", "Mỗi lần chỉ thống kê được tối đa 3 năm."),
        (
            {"start": "31/02/2026"},
            "start",
            "Ngày không hợp lệ. Ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026.",
        ),
        ({"start": "1899-01-01"}, "start", "Ngày phải trong các năm 2000–2100."),
    ],
)
def test_bad_input_gets_the_form_with_a_clear_message(
    client, tree, personas, dossiers, query, field, message
):
    sign_in(client, personas.district_reform)
    for url in (PAGE, XLSX):
        response = client.get(url, {"unit": tree.district.code, **query})
        assert response.status_code == 400
        html = response.content.decode()
        assert f'data-testid="error-{field}">{message}<' in html
        assert "stats" not in response.context or response.context.get("stats") is None


def test_the_excel_file_has_the_pages_figures(client, tree, personas, dossiers):
    sign_in(client, personas.district_reform)
    response = client.get(XLSX, {"unit": tree.district.code, **MARCH_APRIL})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == (
        'attachment; filename="thong-ke-ho-so-000.00.30.H41-2026-03-01-2026-04-30.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Theo đơn vị", "Theo thủ tục", "Theo tháng", "Ghi chú"]
    units = book["Theo đơn vị"]
    assert [c.value for c in units[1]] == [
        "Mã đơn vị",
        "Đơn vị",
        "Tiếp nhận",
        "Nộp trực tuyến",
        "Tỷ lệ trực tuyến",
        "Đã giải quyết",
        "Đúng hạn",
        "Quá hạn",
        "Tỷ lệ đúng hạn",
    ]
    values = [[c.value for c in r] for r in units.iter_rows(min_row=2)]
    assert [v[:4] + v[5:8] for v in values] == [
        ["000.00.30.H41", "Huyện Tân Kỳ", 1, 0, 0, 0, 0],
        ["000.30.31.H41", "Xã Phú Sơn", 4, 2, 3, 2, 1],
        ["000.30.32.H41", "Xã Tân Hương", 2, 0, 2, 1, 1],
        [None, "Tổng", 7, 2, 5, 3, 2],
    ]
    assert float(units["E3"].value) == pytest.approx(0.5) and units["E3"].number_format == "0.0%"
    assert float(units["I5"].value) == pytest.approx(0.6) and units["I5"].number_format == "0.0%"
    assert units["D4"].value == 0 and units["E2"].value == 0 and units["I2"].value is None
    months = book["Theo tháng"]
    assert [[c.value for c in r][:4] for r in months.iter_rows(min_row=2)] == [
        ["03/2026", 5, 1, pytest.approx(0.2)],
        ["04/2026", 2, 1, pytest.approx(0.5)],
        ["Tổng", 7, 2, pytest.approx(2 / 7, abs=0.0005)],
    ]
    assert [r[0].value for r in book["Theo thủ tục"].iter_rows(min_row=2)] == ["1.001193", "1.004873", None]


def test_a_unit_name_that_looks_like_a_formula_stays_text(client, tree, personas, dossiers):
    tree.commune_b.name_vi = "=HYPERLINK(1)"
    tree.commune_b.save(update_fields=["name_vi"])
    sign_in(client, personas.district_reform)
    book = load_workbook(io.BytesIO(client.get(XLSX, {"unit": tree.district.code, **MARCH_APRIL}).content))
    cell = book["Theo đơn vị"]["B4"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


def test_the_page_makes_the_same_number_of_queries_for_more_dossiers(client, tree, personas, dossiers):
    sign_in(client, personas.district_reform)
    query = {"unit": tree.district.code, **MARCH_APRIL}
    client.get(PAGE, query)  # warm the per-process caches (calendar, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(PAGE, query).status_code == 200
    for day in range(2, 28):
        finished = {"finished_at": vn(2026, 4, day, 15), "outcome": Outcome.LATE}
        make_dossier(tree.commune_b, dossiers[1], vn(2026, 4, day), **finished)
    with CaptureQueriesContext(connection) as many:
        response = client.get(PAGE, query)
    assert response.context["stats"].total.received == 7 + 26
    assert len(few.captured_queries) == len(many.captured_queries) == PAGE_QUERIES


def test_the_menu_shows_the_dashboard_to_staff_who_read_dossiers(client, tree, personas):
    sign_in(client, personas.chair_a)
    assert f'href="{PAGE}"' in client.get(PAGE).content.decode()
    sign_in(client, personas.outsider)
    assert f'href="{PAGE}"' not in client.get("/").content.decode()
