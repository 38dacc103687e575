"""Browser tests of the surveys, on the demo data, in headless Chromium (issue 12):

1. The province's reform officer (``cchc.tinh``) builds a survey with a condition, opens it and
   prints its QR poster (PDF, read back as text and as an image);
2. a citizen answers it on a phone through the poster's link: the conditional question appears
   only after the answer that shows it;
3. the results page shows the shares with their intervals, the breakdown charts and the
   per-official view.

Screenshots land in build/screenshots/surveys-*.png and the poster in surveys-poster.pdf.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from reformdesk.browser_testing import screenshot_dir, submit
from reformdesk.org.models import Unit
from reformdesk.surveys.models import Response

pytestmark = pytest.mark.browser

REFORM_OFFICER = "cchc.tinh"
CHAIR = "chutich.tanky"
TAN_KY = "000.71.00.H41"
SLUG = "quay-mot-cua-tan-ky"


def pdf_text(data: bytes) -> str:
    target = screenshot_dir() / "surveys-poster.pdf"
    target.write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(target), str(target.with_suffix(""))], check=True)  # noqa: S603, S607
    return subprocess.run(  # noqa: S603
        ["pdftotext", "-enc", "UTF-8", str(target), "-"],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout.decode()


def test_an_officer_builds_a_survey_with_a_condition_and_a_citizen_answers_it_on_a_phone(browse):
    officer = browse()
    page = officer.page
    officer.log_in(REFORM_OFFICER, next_path="/staff/khao-sat/")
    page.get_by_role("link", name="Tạo phiếu khảo sát").click()
    form = page.locator("main form")
    form.get_by_label("Mã phiếu (dùng trong đường liên kết)").fill(SLUG)
    form.get_by_label("Tên phiếu (tiếng Việt)").fill("Khảo sát tại Bộ phận Một cửa xã Tân Kỳ")
    form.get_by_label("Loại phiếu").select_option("custom")
    form.get_by_label("Đơn vị tổ chức khảo sát").select_option(str(Unit.objects.get(code=TAN_KY).pk))
    submit(page, form.locator("button[type=submit]"))
    expect(page.locator("main h1")).to_have_text("Khảo sát tại Bộ phận Một cửa xã Tân Kỳ")

    page.locator("summary", has_text="Thêm phần").click()
    section = page.get_by_test_id("section-add")
    section.get_by_label("Tiêu đề phần (tiếng Việt)").fill("Phục vụ tại quầy")
    submit(page, section.locator("button[type=submit]"))

    def add_question(**fields: str) -> None:
        page.locator("summary", has_text="Thêm câu hỏi").click()
        question = page.get_by_test_id("question-add")
        question.get_by_label("Mã câu hỏi").fill(fields["key"])
        question.get_by_label("Loại câu hỏi").select_option(fields["kind"])
        question.get_by_label("Câu hỏi (tiếng Việt)").fill(fields["text"])
        if "measure" in fields:
            question.get_by_label("Nội dung đo").select_option(fields["measure"])
        if "condition" in fields:
            question.get_by_label("Chỉ hiện khi câu").select_option(fields["condition"])
            question.get_by_label("có câu trả lời thuộc").fill("yes")
        submit(page, question.locator("button[type=submit]"))
        expect(page.get_by_test_id(f"question-{fields['key']}")).to_be_visible()

    add_question(key="huong-dan", kind="yes_no", text="Ông/Bà có được hướng dẫn đầy đủ không?")
    add_question(
        key="hai-long",
        kind="likert",
        text="Ông/Bà hài lòng thế nào về cán bộ tiếp nhận?",
        measure="satisfaction",
        condition="huong-dan",
    )
    expect(page.get_by_test_id("question-hai-long")).to_contain_text("chỉ hiện khi câu huong-dan")
    submit(page, page.get_by_role("button", name="Mở nhận câu trả lời"))
    expect(page.get_by_test_id("questionnaire-state")).to_contain_text("Đang mở")
    officer.shot("surveys-builder")

    links = page.get_by_test_id("answer-links")
    poster = links.get_by_role("link", name="áp phích có mã QR (PDF)").first
    answer_path = links.locator("a").first.get_attribute("href")
    assert answer_path == f"/khao-sat/{SLUG}/{TAN_KY}/"
    pdf = page.context.request.get(officer.url(poster.get_attribute("href")))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.body())
    assert "Khảo sát tại Bộ phận Một cửa xã Tân Kỳ" in text
    assert f"/khao-sat/{SLUG}/{TAN_KY}/" in text.replace("\n", "")

    citizen = browse(phone=True)
    phone = citizen.page
    phone.goto(citizen.url(answer_path))
    expect(phone.locator("main h1")).to_have_text("Khảo sát tại Bộ phận Một cửa xã Tân Kỳ")
    expect(phone.locator("#q-hai-long")).to_be_hidden()
    citizen.shot("surveys-answer-phone")
    phone.locator("#q-huong-dan").get_by_text("Có", exact=True).click()
    expect(phone.locator("#q-hai-long")).to_be_visible()
    phone.locator("#q-hai-long").get_by_text("Rất hài lòng", exact=True).click()
    submit(phone, phone.get_by_role("button", name="Gửi phiếu"))
    expect(phone.get_by_test_id("answer-thanks")).to_be_visible()
    citizen.shot("surveys-answer-thanks-phone")
    stored = Response.objects.get(version__questionnaire__slug=SLUG)
    assert (stored.channel, stored.unit.code) == ("link", TAN_KY)
    assert sorted(stored.answers.values_list("question__key", "choice__value")) == [
        ("hai-long", "5"),
        ("huong-dan", "yes"),
    ]
    officer.watch.assert_clean()
    citizen.watch.assert_clean()


def test_the_results_page_shows_shares_with_intervals_charts_and_the_officials(browse):
    chair = browse()
    page = chair.page
    chair.log_in(CHAIR, next_path="/staff/khao-sat/")
    row = page.get_by_test_id("questionnaires").locator("tr", has_text="Khảo sát người dân về cán bộ")
    row.get_by_role("link", name="Kết quả").click()
    expect(page.get_by_test_id("results-total")).to_contain_text("200 phiếu trả lời")
    index = page.get_by_test_id("satisfaction-index")
    expect(index).to_contain_text("KTC 95%")
    expect(page.get_by_test_id("breakdown-chart-2")).to_be_visible()  # by month
    expect(page.get_by_test_id("breakdown-2")).to_contain_text("KTC 95%")
    chair.shot("surveys-results")
    page.get_by_test_id("official-results-link").click()
    table = page.get_by_test_id("official-results")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").first).to_contain_text("KTC 95%")
    chair.shot("surveys-official-results")
    page.goto(chair.url(f"/units/{TAN_KY}/"))
    page.get_by_test_id("unit-survey-results").click()
    expect(page.get_by_test_id("public-ratings")).to_contain_text("KTC 95%")
    chair.shot("surveys-public-summary")
    chair.watch.assert_clean()
