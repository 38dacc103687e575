"""The legal forms as PDFs: each form for a dossier in the right state, read back as text.

Text is extracted with ``pdftotext`` when it is installed, else from WeasyPrint's laid-out
document; both are compared with whitespace collapsed. ``REFORMDESK_PDF_DIR`` keeps the PDFs for
a look.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import segno
from django.core.exceptions import PermissionDenied
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from reformdesk.catalog import services as catalog
from reformdesk.catalog.choices import PaperForm
from reformdesk.core.models import AccessLog
from reformdesk.dossiers.choices import DeliveryMethod
from reformdesk.dossiers.models import Dossier, FormSetPeriod
from reformdesk.dossiers.printing import FormNotApplicable, dossier_form_set, form_pdf, form_set_on
from reformdesk.dossiers.printing.context import control_context
from reformdesk.dossiers.printing.text import agency_in_text, date_vi, letterhead, moment_vi, working_days_vi
from reformdesk.dossiers.services import (
    dossier_apologise,
    dossier_decline,
    dossier_deliver,
    dossier_forward,
    dossier_receive,
    dossier_receive_supplement,
    dossier_refuse,
    dossier_request_supplement,
    dossier_stop,
)
from reformdesk.dossiers.tests.factories import applicant, vn
from reformdesk.org.choices import UnitKind
from reformdesk.org.tests.factories import make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_documents")]

_DOCUMENTS: dict[bytes, Document] = {}


@pytest.fixture
def pdf_documents(monkeypatch):
    """Remember the laid-out document of every PDF written, for the text fallback."""
    original = Document.write_pdf

    def write_pdf(self, *args: Any, **kwargs: Any) -> bytes:
        pdf = original(self, *args, **kwargs)
        _DOCUMENTS[pdf] = self
        return pdf

    monkeypatch.setattr(Document, "write_pdf", write_pdf)
    yield
    _DOCUMENTS.clear()


def pdf_text(pdf: bytes) -> str:
    """The text of ``pdf`` with runs of whitespace collapsed to one space."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext and not os.environ.get("REFORMDESK_PDF_TEXT_FALLBACK"):
        text = subprocess.run(  # noqa: S603 - a fixed command on bytes we rendered
            [pdftotext, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
    else:
        document = _DOCUMENTS[pdf]
        # One line box's inline texts run together, as they are printed; lines are space-separated.
        text = " ".join(
            "".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox))
            for page in document.pages
            for line in page._page_box.descendants()
            if isinstance(line, boxes.LineBox)
        )
    return " ".join(text.split())


def page_count(pdf: bytes) -> int:
    return len(_DOCUMENTS[pdf].pages)


def page_size(pdf: bytes) -> tuple[int, int]:
    """The first page's width and height in millimetres."""
    page = _DOCUMENTS[pdf].pages[0]
    return round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)


A4 = (210, 297)


def keep(pdf: bytes, name: str) -> None:
    folder = os.environ.get("REFORMDESK_PDF_DIR")
    if folder:
        Path(folder, f"{name}.pdf").write_bytes(pdf)


def print_form(dossier: Dossier, number: str, actor, **kwargs: Any) -> tuple[bytes, str]:
    pdf = form_pdf(dossier=dossier, number=number, actor=actor, **kwargs)
    keep(pdf, f"form-{number}-{dossier.pk}")
    assert pdf.startswith(b"%PDF-")
    return pdf, pdf_text(pdf)


def test_the_receipt_prints_the_papers_the_appointment_and_the_letterhead(dossier, personas):
    pdf, text = print_form(dossier, "01", personas.one_stop_a, site_url="http://testserver/")
    assert (page_count(pdf), page_size(pdf)) == (1, A4)
    for phrase in [
        "Mẫu số 01 (Thông tư số 03/2025/TT-VPCP)",
        "UBND XÃ PHÚ SƠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 01/2025",
        "Phú Sơn, ngày 01 tháng 12 năm 2025",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {dossier.code}",
        "Tiếp nhận hồ sơ của: Hoàng Văn Bình",
        "Địa chỉ: Xóm 3, xã Phú Sơn, tỉnh Nghệ An",
        "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh",
        "Tờ khai đăng ký khai sinh (Bản chính: 01)",
        "Giấy chứng sinh (Bản chính: 01)",
        "3. Thời gian giải quyết hồ sơ theo quy định là: 3 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 01 tháng 12 năm 2025",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 04 tháng 12 năm 2025",
        "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa UBND xã Phú Sơn",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 2025, Số thứ tự: 01",
        f"mã tra cứu {dossier.secret}",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Nguyễn Thị Hoa",
    ]:
        assert phrase in text, phrase
    # The optional power of attorney was not brought: it is not listed as received.
    assert "Văn bản ủy quyền" not in text
    # A commune's People's Committee writes no committee above it in the letterhead.
    assert "HUYỆN TÂN KỲ" not in text


