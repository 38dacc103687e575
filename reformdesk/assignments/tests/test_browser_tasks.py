"""Browser test of the registers and the 3-step mechanism, on the demo data, in headless Chromium.

The chair of Xã Tân Kỳ (``chutich.tanky``) registers an incoming document and, from its page,
assigns it with a 3-working-day deadline to the one-stop officer (``motcua.tanky``); the officer,
on a phone, acknowledges it, enters the commune's report in the outgoing register and reports
completion with it; the chair evaluates the task, and the officer's figures and the unit's board
change.

Run with ``make test-browser``; screenshots land in build/screenshots/tasks-*.png.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reformdesk.assignments.choices import Status
from reformdesk.assignments.models import Task
from reformdesk.assignments.selectors import Period, task_figures
from reformdesk.browser_testing import submit
from reformdesk.documents.models import IncomingDocument, OutgoingDocument
from reformdesk.org.models import Official
from reformdesk.worktime import selectors as worktime

pytestmark = pytest.mark.browser

SUMMARY = "V/v rà soát, cập nhật danh mục thủ tục hành chính niêm yết tại Bộ phận Một cửa"


def act(page, action: str, **fields: str) -> None:
    """Open an action's panel on the task page, fill it in and submit it."""
    page.get_by_test_id("task-actions").locator(f"button[data-bs-target='#action-{action}']").click()
    expect(page.locator(f"#action-{action}")).to_have_class(re.compile(r"\bshow\b"))
    form = page.locator(f"form[data-action='{action}']")
    for label, value in fields.items():
        field = form.get_by_label(label, exact=True)
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    submit(page, form.locator("button[type=submit]"))
    expect(page.locator("main [role=alert]").first).to_contain_text("Đã cập nhật nhiệm vụ")


def test_register_assign_report_from_a_phone_and_evaluate(browse):
    officer_official = Official.objects.get(user__username="motcua.tanky")
    chair_official = Official.objects.get(user__username="chutich.tanky")
    period = Period.month(timezone.localdate().year, timezone.localdate().month)
    before = task_figures(period=period, official=officer_official)

    # 1. The chair registers the document and assigns it from its page.
    chair = browse()
    page = chair.page
    chair.log_in("chutich.tanky", next_path="/staff/documents/incoming/")
    expect(page.locator("main h1")).to_have_text("Sổ văn bản đến")
    page.get_by_role("link", name="Vào sổ văn bản đến").click()
    form = page.get_by_test_id("incoming-form")
    form.get_by_label("Nơi gửi").fill("Sở Nội vụ tỉnh Nghệ An")
    form.get_by_label("Số, ký hiệu văn bản").fill("1520/SNV-CCHC")
    form.get_by_label("Ngày văn bản").fill(timezone.localdate().strftime("%d/%m/%Y"))
    form.get_by_label("Loại văn bản").select_option(label="Công văn")
    form.get_by_label("Trích yếu nội dung").fill(SUMMARY)
    submit(page, form.locator("button[type=submit]"))
    expect(page.get_by_test_id("incoming-detail")).to_contain_text("1520/SNV-CCHC")
    document = IncomingDocument.objects.get(original_symbol="1520/SNV-CCHC")
    page.get_by_test_id("assign-task").click()
    expect(page.get_by_test_id("task-source-document")).to_contain_text("1520/SNV-CCHC")
    form = page.get_by_test_id("task-form")
    expect(form.get_by_label("Tên nhiệm vụ")).to_have_value(SUMMARY)
    form.get_by_label("Kết quả, sản phẩm yêu cầu").fill("Báo cáo kết quả rà soát gửi Sở Nội vụ.")
    form.get_by_label("Người thực hiện").select_option(label=officer_official.full_name)
    form.get_by_label("Thời hạn (số ngày làm việc)").fill("3")
    chair.shot("tasks-assign-from-document")
    submit(page, form.locator("button[type=submit]"))
    task = Task.objects.get(source_document=document)
    assert task.due_at == worktime.due_at(unit=document.unit, start=task.assigned_at, days=3)
    expect(page.get_by_test_id("task-due")).to_contain_text("3 ngày làm việc")
    expect(page.get_by_test_id("task-source")).to_contain_text("1520/SNV-CCHC")
    document.refresh_from_db()
    assert document.handler_id == officer_official.pk
    assert document.handling_due_on == timezone.localtime(task.due_at).date()

    # 2. The officer, on a phone, acknowledges it, registers the report and reports completion.
    officer = browse(phone=True)
    phone = officer.page
    officer.log_in("motcua.tanky", next_path="/staff/tasks/")
    phone.get_by_test_id("task-list").get_by_role(
        "link", name=re.compile("rà soát, cập nhật danh mục")
    ).first.click()
    act(phone, "acknowledge")
    phone.goto(officer.url("/staff/documents/outgoing/new/"))
    form = phone.get_by_test_id("outgoing-form")
    form.get_by_label("Loại văn bản").select_option(label="Báo cáo")
    form.get_by_label("Trích yếu nội dung").fill(
        "Báo cáo kết quả rà soát danh mục thủ tục hành chính niêm yết"
    )
    form.get_by_label("Người ký").select_option(
        label=f"{chair_official.full_name} ({chair_official.employee_code})"
    )
    form.get_by_label("Nơi nhận").fill("- Sở Nội vụ tỉnh Nghệ An;\n- Lưu: VT.")
    submit(phone, form.locator("button[type=submit]"))
    report = OutgoingDocument.objects.filter(unit=document.unit, doc_type="bao_cao").latest("id")
    expect(phone.get_by_test_id("outgoing-detail")).to_be_visible()
    phone.goto(officer.url(f"/staff/tasks/{task.pk}/"))
    act(phone, "report_done", **{"Văn bản đi là kết quả (số, ký hiệu)": report.symbol})
    expect(phone.get_by_test_id("task-status")).to_have_text("Đã báo cáo hoàn thành")
    expect(phone.get_by_test_id("task-result-document")).to_have_text(report.symbol)
    officer.shot("tasks-reported-on-phone")
    officer.watch.assert_clean()

    # 3. The chair evaluates it; the figures change.
    page.goto(chair.url("/staff/tasks/board/"))
    overdue_before = page.get_by_test_id("board-overdue").inner_text()
    page.goto(chair.url(f"/staff/tasks/{task.pk}/"))
    act(page, "evaluate", **{"Chất lượng": "Hoàn thành tốt nhiệm vụ", "Nhận xét": "Đúng yêu cầu."})
    expect(page.get_by_test_id("task-status")).to_have_text("Đã đánh giá")
    expect(page.get_by_test_id("task-timeliness")).to_be_visible()
    chair.shot("tasks-evaluated")
    task.refresh_from_db()
    assert (task.status, task.result_document_id, task.quality) == (Status.EVALUATED, report.pk, 3)
    after = task_figures(period=period, official=officer_official)
    assert after.assigned == before.assigned + 1
    assert after.early + after.on_time == before.early + before.on_time + 1
    page.goto(chair.url("/staff/tasks/board/"))
    expect(page.get_by_test_id("board-overdue")).to_have_text(overdue_before)
    expect(page.get_by_test_id("task-board")).to_contain_text(officer_official.full_name)
    chair.shot("tasks-board")
    chair.watch.assert_clean()
