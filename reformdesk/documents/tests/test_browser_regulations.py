"""Browser test of internal regulations, on the demo data, in headless Chromium.

The chair of Xã Tân Kỳ has just published new reception rules. One of the commune's officials,
starting from the staff home, opens the internal regulations, finds the new rules among those to
acknowledge, reads them and acknowledges them (on a phone); the chair then sees the official
among those who have acknowledged. The regulation and commitment pages pass the axe audit.

Run with ``make test-browser``; screenshots land in build/screenshots/regulations-*.png.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from reformdesk.browser_testing import submit
from reformdesk.core.tests.test_browser_axe_staff import _blocking_violations
from reformdesk.documents.choices_regulations import RegulationKind
from reformdesk.documents.models import RegulationAcknowledgement
from reformdesk.documents.services.regulations import regulation_create, regulation_publish
from reformdesk.org.models import Unit

pytestmark = pytest.mark.browser

TAN_KY = "000.71.00.H41"
TITLE = "Nội quy Bộ phận Một cửa xã Tân Kỳ"


def test_the_units_official_acknowledges_a_new_regulation(browse):
    chair_user = User.objects.get(username="chutich.tanky")
    version = regulation_create(
        actor=chair_user,
        unit=Unit.objects.get(code=TAN_KY),
        kind=RegulationKind.OTHER,
        title=TITLE,
        effective_on=timezone.localdate() + dt.timedelta(days=1),
        decision_symbol="120/QĐ-UBND",
        body="1. Công chức Bộ phận Một cửa đeo thẻ, mặc trang phục đúng quy định.\n"
        "2. Hướng dẫn công dân một lần, đầy đủ; không hẹn lại khi hồ sơ đã đủ.",
        is_public=True,
    )
    regulation_publish(actor=chair_user, version=version)

    official = browse(phone=True)
    page = official.page
    official.log_in("motcua.tanky")
    official.shot("regulations-staff-home")
    # The staff home shows the "Công vụ" area with its entries; on a phone the menu is folded.
    submit(page, page.locator("[data-testid=staff-areas] a", has_text="Quy chế nội bộ"), method="GET")
    pending = page.locator("[data-testid=regulations-pending]")
    expect(pending).to_contain_text(TITLE)
    official.shot("regulations-list-phone")
    submit(page, pending.get_by_role("link", name=TITLE), method="GET")
    expect(page.locator("[data-testid=regulation-body]")).to_contain_text("Hướng dẫn công dân một lần")
    expect(page.locator("[data-testid=acknowledgers]")).to_have_count(0)
    official.shot("regulations-detail-phone")
    found = {"detail": _blocking_violations(page)}
    submit(page, page.get_by_role("button", name="Tôi đã đọc quy chế này"))
    expect(page.locator("[data-testid=regulation-acknowledged]")).to_contain_text(
        "Bạn đã xác nhận đã đọc lúc"
    )
    official.shot("regulations-acknowledged-phone")
    clerk = User.objects.get(username="motcua.tanky").official
    assert RegulationAcknowledgement.objects.filter(version=version, official=clerk).count() == 1
    page.goto(official.url("/staff/regulations/"))
    expect(page.locator("[data-testid=regulations-pending]")).not_to_contain_text(TITLE)
    official.watch.assert_clean()

    chair = browse()
    chair.log_in("chutich.tanky", next_path=f"/staff/regulations/{version.pk}/")
    table = chair.page.locator("[data-testid=acknowledgers]")
    expect(table.locator("tr", has_text=clerk.full_name)).not_to_contain_text("Chưa xác nhận")
    expect(table).to_contain_text("Chưa xác nhận")
    chair.shot("regulations-who-is-missing")
    found["who is missing"] = _blocking_violations(chair.page)
    chair.page.goto(chair.url("/staff/commitments/status/"))
    expect(chair.page.locator("[data-testid=commitment-status]")).to_be_visible()
    chair.shot("regulations-commitment-status")
    assert found == {"detail": [], "who is missing": []}
    chair.watch.assert_clean()
