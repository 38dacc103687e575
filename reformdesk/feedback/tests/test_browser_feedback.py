"""Browser tests of citizen feedback, on the demo data, in headless Chromium (issue 11).

1. A citizen on a phone goes from the home page to the feedback form, files a case with Xã Tân
   Kỳ and looks it up with the two codes the confirmation shows.
2. At Xã Tân Kỳ the one-stop officer (``motcua.tanky``) accepts a case from the staff home, the
   chair (``chutich.tanky``) assigns it back to the officer, who answers it from an answer
   template; the chair signs; the officer sends and publishes it, and the published answer shows
   no name or phone of the citizen.
3. The citizen rates a sent answer "Không hài lòng" on the lookup page; the case reopens with the
   chair, whose worklist shows it.

Run with ``make test-browser``; screenshots land in build/screenshots/feedback-*.png.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reformdesk.browser_testing import submit
from reformdesk.feedback.choices import Channel, EventKind, Kind, Status
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.services import (
    Citizen,
    feedback_accept,
    feedback_approve_answer,
    feedback_assign,
    feedback_draft_answer,
    feedback_receive,
    feedback_send,
)
from reformdesk.org.models import Official, Unit

pytestmark = pytest.mark.browser

TAN_KY = "000.71.00.H41"
CITIZEN = Citizen(
    name="Hoàng Văn Thắng",
    phone="0912 888 777",
    email="thang.hv@example.vn",
    address="Xóm Tân Hợp, xã Tân Kỳ",
)


def official(username: str) -> Official:
    return Official.objects.get(user__username=username)


def a_case(**overrides) -> FeedbackCase:
    """A hotline call Xã Tân Kỳ's desk recorded an hour ago, naming the caller in its content."""
    values = {
        "subject": "Cống thoát nước xóm Tân Hợp bị tắc",
        "content": (
            "Ông Hoàng Văn Thắng (0912 888 777) báo cống thoát nước xóm Tân Hợp bị tắc, nước tràn vào nhà."
        ),
        "citizen": CITIZEN,
    }
    values.update(overrides)
    return feedback_receive(
        actor=official("motcua.tanky").user,
        unit=Unit.objects.get(code=TAN_KY),
        kind=Kind.PUBLIC_SERVICE,
        channel=Channel.IN_PERSON,
        received_at=timezone.now() - dt.timedelta(hours=1),
        **values,
    )


def act(page, action: str, **fields: str) -> None:
    """Open an action's panel on the case page, fill it in, submit it, wait for the answer."""
    page.get_by_test_id("feedback-actions").locator(f"button[data-bs-target='#action-{action}']").click()
    expect(page.locator(f"#action-{action}")).to_have_class(re.compile(r"\bshow\b"))
    form = page.locator(f"form[data-action='{action}']")
    for label, value in fields.items():
        field = form.get_by_label(label)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    response = submit(page, form.locator("button[type=submit]"))
    assert response.status == 200
    expect(page.locator("main [role=alert]").first).to_contain_text("Đã cập nhật phản ánh")