def test_the_receipt_of_a_dossier_with_many_papers_fits_one_a4_page(desk, personas, tree):
    """GIVEN a procedure with twenty papers, every one brought WHEN form 01 is printed THEN it is
    one A4 page with every paper, the appointment, the book's numbers and both signatures."""
    names = [
        f"Bản sao có chứng thực giấy tờ số {n} chứng minh quyền sử dụng đất và tài sản gắn liền với đất"
        for n in range(1, 21)
    ]
    papers = catalog.papers_set(
        actor=None,
        version=desk.version,
        papers=[{"name_vi": n, "form": PaperForm.CERTIFIED_COPY} for n in names],
    )
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(representative_name="Hoàng Thị Lan", representative_id_number="040195001234"),
        submitted_papers=[p.pk for p in papers],
        at=vn(2025, 12, 1, 9),
    )
    pdf, text = print_form(dossier, "01", personas.one_stop_a, site_url="http://testserver/")
    assert (page_count(pdf), page_size(pdf)) == (1, A4)
    assert f"20. {names[19]} (Bản sao có chứng thực: 01)" in text
    for phrase in [
        "Vào Sổ theo dõi hồ sơ, Quyển số: 2025, Số thứ tự: 01",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
    ]:
        assert phrase in text, phrase


def test_the_receipt_qr_links_to_the_public_lookup_with_the_secret(dossier, personas, settings):
    settings.PUBLIC_BASE_URL = ""
    with mock.patch("reformdesk.core.downloads.segno.make", wraps=segno.make) as make:
        print_form(dossier, "01", personas.one_stop_a, site_url="http://10.0.0.5:8000/")
    expected = f"http://10.0.0.5:8000/tra-cuu-ho-so/?code={dossier.code}&secret={dossier.secret}"
    assert make.call_args.args == (expected,)

    settings.PUBLIC_BASE_URL = "https://dichvucong.nghean.gov.vn"
    with mock.patch("reformdesk.core.downloads.segno.make", wraps=segno.make) as make:
        print_form(dossier, "01", personas.one_stop_a, site_url="http://10.0.0.5:8000/")
    expected = f"https://dichvucong.nghean.gov.vn/tra-cuu-ho-so/?code={dossier.code}&secret={dossier.secret}"
    assert make.call_args.args == (expected,)


def test_printing_a_form_is_logged_as_an_access_to_personal_data(dossier, personas):
    print_form(dossier, "01", personas.chair_a)
    log = AccessLog.objects.get(subject_type="dossiers.dossier", subject_id=str(dossier.pk))
    assert (log.actor, log.purpose, log.subject_repr) == (personas.chair_a, "print form 01", dossier.code)


@pytest.mark.parametrize("who", ["one_stop_a", "chair_a", "district_reform", "inspector", "admin"])
def test_staff_who_read_the_units_dossiers_may_print(dossier, personas, who):
    print_form(dossier, "06", getattr(personas, who))
    assert AccessLog.objects.filter(actor=getattr(personas, who)).count() == 1


@pytest.mark.parametrize("who", ["specialist_b", "outsider"])
def test_others_may_not_print_and_nothing_is_logged(dossier, personas, who):
    with pytest.raises(PermissionDenied):
        form_pdf(dossier=dossier, number="01", actor=getattr(personas, who))
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("02", "Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện nào."),
        ("03", "Hồ sơ không bị từ chối tiếp nhận hay từ chối giải quyết."),
        ("04", "Hồ sơ chưa có văn bản xin lỗi, hẹn lại ngày trả kết quả."),
        ("05", "Hồ sơ không bị dừng giải quyết."),
        ("07", "Thông tư số 03/2025/TT-VPCP không có mẫu số 07 in cho từng hồ sơ."),
        ("08", "Thông tư số 03/2025/TT-VPCP không có mẫu số 08 in cho từng hồ sơ."),
        ("1", "Thông tư số 03/2025/TT-VPCP không có mẫu số 1 in cho từng hồ sơ."),
    ],
)
def test_a_form_that_does_not_apply_is_refused_and_nothing_is_logged(dossier, personas, number, message):
    with pytest.raises(FormNotApplicable) as caught:
        form_pdf(dossier=dossier, number=number, actor=personas.one_stop_a)
    assert caught.value.message == message
    assert AccessLog.objects.count() == 0


