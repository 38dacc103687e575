"""Browser test of the catalog's staff pages: the provincial reform officer (demo login
``cchc.tinh``) publishes a procedure on the portal for a commune and ends one of its versions, and
sees the commune's publication statistics (``catalog:statistics``) follow each change.

Run with ``make test-browser``; screenshots land in build/screenshots/catalog-staff-*.png.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from reformdesk.browser_testing import Browsing, submit
from reformdesk.catalog import services
from reformdesk.catalog.choices import Channel, OnlineLevel, PublicationPlace
from reformdesk.catalog.models import Procedure, ProcedureVersion, Publication
from reformdesk.org.models import Unit

TAN_KY = "000.71.00.H41"  # Xã Tân Kỳ, a commune of the two-tier province


def procedure_to_publish(commune: Unit, today: dt.date) -> Procedure:
    """A commune-level procedure in force today that is not yet on the portal for Xã Tân Kỳ (a
    portal publication by the commune or any unit above it covers it): one of the demo catalog's,
    or one made here when the demo has none left."""
    covering = Publication.objects.filter(
        unit_id__in=[*commune.ancestor_ids(), commune.pk],
        place=PublicationPlace.PORTAL,
        published_on__lte=today,
    ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
    candidate = (
        Procedure.objects.filter(
            at_commune=True,
            is_active=True,
            versions__effective_from__lte=today,
            versions__effective_to__isnull=True,
        )
        .exclude(pk__in=covering.values("procedure_id"))
        .order_by("national_code")
        .first()
    )
    if candidate is not None:
        return candidate
    field = services.field_upsert(actor=None, code="G09.TEST", name_vi="Lĩnh vực thử nghiệm")
    procedure = services.procedure_create(
        actor=None,
        national_code="9.000001",
        name_vi="Thủ tục thử nghiệm đăng ký khai sinh",
        field=field,
        at_commune=True,
        online_level=OnlineLevel.PARTIAL,
    )
    version = services.version_create(
        actor=None,
        procedure=procedure,
        decision_number="1085/QĐ-UBND",
        decision_date=dt.date(2025, 6, 20),
        effective_from=dt.date(2025, 7, 1),
    )
    services.filing_methods_set(
        actor=None,
        version=version,
        methods=[{"channel": Channel.IN_PERSON, "time_limit_days": Decimal("1"), "fee_vnd": 0}],
    )
    return procedure


def figures(b: Browsing, today: dt.date, shot: str) -> dict[str, int]:
    """The total row of Xã Tân Kỳ's publication statistics today, as the page shows it."""
    page = b.page
    page.goto(b.url(reverse("catalog:statistics") + f"?unit={TAN_KY}&on={today.isoformat()}"))
    total = page.get_by_test_id("statistics-table").locator("tr[data-kind=total]")
    expect(total).to_have_count(1)
    b.shot(shot)
    return {
        col: int(total.locator(f"td[data-col={col}]").inner_text())
        for col in ("in_scope", "at_desk", "on_portal")
    }


