"""The catalog's staff lists: filters (search without diacritics), sorting, paging, the htmx table
fragment, and a number of queries that does not grow with the rows (STYLE.md §9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reformdesk.catalog import services
from reformdesk.catalog.choices import OnlineLevel, PublicationPlace
from reformdesk.catalog.tests.test_staff_support import (
    catalog_fixture,  # noqa: F401 - the `catalog` fixture
    client_for,
    make_procedure,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "table-region"}


@pytest.fixture
def more(catalog):
    """Four more procedures across two fields, levels, online levels and states."""
    land = services.field_upsert(actor=None, code="DD", name_vi="Đất đai", sort_order=1)
    make_procedure(
        field=catalog.field, code="1.000894", name="Thủ tục đăng ký kết hôn", online_level=OnlineLevel.FULL
    )
    make_procedure(field=catalog.field, code="1.001022", name="Thủ tục đăng ký khai tử", is_active=False)
    make_procedure(
        field=land,
        code="1.004227",
        name="Thủ tục đăng ký biến động quyền sử dụng đất",
        at_commune=False,
        at_district=True,
        online_level=OnlineLevel.NONE,
    )
    make_procedure(field=land, code="2.000889", name="Thủ tục hòa giải tranh chấp đất đai")
    return land


def codes(response) -> list[str]:
    """The procedures on the page shown, in order."""
    return [row.record.national_code for row in response.context["table"].page.object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["1.000894", "1.001022", "1.001193", "1.004227", "2.000889"]),
        ("?q=dang ky khai sinh", ["1.001193"]),
        ("?q=ĐĂNG KÝ KẾT HÔN", ["1.000894"]),
        ("?q=khai", ["1.001022", "1.001193"]),
        ("?q=1.0042", ["1.004227"]),
        ("?q=dat dai hoa giai", ["2.000889"]),
        ("?q=civil status", []),  # the field's English name is not searched, its Vietnamese one is
        ("?q=ho tich", ["1.000894", "1.001022", "1.001193"]),
        ("?level=district", ["1.004227"]),
        ("?level=commune&online_level=full", ["1.000894"]),
        ("?online_level=none", ["1.004227"]),
        ("?is_active=0", ["1.001022"]),
        ("?is_active=1&q=dang ky", ["1.000894", "1.001193", "1.004227"]),
    ],
)
def test_filter_the_procedures(personas, more, query, expected):
    response = client_for(personas, "one_stop_a").get(reverse("catalog:procedure_list") + query)
    assert response.status_code == 200
    assert codes(response) == expected


def test_filter_by_field(personas, more):
    response = client_for(personas, "one_stop_a").get(reverse("catalog:procedure_list") + f"?field={more.pk}")
    assert codes(response) == ["1.004227", "2.000889"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "?level=ward",
            "level",
            "Hãy chọn một lựa chọn hợp lệ. ward không phải là một trong các lựa chọn khả thi.",
        ),
        (
            "?field=abc",
            "field",
            "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi.",
        ),
        (
            "?is_active=maybe",
            "is_active",
            "Hãy chọn một lựa chọn hợp lệ. maybe không phải là một trong các lựa chọn khả thi.",
        ),
    ],
)
def test_a_bad_filter_says_so_and_shows_nothing(personas, more, query, field, message):
    response = client_for(personas, "one_stop_a").get(reverse("catalog:procedure_list") + query)
    assert response.status_code == 200
    assert f'id="id_{field}_error">{message}' in response.content.decode()
    assert codes(response) == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name_vi", ["1.004227", "1.000894", "1.001193", "1.001022", "2.000889"]),
        ("-national_code", ["2.000889", "1.004227", "1.001193", "1.001022", "1.000894"]),
        ("field", ["1.000894", "1.001022", "1.001193", "1.004227", "2.000889"]),
        ("-posted", ["1.001193", "2.000889", "1.004227", "1.001022", "1.000894"]),
    ],
)
def test_sort_the_procedures(personas, more, sort, expected):
    response = client_for(personas, "one_stop_a").get(reverse("catalog:procedure_list") + f"?sort={sort}")
    assert codes(response) == expected


def test_the_list_counts_current_publications(personas, catalog):
    services.publication_withdraw(actor=None, publication=catalog.publication, on=dt.date(2025, 1, 1))
    response = client_for(personas, "one_stop_a").get(reverse("catalog:procedure_list"))
    assert [row.get_cell("posted") for row in response.context["table"].rows] == [1]


def test_the_list_pages_by_25(personas, catalog):
    for index in range(30):
        make_procedure(field=catalog.field, code=f"3.{index:06d}", name=f"Thủ tục thử {index}")
    client = client_for(personas, "one_stop_a")
    first = client.get(reverse("catalog:procedure_list"))
    assert len(codes(first)) == 25
    assert first.context["table"].paginator.count == 31
    second = client.get(reverse("catalog:procedure_list") + "?page=2")
    assert codes(second) == ["3.000024", "3.000025", "3.000026", "3.000027", "3.000028", "3.000029"]


def test_htmx_gets_only_the_table(personas, more):
    response = client_for(personas, "one_stop_a").get(reverse("catalog:procedure_list") + "?q=khai", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "core/_table.html"
    assert html.startswith('\n<div id="table-region"')
    assert "<html" not in html
    assert 'data-testid="result-count">Số kết quả: 2</p>' in html


def _queries(client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **headers).status_code == 200
    return len(captured)


def _grow(catalog, n: int, start: int) -> None:
    for index in range(start, start + n):
        procedure = make_procedure(field=catalog.field, code=f"4.{index:06d}", name=f"Thủ tục thêm {index}")
        services.publication_add(
            actor=None,
            procedure=procedure,
            unit=catalog.publication.unit,
            place=PublicationPlace.DESK,
            published_on=dt.date(2025, 1, 1),
        )


@pytest.mark.parametrize(
    ("name", "page", "fragment"),
    [
        ("procedure_list", 8, 7),  # + the field choices of the filter form
        ("field_list", 7, 7),
        ("publication_list", 8, 7),  # + the unit choices of the filter form
    ],
)
def test_list_queries_do_not_grow_with_rows(personas, catalog, name, page, fragment):
    """Session, user, grants, the current unit (2), filter choices, count, rows: the same for 2 rows
    or 12. The htmx fragment does without the filter form."""
    client = client_for(personas, "district_reform")
    url = reverse(f"catalog:{name}")
    before = (_queries(client, url), _queries(client, url, **HTMX))
    _grow(catalog, 10, 0)
    after = (_queries(client, url), _queries(client, url, **HTMX))
    assert after == before == (page, fragment)


def test_procedure_page_queries_do_not_grow_with_rows(personas, catalog):
    client = client_for(personas, "district_reform")
    url = reverse("catalog:procedure_detail", args=["1.001193"])
    before = _queries(client, url)
    services.case_create(actor=None, version=catalog.version, name_vi="Trường hợp thứ hai")
    for unit in (catalog.province_publication.unit.children.first(),):
        services.publication_add(
            actor=None, procedure=catalog.procedure, unit=unit, place="desk", published_on=dt.date(2025, 1, 1)
        )
    assert _queries(client, url) == before == 12


def test_the_procedure_page_marks_the_version_in_force(personas, catalog):
    earlier = services.version_create(
        actor=None,
        procedure=catalog.procedure,
        decision_number="2100/QĐ-UBND",
        decision_date=dt.date(2019, 6, 1),
        effective_from=dt.date(2019, 7, 1),
        effective_to=dt.date(2024, 3, 31),
    )
    client = client_for(personas, "one_stop_a")
    url = reverse("catalog:procedure_detail", args=["1.001193"])
    response = client.get(url)
    html = response.content.decode()
    assert (response.context["current"], response.context["version"]) == (catalog.version, catalog.version)
    assert html.count('data-testid="current-version"') == 1
    assert "Tổng thời gian các bước: 2,5 ngày làm việc" in html
    assert "thời hạn theo quy định 3 ngày làm việc" in html
    older = client.get(url + f"?version={earlier.pk}")
    assert older.context["version"] == earlier
    assert "Nội dung theo quyết định 2100/QĐ-UBND" in older.content.decode()
    assert client.get(url + "?version=abc").status_code == 404
    assert client.get(url + "?version=99999").status_code == 404
    assert client.get(reverse("catalog:procedure_detail", args=["9.999999"])).status_code == 404
