"""Browser test of the public ranking on the demo data, in headless Chromium.

A visitor on a phone starts at the public home, opens the ranking from the public services, picks
the year 2024 (a framework built here with three final results and one still open, so that the
demo's own 2026 results, whatever they are, do not matter), reads the table, opens a unit's
breakdown by area, and the page fits the phone's width. axe-core finds no serious violation on the
page at phone and desktop widths. Screenshots land in build/screenshots/ranking-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reformdesk.browser_testing import submit
from reformdesk.core.tests.test_browser_layout import _blocking_violations
from reformdesk.org import demo_data as org_data
from reformdesk.org.choices import UnitKind
from reformdesk.org.models import Unit
from reformdesk.scoring.models_assessments import Stage
from reformdesk.scoring.tests.factories_ranking import make_assessment, make_framework

pytestmark = pytest.mark.browser

YEAR = 2024


def _results() -> list[Unit]:
    province = Unit.objects.get(code=org_data.PROVINCE[0])
    framework = make_framework(issuer=province, year=YEAR)
    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE).order_by("code")[:4])
    for unit, scores in zip(
        communes, (("25", "20", "30"), ("30", "30", "32"), ("20", "10", "30")), strict=False
    ):
        make_assessment(
            framework=framework, unit=unit, final=dict(zip(("1.1", "1.2", "2.1"), scores, strict=True))
        )
    make_assessment(framework=framework, unit=communes[3], self_scores={"1.1": "20"}, stage=Stage.SELF)
    return communes


@pytest.mark.parametrize("phone", [True, False], ids=["phone", "desktop"])
def test_a_visitor_reads_the_public_ranking(browse, phone):
    width = "390" if phone else "1280"
    communes = _results()
    visitor = browse(phone=phone)
    page = visitor.page
    page.goto(visitor.url("/"))
    page.get_by_test_id("services").get_by_role("link", name="Xếp hạng CCHC").click()
    expect(page.locator("main h1")).to_contain_text("Xếp hạng chỉ số cải cách hành chính cấp xã")
    page.locator("#id_year").select_option(str(YEAR))
    submit(page, page.get_by_test_id("ranking-filter").locator("button[type=submit]"), method="GET")
    expect(page.locator("main h1")).to_contain_text(str(YEAR))
    rows = page.get_by_test_id("ranking-table").locator("tbody > tr[data-unit]")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(communes[1].name)
    expect(rows.nth(0).get_by_test_id("index")).to_have_text("92,00 %")
    expect(rows.nth(0).get_by_test_id("group")).to_have_text("Tốt")
    expect(rows.nth(1).get_by_test_id("index")).to_have_text("75,00 %")
    expect(rows.nth(2).get_by_test_id("group")).to_have_text("Chưa xếp loại")
    expect(page.get_by_test_id("chart-value")).to_have_text(["92,00 %", "75,00 %", "60,00 %"])
    expect(page.get_by_test_id("ranking-pending")).to_contain_text(communes[3].name)
    expect(page.get_by_test_id("ranking-tie-rule")).to_contain_text("điểm khảo sát cao hơn")
    areas = page.get_by_test_id(f"areas-{communes[1].code}")
    areas.locator("summary").click()
    expect(areas.locator("tbody tr").first).to_contain_text("60,00")
    expect(areas.locator("tbody tr").last).to_contain_text("32,00")
    wider = page.evaluate(
        "() => [...document.querySelectorAll('body *')]"
        ".filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)"
        ".map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"
    )
    assert wider == [], "the page scrolls sideways"
    visitor.shot(f"ranking-{width}")
    assert _blocking_violations(page) == []
    page.goto(visitor.url("/xep-hang-cchc/?year=2099"))
    expect(page.get_by_test_id("ranking-empty")).to_be_visible()
    assert _blocking_violations(page) == []
    visitor.watch.assert_clean()