def test_the_supplement_request_at_intake_lists_every_missing_paper(desk, personas, tree):
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(),
        submitted_papers=desk.required_ids[:1],
        at=vn(2025, 12, 1, 9),
        note="Giấy chứng sinh phải là bản chính do cơ sở y tế cấp",
    )
    pdf, text = print_form(dossier, "02", personas.one_stop_a)
    assert page_count(pdf) == 1
    for phrase in [
        "Mẫu số 02 (Thông tư số 03/2025/TT-VPCP)",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        f"Mã hồ sơ: {dossier.code}",
        "Hồ sơ của: Hoàng Văn Bình",
        "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:",
        "Nội dung cần bổ sung, hoàn thiện",
        "Chưa có trong hồ sơ",
        "Lý do: Giấy chứng sinh phải là bản chính do cơ sở y tế cấp",
        "Ông/Bà liên hệ với Nguyễn Thị Hoa, số điện thoại 0238 3882 111 để được hướng dẫn.",
        "NGƯỜI HƯỚNG DẪN",
    ]:
        assert phrase in text, phrase
    event = dossier.events.get(kind="intake_supplement")
    assert event.data["missing_papers"] == [
        {"name": "Giấy chứng sinh", "quantity": 1, "reason": "Chưa có trong hồ sơ"}
    ]
    with pytest.raises(FormNotApplicable):
        form_pdf(dossier=dossier, number="01", actor=personas.one_stop_a)


def test_the_supplement_request_in_processing_prints_the_latest_request(dossier, personas, specialist):
    dossier_request_supplement(
        actor=specialist,
        dossier=dossier,
        missing=[
            "Giấy xác nhận cư trú của người mẹ | 1 | Bản chụp không đọc được số định danh",
            "Bản sao giấy chứng nhận kết hôn | 2 | Chưa chứng thực",
            "Giấy chứng sinh | Thiếu chữ ký của người đỡ đẻ",
        ],
        at=vn(2025, 12, 2, 10),
    )
    _pdf, text = print_form(dossier, "02", personas.one_stop_a)
    assert (
        "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau: "
        "STT Tên giấy tờ Số lượng Nội dung cần bổ sung, hoàn thiện "
        "1 Giấy xác nhận cư trú của người mẹ 01 Bản chụp không đọc được số định danh "
        "2 Bản sao giấy chứng nhận kết hôn 02 Chưa chứng thực "
        # A paper of the dossier's own list keeps its quantity.
        "3 Giấy chứng sinh 01 Thiếu chữ ký của người đỡ đẻ"
    ) in text
    assert "Ông/Bà liên hệ với Lê Văn Tư" in text
    assert "Phú Sơn, ngày 02 tháng 12 năm 2025" in text


def test_the_refusal_prints_the_written_reasons(desk, personas, tree):
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(),
        submitted_papers=[],
        at=vn(2025, 12, 1, 9),
    )
    dossier_refuse(
        actor=personas.one_stop_a,
        dossier=dossier,
        reasons="Trẻ đã được đăng ký khai sinh tại UBND xã Tân Hương.",
        at=vn(2025, 12, 1, 9, 30),
    )
    _pdf, text = print_form(dossier, "03", personas.one_stop_a)
    for phrase in [
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Bộ phận Một cửa UBND xã Phú Sơn tiếp nhận hồ sơ của: Hoàng Văn Bình",
        "Qua xem xét, Bộ phận Một cửa UBND xã Phú Sơn thông báo không tiếp nhận, giải quyết hồ sơ này "
        "với lý do cụ thể như sau: Trẻ đã được đăng ký khai sinh tại UBND xã Tân Hương.",
    ]:
        assert phrase in text, phrase
    # The published form's two signature blocks: the applicant's and the receiving officer's.
    assert text.index("NGƯỜI NỘP HỒ SƠ") < text.index("NGƯỜI TIẾP NHẬN HỒ SƠ")
    assert text.count("(Ký và ghi rõ họ tên)") == 2
    assert text.index("Hoàng Văn Bình", text.index("NGƯỜI NỘP HỒ SƠ")) < text.index("Nguyễn Thị Hoa")


