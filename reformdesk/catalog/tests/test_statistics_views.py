"""The statistics page, its Excel export and its API on the demo catalog: figures, access, bad input.

Personas here are officials of the demo units (the shared ``tree`` fixture uses the same codes as
the demo, so it is not used): the district's reform officer (the district's subtree), a district
one-stop officer (the district only), a specialist of Xã Phú Sơn, and a specialist of Xã Tân An
(2025), who may not see the district.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from reformdesk.catalog import demo as catalog_demo
from reformdesk.core.tests.helpers import sign_in
from reformdesk.core.tests.test_security import inline_code
from reformdesk.org import demo as org_demo
from reformdesk.org.choices import Role, Scope
from reformdesk.org.models import Unit
from reformdesk.org.tests.factories import UserFactory, make_official

pytestmark = pytest.mark.django_db

DISTRICT = "000.00.30.H41"
PHU_SON = "000.30.45.H41"
TAN_AN_2025 = "000.73.00.H41"
REPORT = "unit=000.00.30.H41&on=2020-10-26"
PAGE = "/staff/catalog/statistics/"
XLSX = "/staff/catalog/statistics.xlsx"
API = "/api/v1/catalog/statistics"


@dataclass
class People:
    reform_district: User
    one_stop_district: User
    specialist_phu_son: User
    specialist_tan_an: User
    admin: User


@pytest.fixture
def people(db) -> People:
    units = org_demo.seed_units()
    catalog_demo.seed()

    def official(code: str, role: str, username: str, scope: str = Scope.UNIT) -> User:
        make_official(unit=units[code], role=role, scope=scope, username=username)
        return User.objects.get(username=username)

    return People(
        reform_district=official(DISTRICT, Role.REFORM, "cchc_huyen", Scope.SUBTREE),
        one_stop_district=official(DISTRICT, Role.ONE_STOP, "motcua_huyen", Scope.UNIT),
        specialist_phu_son=official(PHU_SON, Role.SPECIALIST, "chuyenvien_phuson"),
        specialist_tan_an=official(TAN_AN_2025, Role.SPECIALIST, "chuyenvien_tanan"),
        admin=UserFactory(username="quantri", is_superuser=True, is_staff=True),
    )


def client_for(user: User) -> Client:
    return sign_in(Client(), user)


# --- the figures, four ways ------------------------------------------------------------------------


def test_the_page_shows_the_report_figures(people):
    response = client_for(people.reform_district).get(f"{PAGE}?{REPORT}")
    assert response.status_code == 200
    stats = response.context["stats"]
    assert (stats.total.in_scope, stats.total.on_portal, str(stats.total.portal_share)) == (375, 282, "75.2")
    html = response.content.decode()
    assert "282/375 thủ tục đã công khai trên Cổng dịch vụ công (75,2 %)" in html
    assert '<tr data-code="000.00.30.H41" data-kind="total"' in html
    total_row = html.split('data-kind="total" class="table-light fw-semibold">')[1].split("</tr>")[0]
    cells = [c.split(">")[1].split("<")[0] for c in total_row.split("<td")[1:]]
    # in scope, desk, portal, share, full/partial/none, legacy 1/2/3/4/none
    assert cells[:4] == ["375", "375", "282", "75,2 %"]
    assert cells[7:12] == ["0", "339", "36", "0", "0"]
    assert html.count('data-kind="child"') == 2 * 22  # a chart group and a table row per commune
    assert 'role="img"' in html and '<title id="chart-svg-title">' in html
    assert inline_code(html) == []


def test_the_excel_export_has_the_same_figures(people):
    response = client_for(people.reform_district).get(f"{XLSX}?{REPORT}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="thong-ke-cong-khai-000.00.30.H41-2020-10-26.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Thống kê"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:8] == (
        "Mã đơn vị",
        "Đơn vị",
        "Phạm vi",
        "Thủ tục thuộc phạm vi",
        "Niêm yết tại Bộ phận Một cửa",
        "Tỷ lệ niêm yết",
        "Công khai trên Cổng dịch vụ công",
        "Tỷ lệ công khai trên Cổng",
    )
    assert len(rows) == 1 + 1 + 22 + 1  # header, the district's own row, 22 communes, the total
    total = dict(zip(header, rows[-1], strict=True))
    assert total["Mã đơn vị"] == DISTRICT
    assert total["Thủ tục thuộc phạm vi"] == 375
    assert total["Công khai trên Cổng dịch vụ công"] == 282
    assert total["Tỷ lệ công khai trên Cổng"] == pytest.approx(0.752)
    assert total["Mức độ cũ: Mức độ 3"] == 36
    assert total["Mức độ cũ: Mức độ 2"] == 339
    share_cell = sheet.cell(row=len(rows), column=8)
    assert share_cell.number_format == "0.0%"
    assert isinstance(sheet.cell(row=len(rows), column=4).value, int)
    phu_son = next(r for r in rows if r[0] == PHU_SON)
    assert phu_son[1] == "Xã Phú Sơn" and phu_son[3] == 366


def test_the_api_has_the_same_figures(people):
    response = client_for(people.reform_district).get(f"{API}?{REPORT}")
    assert response.status_code == 200
    body = response.json()
    assert (body["unit"], body["on"], body["active"]) == (DISTRICT, "2020-10-26", True)
    total = body["total"]
    assert (total["in_scope"], total["at_desk"], total["on_portal"], total["portal_share"]) == (
        375,
        375,
        282,
        75.2,
    )
    assert total["legacy"] == {"1": 0, "2": 339, "3": 36, "4": 0, "none": 0}
    assert sum(total["online"].values()) == 375
    assert [r["kind"] for r in body["rows"]] == ["own"] + ["child"] * 22
    assert body["rows"][0]["in_scope"] == 9


def test_the_page_defaults_to_the_current_unit_and_today(people):
    response = client_for(people.specialist_tan_an).get(PAGE)
    assert response.status_code == 200
    assert response.context["unit"].code == TAN_AN_2025
    today = timezone.localdate()
    assert response.context["on"] == today
    assert f'value="{today:%d/%m/%Y}"' in response.content.decode()


def test_children_link_to_their_own_statistics_when_the_user_may_see_them(people):
    html = client_for(people.reform_district).get(f"{PAGE}?{REPORT}").content.decode()
    assert f'href="?unit={PHU_SON}&amp;on=2020-10-26"' in html
    only_district = client_for(people.one_stop_district).get(f"{PAGE}?{REPORT}").content.decode()
    assert f'href="?unit={PHU_SON}' not in only_district


# --- who may see it -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGE, XLSX])
def test_anonymous_visitors_are_sent_to_sign_in(people, url):
    response = Client().get(f"{url}?{REPORT}")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_the_api_wants_a_login_or_a_token(people):
    response = Client().get(f"{API}?{REPORT}")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("url", [PAGE, XLSX, API])
def test_a_specialist_of_another_commune_is_refused(people, url):
    response = client_for(people.specialist_tan_an).get(f"{url}?{REPORT}")
    assert response.status_code == 403
    other_commune = client_for(people.specialist_phu_son).get(f"{url}?unit={TAN_AN_2025}")
    assert other_commune.status_code == 403


@pytest.mark.parametrize("url", [PAGE, XLSX, API])
def test_staff_of_the_unit_or_above_may_see_it(people, url):
    assert client_for(people.one_stop_district).get(f"{url}?{REPORT}").status_code == 200
    assert client_for(people.reform_district).get(f"{url}?unit={PHU_SON}&on=2020-10-26").status_code == 200
    assert client_for(people.specialist_phu_son).get(f"{url}?unit={PHU_SON}&on=2020-10-26").status_code == 200
    assert client_for(people.admin).get(f"{url}?{REPORT}").status_code == 200
    # A unit-scope role covers the unit, not the units below it.
    assert client_for(people.one_stop_district).get(f"{url}?unit={PHU_SON}&on=2020-10-26").status_code == 403


# --- bad input ----------------------------------------------------------------------------------


BAD_PAGE_INPUT = [
    ("unit=000.99.99.H41", "unit", "Không tìm thấy đơn vị có mã «000.99.99.H41»."),
    ("unit=<script>", "unit", "Không tìm thấy đơn vị có mã «&lt;script&gt;»."),
    (
        f"unit={DISTRICT}&on=2020-13-45",
        "on",
        "Ngày không hợp lệ. Ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026.",
    ),
    (f"unit={DISTRICT}&on=1999-12-31", "on", "Ngày thống kê phải trong các năm 2000–2100."),
]


@pytest.mark.parametrize("url", [PAGE, XLSX])
def test_bad_input_on_the_page_and_the_export_says_what_is_wrong(people, url):
    client = client_for(people.reform_district)
    for query, field, message in BAD_PAGE_INPUT:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, query
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert f'data-testid="error-{field}">{message}</div>' in html, query
        assert "stats" not in response.context
        assert f'<option value="{DISTRICT}"' in html  # the form is shown again, with its choices


def test_a_date_can_also_be_written_the_vietnamese_way(people):
    response = client_for(people.reform_district).get(f"{PAGE}?unit={DISTRICT}&on=26/10/2020")
    assert response.status_code == 200
    assert response.context["stats"].total.on_portal == 282


def test_bad_input_on_the_api_is_a_422_with_a_code(people):
    client = client_for(people.reform_district)
    for query, code, field in [
        ("on=2020-10-26", "unit_required", "unit"),
        ("unit=000.99.99.H41", "unknown_unit", "unit"),
        (f"unit={DISTRICT}&on=26-10-2020", "invalid_date", "on"),
        (f"unit={DISTRICT}&on=2020-02-30", "invalid_date", "on"),
        (f"unit={DISTRICT}&on=2101-01-01", "date_out_of_range", "on"),
    ]:
        response = client.get(f"{API}?{query}")
        assert response.status_code == 422, query
        body = response.json()
        assert body["code"] == code
        assert body["errors"][0]["field"] == field
        assert body["detail"]


def test_a_unit_outside_its_lifetime_shows_a_notice_and_no_procedures(people):
    response = client_for(people.reform_district).get(f"{PAGE}?unit={DISTRICT}&on=2026-01-05")
    assert response.status_code == 200
    assert response.context["stats"].active is False
    assert "Đơn vị không còn hoặc chưa hoạt động vào ngày 05/01/2026" in response.content.decode()


# --- query counts -------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    """Queries of a request: session, user, role grants (and, for the page, the unit switcher's
    units and the ancestors for the breadcrumb), the unit, then the statistics' three."""
    client.get(url)  # warm the session and the language
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_page_runs_the_same_queries_for_1_or_22_units_below(people):
    client = client_for(people.reform_district)
    counts = {
        url: (_queries(client, f"{url}?{REPORT}"), _queries(client, f"{url}?unit={PHU_SON}&on=2020-10-26"))
        for url in (PAGE, XLSX, API)
    }
    assert counts == {PAGE: (10, 10), XLSX: (7, 7), API: (7, 7)}


def test_only_units_in_force_on_the_day_are_rows(people):
    province = Unit.objects.get(code="000.00.00.H41")
    client = client_for(people.admin)
    then = client.get(f"{API}?unit={province.code}&on=2020-10-26").json()
    now = client.get(f"{API}?unit={province.code}&on=2026-11-27").json()
    assert [r["code"] for r in then["rows"]] == ["000.00.00.H41", DISTRICT]
    assert [r["code"] for r in now["rows"]] == ["000.00.00.H41", *(f"000.7{i}.00.H41" for i in range(1, 8))]
