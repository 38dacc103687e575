"""Browser tests of the one-stop desk, on the demo data, in headless Chromium.

1. At Xã Tân Kỳ's counter the one-stop officer (``motcua.tanky``) receives a birth registration
   (its papers scanned, the applicant's data read from the population database), prints the
   receipt and reads it; the chair (``chutich.tanky``) processes it through two steps, asks for a
   supplement, which the officer receives; the result is approved and delivered, and the citizen
   rates the dossier from the receipt's QR code on a phone.
2. A citizen on a phone goes from the home page to a procedure filed online, files it, corrects
   the missing paper the server points out, and looks the dossier up.

Run with ``make test-browser``; screenshots land in build/screenshots/desk-*.png and the receipt in
build/screenshots/desk-receipt.pdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reformdesk.browser_testing import screenshot_dir, submit
from reformdesk.catalog.choices import OnlineLevel, PublicationPlace
from reformdesk.catalog.models import Procedure
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.models import Dossier
from reformdesk.notifications.models import Message
from reformdesk.surveys.models import Rating

pytestmark = pytest.mark.browser

TAN_KY = "000.71.00.H41"


def desk_procedure(*, online: bool = False) -> Procedure:
    """A procedure posted today at Xã Tân Kỳ's desk, with a step template and a time limit."""
    today = timezone.localdate()
    rows = Procedure.objects.filter(
        is_active=True,
        publications__unit__code=TAN_KY,
        publications__place=PublicationPlace.DESK,
        publications__published_on__lte=today,
        publications__withdrawn_on__isnull=True,
        versions__effective_to__isnull=True,
        versions__steps__isnull=False,
        versions__filing_methods__time_limit_days__gt=0,
    )
    if online:
        rows = rows.exclude(online_level=OnlineLevel.NONE)
    procedure = rows.order_by("-popularity", "national_code").first()
    assert procedure is not None, "the demo catalog posts no procedure with steps at Xã Tân Kỳ"
    return procedure


