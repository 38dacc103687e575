"""Browser test of the framework pages on the demo data, in headless Chromium.

The provincial reform officer (cchc.tinh) opens the commune reform-index frameworks from the staff
menu, opens the demo's 2026 framework, and reads the note on which parts are illustrative.
Screenshots land in build/screenshots/frameworks-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reformdesk.browser_testing import submit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_reform_officer_reads_the_demo_framework(browse, phone):
    width = "390" if phone else "1280"
    officer = browse(phone=phone)
    page = officer.page
    officer.log_in("cchc.tinh")
    if phone:
        page.locator(".navbar-toggler").first.click()
    page.get_by_role("link", name="Bộ chỉ số CCHC xã").first.click()
    expect(page.locator("main h1")).to_contain_text("Bộ chỉ số CCHC cấp xã")
    officer.shot(f"frameworks-list-{width}")
    submit(page, page.get_by_test_id("frameworks").locator("a", has_text="2026").first, method="GET")
    expect(page.get_by_test_id("illustrative-note")).to_contain_text(
        "không phải bộ tiêu chí của tỉnh Nghệ An"
    )
    expect(page.get_by_test_id("status")).to_contain_text("Đã ban hành")
    expect(page.get_by_test_id("tree")).to_contain_text("Cải cách thủ tục hành chính")
    officer.shot(f"frameworks-detail-{width}")
    officer.watch.assert_clean()