@pytest.mark.browser
def test_reform_officer_publishes_a_procedure_edits_its_version_and_sees_the_statistics(browse):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    commune = Unit.objects.get(code=TAN_KY)
    procedure = procedure_to_publish(commune, today)
    version = procedure.version_on(today)
    assert version is not None

    b: Browsing = browse()
    page = b.page
    b.log_in("cchc.tinh", next_path="/staff/catalog/")
    expect(page.locator("main h1")).to_have_text("Thủ tục hành chính")
    before = figures(b, today, "catalog-staff-01-statistics-before")

    # Find the procedure in the list: htmx swaps only the table.
    page.goto(b.url("/staff/catalog/"))
    with page.expect_response(lambda r: "q=" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator("#id_q").fill(procedure.national_code)
    rows = page.locator("#table-region tbody tr")
    expect(rows).to_have_count(1)
    expect(page.get_by_test_id("result-count")).to_have_text("Số kết quả: 1")
    b.shot("catalog-staff-02-list")
    rows.first.get_by_role("link", name=procedure.national_code).click()
    expect(page).to_have_url(b.url(f"/staff/catalog/procedures/{procedure.national_code}/"))
    expect(page.get_by_test_id("current-version")).to_have_text("Đang hiệu lực")
    b.shot("catalog-staff-03-procedure")

    # Publish it on the portal for Xã Tân Kỳ.
    page.get_by_role("link", name="Công khai thủ tục").click()
    page.locator("main").get_by_label("Đơn vị").select_option(label=f"Xã Tân Kỳ ({TAN_KY})")
    page.locator("main").get_by_label("Hình thức công khai").select_option("portal")
    expect(page.locator("main").get_by_label("Ngày công khai")).to_have_value(today.strftime("%d/%m/%Y"))
    b.shot("catalog-staff-04-publish")
    submit(page, page.get_by_role("button", name="Công khai"))
    expect(page.locator("main [role=alert]")).to_have_text("Đã công khai thủ tục tại Xã Tân Kỳ.")
    row = (
        page.get_by_test_id("publications")
        .locator("tr", has_text="Công khai trên Cổng dịch vụ công")
        .filter(has_text="Xã Tân Kỳ")
    )
    expect(row).to_contain_text(today.strftime("%d/%m/%Y"))
    b.shot("catalog-staff-05-published")

    published = figures(b, today, "catalog-staff-06-statistics-published")
    assert published == {**before, "on_portal": before["on_portal"] + 1}
    expect(page.get_by_test_id("summary")).to_contain_text(
        f"{before['on_portal'] + 1}/{before['in_scope']} thủ tục"
    )

    # End the version in force yesterday: the procedure leaves the scope of today's figures.
    page.goto(b.url(f"/staff/catalog/procedures/{procedure.national_code}/"))
    page.get_by_test_id("versions").locator(f"tr[data-version='{version.pk}']").get_by_role(
        "link", name=re.compile("^Sửa")
    ).click()
    expect(page.locator("main h1")).to_have_text("Sửa phiên bản thủ tục")
    page.locator("main").get_by_label("Hiệu lực đến").fill(yesterday.strftime("%d/%m/%Y"))
    b.shot("catalog-staff-07-version-edit")
    submit(page, page.get_by_role("button", name="Lưu"))
    expect(page.locator("main [role=alert]")).to_have_text("Đã lưu phiên bản thủ tục.")
    expect(page.get_by_test_id("current-version")).to_have_count(0)
    expect(page.get_by_test_id("version-validity")).to_contain_text(yesterday.strftime("%d/%m/%Y"))
    b.shot("catalog-staff-08-version-ended")

    at_desk = Publication.objects.filter(
        procedure=procedure, unit=commune, place=PublicationPlace.DESK, withdrawn_on__isnull=True
    ).exists()
    ended = figures(b, today, "catalog-staff-09-statistics-version-ended")
    assert ended == {
        "in_scope": before["in_scope"] - 1,
        "at_desk": before["at_desk"] - (1 if at_desk else 0),
        "on_portal": before["on_portal"],
    }
    b.watch.assert_clean()


@pytest.mark.browser
def test_steps_over_the_legal_time_limit_are_refused_in_the_browser(browse):
    today = timezone.localdate()
    in_force = ProcedureVersion.objects.filter(effective_from__lte=today, effective_to__isnull=True)
    with_a_limit = (
        in_force.filter(filing_methods__channel=Channel.IN_PERSON, filing_methods__time_limit_days__gt=0)
        .order_by("procedure__national_code")
        .first()
    )
    version = with_a_limit or procedure_to_publish(Unit.objects.get(code=TAN_KY), today).version_on(today)
    assert version is not None
    procedure = version.procedure
    limit = services.legal_time_limit(version)
    assert limit is not None
    saved = list(version.steps.filter(case=None).values_list("order", "name_vi", "working_days"))

    b: Browsing = browse()
    page = b.page
    b.log_in("cchc.tinh", next_path=f"/staff/catalog/procedures/{procedure.national_code}/")
    page.get_by_test_id("section-general").get_by_role("link", name="Sửa các bước xử lý").click()
    expect(page.locator("main h1")).to_have_text("Các bước xử lý")
    rows = page.locator("main fieldset[data-row]")
    count = rows.count()

    # "Thêm dòng" brings one more blank row and saves nothing.
    page.get_by_role("button", name="Thêm dòng").click()
    expect(rows).to_have_count(count + 1)
    new_row = rows.last
    new_row.get_by_label("Loại bước").select_option("approve")
    new_row.get_by_label("Tên bước").fill("Trình lãnh đạo phê duyệt")
    new_row.get_by_label("Vai trò thực hiện").select_option("leader")
    new_row.get_by_label("Loại đơn vị thực hiện").select_option("commune")
    new_row.get_by_label("Thời gian (ngày làm việc)").fill(str(limit + 1))
    b.shot("catalog-staff-10-steps-over-limit")
    submit(page, page.get_by_role("button", name="Lưu"))
    expect(page.locator("#form-errors")).to_contain_text("vượt thời hạn giải quyết theo quy định")
    expect(rows.last.get_by_label("Tên bước")).to_have_value("Trình lãnh đạo phê duyệt")
    b.shot("catalog-staff-11-steps-refused")
    assert list(version.steps.filter(case=None).values_list("order", "name_vi", "working_days")) == saved
    b.watch.assert_clean()