def pdf_text(data: bytes) -> str:
    target = screenshot_dir() / "desk-receipt.pdf"
    target.write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(target), str(target.with_suffix(""))], check=True)  # noqa: S603, S607
    return subprocess.run(  # noqa: S603
        ["pdftotext", "-enc", "UTF-8", str(target), "-"],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout.decode()


def act(page, action: str, **fields: str) -> None:
    """Open an action's panel on the dossier page, fill it in, submit it, and wait for the page
    that answers this submission (the previous action's message says the same words)."""
    panels = page.get_by_test_id("dossier-actions")
    panels.locator(f"button[data-bs-target='#action-{action}']").click()
    # The panel has finished opening (Bootstrap's "collapsing" transition is over).
    expect(page.locator(f"#action-{action}")).to_have_class(re.compile(r"\bshow\b"))
    form = page.locator(f"form[data-action='{action}']")
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    questions: list[str] = []

    def answer(dialog) -> None:  # an approval or a signature asks first
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    response = submit(page, form.locator("button[type=submit]"))
    assert response.request.redirected_from.url.endswith(f"/{action}/")
    if action == "approve":
        assert len(questions) == 1 and questions[0].endswith("?")
    else:
        page.remove_listener("dialog", answer)
        assert questions == []
    expect(page.locator("main [role=alert]").first).to_contain_text("Đã cập nhật hồ sơ")


def test_the_counter_receives_prints_processes_and_delivers_a_dossier(browse):
    procedure = desk_procedure()
    officer = browse()
    page = officer.page
    officer.log_in("motcua.tanky", next_path="/staff/dossiers/")
    expect(page.locator("main h1")).to_have_text("Hồ sơ một cửa")
    page.get_by_role("link", name="Tiếp nhận hồ sơ mới").click()
    page.locator("#id_q").fill(procedure.national_code)
    page.locator("#id_q").press("Enter")
    results = page.get_by_test_id("intake-procedures").get_by_role("link")
    expect(results).to_have_count(1)
    results.first.click()
    expect(page.locator("main h1")).to_have_text(procedure.name)

    form = page.get_by_test_id("intake-form")
    form.get_by_label("Họ và tên (tên tổ chức)").fill("Nguyễn Thị Hương Giang")
    form.get_by_label("Số định danh cá nhân / mã số thuế").fill("040190012345")
    form.get_by_label("Số điện thoại").fill("0912 345 678")
    form.get_by_label("Thư điện tử").fill("huonggiang.nguyen@example.vn")
    form.get_by_label("Địa chỉ").fill("Xóm Tân Hợp, xã Tân Kỳ, tỉnh Nghệ An")
    boxes = page.get_by_test_id("papers").locator("input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    # The papers are scanned at the counter and the applicant's data read from the population database.
    form.get_by_label("Thành phần hồ sơ đã được số hóa").check()
    form.get_by_label("Đã khai thác Cơ sở dữ liệu quốc gia về dân cư").check()
    officer.shot("desk-intake-form")
    submit(page, form.get_by_role("button", name="Tiếp nhận hồ sơ"))

    expect(page.locator("main [role=alert]").first).to_contain_text("Đã tiếp nhận hồ sơ")
    dossier = Dossier.objects.get(applicant_name="Nguyễn Thị Hương Giang")
    assert dossier.status == Status.RECEIVED
    assert (dossier.papers_digitised, dossier.population_data_used, dossier.reused_from_id) == (
        True,
        True,
        None,
    )
    # The applicant's receipt notices, rendered from the seeded templates: an SMS to the mobile
    # number and an e-mail, each naming the code and the appointment.
    notices = Message.objects.filter(reference=dossier.code, key="dossier.received")
    assert sorted(notices.values_list("channel", "recipient")) == [
        ("email", "huonggiang.nguyen@example.vn"),
        ("sms", "0912345678"),
    ]
    for notice in notices:
        assert dossier.code in notice.body
        assert f"{timezone.localtime(dossier.due_at):%d/%m/%Y}" in notice.body
    expect(page.get_by_test_id("dossier-code")).to_have_text(dossier.code)
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đã tiếp nhận")
    expect(page.get_by_test_id("dossier-digitisation")).to_contain_text("Thành phần hồ sơ đã được số hóa")
    officer.shot("desk-dossier-received")

    # The receipt (form 01), fetched with the officer's session and read back as text.
    receipt = page.request.get(officer.url(f"/api/v1/dossiers/{dossier.code}/forms/01"))
    assert receipt.status == 200
    assert receipt.headers["content-type"] == "application/pdf"
    text = pdf_text(receipt.body())
    assert dossier.code in text
    assert "Nguyễn Thị Hương Giang" in text
    due = timezone.localtime(dossier.due_at)
    assert f"{due:%d}" in text and f"{due.year}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text

    # The chair processes two steps, asks for a supplement on the third.
    chair = browse()
    chair.log_in("chutich.tanky", next_path=f"/staff/dossiers/{dossier.code}/")
    steps = dossier.steps.order_by("order")
    first_kind = steps.get(order=2).kind
    act(
        chair.page,
        "approve" if first_kind in ("approve", "sign") else "forward",
        **{"Ý kiến": "Hồ sơ hợp lệ."},
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert dossier.current_step.order == 3
    act(
        chair.page,
        "request_supplement",
        **{"Giấy tờ phải bổ sung (mỗi dòng một giấy tờ)": "Bản sao giấy chứng nhận kết hôn"},
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.supplement_count) == (Status.SUPPLEMENT, 1)
    chair.shot("desk-dossier-supplement")

    # The citizen brings the paper; the officer records it and the clock resumes.
    page.goto(officer.url(f"/staff/dossiers/{dossier.code}/"))
    act(page, "receive_supplement")
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING

    # The chair moves the remaining steps until the result is ready.
    chair.page.goto(chair.url(f"/staff/dossiers/{dossier.code}/"))
    while dossier.status != Status.RESULT_READY:
        kind = dossier.current_step.kind
        act(chair.page, "approve" if kind in ("approve", "sign") else "forward")
        dossier.refresh_from_db()
    expect(chair.page.get_by_test_id("dossier-status")).to_have_text("Đã có kết quả")

    # The officer hands the result over at the counter.
    page.goto(officer.url(f"/staff/dossiers/{dossier.code}/"))
    act(page, "deliver", **{"Người nhận kết quả": "Nguyễn Thị Hương Giang"})
    dossier.refresh_from_db()
    assert dossier.status == Status.DELIVERED
    expect(page.get_by_test_id("dossier-timeline")).to_contain_text("Trả kết quả")
    officer.shot("desk-dossier-delivered")

    # The citizen scans the receipt's QR code and rates the dossier on a phone.
    citizen = browse(phone=True)
    citizen.page.goto(citizen.url(f"/danh-gia/{dossier.code}/?secret={dossier.secret}"))
    citizen.page.get_by_test_id("score-satisfied").click()
    citizen.shot("desk-rating-phone")
    submit(citizen.page, citizen.page.get_by_test_id("rate-form").get_by_role("button", name="Gửi đánh giá"))
    expect(citizen.page.get_by_test_id("rate-thanks")).to_be_visible()
    assert list(Rating.objects.filter(dossier=dossier).values_list("score", flat=True)) == ["satisfied"]
    for browsing in (officer, chair, citizen):
        browsing.watch.assert_clean()


def test_a_citizen_files_online_from_the_home_page_corrects_an_error_and_looks_the_dossier_up(
    browse, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    procedure = desk_procedure(online=True)
    citizen = browse(phone=True)
    page = citizen.page
    page.goto(citizen.url("/"))
    page.get_by_test_id("home-online-filing").click()
    expect(page.locator("main h1")).to_have_text("Tra cứu thủ tục hành chính")
    expect(page.locator("#id_online option:checked")).to_have_text("Nộp trực tuyến được")
    # The search answers as the citizen types (htmx swaps the results only), once htmx has started:
    # typing before the page's scripts ran sends nothing.
    page.wait_for_load_state("load")
    with page.expect_response(lambda r: "q=" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator("#id_q").fill(procedure.national_code)
    page.get_by_role("link", name=procedure.name, exact=True).click()
    expect(page.locator("main h1")).to_have_text(procedure.name)
    citizen.shot("desk-online-procedure-phone")
    page.get_by_test_id("online-filing").get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.locator("main h1")).to_have_text("Nộp hồ sơ trực tuyến")

    form = page.get_by_test_id("filing-form")
    form.get_by_label("Nộp tại").select_option(label="Xã Tân Kỳ")
    form.get_by_label("Họ và tên (tên tổ chức)").fill("Lê Văn Quyết")
    form.get_by_label("Số định danh cá nhân / mã số thuế").fill("040088004567")
    form.get_by_label("Số điện thoại").fill("0987654321")
    required = page.get_by_test_id("paper").filter(has_text="(bắt buộc)").locator("input[type=file]")
    papers = required.count()
    assert papers >= 1
    pdf = {"mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    # The first attempt leaves the last required paper out.
    for index in range(papers - 1):
        required.nth(index).set_input_files(files=[{"name": f"giay-to-{index}.pdf", **pdf}])
    form.locator("input[name=consent]").check()
    citizen.shot("desk-online-form-phone")
    assert submit(page, form.get_by_role("button", name="Nộp hồ sơ")).status == 400

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Chưa đính kèm giấy tờ bắt buộc này.")
    expect(form.get_by_label("Họ và tên (tên tổ chức)")).to_have_value("Lê Văn Quyết")
    expect(page.get_by_test_id("kept-file")).to_have_count(papers - 1)
    citizen.shot("desk-online-form-error-phone")
    summary.get_by_role("link").first.click()
    required.last.set_input_files(files=[{"name": "giay-to-cuoi.pdf", **pdf}])
    form.locator("input[name=consent]").check()
    submit(page, form.get_by_role("button", name="Nộp hồ sơ"))

    expect(page.get_by_test_id("filed")).to_contain_text("Mã hồ sơ:")
    dossier = Dossier.objects.get(applicant_name="Lê Văn Quyết")
    assert (dossier.status, dossier.channel) == (Status.SUBMITTED, 2)
    assert dossier.files.count() == papers
    expect(page.get_by_test_id("filed-secret")).to_have_text(dossier.secret)
    expect(page.get_by_test_id("next-steps")).to_contain_text("Bộ phận Một cửa của Xã Tân Kỳ")
    citizen.shot("desk-online-filed-phone")

    page.get_by_role("button", name="Tra cứu hồ sơ").click()
    expect(page.get_by_test_id("lookup-status")).to_have_text("Mới nộp trực tuyến")
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("Mã tra cứu trên giấy hẹn, hoặc 4 số cuối điện thoại").fill("4321")
    submit(page, page.get_by_role("button", name="Tra cứu"), method="POST")
    expect(page.get_by_test_id("lookup-status")).to_have_text("Mới nộp trực tuyến")
    expect(page.get_by_test_id("lookup-result")).not_to_contain_text("Lê Văn Quyết")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the lookup page scrolls sideways on a phone"
    citizen.shot("desk-lookup-phone")
    citizen.watch.assert_clean()