def test_a_decline_after_processing_prints_on_the_refusal_form(dossier, personas):
    dossier_decline(
        actor=personas.chair_a,
        dossier=dossier,
        reasons="Người mẹ không cư trú tại xã.",
        at=vn(2025, 12, 2, 9),
    )
    _pdf, text = print_form(dossier, "03", personas.chair_a)
    assert "Qua xem xét, UBND xã Phú Sơn thông báo" in text
    assert "lý do cụ thể như sau: Người mẹ không cư trú tại xã." in text
    assert text.index("NGƯỜI NỘP HỒ SƠ") < text.index("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ")
    assert "(Ký, ghi rõ họ tên và đóng dấu)" in text
    assert "Đinh Xuân Công" in text


def test_the_2025_apology_apologises_and_asks_for_an_extension(dossier, personas):
    dossier_apologise(
        actor=personas.chair_a,
        dossier=dossier,
        reason="Cần xác minh thông tin cư trú với Công an xã.",
        new_due_at=vn(2025, 12, 8, 16),
        at=vn(2025, 12, 2, 9),
    )
    pdf, text = print_form(dossier, "04", personas.chair_a)
    assert page_count(pdf) == 1
    for phrase in [
        "Mẫu số 04 (Thông tư số 03/2025/TT-VPCP)",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Kính gửi: Ông/Bà Hoàng Văn Bình",
        "Ngày 01 tháng 12 năm 2025, UBND xã Phú Sơn tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết thủ tục: "
        "Thủ tục đăng ký khai sinh.",
        "Thời hạn trả kết quả giải quyết hồ sơ theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả: "
        "09 giờ 00 phút, ngày 04 tháng 12 năm 2025.",
        "Lý do chậm giải quyết: Cần xác minh thông tin cư trú với Công an xã.",
        "UBND xã Phú Sơn xin lỗi Ông/Bà vì sự chậm trễ này và đề nghị Ông/Bà đồng ý gia hạn thời gian giải "
        "quyết hồ sơ đến: 16 giờ 00 phút, ngày 08 tháng 12 năm 2025.",
        "Phú Sơn, ngày 02 tháng 12 năm 2025",
        "Đinh Xuân Công",
    ]:
        assert phrase in text, phrase
    # Not the 2018 slip's body, which only announced a new date.
    assert "sẽ trả kết quả giải quyết hồ sơ" not in text


def test_the_stop_notice_prints_the_reason(dossier, personas):
    dossier_stop(
        actor=personas.chair_a,
        dossier=dossier,
        reason="Tòa án đang thụ lý vụ việc xác định cha cho con.",
        at=vn(2025, 12, 2, 14, 30),
    )
    _pdf, text = print_form(dossier, "05", personas.chair_a)
    for phrase in [
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "UBND xã Phú Sơn thông báo dừng giải quyết hồ sơ này từ 14 giờ 30 phút, ngày 02 tháng 12 năm 2025",
        "Tòa án đang thụ lý vụ việc xác định cha cho con.",
    ]:
        assert phrase in text, phrase


