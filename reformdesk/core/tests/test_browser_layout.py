"""Layout and accessibility of the staff and public pages in headless Chromium (issue 9, "Pages
that don't fit").

1. At 1280 px the attendance tab bar shows every tab whole, and the timesheet scrolls inside its
   own box, so that its last column can be scrolled into view (nothing is cut off by the page).
2. A date field shows and takes dd/mm/yyyy whatever the browser's locale.
3. The keyboard focus ring is visible on a link.
4. axe-core finds no serious or critical WCAG 2.1 AA violation on the staff home, the timesheet
   and the public procedure search, on a phone (390 px) and on a desktop (1280 px).

Run with ``make test-browser``; screenshots land in build/screenshots/layout-*.png.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CHAIR = "chutich.tanky"
TIMESHEET = "/staff/attendance/timesheet/"
# WCAG 2.1 A and AA rules only (axe tags); best practices are advice, not the bar.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = {"serious", "critical"}


def _blocking_violations(page) -> list[str]:
    """The serious and critical violations axe finds on the page, one line each with its targets."""
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_the_attendance_tabs_and_the_timesheet_fit_at_1280_px(browse):
    chair = browse()
    page = chair.page
    chair.log_in(CHAIR, next_path=TIMESHEET)
    chair.shot("layout-timesheet-1280")
    tabs = page.locator("main [data-testid=attendance-tabs]")
    expect(tabs).to_be_visible()
    # Every tab is shown whole: none sticks out of the bar, and the bar does not scroll sideways.
    bar = tabs.evaluate("el => ({client: el.clientWidth, scroll: el.scrollWidth})")
    assert bar["scroll"] <= bar["client"]
    bar_box = tabs.bounding_box()
    for link in tabs.locator("a").all():
        box = link.bounding_box()
        assert box["x"] >= bar_box["x"] - 0.5
        assert box["x"] + box["width"] <= bar_box["x"] + bar_box["width"] + 0.5, link.inner_text()
        assert link.evaluate("el => el.scrollWidth <= el.clientWidth"), link.inner_text()

    # The table scrolls inside its own box; scrolled to the end, the last column is fully inside it.
    region = page.locator("[data-testid=timesheet-scroll]")
    last_header = page.locator("[data-testid=timesheet] thead th").last
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    region_box, last_box = region.bounding_box(), last_header.bounding_box()
    assert last_box["x"] + last_box["width"] <= region_box["x"] + region_box["width"] + 0.5
    assert region_box["x"] + region_box["width"] <= 1280
    chair.shot("layout-timesheet-1280-scrolled")
    # The names stay in view while the days scroll under them.
    name = page.locator("[data-testid=timesheet] tbody tr").first.locator("th, td").nth(1)
    name_box = name.bounding_box()
    assert region_box["x"] - 0.5 <= name_box["x"] < region_box["x"] + region_box["width"]

    # Each total sits under its own heading, right-aligned like the heading.
    headers = page.locator("[data-testid=timesheet] thead th")
    cells = page.locator("[data-testid=timesheet] tbody tr").first.locator("th, td")
    assert headers.count() == cells.count()
    for offset in range(1, 6):
        header, cell = headers.nth(headers.count() - offset), cells.nth(cells.count() - offset)
        assert header.evaluate("el => getComputedStyle(el).textAlign") == "right"
        assert cell.evaluate("el => getComputedStyle(el).textAlign") == "right"
        header_box, cell_box = header.bounding_box(), cell.bounding_box()
        assert abs(header_box["x"] - cell_box["x"]) < 1
    chair.watch.assert_clean()


def test_a_date_field_shows_and_takes_dd_mm_yyyy(browse):
    chair = browse()
    page = chair.page
    chair.log_in(CHAIR, next_path="/staff/attendance/dashboard/")
    # An ISO date from an old link or bookmark is read, and shown the way the page writes dates.
    page.goto(chair.url("/staff/attendance/dashboard/?start=2026-12-01&end=2026-12-07"))
    start = page.locator("input[name=start]")
    assert start.get_attribute("type") == "text"
    assert start.get_attribute("placeholder") == "dd/mm/yyyy"
    assert start.get_attribute("inputmode") == "numeric"
    expect(start).to_have_value("01/12/2026")
    start.fill("02/12/2026")
    page.locator("input[name=end]").fill("07/12/2026")
    chair.shot("layout-date-field")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**start=02%2F12%2F2026**")
    expect(page.locator("input[name=start]")).to_have_value("02/12/2026")
    expect(page.locator("[data-testid=week-chart]")).to_be_visible()
    chair.shot("layout-dashboard-1280")
    chair.watch.assert_clean()


def test_the_focus_ring_is_visible_on_a_link(browse):
    visitor = browse()
    page = visitor.page
    page.goto(visitor.url("/procedures/"))
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand link in the header
    focused = page.evaluate(
        "() => { const el = document.activeElement; const s = getComputedStyle(el);"
        " return {tag: el.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"
    )
    assert focused["tag"] == "A"
    assert focused["style"] != "none"
    assert focused["width"] >= 2
    visitor.shot("layout-focus-ring")
    visitor.watch.assert_clean()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_axe_finds_no_serious_violation(browse, phone):
    width = "390" if phone else "1280"
    visitor = browse(phone=phone)
    visitor.page.goto(visitor.url("/procedures/?q=khai+sinh"))
    expect(visitor.page.locator("main h1")).to_be_visible()
    visitor.shot(f"layout-procedures-{width}")
    found = {"/procedures/?q=khai+sinh": _blocking_violations(visitor.page)}

    chair = browse(phone=phone)
    chair.log_in(CHAIR)
    chair.shot(f"layout-staff-home-{width}")
    found["/staff/"] = _blocking_violations(chair.page)
    chair.page.goto(chair.url(TIMESHEET))
    expect(chair.page.locator("[data-testid=timesheet]")).to_be_visible()
    chair.shot(f"layout-timesheet-{width}")
    found[TIMESHEET] = _blocking_violations(chair.page)
    assert found == {path: [] for path in found}
    visitor.watch.assert_clean()
    chair.watch.assert_clean()
