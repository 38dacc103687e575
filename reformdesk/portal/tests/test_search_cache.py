"""The public search's cached pieces: rebuilt after every catalog write, never holding anything of
one request (user, CSRF token, path) that another could receive; a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from reformdesk.catalog import cache as cache_module
from reformdesk.catalog import services
from reformdesk.catalog.cache import VERSION_KEY, catalog_changed, catalog_version
from reformdesk.catalog.choices import PublicationPlace
from reformdesk.catalog.models import Procedure
from reformdesk.portal.tests.catalog_data import Catalog
from reformdesk.portal.tests.test_procedure_pages import HTMX, add_procedures, page, result_codes

pytestmark = pytest.mark.django_db

SEARCH = "/procedures/?q=khai+sinh"


@pytest.fixture(autouse=True)
def _empty_portal_cache():
    caches["portal"].clear()


def _queries(client: Client, url: str, **extra) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **extra).status_code == 200
    return len(captured)


# --- a write shows in the next search ------------------------------------------------------------


def test_a_renamed_procedure_shows_in_the_next_search(catalog: Catalog, client: Client):
    assert "Thủ tục đăng ký khai sinh lưu động" in page(client, SEARCH)
    services.procedure_update(actor=None, procedure=catalog.mobile_birth, name_vi="Thủ tục khai sinh tại nhà")
    body = page(client, SEARCH)
    assert "Thủ tục khai sinh tại nhà" in body
    assert "Thủ tục đăng ký khai sinh lưu động" not in body
    assert "Thủ tục khai sinh tại nhà" in page(client, SEARCH, **HTMX)  # the results region too


def test_a_new_procedure_and_a_new_notice_show_in_the_next_search(catalog: Catalog, client: Client, tree):
    assert "Tìm thấy 0 thủ tục" in page(client, "/procedures/?q=xac+nhan")
    assert f'value="{tree.commune_b.code}"' not in page(client, "/procedures/")
    add_procedures(catalog, tree.commune_b, 1)
    assert result_codes(page(client, "/procedures/?q=xac+nhan")) == ["3.000000"]
    # Tân Hương now posts a procedure at its desk: its unit is offered as a filter.
    assert f'<option value="{tree.commune_b.code}">Xã Tân Hương</option>' in page(client, "/procedures/")


def test_a_withdrawn_notice_and_a_renamed_field_show_in_the_next_search(
    catalog: Catalog, client: Client, tree
):
    url = f"/procedures/?unit={tree.commune_a.code}"
    assert "2.000908" in result_codes(page(client, url))
    desk = catalog.copies.publications.get(unit=tree.commune_a, place=PublicationPlace.DESK)
    services.publication_withdraw(actor=None, publication=desk, on=timezone.localdate())
    assert "2.000908" not in result_codes(page(client, url))
    services.field_upsert(actor=None, code="G09-TP02", name_vi="Hộ tịch (đổi tên)")
    assert '<option value="G09-TP02">Hộ tịch (đổi tên)</option>' in page(client, url)


def test_a_deleted_procedure_leaves_the_next_search(catalog: Catalog, client: Client):
    assert "1.003583" in result_codes(page(client, SEARCH))
    catalog.mobile_birth.delete()
    assert result_codes(page(client, SEARCH)) == ["1.001193", "1.004884"]


def test_writes_without_signals_show_once_they_say_so(catalog: Catalog, client: Client):
    assert "Thủ tục đăng ký lại khai sinh" in page(client, SEARCH)
    Procedure.objects.filter(pk=catalog.re_birth.pk).update(name_vi="Thủ tục khai sinh lại")
    assert "Thủ tục đăng ký lại khai sinh" in page(client, SEARCH)  # bulk writes must say so …
    catalog_changed()
    assert "Thủ tục khai sinh lại" in page(client, SEARCH)  # … and then it shows


@pytest.mark.django_db(transaction=True)
def test_the_version_changes_again_when_the_write_commits(catalog: Catalog, monkeypatch):
    tokens = []
    new_token = cache_module._new_token
    monkeypatch.setattr(cache_module, "_new_token", lambda: tokens.append(new_token()) or tokens[-1])
    before = catalog_version()
    with transaction.atomic():
        services.procedure_update(
            actor=None, procedure=catalog.birth, name_vi="Thủ tục đăng ký khai sinh (mới)"
        )
        services.procedure_update(
            actor=None, procedure=catalog.marriage, name_vi="Thủ tục đăng ký kết hôn (mới)"
        )
        during = catalog_version()
        assert len(tokens) == 1  # at once, for the writer's own reads; once for both rows
    after = catalog_version()
    assert len(tokens) == 2  # and once more at commit, for every other process
    assert len({before, during, after}) == 3


def test_a_lost_version_is_replaced(catalog: Catalog, client: Client):
    codes = result_codes(page(client, SEARCH))
    version = catalog_version()
    caches["catalog"].delete(VERSION_KEY)
    assert catalog_version() != version
    assert result_codes(page(client, SEARCH)) == codes


def test_the_cached_pieces_follow_the_day(catalog: Catalog, client: Client, tree, monkeypatch):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.publication_add(
        actor=None,
        procedure=catalog.land_first,
        unit=tree.commune_b,
        place=PublicationPlace.DESK,
        published_on=tomorrow,
    )
    assert f'value="{tree.commune_b.code}"' not in page(client, "/procedures/")
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert f'<option value="{tree.commune_b.code}">Xã Tân Hương</option>' in page(client, "/procedures/")


# --- what a cached piece holds --------------------------------------------------------------------


def test_each_language_has_its_own_pieces(catalog: Catalog, client: Client):
    assert "Tìm thấy 3 thủ tục" in page(client, SEARCH)
    assert "3 procedures found" in page(client, SEARCH, HTTP_ACCEPT_LANGUAGE="en")
    assert "Tìm thấy 3 thủ tục" in page(client, SEARCH)


def test_empty_and_unknown_parameters_share_the_piece_and_stay_out_of_its_links(
    catalog: Catalog, client: Client, tree
):
    add_procedures(catalog, tree.commune_a, 25)
    first = page(client, "/procedures/?q=xac+nhan&field=&level=&unit=&online=&utm_source=zalo")
    assert 'href="?q=xac+nhan&amp;page=2"' in first
    assert "utm_source" not in first.split('id="search-results"', 1)[1]
    with CaptureQueriesContext(connection) as captured:
        second = page(client, "/procedures/?q=xac+nhan")
    assert len(captured) == 0
    assert result_codes(second) == result_codes(first)


def test_the_page_around_the_piece_is_each_requests_own(catalog: Catalog, client: Client, personas):
    page(client, SEARCH + "&utm_source=zalo")
    # The language switch returns to this request's own address, with a token of its own session.
    body = page(client, SEARCH)
    assert 'name="next" value="/procedures/?q=khai+sinh"' in body
    assert client.cookies["csrftoken"].value
    # A signed-in official gets the same results inside the staff shell.
    staff = Client()
    staff.force_login(personas.chair_a)
    staff_body = page(staff, SEARCH)
    assert personas.chair_a.get_username() in staff_body
    assert personas.chair_a.get_username() not in page(Client(), SEARCH)
    assert result_codes(staff_body) == result_codes(body)


def test_result_rows_say_everything_in_either_language_and_escape_names(catalog: Catalog, client: Client):
    body = page(client, "/procedures/?q=1.001193")
    row = re.search(r'<li class="procedure-item[^>]*data-code="1.001193">.*?</li>', body, re.S)
    assert row is not None
    assert re.sub(r"\s+", " ", row.group(0)) == (
        '<li class="procedure-item list-group-item px-0 py-3" data-code="1.001193"> '
        '<h3 class="h6 mb-1"><a href="/procedures/1.001193/">Thủ tục đăng ký khai sinh</a></h3> '
        '<p class="small text-body-secondary mb-0"> '
        '<span class="text-nowrap">Mã 1.001193</span> · Hộ tịch · Cấp xã · '
        '<span class="text-nowrap">0,5 ngày làm việc</span> '
        '<span class="badge text-bg-success ms-1">Trực tuyến một phần</span> </p> </li>'
    )
    english = page(client, "/procedures/?q=1.001193", HTTP_ACCEPT_LANGUAGE="en")
    assert "ID 1.001193</span> · " in english and "Commune level" in english and "Partly online" in english
    services.procedure_update(
        actor=None, procedure=catalog.marriage, name_vi='Thủ tục <b>kết hôn</b> & "khác"'
    )
    body = page(client, "/procedures/?q=ket+hon")
    assert "Thủ tục &lt;b&gt;kết hôn&lt;/b&gt; &amp; &quot;khác&quot;</a>" in body
    assert "<b>kết hôn</b>" not in body


def test_the_results_region_is_tagged_and_revalidated(catalog: Catalog, client: Client):
    first = client.get(SEARCH, **HTMX)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"') and etag.endswith('"')
    assert set(first["Cache-Control"].split(", ")) == {"private", "no-cache"}
    again = client.get(SEARCH, HTTP_IF_NONE_MATCH=etag, **HTMX)
    assert (again.status_code, again.content) == (304, b"")
    assert {"HX-Request", "HX-Target"} <= {v.strip() for v in again["Vary"].split(",")}
    assert client.get(SEARCH, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="en", **HTMX).status_code == 200
    assert client.get("/procedures/?q=ket+hon", HTTP_IF_NONE_MATCH=etag, **HTMX).status_code == 200
    services.procedure_update(actor=None, procedure=catalog.birth, name_vi="Thủ tục đăng ký khai sinh (mới)")
    changed = client.get(SEARCH, HTTP_IF_NONE_MATCH=etag, **HTMX)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Thủ tục đăng ký khai sinh (mới)" in changed.content.decode()
    # The whole page carries the request's own CSRF token and user: never tagged as unchanged.
    full = client.get(SEARCH, HTTP_IF_NONE_MATCH=changed["ETag"])
    assert full.status_code == 200 and not full.has_header("ETag")


def test_search_answers_vary_on_the_htmx_headers(catalog: Catalog, client: Client):
    for extra in ({}, HTMX):
        vary = {v.strip() for v in client.get(SEARCH, **extra)["Vary"].split(",")}
        assert {"HX-Request", "HX-Target"} <= vary


# --- query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [SEARCH, "/procedures/?q=thu+tuc&unit=000.30.31.H41&field=G09-TP02&page=1"])
def test_search_queries_do_not_grow_with_rows(catalog: Catalog, client: Client, tree, url):
    # Built: the page of results with their total, the field and unit choices. Cached: none.
    assert (_queries(client, url), _queries(client, url)) == (3, 0)
    add_procedures(catalog, tree.commune_a, 30)
    assert (_queries(client, url), _queries(client, url)) == (3, 0)
    # The results region of an htmx request is a piece of its own; the filter lists are kept.
    assert (_queries(client, url, **HTMX), _queries(client, url, **HTMX)) == (1, 0)


def test_a_page_past_the_end_shows_the_last_one(catalog: Catalog, client: Client, tree):
    add_procedures(catalog, tree.commune_a, 25)
    last = result_codes(page(client, "/procedures/?q=xac+nhan&page=2"))
    assert len(last) == 5
    # Past the end: the page, then a count, then the last page.
    assert _queries(client, "/procedures/?q=xac+nhan&page=7", **HTMX) == 3
    for number in ("7", "0", "-1"):
        body = page(client, f"/procedures/?q=xac+nhan&page={number}")
        assert result_codes(body) == last and "Trang 2/2" in body
    for number in ("", "abc", "2.0"):
        assert "Trang 1/2" in page(client, f"/procedures/?q=xac+nhan&page={number}")
    empty = page(client, "/procedures/?q=khong+co+gi&page=3")
    assert "Tìm thấy 0 thủ tục" in empty and result_codes(empty) == []


def test_with_the_database_cache_a_cached_search_reads_only_the_version(catalog: Catalog, client: Client):
    database = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "core_cache"}
    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    caches_ = {"default": database, "ratelimit": memory, "portal": memory, "catalog": database}
    with override_settings(CACHES=caches_):
        call_command("createcachetable", verbosity=0)  # made by a migration only where settings use it
        codes = result_codes(page(client, SEARCH))
        with CaptureQueriesContext(connection) as captured:
            assert result_codes(page(client, SEARCH)) == codes == ["1.001193", "1.004884", "1.003583"]
        with CaptureQueriesContext(connection) as built:
            page(client, "/procedures/?q=ket+hon")
    assert len(captured) == 1
    assert 'FROM "core_cache"' in captured[0]["sql"]
    # A search not cached yet: the version once, then the results with their total (the filter
    # lists are still cached).
    assert ['FROM "core_cache"' in q["sql"] for q in built.captured_queries] == [True, False]


def test_with_the_version_in_a_file_a_cached_search_needs_no_database(
    catalog: Catalog, client: Client, tmp_path
):
    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    files = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    with override_settings(
        CACHES={"default": memory, "ratelimit": memory, "portal": memory, "catalog": files}
    ):
        codes = result_codes(page(client, SEARCH))
        with CaptureQueriesContext(connection) as captured:
            assert result_codes(page(client, SEARCH)) == codes
        assert len(captured) == 0
        services.procedure_update(
            actor=None, procedure=catalog.mobile_birth, name_vi="Thủ tục khai sinh tại nhà"
        )
        assert "Thủ tục khai sinh tại nhà" in page(client, SEARCH)


# --- indexes ---------------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a trigram index exists on PostgreSQL only")
def test_postgresql_has_a_trigram_index_on_the_search_text():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'catalog_procedure' AND indexname = %s",
            ["catalog_procedure_search_trgm"],
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_text gin_trgm_ops)" in definition


def test_moving_a_unit_with_bulk_updates_marks_the_pages_stale(tree):
    from reformdesk.catalog.cache import catalog_version
    from reformdesk.org.services.units import unit_move

    before = catalog_version()
    unit_move(actor=None, unit=tree.commune_b, new_parent=tree.province)
    assert catalog_version() != before
