"""Browser test of a sudden inspection, on the demo data, in headless Chromium.

The provincial inspector (thanhtra.tinh), on a phone, starts a sudden inspection of Xã Tân Kỳ: the
attendance item comes pre-filled from the records and one official is corrected; an item is saved
on its own; a finding is recorded about an official; the team leader finishes and signs. The
inspector records a finding about an official who signed the year's commitment as a breach of one
of its items; the commune's chair signs for the commune with the unit's response, turns the first
finding into a task, and the record PDF is read back as text.

Run with ``make test-browser``; screenshots land in build/screenshots/inspection-*.png.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from reformdesk.assignments.models import Task
from reformdesk.browser_testing import screenshot_dir, submit
from reformdesk.documents.models import Commitment, CommitmentBreach
from reformdesk.inspections import services
from reformdesk.inspections.choices import Presence, Status
from reformdesk.inspections.models import Inspection

pytestmark = pytest.mark.browser

TAN_KY = "000.71.00.H41"


def pdf_text(data: bytes) -> str:
    target = screenshot_dir() / "inspection-record.pdf"
    target.write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(target), str(target.with_suffix(""))], check=True)  # noqa: S603, S607
    return subprocess.run(  # noqa: S603
        ["pdftotext", "-enc", "UTF-8", str(target), "-"],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout.decode()


def test_an_inspector_on_a_phone_runs_a_sudden_inspection(browse):
    phone = browse(phone=True)
    page = phone.page
    phone.log_in("thanhtra.tinh", next_path="/staff/inspections/")
    submit(page, page.get_by_test_id("new-sudden"), method="GET")
    page.locator("select[name=target_unit]").select_option(label="Xã Tân Kỳ")
    phone.shot("inspection-new")
    submit(page, page.get_by_role("button", name="Bắt đầu kiểm tra"))
    inspection = Inspection.objects.filter(
        target_unit__code=TAN_KY, created_by__username="thanhtra.tinh"
    ).latest("id")
    assert inspection.status == Status.IN_PROGRESS
    expect(page.get_by_test_id("inspection-status")).to_have_text("Đang kiểm tra")

    # The attendance item is pre-filled; one official is corrected, with the reason.
    check = inspection.presence.select_related("official").order_by("official__full_name").first()
    corrected_to = Presence.ABSENT if check.prefilled != Presence.ABSENT else Presence.PRESENT
    row = page.get_by_test_id(f"presence-{check.official.employee_code}")
    row.scroll_into_view_if_needed()
    row.locator("select[name=confirmed]").select_option(corrected_to)
    row.locator("input[name=note]").fill("Đoàn kiểm tra xác nhận trực tiếp tại trụ sở")
    row.get_by_role("button", name="Xác nhận").click()
    expect(
        page.get_by_test_id(f"presence-{check.official.employee_code}").get_by_test_id("confirmed")
    ).to_contain_text("đã sửa")
    phone.shot("inspection-presence")
    check.refresh_from_db()
    assert (check.confirmed, check.corrected) == (corrected_to, True)

    # One item, saved on its own through htmx.
    item = page.get_by_test_id("item-name_tag")
    item.scroll_into_view_if_needed()
    item.locator("label", has_text="Không đạt").click()
    item.locator("input[name=expected]").fill("10")
    item.locator("input[name=found]").fill("8")
    item.get_by_test_id("save-item").click()
    expect(page.get_by_test_id("item-name_tag")).to_contain_text("Đã lưu")
    assert inspection.answers.get(item__code="name_tag").found == 8
    phone.shot("inspection-item")

    # A finding about the corrected official.
    form = page.get_by_test_id("finding-form")
    form.locator("select[name=item]").select_option(
        label=form.locator("select[name=item] option", has_text="đeo thẻ").inner_text()
    )
    form.locator("select[name=official]").select_option(str(check.official_id))
    form.locator("textarea[name=description]").fill("Không đeo thẻ công chức khi tiếp công dân")
    submit(page, form.get_by_test_id("add-finding"))
    expect(page.locator("main")).to_contain_text("Không đeo thẻ công chức khi tiếp công dân")

    # The rest of the checklist as the inspector would tick it, then the end and the signature.
    inspector = User.objects.get(username="thanhtra.tinh")
    signed = (
        Commitment.objects.filter(
            official__in=inspection.presence.values("official"),
            template__year=inspection.at.year,
            template__kind="official",
        )
        .select_related("official")
        .order_by("official__employee_code")
        .first()
    )
    assert signed is not None and signed.official is not None
    late = services.finding_add(
        actor=inspector,
        inspection=inspection,
        severity="minor",
        kind="culture",
        description="Sử dụng điện thoại việc riêng khi tiếp công dân",
        official=signed.official,
    )
    for answer in inspection.answers.filter(result=""):
        services.answer_save(actor=inspector, inspection=inspection, answer=answer, result="pass")
    services.presence_confirm_rest(actor=inspector, inspection=inspection)
    page.reload()
    submit(page, page.get_by_test_id("complete"))
    submit(page, page.get_by_test_id("sign-leader"))
    expect(page.get_by_test_id("inspection-status")).to_have_text("Trưởng đoàn đã ký biên bản")
    phone.shot("inspection-signed-leader")

    # The finding about the official who signed the year's commitment, recorded against item 1.
    card = page.get_by_test_id(f"finding-{late.pk}")
    card.scroll_into_view_if_needed()
    card.locator("select[name=item]").select_option(str(signed.template.items.get(number=1).pk))
    submit(page, card.get_by_test_id("record-breach"))
    expect(page.get_by_test_id(f"finding-{late.pk}").get_by_test_id("breach-recorded")).to_be_visible()
    breach = CommitmentBreach.objects.get(inspection_finding=late)
    assert (breach.commitment_id, breach.item.number) == (signed.pk, 1)
    phone.shot("inspection-breach")
    phone.watch.assert_clean()

    # The commune's chair signs for the commune and makes the finding a task.
    desk = browse()
    chair_page = desk.page
    desk.log_in("chutich.tanky", next_path=f"/staff/inspections/{inspection.pk}/")
    chair_page.locator("textarea[name=response]").fill(
        "Xã nhất trí với biên bản, sẽ chấn chỉnh việc đeo thẻ."
    )
    submit(chair_page, chair_page.get_by_test_id("sign-unit"))
    expect(chair_page.get_by_test_id("inspection-status")).to_have_text("Biên bản đã ký")
    submit(chair_page, chair_page.get_by_test_id("to-task").first)
    finding = inspection.findings.order_by("id").first()
    assert finding.task is not None and finding.status == "remediating"
    task = Task.objects.get(pk=finding.task_id)
    assert (task.source_kind, task.assignee_id) == ("inspection", check.official_id)
    expect(chair_page.locator("main")).to_contain_text(f"Nhiệm vụ khắc phục #{task.pk}")
    desk.shot("inspection-remediation")

    # The record, read back.
    response = chair_page.request.get(desk.url(f"/staff/inspections/{inspection.pk}/record.pdf"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "BIÊN BẢN KIỂM TRA" in text
    assert "Xã nhất trí với biên bản" in text
    assert "Đã ký trên ReformDesk" in text
    assert check.official.full_name in text
    desk.watch.assert_clean()
