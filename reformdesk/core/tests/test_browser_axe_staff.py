"""axe-core on the staff pages added by the hardening and the new apps, at phone and desktop widths:
no serious or critical WCAG 2.1 AA violation. Each page is reached by clicking from the staff home
or the account menu where a user would; screenshots land in build/screenshots/axe-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reformdesk.core.tests.test_browser_layout import CHAIR, _blocking_violations

pytestmark = pytest.mark.browser

# (path, a selector that must be visible once the page is ready)
PAGES = [
    ("/account/", "[data-testid=account-username]"),
    ("/account/password/", "input[name=revoke_tokens]"),
    ("/account/tokens/", "main h1"),
    ("/staff/feedback/", "main h1"),
    ("/staff/feedback/new/", "main form"),
    ("/staff/statistics/feedback/", "[data-testid=index-766]"),
    ("/staff/feedback/settings/answers/", "main form"),
    ("/staff/documents/incoming/", "main h1"),
    ("/staff/documents/incoming/new/", "main form"),
    ("/staff/documents/outgoing/", "main h1"),
    ("/staff/tasks/", "main h1"),
    ("/staff/tasks/new/", "main form"),
    ("/staff/tasks/calendar/", "main h1"),
    ("/staff/tasks/board/", "main h1"),
    ("/staff/khao-sat/", "main h1"),
    ("/staff/regulations/", "main h1"),
    ("/staff/regulations/new/", "main form"),
    ("/staff/commitments/", "main h1"),
    ("/staff/commitments/templates/new/", "main form"),
    ("/staff/commitments/status/", "main h1"),
    ("/staff/inspections/", "main h1"),
    ("/staff/khao-sat/can-bo-xa-tan-ky/ket-qua/", "[data-testid=breakdown-chart-1]"),
    ("/staff/khao-sat/can-bo-xa-tan-ky/ket-qua/can-bo/", "[data-testid=official-results]"),
    ("/staff/indices/766/", "main h1"),
    ("/staff/indices/frameworks/", "main h1"),
    ("/staff/indices/assessments/", "[data-testid=assessments]"),
    ("/staff/indices/766/trends/", "[data-testid=trend-table]"),
    ("/staff/indices/766/comparison/", "main h1"),
    ("/staff/indices/plans/", "[data-testid=obligations]"),
    ("/staff/training/", "main h1"),
    ("/staff/training/gaps/", "[data-testid=training-hours]"),
    ("/staff/evaluations/", "main h1"),
    ("/staff/attendance/devices/", "main h1"),  # last: the device detail is reached from it
]


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_axe_finds_no_serious_violation_on_the_new_staff_pages(browse, phone):
    width = "390" if phone else "1280"
    chair = browse(phone=phone)
    chair.log_in(CHAIR)
    found = {}
    for path, ready in PAGES:
        chair.page.goto(chair.url(path))
        expect(chair.page.locator(ready).first).to_be_visible()
        name = path.strip("/").replace("/", "-")
        chair.shot(f"axe-{name}-{width}")
        found[path] = _blocking_violations(chair.page)
    # the demo's first device, reached from the devices list as its managers do
    chair.page.locator("main table a[href*='/staff/attendance/devices/']").first.click()
    expect(chair.page.locator("main h1")).to_be_visible()
    chair.page.wait_for_load_state("load")
    chair.shot(f"axe-device-detail-{width}")
    found["device detail"] = _blocking_violations(chair.page)
    # a signed inspection of the chair's commune, reached from the inspections list
    chair.page.goto(chair.url("/staff/inspections/"))
    chair.page.locator("[data-testid=inspection-list] a").first.click()
    expect(chair.page.get_by_test_id("inspection-status")).to_be_visible()
    chair.shot(f"axe-inspection-run-{width}")
    found["inspection run"] = _blocking_violations(chair.page)
    assert found == {path: [] for path in found}
    chair.watch.assert_clean()


# The inspector's own pages (the chair above cannot open them): reached by clicking from the
# inspections list, as the provincial inspector does.
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_axe_finds_no_serious_violation_on_the_inspectors_pages(browse, phone):
    width = "390" if phone else "1280"
    inspector = browse(phone=phone)
    inspector.log_in("thanhtra.tinh", next_path="/staff/inspections/")
    found = {"inspections": _blocking_violations(inspector.page)}
    for link, name in (
        ("[href$='/staff/inspections/plans/']", "plans"),
        ("[href$='/staff/inspections/new/']", "new"),
    ):
        inspector.page.goto(inspector.url("/staff/inspections/"))
        inspector.page.locator(f"main a{link}").first.click()
        expect(inspector.page.locator("main h1")).to_be_visible()
        inspector.page.wait_for_load_state("load")
        inspector.shot(f"axe-inspector-{name}-{width}")
        found[name] = _blocking_violations(inspector.page)
    assert found == {name: [] for name in found}
    inspector.watch.assert_clean()


# The 766 comparison filled with the province's communes and one commune's trend, as the
# provincial reform officer sees them (the chair above sees only the chair's own commune).
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_axe_finds_no_serious_violation_on_the_provincial_766_comparison(browse, phone):
    width = "390" if phone else "1280"
    officer = browse(phone=phone)
    officer.log_in("cchc.tinh", next_path="/staff/indices/766/")
    officer.page.get_by_role("link", name="So sánh các đơn vị trực thuộc").click()
    expect(officer.page.get_by_test_id("comparison-table")).to_be_visible()
    officer.shot(f"axe-index766-comparison-province-{width}")
    found = {"comparison": _blocking_violations(officer.page)}
    officer.page.get_by_test_id("comparison-table").get_by_role("link", name="Diễn biến").first.click()
    expect(officer.page.get_by_test_id("trend-table")).to_be_visible()
    officer.shot(f"axe-index766-trends-province-{width}")
    found["trends"] = _blocking_violations(officer.page)
    assert found == {"comparison": [], "trends": []}
    officer.watch.assert_clean()
