"""Browser test of the 766 index page on the demo data, in headless Chromium.

The provincial reform officer (cchc.tinh) opens the index from the staff menu, chooses Xã Tân Kỳ,
follows the timeliness indicator's drill-down to a dossier that lost the point, and enters the
dossiers synced to the national portal with an evidence file; the page then says who entered it.
Screenshots land in build/screenshots/index766-*.png.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reformdesk.browser_testing import screenshot_dir, submit
from reformdesk.scoring.models import IndicatorEntry

pytestmark = pytest.mark.browser

TAN_KY = "000.71.00.H41"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_reform_officer_reads_the_index_and_enters_a_figure(browse, phone):
    width = "390" if phone else "1280"
    officer = browse(phone=phone)
    page = officer.page
    officer.log_in("cchc.tinh")
    if phone:
        page.locator(".navbar-toggler").first.click()
    page.get_by_role("link", name="Chỉ số 766").first.click()
    expect(page.locator("main h1")).to_contain_text("766/QĐ-TTg")
    page.locator("#id_unit").select_option(value=TAN_KY)
    page.locator("#id_period").fill(str(timezone.localdate().year))
    submit(page, page.get_by_role("button", name="Xem"), method="GET")
    expect(page.get_by_test_id("group-timeliness")).to_be_visible()
    officer.shot(f"index766-{width}")

    lost = page.locator("tr[data-indicator=p-on-time] td:last-child a")
    if lost.count():
        submit(page, lost.first, method="GET")
        expect(page.get_by_test_id("drill-down")).to_be_visible()
        officer.shot(f"index766-drill-down-{width}")
        submit(page, page.get_by_test_id("drill-down").locator("a").first, method="GET")
        expect(page.locator("main h1")).to_be_visible()
        page.go_back()

    page.goto(officer.url(f"/staff/indices/766/?unit={TAN_KY}&period={timezone.localdate().year}"))
    submit(page, page.locator("tr[data-indicator=t-synced] a", has_text="Nhập số liệu"), method="GET")
    page.locator("input[name=numerator]").fill("90")
    page.locator("input[name=denominator]").fill("100")
    evidence = screenshot_dir() / "index766-evidence.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("input[name=evidence]").set_input_files(str(evidence))
    officer.shot(f"index766-entry-{width}")
    submit(page, page.get_by_role("button", name="Lưu số liệu"))
    expect(page.get_by_test_id("how-t-synced")).to_contain_text("Cán bộ nhập")
    officer.shot(f"index766-entered-{width}")
    assert IndicatorEntry.objects.filter(unit__code=TAN_KY, is_current=True, numerator=90).count() == 1
    officer.watch.assert_clean()