def test_the_control_slip_lists_every_hand_over_with_the_step_outcome(dossier, personas, specialist):
    dossier = dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 3, 11), note="Hồ sơ hợp lệ")
    dossier_request_supplement(
        actor=personas.chair_a, dossier=dossier, missing=["Bản sao sổ hộ khẩu"], at=vn(2025, 12, 3, 13, 30)
    )
    dossier_receive_supplement(actor=personas.one_stop_a, dossier=dossier, at=vn(2025, 12, 4, 8))
    dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 4, 8, 30))
    dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 4, 9))
    dossier = dossier_deliver(
        actor=personas.one_stop_a,
        dossier=dossier,
        method=DeliveryMethod.COUNTER,
        collected_by="Hoàng Văn Bình",
        at=vn(2025, 12, 4, 10),
    )
    form_set = dossier_form_set(dossier=dossier)
    rows = control_context(dossier=dossier, form_set=form_set, number="06")["rows"]
    desk, commune, citizen = (
        "Bộ phận Một cửa UBND xã Phú Sơn",
        "UBND xã Phú Sơn",
        "Người nộp hồ sơ (Hoàng Văn Bình)",
    )
    assert [(r.giver_unit, r.receiver_unit, r.giver, r.receiver, r.outcome, r.note) for r in rows] == [
        (desk, commune, "Nguyễn Thị Hoa", "Lê Văn Tư", "Đúng hạn", "Tiếp nhận hồ sơ"),
        # Step 2 was due Wednesday 09:00 and handed over at 11:00.
        (commune, commune, "Lê Văn Tư", "Đinh Xuân Công", "Quá hạn", "Thẩm định hồ sơ; Hồ sơ hợp lệ"),
        (
            commune,
            citizen,
            "Đinh Xuân Công",
            "",
            "",
            "Trình lãnh đạo phê duyệt; Yêu cầu bổ sung, tạm dừng tính thời gian",
        ),
        (citizen, desk, "", "Nguyễn Thị Hoa", "", "Nhận hồ sơ bổ sung, tiếp tục tính thời gian"),
        # Step 3 was due Wednesday 14:00; the clock stood still from 13:30 to Thursday 08:00.
        (commune, commune, "Đinh Xuân Công", "Đinh Xuân Công", "Đúng hạn", "Trình lãnh đạo phê duyệt"),
        (commune, desk, "Đinh Xuân Công", "Nguyễn Thị Hoa", "Đúng hạn", "Ký kết quả"),
        (desk, "Người nhận kết quả", "Nguyễn Thị Hoa", "Hoàng Văn Bình", "", "Tại Bộ phận Một cửa"),
    ]
    assert [r.moment for r in rows][1] == "11 giờ 00 phút, ngày 03 tháng 12 năm 2025"

    pdf, text = print_form(dossier, "06", personas.one_stop_a)
    assert page_size(pdf) == A4
    for phrase in [
        "Mẫu số 06 (Thông tư số 03/2025/TT-VPCP)",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "(Kèm theo hồ sơ của: Hoàng Văn Bình)",
        "Cơ quan (bộ phận) giải quyết hồ sơ: UBND xã Phú Sơn",
        # Cells wrap inside the table; their exact values are the rows asserted above.
        "1. Giao: Bộ phận Một cửa UBND",
        "Người giao: Lê Văn Tư",
        "Quá hạn",
        "Thẩm định hồ sơ; Hồ sơ hợp lệ",
        "7. Giao: Bộ phận Một cửa UBND",
        "Nhận: Người nhận kết quả",
        # Finished Thursday, the day due; less the 18 h 30 wait on the wall clock it is Wednesday:
        # early by the 766 rule.
        "Kết quả giải quyết hồ sơ: Trước hạn",
    ]:
        assert phrase in text, phrase


def test_the_control_slip_of_a_dossier_without_supplements_fits_one_page(dossier, personas, specialist):
    dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 2, 15))
    dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 10))
    dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 16))
    dossier = dossier_deliver(
        actor=personas.one_stop_a,
        dossier=dossier,
        method=DeliveryMethod.POST,
        collected_by="Hoàng Văn Bình",
        at=vn(2025, 12, 4, 8, 30),
    )
    pdf, text = print_form(dossier, "06", personas.one_stop_a)
    assert (page_count(pdf), page_size(pdf)) == (1, A4)
    assert "5. Giao: Bộ phận Một cửa UBND" in text
    assert "Nhận: Người nhận kết quả" in text
    assert "Qua dịch vụ bưu chính" in text
    assert "Kết quả giải quyết hồ sơ: Trước hạn" in text


