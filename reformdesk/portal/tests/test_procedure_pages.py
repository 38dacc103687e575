"""Public procedure pages: search, a procedure's page, its forms, the unit page's list, the home page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reformdesk.catalog import services
from reformdesk.catalog.choices import PublicationPlace
from reformdesk.catalog.models import Procedure, RequiredPaper
from reformdesk.portal.tests.catalog_data import FORM_BYTES, FORM_NAME, Catalog

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-results"}


def page(client: Client, url: str, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def result_codes(body: str) -> list[str]:
    return re.findall(r'class="procedure-item[^"]*" data-code="([0-9.]+)"', body)


def add_procedures(catalog: Catalog, unit, count: int) -> None:
    for index in range(count):
        procedure = services.procedure_create(
            actor=None,
            national_code=f"3.{index:06d}",
            name_vi=f"Thủ tục cấp giấy xác nhận {index}",
            field=catalog.civil,
            at_commune=True,
        )
        services.publication_add(
            actor=None,
            procedure=procedure,
            unit=unit,
            place=PublicationPlace.DESK,
            published_on=dt.date(2025, 7, 1),
        )


# --- search --------------------------------------------------------------------------------------


def test_search_without_diacritics_finds_the_procedure(catalog: Catalog, client: Client):
    body = page(client, "/procedures/?q=dang+ky+khai+sinh")
    assert result_codes(body) == ["1.001193", "1.003583", "1.004884"]
    assert "Tìm thấy 3 thủ tục" in body
    assert '<a href="/procedures/1.001193/">Thủ tục đăng ký khai sinh</a>' in body
    assert "0,5 ngày làm việc" in body
    assert 'value="dang ky khai sinh"' in body  # the box keeps the query


def test_search_page_without_a_query_lists_the_most_used_first(catalog: Catalog, client: Client):
    body = page(client, "/procedures/")
    assert result_codes(body)[:2] == ["2.000908", "1.001193"]
    assert "Tìm thấy 6 thủ tục" in body
    assert 'role="search"' in body


def test_filters_apply_and_are_offered(catalog: Catalog, client: Client, tree):
    body = page(client, f"/procedures/?unit={tree.commune_a.code}&field=G09-TP02")
    assert result_codes(body) == ["1.001193", "1.000656"]
    assert f'<option value="{tree.commune_a.code}" selected>Xã Phú Sơn</option>' in body
    assert tree.commune_b.code not in body  # no notice at its desk today: not offered
    assert '<option value="G09-TP02" selected>Hộ tịch</option>' in body
    assert result_codes(page(client, "/procedures/?level=district&online=full")) == ["2.000908"]


def test_htmx_requests_get_only_the_results(catalog: Catalog, client: Client):
    body = page(client, "/procedures/?q=ket+hon", **HTMX)
    assert body.startswith('<section id="search-results"')
    assert result_codes(body) == ["1.000656"]
    assert "<html" not in body and 'role="search"' not in body
    # Another target (e.g. a boosted link elsewhere) gets the whole page.
    assert "<html" in page(client, "/procedures/?q=ket+hon", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="main")


def test_nothing_found_says_so(catalog: Catalog, client: Client):
    body = page(client, "/procedures/?q=khong+co+thu+tuc+nay")
    assert "Tìm thấy 0 thủ tục" in body
    assert "Không tìm thấy thủ tục phù hợp" in body


def test_bad_filter_values_are_explained_and_the_rest_still_applies(catalog: Catalog, client: Client):
    body = page(client, "/procedures/?q=khai+sinh&level=ward&field=XX&unit=nowhere&online=4")
    assert result_codes(body) == ["1.001193", "1.004884", "1.003583"]
    assert 'data-testid="filter-errors"' in body
    for label in ("Lĩnh vực", "Cấp thực hiện", "Nơi niêm yết", "Dịch vụ công trực tuyến"):
        assert f"<li>{label}: " in body
    assert "Lựa chọn không hợp lệ" in body or "Hãy chọn một lựa chọn hợp lệ" in body
    assert 'aria-invalid="true"' in body
    assert 'aria-describedby="id_level_error"' in body and 'id="id_level_error"' in body


def test_an_overlong_query_is_explained(catalog: Catalog, client: Client):
    body = page(client, "/procedures/?q=" + "a" * 201)
    assert 'id="id_q_error"' in body
    assert "Tìm thấy 6 thủ tục" in body


def test_results_are_paged_by_twenty(catalog: Catalog, client: Client, tree):
    add_procedures(catalog, tree.commune_a, 25)
    first = page(client, "/procedures/?q=xac+nhan")
    assert "Tìm thấy 25 thủ tục" in first
    assert len(result_codes(first)) == 20
    assert "Trang 1/2" in first
    assert 'href="?q=xac+nhan&amp;page=2"' in first
    assert 'hx-get="?q=xac+nhan&amp;page=2"' in first
    second = page(client, "/procedures/?q=xac+nhan&page=2", **HTMX)
    assert len(result_codes(second)) == 5
    assert 'href="?q=xac+nhan&amp;page=1"' in second
    assert result_codes(page(client, "/procedures/?q=xac+nhan&page=99")) == result_codes(second)
    assert result_codes(page(client, "/procedures/?q=xac+nhan&page=abc")) == result_codes(first)


@pytest.mark.parametrize(("number", "shown"), [("9" * 23, "last"), ("1e20", "first"), ("-5", "last")])
def test_a_page_number_no_list_reaches_gives_the_nearest_page(catalog, client, tree, number, shown):
    """``?page=99999999999999999999999`` once reached the database as an offset past 2^63 (a 500)."""
    add_procedures(catalog, tree.commune_a, 25)
    expected = {"first": 20, "last": 5}[shown]
    body = page(client, f"/procedures/?q=xac+nhan&page={number}")
    assert len(result_codes(body)) == expected
    assert ("Trang 2/2" if shown == "last" else "Trang 1/2") in body


def test_search_is_rate_limited(catalog: Catalog, client: Client, settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 2
    assert client.get("/procedures/").status_code == 200
    assert client.get("/procedures/?q=khai").status_code == 200
    response = client.get("/procedures/?q=khai+sinh")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Bạn gửi quá nhiều yêu cầu" in response.content.decode()
    assert client.get("/procedures/1.001193/").status_code == 200  # reading a procedure is not limited


def test_search_only_answers_get_and_head(catalog: Catalog, client: Client):
    assert client.post("/procedures/").status_code == 405
    assert client.head("/procedures/").status_code == 200


# --- a procedure's page --------------------------------------------------------------------------


def test_procedure_page_has_what_a_citizen_needs(catalog: Catalog, client: Client, tree):
    body = page(client, "/procedures/1.001193/")
    assert "<h1" in body and "Thủ tục đăng ký khai sinh</h1>" in body
    assert "1.001193.000.00.00.H41" in body
    # Where to file: anywhere in the province, and the desks posting it (Tân Hương's notice is down).
    assert 'data-testid="anywhere"' in body
    assert f'href="/units/{tree.commune_a.code}/">Xã Phú Sơn</a>' in body
    assert "Xã Tân Hương" not in body
    # Channels with time limits and fees.
    assert "<td>0,5 ngày làm việc</td><td>Không thu phí, lệ phí</td>" in body
    assert "<td>Trong ngày làm việc tiếp theo</td><td>8.000 đồng</td>" in body
    # Papers with their form, quantity and the form to download.
    paper = RequiredPaper.objects.get(name_vi="Tờ khai đăng ký khai sinh")
    assert "Bản chính · 1 bản" in body
    assert f'href="/procedures/1.001193/papers/{paper.pk}/form/"' in body
    assert "Tải mẫu đơn, tờ khai (DOCX)" in body
    assert body.count('data-testid="form-download"') == 1
    assert "Văn bản ủy quyền <span" in body and "(nếu có)" in body
    # The sub-case, the internal steps, the result, the legal basis and the decision.
    assert "Trường hợp: Trẻ bị bỏ rơi" in body and "Biên bản xác nhận việc trẻ bị bỏ rơi" in body
    assert "Kiểm tra, ghi sổ hộ tịch" in body and "Chủ tịch" not in body
    assert "Giấy khai sinh" in body and "Luật Hộ tịch năm 2014" in body
    assert "Công dân Việt Nam" in body
    assert "Số 163/QĐ-BTP ngày 01/07/2025, có hiệu lực từ 01/07/2025" in body
    # Printable: its own print rules and a print button that needs no inline script.
    assert "portal/portal.css" in body and "portal/portal.js" in body and "data-print" in body
    assert "<script>" not in body and "style=" not in body


def test_procedure_page_of_a_procedure_on_the_portal(catalog: Catalog, client: Client):
    body = page(client, "/procedures/2.000908/")
    assert "nhận hồ sơ trực tuyến trên Cổng Dịch vụ công" in body
    assert "Dịch vụ công trực tuyến toàn trình" in body
    assert "2.000 đồng" in body


def test_procedure_page_without_a_version_or_a_desk(catalog: Catalog, client: Client):
    body = page(client, "/procedures/1.012345/")
    assert "Chưa có nội dung thủ tục đang có hiệu lực" in body
    assert "Chưa có đơn vị nào niêm yết thủ tục này" in body


def test_procedure_page_of_a_procedure_no_longer_applied(catalog: Catalog, client: Client):
    assert "Thủ tục này không còn được áp dụng." in page(client, "/procedures/1.000111/")


def test_unknown_procedure_is_a_404(catalog: Catalog, client: Client):
    assert client.get("/procedures/9.999999/").status_code == 404


def test_form_download(catalog: Catalog, client: Client):
    paper = RequiredPaper.objects.get(name_vi="Tờ khai đăng ký khai sinh")
    response = client.get(f"/procedures/1.001193/papers/{paper.pk}/form/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{FORM_NAME}"'
    assert b"".join(response.streaming_content) == FORM_BYTES


def test_form_download_of_a_paper_without_form_or_of_another_procedure_is_a_404(
    catalog: Catalog, client: Client
):
    with_form = RequiredPaper.objects.get(name_vi="Tờ khai đăng ký khai sinh")
    without = RequiredPaper.objects.get(name_vi="Giấy chứng sinh")
    assert client.get(f"/procedures/1.001193/papers/{without.pk}/form/").status_code == 404
    assert client.get(f"/procedures/2.000908/papers/{with_form.pk}/form/").status_code == 404
    default_storage.delete(with_form.form_file.name)  # the row outlived its file
    assert client.get(f"/procedures/1.001193/papers/{with_form.pk}/form/").status_code == 404


def test_form_download_is_rate_limited(catalog: Catalog, client: Client, settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 1
    paper = RequiredPaper.objects.get(name_vi="Tờ khai đăng ký khai sinh")
    assert client.get(f"/procedures/1.001193/papers/{paper.pk}/form/").status_code == 200
    assert client.get(f"/procedures/1.001193/papers/{paper.pk}/form/").status_code == 429


# --- unit page and home page ---------------------------------------------------------------------


def test_unit_page_lists_the_procedures_posted_at_its_desk(catalog: Catalog, client: Client, tree):
    body = page(client, f"/units/{tree.commune_a.code}/")
    assert "Thủ tục hành chính niêm yết tại đơn vị" in body
    assert result_codes(body) == ["2.000908", "1.001193", "1.000656"]
    assert "3 thủ tục được niêm yết tại Bộ phận Một cửa" in body
    assert f'href="/procedures/?unit={tree.commune_a.code}"' in body
    assert "Đơn vị chưa niêm yết thủ tục hành chính nào." in page(client, f"/units/{tree.commune_b.code}/")


def test_unit_page_pages_its_procedures_with_htmx(catalog: Catalog, client: Client, tree):
    add_procedures(catalog, tree.commune_a, 20)
    body = page(client, f"/units/{tree.commune_a.code}/")
    assert len(result_codes(body)) == 20 and "Trang 1/2" in body
    assert 'hx-target="#unit-procedures"' in body
    fragment = page(
        client,
        f"/units/{tree.commune_a.code}/?page=2",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="unit-procedures",
    )
    assert fragment.startswith('<div id="unit-procedures"')
    assert len(result_codes(fragment)) == 3


def test_home_page_offers_search_and_the_most_used_procedures(catalog: Catalog, client: Client):
    body = page(client, "/")
    assert 'action="/procedures/"' in body and 'name="q"' in body
    popular = re.findall(r'<li class="border-bottom"><a href="/procedures/([0-9.]+)/">', body)
    assert popular == ["2.000908", "1.001193", "1.000656", "1.004884", "1.003583", "1.012345"]


def test_home_page_links_only_to_services_that_answer(catalog: Catalog, client: Client):
    body = page(client, "/")
    services_list = body.split('data-testid="services"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'href="([^"]+)"', services_list)
    assert links == [
        "/procedures/",
        "/tra-cuu-ho-so/",
        "/units/",
        "/hotline/",
        "/phan-anh/",
        "/phan-anh/tra-loi/",
        "/xep-hang-cchc/",
    ]
    for link in links:
        assert client.get(link).status_code == 200


def test_home_page_without_a_catalog(db, client: Client):
    body = page(client, "/")
    assert 'data-testid="popular"' not in body
    assert 'action="/procedures/"' in body


# --- query counts --------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Built afresh (the writes below change the catalog version): results with their total,
        # the field and unit choices; the unit filter goes by its code, without reading the unit.
        ("/procedures/?q=khai+sinh", 3),
        ("/procedures/?q=thu+tuc&unit=000.30.31.H41&field=G09-TP02", 3),
        ("/procedures/1.001193/", 7),
        ("/", 1),
    ],
)
def test_public_procedure_pages_do_not_grow_with_rows(catalog: Catalog, client: Client, tree, url, expected):
    before = _queries(client, url)
    add_procedures(catalog, tree.commune_a, 15)
    for index in range(5):
        services.case_create(actor=None, version=catalog.birth_version, name_vi=f"Trường hợp {index}")
    Procedure.objects.filter(national_code__startswith="3.").update(popularity=1000)
    assert _queries(client, url) == before == expected


def test_pages_speak_english_too(catalog: Catalog, client: Client):
    search = page(client, "/procedures/?q=khai+sinh", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in search
    assert "Find an administrative procedure" in search and "3 procedures found" in search
    detail = page(client, "/procedures/1.001193/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Papers to bring" in detail and "0.5 working days" in detail and "8,000 dong" in detail
    assert "Thủ tục đăng ký khai sinh" in detail  # the official name stays as published
