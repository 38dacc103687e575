"""Browser test of the public procedure pages: a citizen on a phone finds a procedure with and
without diacritics, reads its page, downloads a form and prints the page.

Runs with the other browser tests (``make test-browser``); screenshots go to build/screenshots/.
The demo data gives the units; the birth registration procedure is completed here (a version with
channels and papers, a PDF form, posted at Tân Kỳ's desk) whether or not the demo catalog has it,
so the test does not depend on what the demo happens to contain.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reformdesk.browser_testing import Browsing
from reformdesk.catalog import selectors, services
from reformdesk.catalog.choices import Channel, PaperForm, PublicationPlace
from reformdesk.catalog.models import Procedure, Publication
from reformdesk.org.models import Unit
from reformdesk.portal.tests.catalog_data import save_form_file

TAN_KY = "000.71.00.H41"
BIRTH = "1.001193"
BIRTH_NAME = "Thủ tục đăng ký khai sinh"
PHONE_WIDTH = 390

# The smallest PDF a viewer opens: one empty A4 page.
FORM_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
FORM_FILE = "to-khai-dang-ky-khai-sinh.pdf"


def birth_registration_with_a_form() -> Procedure:
    """The demo's birth registration (or a new one) with a version in force, channels, papers with
    a PDF form, and a notice at Tân Kỳ's desk."""
    tan_ky = Unit.objects.get(code=TAN_KY)
    procedure = Procedure.objects.filter(national_code=BIRTH).first()
    if procedure is None:
        field = services.field_upsert(actor=None, code="TEST-HT", name_vi="Hộ tịch")
        procedure = services.procedure_create(
            actor=None, national_code=BIRTH, name_vi=BIRTH_NAME, field=field, at_commune=True
        )
    detail = selectors.procedure_detail(code=BIRTH)
    assert detail is not None
    version = detail.version
    if version is None:
        start = timezone.localdate() - dt.timedelta(days=30)
        version = services.version_create(
            actor=None,
            procedure=procedure,
            decision_number="163/QĐ-BTP",
            decision_date=start,
            effective_from=start,
            result="Giấy khai sinh",
        )
    services.filing_methods_set(
        actor=None,
        version=version,
        methods=[
            {"channel": Channel.IN_PERSON, "time_limit_days": Decimal("0.5"), "fee_vnd": 0},
            {"channel": Channel.ONLINE, "time_limit_days": Decimal("0.5"), "fee_vnd": 0},
        ],
    )
    services.papers_set(
        actor=None,
        version=version,
        papers=[
            {
                "name_vi": "Tờ khai đăng ký khai sinh theo mẫu",
                "form": PaperForm.ORIGINAL,
                "quantity": 1,
                "form_file": save_form_file(FORM_FILE, FORM_PDF),
            },
            {"name_vi": "Giấy chứng sinh", "form": PaperForm.ORIGINAL, "quantity": 1},
        ],
    )
    posted = Publication.objects.filter(
        selectors.publication_active_on(timezone.localdate()),
        procedure=procedure,
        unit=tan_ky,
        place=PublicationPlace.DESK,
    )
    if not posted.exists():
        Publication.objects.filter(procedure=procedure, unit=tan_ky, place=PublicationPlace.DESK).delete()
        services.publication_add(
            actor=None,
            procedure=procedure,
            unit=tan_ky,
            place=PublicationPlace.DESK,
            published_on=timezone.localdate() - dt.timedelta(days=30),
        )
    return procedure


def fits_the_phone(b: Browsing) -> None:
    assert b.page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, "sideways scrolling"


def search(b: Browsing, text: str) -> None:
    """Type ``text`` into the search box and wait for htmx's answer to the whole text."""
    box = b.page.locator("#id_q")
    box.fill("")
    with b.page.expect_response(lambda r: parse_qs(urlsplit(r.url).query).get("q") == [text]) as answer:
        box.press_sequentially(text, delay=20)
    response = answer.value
    assert response.status == 200
    assert response.request.headers.get("hx-target") == "search-results"