def test_the_form_set_is_the_one_in_force_when_the_dossier_was_received(dossier, personas):
    # Circular 03/2025/TT-VPCP is dated 15/9/2025; its row in form-sets.csv starts it that day.
    assert form_set_on(dt.date(2025, 9, 14)).basis == "Thông tư số 01/2018/TT-VPCP"
    assert form_set_on(dt.date(2025, 9, 15)).basis == "Thông tư số 03/2025/TT-VPCP"
    # 1 July 2025 (Decree 118/2025/NĐ-CP in force) is not the day the forms changed.
    assert form_set_on(dt.date(2025, 7, 1)).basis == "Thông tư số 01/2018/TT-VPCP"
    # The same dossier, as if received late on the day before the 2025 set.
    Dossier.objects.filter(pk=dossier.pk).update(
        submitted_at=vn(2025, 9, 14, 23, 59), received_at=vn(2025, 9, 14, 23, 59), due_at=vn(2025, 9, 18, 9)
    )
    dossier.refresh_from_db()
    _pdf, text = print_form(dossier, "05", personas.one_stop_a)
    assert "Mẫu số 05 (Thông tư số 01/2018/TT-VPCP) " in text
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    _pdf, text = print_form(dossier, "01", personas.one_stop_a)
    assert "Mẫu số 01 (Thông tư số 01/2018/TT-VPCP) " in text
    assert "4. Thời gian nhận hồ sơ: 23 giờ 59 phút, ngày 14 tháng 9 năm 2025" in text
    for number, message in [
        ("06", "Thông tư số 01/2018/TT-VPCP không có mẫu số 06 in cho từng hồ sơ."),
        ("07", "Thông tư số 01/2018/TT-VPCP không có mẫu số 07 in cho từng hồ sơ."),
    ]:
        with pytest.raises(FormNotApplicable) as caught:
            form_pdf(dossier=dossier, number=number, actor=personas.one_stop_a)
        assert caught.value.message == message
    dossier_apologise(
        actor=personas.chair_a,
        dossier=dossier,
        reason="Chờ xác minh.",
        new_due_at=vn(2025, 9, 23, 9),
        at=vn(2025, 9, 16, 9),
    )
    _pdf, text = print_form(dossier, "04", personas.chair_a)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "vào: 09 giờ 00 phút, ngày 23 tháng 9 năm 2025." in text
    assert "đề nghị" not in text

    # Received at the first minute of the circular's day: the 2025 set.
    Dossier.objects.filter(pk=dossier.pk).update(
        submitted_at=vn(2025, 9, 15, 0), received_at=vn(2025, 9, 15, 0)
    )
    dossier.refresh_from_db()
    _pdf, text = print_form(dossier, "01", personas.one_stop_a)
    assert "Mẫu số 01 (Thông tư số 03/2025/TT-VPCP) " in text


def test_the_day_the_sets_change_is_the_rows_not_the_code(dossier, personas):
    """GIVEN the 2025 set's row corrected to another day WHEN a dossier is printed THEN the new
    day decides, and its source is kept with it."""
    row = FormSetPeriod.objects.get(basis="Thông tư số 03/2025/TT-VPCP")
    assert (row.effective_from, row.confirmed) == (dt.date(2025, 9, 15), False)
    assert "15/9/2025" in row.source
    row.effective_from = dt.date(2025, 12, 2)
    row.save(update_fields=["effective_from"])
    _pdf, text = print_form(dossier, "01", personas.one_stop_a)  # received 1/12/2025
    assert "Mẫu số 01 (Thông tư số 01/2018/TT-VPCP) " in text


def test_agency_names_are_capitals_only_in_the_letterhead(tree):
    justice = make_unit(name="Phòng Tư pháp", parent=tree.commune_a, kind=UnitKind.DEPARTMENT)
    assert letterhead(tree.commune_a) == ("", "UBND XÃ PHÚ SƠN")
    assert letterhead(justice) == ("UBND XÃ PHÚ SƠN", "PHÒNG TƯ PHÁP")
    assert (agency_in_text(tree.commune_a), agency_in_text(tree.province)) == (
        "UBND xã Phú Sơn",
        "UBND tỉnh Nghệ An",
    )
    assert agency_in_text(justice) == "Phòng Tư pháp"


def test_dates_follow_the_administrative_style():
    assert date_vi(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert date_vi(dt.date(2025, 11, 24)) == "ngày 24 tháng 11 năm 2025"
    assert moment_vi(vn(2026, 1, 2, 7, 5)) == "07 giờ 05 phút, ngày 02 tháng 01 năm 2026"
    assert moment_vi(None) == "………… giờ ………… phút, ngày ………… tháng ………… năm …………"
    assert working_days_vi(Decimal("0.50")) == "0,5 ngày làm việc"
    assert working_days_vi(Decimal("15.00")) == "15 ngày làm việc"