def open_case_from_staff_home(page, code: str, tab: str) -> None:
    page.locator("main").get_by_role("link", name="Phản ánh, kiến nghị", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Phản ánh, kiến nghị")
    page.get_by_test_id("worklist-tabs").get_by_role("link", name=re.compile(f"^{tab}")).click()
    page.get_by_role("link", name=code).click()
    expect(page.get_by_test_id("feedback-code")).to_have_text(code)


def test_a_citizen_files_a_case_on_a_phone_and_looks_it_up(browse):
    citizen = browse(phone=True)
    page = citizen.page
    page.goto(citizen.url("/"))
    page.get_by_test_id("home-feedback").click()
    expect(page.locator("main h1")).to_have_text("Gửi phản ánh, kiến nghị")
    form = page.get_by_test_id("feedback-form")
    form.get_by_label("Gửi đến đơn vị").select_option(label="Xã Tân Kỳ")
    form.get_by_label("Loại phản ánh").select_option(label="Dịch vụ công")
    form.get_by_label("Tiêu đề").fill("Đèn đường xóm Tân Hợp không sáng")
    form.get_by_label("Nội dung phản ánh, kiến nghị").fill("Đèn đường qua xóm Tân Hợp tắt đã hai tuần.")
    form.get_by_label("Họ và tên").fill("Trần Thị Mai")
    form.get_by_label("Điện thoại").fill("0987 123 456")
    citizen.shot("feedback-form-phone")
    submit(page, form.get_by_role("button", name="Gửi phản ánh"))

    expect(page.locator("main h1")).to_have_text("Đã gửi phản ánh")
    code = page.get_by_test_id("submitted-code").inner_text().strip()
    secret = page.get_by_test_id("submitted-secret").inner_text().strip()
    case = FeedbackCase.objects.get(code=code)
    assert (case.channel, case.status, case.citizen_name, case.unit.code) == (
        Channel.ONLINE,
        Status.RECEIVED,
        "Trần Thị Mai",
        TAN_KY,
    )
    citizen.shot("feedback-submitted-phone")

    page.goto(citizen.url("/"))
    page.get_by_test_id("home-feedback").click()
    page.get_by_role("link", name="Tra cứu phản ánh đã gửi").click()
    lookup = page.get_by_test_id("lookup-form")
    lookup.get_by_label("Mã phản ánh").fill(code)
    lookup.get_by_label("Mã tra cứu").fill(secret)
    submit(page, lookup.get_by_role("button", name="Tra cứu"))
    expect(page.get_by_test_id("lookup-status")).to_have_text("Mới tiếp nhận")
    expect(page.get_by_test_id("lookup-answer-by")).to_have_text(
        timezone.localtime(case.answer_due_at).strftime("%H:%M %d/%m/%Y")
    )
    citizen.shot("feedback-lookup-phone")
    citizen.watch.assert_clean()


def test_an_official_answers_the_leader_signs_and_the_answer_is_published_without_personal_data(browse):
    case = a_case()
    officer_name = official("motcua.tanky").full_name

    officer = browse()
    page = officer.page
    officer.log_in("motcua.tanky")
    open_case_from_staff_home(page, case.code, "Chờ thụ lý")
    act(page, "accept")
    expect(page.get_by_test_id("feedback-status")).to_have_text("Đã thụ lý, chờ phân công")

    chair = browse()
    leader = chair.page
    chair.log_in("chutich.tanky")
    open_case_from_staff_home(leader, case.code, "Đang mở")
    act(leader, "assign", **{"Giao cho": officer_name})
    expect(leader.get_by_test_id("feedback-status")).to_have_text("Đang xử lý")

    page.reload()
    page.get_by_test_id("feedback-actions").locator("button[data-bs-target='#action-draft_answer']").click()
    page.get_by_test_id("answer-templates").get_by_role("link", name="Đã khắc phục sự cố").click()
    expect(page.locator("#action-draft_answer")).to_have_class(re.compile(r"\bshow\b"))
    answer = page.locator("form[data-action='draft_answer']").get_by_label("Nội dung trả lời")
    expect(answer).to_have_value(re.compile("^UBND xã đã giao bộ phận chuyên môn"))
    answer.fill(answer.input_value() + " Cống xóm Tân Hợp đã được nạo vét ngày hôm qua.")
    officer.shot("feedback-answer-from-template")
    response = submit(page, page.locator("form[data-action='draft_answer'] button[type=submit]"))
    assert response.status == 200
    expect(page.get_by_test_id("feedback-status")).to_have_text("Đã dự thảo trả lời")

    leader.reload()
    act(leader, "approve_answer")
    expect(leader.get_by_test_id("feedback-status")).to_have_text("Lãnh đạo đã ký duyệt")

    page.reload()
    act(page, "send")
    act(page, "publish")
    expect(page.get_by_test_id("feedback-status")).to_have_text("Đã công khai trả lời")
    case.refresh_from_db()
    assert case.events.filter(kind=EventKind.DRAFTED).get().data["template"] is not None

    public = browse(phone=True)
    public.page.goto(public.url("/"))
    public.page.get_by_test_id("home-feedback").click()
    public.page.get_by_role("link", name="Xem các câu trả lời đã công khai").click()
    entry = public.page.locator("main").get_by_text("Cống xóm Tân Hợp đã được nạo vét")
    expect(entry).to_be_visible()
    content = public.page.locator("main").inner_text()
    assert "Hoàng Văn Thắng" not in content and "0912 888 777" not in content
    assert "Cống thoát nước xóm Tân Hợp bị tắc" in content
    public.shot("feedback-published-phone")
    for browsing in (officer, chair, public):
        browsing.watch.assert_clean()


def test_a_dissatisfied_citizen_reopens_the_case_with_the_leader(browse):
    desk, chair = official("motcua.tanky").user, official("chutich.tanky").user
    case = a_case()
    case = feedback_accept(actor=desk, case=case)
    case = feedback_assign(actor=chair, case=case, handler=official("motcua.tanky"))
    case = feedback_draft_answer(actor=desk, case=case, answer="Xã đã cử người nạo vét cống.")
    case = feedback_approve_answer(actor=chair, case=case)
    case = feedback_send(actor=desk, case=case)

    citizen = browse(phone=True)
    page = citizen.page
    page.goto(citizen.url("/"))
    page.get_by_test_id("home-feedback").click()
    page.get_by_role("link", name="Tra cứu phản ánh đã gửi").click()
    lookup = page.get_by_test_id("lookup-form")
    lookup.get_by_label("Mã phản ánh").fill(case.code)
    lookup.get_by_label("Mã tra cứu").fill(case.secret)
    submit(page, lookup.get_by_role("button", name="Tra cứu"))
    expect(page.get_by_test_id("lookup-answer")).to_contain_text("Xã đã cử người nạo vét cống.")
    rating = page.get_by_test_id("rating-form")
    rating.get_by_label("Không hài lòng").check()
    rating.get_by_label("Lý do").fill("Cống vẫn tắc, nước vẫn tràn vào nhà.")
    citizen.shot("feedback-rating-phone")
    submit(page, rating.get_by_role("button", name="Gửi đánh giá"))
    expect(page.get_by_test_id("lookup-status")).to_have_text("Đang xử lý")

    case.refresh_from_db()
    assert (case.status, case.handler, case.reopened_at is not None) == (
        Status.ASSIGNED,
        official("chutich.tanky"),
        True,
    )
    leader = browse()
    leader.log_in("chutich.tanky")
    open_case_from_staff_home(leader.page, case.code, "Của tôi")
    expect(leader.page.locator("main .badge", has_text="Đã mở lại")).to_be_visible()
    expect(leader.page.get_by_test_id("feedback-timeline")).to_contain_text(
        "Cống vẫn tắc, nước vẫn tràn vào nhà."
    )
    leader.shot("feedback-reopened")
    citizen.watch.assert_clean()
    leader.watch.assert_clean()
