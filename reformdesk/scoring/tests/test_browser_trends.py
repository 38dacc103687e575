"""Browser test of the 766 trends and comparison on the demo data, in headless Chromium.

The provincial reform officer (cchc.tinh) goes from the staff home to the 766 index, opens the
comparison of the province's communes, then one commune's trend over the year. Screenshots land
in build/screenshots/index766-comparison-*.png and index766-trends-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reformdesk.browser_testing import submit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_reform_officer_compares_the_communes_and_opens_a_trend(browse, phone):
    width = "390" if phone else "1280"
    officer = browse(phone=phone)
    page = officer.page
    officer.log_in("cchc.tinh")
    if phone:
        page.locator(".navbar-toggler").first.click()
    page.get_by_role("link", name="Chỉ số 766").first.click()
    expect(page.locator("main h1")).to_contain_text("766/QĐ-TTg")

    submit(page, page.get_by_role("link", name="So sánh các đơn vị trực thuộc"), method="GET")
    expect(page.get_by_test_id("comparison-table")).to_be_visible()
    expect(page.get_by_test_id("comparison-chart")).to_be_visible()
    assert page.locator("[data-testid=comparison-table] tbody tr").count() >= 2
    officer.shot(f"index766-comparison-{width}")

    commune = page.locator("[data-testid=comparison-table] tbody tr").first
    name = commune.locator("td a").first.inner_text()
    submit(page, commune.get_by_role("link", name="Diễn biến"), method="GET")
    expect(page.get_by_test_id("trend-table")).to_be_visible()
    expect(page.get_by_test_id("trend-chart-timeliness")).to_be_visible()
    expect(page.locator("#id_unit option:checked")).to_have_text(name)
    officer.shot(f"index766-trends-{width}")
    officer.watch.assert_clean()
