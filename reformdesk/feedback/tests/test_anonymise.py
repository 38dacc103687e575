"""What a published question keeps and loses: names, the citizen's address, e-mail addresses, ID
numbers and phone numbers go; the rest of the text stays as written."""

from __future__ import annotations

import pytest

from reformdesk.feedback.anonymise import anonymise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tôi là Phan Thị Lan, xin phản ánh.", "Tôi là [họ tên], xin phản ánh."),
        # Case, diacritics and spacing do not hide a name.
        ("tôi là phan thi  LAN, xin phản ánh.", "tôi là [họ tên], xin phản ánh."),
        ("Cán bộ Nguyễn Thị Hoa gắt gỏng.", "Cán bộ [họ tên] gắt gỏng."),
        # A word that merely starts like the name is kept.
        ("Phan Thị Lanh không liên quan.", "Phan Thị Lanh không liên quan."),
        ("Nhà tôi ở xóm 5, xã Phú Sơn, tỉnh Nghệ An.", "Nhà tôi ở [địa chỉ]."),
        (
            "Gọi 0987 654 321 hoặc 0987.654.321 hay +84 987 654 321.",
            "Gọi [số điện thoại] hoặc [số điện thoại] hay [số điện thoại].",
        ),
        ("Máy bàn 0238 3882 111.", "Máy bàn [số điện thoại]."),
        (
            "Số định danh 040095001234, CMND cũ 186123456.",
            "Số định danh [số định danh], CMND cũ [số định danh].",
        ),
        ("Thư gửi lan.pt@example.vn nhé.", "Thư gửi [thư điện tử] nhé."),
        # Amounts, years and codes are not personal data.
        (
            "Thu 1.500.000 đồng năm 2025, hồ sơ 000.30.31.H41-251201-0001.",
            "Thu 1.500.000 đồng năm 2025, hồ sơ 000.30.31.H41-251201-0001.",
        ),
    ],
)
def test_personal_data_is_replaced_by_labels(text, expected):
    names = ["Phan Thị Lan", "Nguyễn Thị Hoa"]
    assert anonymise(text, names=names, addresses=["Xóm 5, xã Phú Sơn, tỉnh Nghệ An"]) == expected


def test_empty_names_and_addresses_change_nothing():
    assert (
        anonymise("Đường liên thôn bị hỏng.", names=["", "  "], addresses=[""]) == "Đường liên thôn bị hỏng."
    )


def test_text_in_decomposed_unicode_is_matched_and_kept_composed():
    decomposed = "Tôi là Phan Thi\u0323 Lan."  # "ị" typed as i + combining dot below
    assert anonymise(decomposed, names=["Phan Thị Lan"]) == "Tôi là [họ tên]."
