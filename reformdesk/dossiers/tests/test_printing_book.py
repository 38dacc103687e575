"""The tracking book: the dossiers a desk received in a period, as PDF and Excel with the same columns."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from reformdesk.core.models import AccessLog
from reformdesk.dossiers.choices import DeliveryMethod
from reformdesk.dossiers.printing import tracking_book_pdf, tracking_book_rows, tracking_book_xlsx
from reformdesk.dossiers.printing.book import COLUMNS
from reformdesk.dossiers.services import dossier_deliver, dossier_forward, dossier_stop
from reformdesk.dossiers.tests.factories import vn
from reformdesk.dossiers.tests.test_printing_forms import (
    keep,
    page_count,
    page_size,
    pdf_documents,
    pdf_text,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_documents")]
assert pdf_documents  # the fixture, imported for use above

DECEMBER = (dt.date(2025, 12, 1), dt.date(2025, 12, 31))


@pytest.fixture
def book(receive, personas, specialist):
    """Three dossiers at commune A: one delivered early, one stopped (December), one in November."""
    first = receive(vn(2025, 12, 1, 9))
    dossier_forward(actor=specialist, dossier=first, at=vn(2025, 12, 2, 15))
    dossier_forward(actor=personas.chair_a, dossier=first, approve=True, at=vn(2025, 12, 3, 10))
    dossier_forward(actor=personas.chair_a, dossier=first, approve=True, at=vn(2025, 12, 3, 16))
    dossier_deliver(
        actor=personas.one_stop_a,
        dossier=first,
        method=DeliveryMethod.COUNTER,
        collected_by="Hoàng Văn Bình",
        at=vn(2025, 12, 4, 8, 30),
    )
    second = receive(vn(2025, 12, 31, 16), name="Trần Thị Lan", id_number="040195002345", phone="0987654321")
    dossier_stop(actor=personas.chair_a, dossier=second, reason="Tòa án đang thụ lý.", at=vn(2026, 1, 5, 9))
    receive(vn(2025, 11, 28, 10), name="Lê Văn Hải", id_number="040090003456", phone="0977111222")
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def test_the_book_lists_the_period_s_dossiers_in_order(book, personas, tree):
    first, second = book
    rows = tracking_book_rows(unit=tree.commune_a, start=DECEMBER[0], end=DECEMBER[1])
    assert [row.cells() for row in rows] == [
        (
            1,
            first.code,
            "Thủ tục đăng ký khai sinh",
            1,
            "Hoàng Văn Bình",
            "Xóm 3, xã Phú Sơn, tỉnh Nghệ An, 0912345678",
            "UBND xã Phú Sơn",
            "09:00 01/12/2025",
            "09:00 04/12/2025",
            "09:00 01/12/2025",
            "16:00 03/12/2025",
            "08:30 04/12/2025",
            "Trước hạn",
        ),
        (
            2,
            second.code,
            "Thủ tục đăng ký khai sinh",
            1,
            "Trần Thị Lan",
            "Xóm 3, xã Phú Sơn, tỉnh Nghệ An, 0987654321",
            "UBND xã Phú Sơn",
            "16:00 31/12/2025",
            "16:00 07/01/2026",  # 1 January is a holiday
            "16:00 31/12/2025",
            "",
            "",
            "Dừng xử lý",
        ),
    ]
    assert tracking_book_rows(unit=tree.commune_b, start=DECEMBER[0], end=DECEMBER[1]) == []
    # The row number is the dossier's entry in the year's book, which its receipt printed: the
    # November dossier was entered third.
    november = tracking_book_rows(unit=tree.commune_a, start=dt.date(2025, 11, 1), end=dt.date(2025, 11, 30))
    assert [row.order for row in november] == [3]


def test_the_book_as_excel_has_the_same_columns_and_cells(book, personas, tree):
    first, second = book
    data = tracking_book_xlsx(unit=tree.commune_a, start=DECEMBER[0], end=DECEMBER[1], actor=personas.chair_a)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "UBND XÃ PHÚ SƠN"
    assert sheet["A2"].value == "SỔ THEO DÕI HỒ SƠ (Mẫu số 07, Thông tư số 03/2025/TT-VPCP)"
    assert sheet["A3"].value == "Từ ngày 01 tháng 12 năm 2025 đến ngày 31 tháng 12 năm 2025"
    assert tuple(cell.value for cell in sheet[5]) == COLUMNS
    assert tuple(cell.value for cell in sheet[6])[:5] == (
        1,
        first.code,
        "Thủ tục đăng ký khai sinh",
        1,
        "Hoàng Văn Bình",
    )
    assert sheet["L6"].value == "08:30 04/12/2025"
    assert (sheet["B7"].value, sheet["M7"].value) == (second.code, "Dừng xử lý")
    assert sheet.max_row == 7
    log = AccessLog.objects.get()
    assert (log.actor, log.subject_repr, log.purpose) == (
        personas.chair_a,
        "Xã Phú Sơn",
        "tracking book xlsx 20251201-20251231",
    )


def test_the_book_as_pdf_is_a4_landscape(book, personas, tree):
    first, second = book
    start, end = DECEMBER
    pdf = tracking_book_pdf(unit=tree.commune_a, start=start, end=end, actor=personas.one_stop_a)
    keep(pdf, "book")
    assert pdf.startswith(b"%PDF-")
    assert (page_count(pdf), page_size(pdf)) == (1, (297, 210))
    text = pdf_text(pdf)
    for phrase in [
        "Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)",
        "SỔ THEO DÕI HỒ SƠ",
        "Từ ngày 01 tháng 12 năm 2025 đến ngày 31 tháng 12 năm 2025",
        first.code,
        second.code,
        "Trước hạn",
        "Dừng xử lý",
    ]:
        assert phrase in text, phrase
    assert "Lê Văn Hải" not in text
    log = AccessLog.objects.get()
    assert (log.subject_type, log.purpose) == ("org.unit", "tracking book 20251201-20251231")


def test_a_book_before_july_2025_uses_the_2018_form_number(desk, personas, tree):
    pdf = tracking_book_pdf(
        unit=tree.commune_a, start=dt.date(2025, 6, 1), end=dt.date(2025, 6, 30), actor=personas.one_stop_a
    )
    text = pdf_text(pdf)
    assert "Mẫu số 06 (Thông tư số 01/2018/TT-VPCP)" in text
    assert "Không có hồ sơ nào được tiếp nhận trong kỳ." in text


@pytest.mark.parametrize("who", ["specialist_b", "outsider"])
def test_others_may_not_read_the_book_and_nothing_is_logged(book, personas, tree, who):
    for render in (tracking_book_pdf, tracking_book_xlsx):
        with pytest.raises(PermissionDenied):
            render(unit=tree.commune_a, start=DECEMBER[0], end=DECEMBER[1], actor=getattr(personas, who))
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (dt.date(2025, 12, 31), dt.date(2025, 12, 1), "Ngày cuối kỳ phải từ ngày đầu kỳ trở đi."),
        (dt.date(2025, 1, 1), dt.date(2026, 1, 2), "Sổ theo dõi hồ sơ in cho tối đa một năm mỗi lần."),
    ],
)
def test_a_bad_period_is_refused_and_nothing_is_logged(personas, tree, start, end, message):
    with pytest.raises(ValidationError) as caught:
        tracking_book_xlsx(unit=tree.commune_a, start=start, end=end, actor=personas.one_stop_a)
    assert caught.value.message_dict == {"end": [message]}
    assert AccessLog.objects.count() == 0