@pytest.mark.browser
def test_citizen_on_a_phone_finds_a_procedure_and_downloads_its_form(browse, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    birth_registration_with_a_form()
    b: Browsing = browse(phone=True)
    page = b.page

    # The home page: a search box first, the most used procedures below it.
    page.goto(b.url("/"))
    expect(page.locator("#home-search")).to_be_visible()
    fits_the_phone(b)
    b.shot("20-phone-home-search")
    page.locator("#home-search").fill("đăng ký khai sinh")
    with page.expect_navigation():
        page.locator("#home-search").press("Enter")
    expect(page).to_have_url(re.compile(r"/procedures/\?q="))
    expect(page.locator("main h1")).to_have_text("Tra cứu thủ tục hành chính")
    results = page.locator("#search-results")
    birth_link = results.get_by_role("link", name=BIRTH_NAME, exact=True)
    expect(birth_link).to_be_visible()
    with_diacritics = page.get_by_test_id("result-count").inner_text()
    fits_the_phone(b)
    b.shot("21-phone-search-with-diacritics")

    # The same words without diacritics, typed: only the results region is re-rendered.
    page.evaluate("window.__reformdeskMarker = 'still here'")
    search(b, "dang ky khai sinh")
    expect(birth_link).to_be_visible()
    expect(page.get_by_test_id("result-count")).to_have_text(with_diacritics)
    assert page.evaluate("window.__reformdeskMarker") == "still here"
    expect(page).to_have_url(re.compile(r"/procedures/\?q=dang(\+|%20)ky(\+|%20)khai"))
    for item in results.locator(".procedure-item h3").all():
        expect(item).to_contain_text(re.compile("khai sinh", re.IGNORECASE))
    fits_the_phone(b)
    b.shot("22-phone-search-without-diacritics")

    # Nothing matches: a plain sentence, not an empty page.
    search(b, "khong co thu tuc nay")
    expect(page.get_by_test_id("result-count")).to_have_text("Tìm thấy 0 thủ tục")
    expect(results).to_contain_text("Không tìm thấy thủ tục phù hợp")
    search(b, "dang ky khai sinh")

    # The procedure's page.
    birth_link.click()
    expect(page).to_have_url(b.url(f"/procedures/{BIRTH}/"))
    expect(page.locator("main h1")).to_have_text(BIRTH_NAME)
    expect(page.get_by_test_id("national-code")).to_have_text(BIRTH)
    expect(page.get_by_test_id("desks")).to_contain_text("Xã Tân Kỳ")
    channels = page.get_by_test_id("channels").first
    expect(channels).to_contain_text("Trực tiếp")
    expect(channels).to_contain_text("0,5 ngày làm việc")
    expect(channels).to_contain_text("Không thu phí, lệ phí")
    papers = page.get_by_test_id("papers").first
    expect(papers).to_contain_text("Tờ khai đăng ký khai sinh theo mẫu")
    expect(papers).to_contain_text("Bản chính · 1 bản")
    fits_the_phone(b)
    b.shot("23-phone-procedure-top")

    download_link = papers.get_by_test_id("form-download")
    expect(download_link).to_have_count(1)
    expect(download_link).to_contain_text("(PDF)")
    download_link.scroll_into_view_if_needed()
    b.shot("24-phone-procedure-papers")
    with page.expect_download() as caught:
        download_link.click()
    download = caught.value
    assert download.suggested_filename == FORM_FILE
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == FORM_PDF

    # Printing leaves out the menu, the breadcrumb and the print button.
    expect(page.locator("[data-print]")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header nav.navbar")).to_be_hidden()
    expect(page.locator("[data-print]")).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    b.shot("25-phone-procedure-print")
    page.emulate_media(media="screen")

    # The unit posting it lists it among its procedures.
    page.get_by_test_id("desks").get_by_role("link", name="Xã Tân Kỳ").click()
    expect(page).to_have_url(b.url(f"/units/{TAN_KY}/"))
    posted = page.locator("#unit-procedures")
    expect(posted.get_by_role("link", name=BIRTH_NAME, exact=True)).to_be_visible()
    posted.scroll_into_view_if_needed()
    fits_the_phone(b)
    b.shot("26-phone-unit-procedures")
    b.watch.assert_clean()


@pytest.mark.browser
def test_search_filters_rerender_the_results_on_a_desktop(browse, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    birth_registration_with_a_form()
    b: Browsing = browse()
    page = b.page
    page.goto(b.url("/procedures/?q=khai+sinh"))
    results = page.locator("#search-results")
    birth_link = results.get_by_role("link", name=BIRTH_NAME, exact=True)
    expect(birth_link).to_be_visible()

    # Birth registration is a commune procedure: asking for the province's hides it.
    with page.expect_response(lambda r: "level=province" in r.url and r.request.headers.get("hx-request")):
        page.locator("#id_level").select_option("province")
    expect(birth_link).to_be_hidden()
    with page.expect_response(lambda r: "level=&" in r.url and r.request.headers.get("hx-request")):
        page.locator("#id_level").select_option("")
    expect(birth_link).to_be_visible()

    # Posted at Tân Kỳ's desk: still there with the unit filter, which the address keeps.
    with page.expect_response(lambda r: f"unit={TAN_KY}" in r.url and r.request.headers.get("hx-request")):
        page.locator("#id_unit").select_option(TAN_KY)
    expect(birth_link).to_be_visible()
    expect(page).to_have_url(re.compile(rf"unit={re.escape(TAN_KY)}"))
    expect(page.locator("#id_unit option:checked")).to_have_text("Xã Tân Kỳ")
    b.shot("27-desktop-search-filtered")
    b.watch.assert_clean()
