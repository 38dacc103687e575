"""Text made comparable: NFC, compatibility forms, other scripts' digits and search queries."""

from __future__ import annotations

import unicodedata

import pytest

from reformdesk.core.text import ascii_digits, clean_text, search_text, terms


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("１２３４", "1234"),  # fullwidth
        ("٠٩١٢", "0912"),  # Arabic-Indic
        ("०९८७", "0987"),  # Devanagari
        ("ＡＢｃ-12", "ABc-12"),
        ("Nguyễn", "Nguyễn"),  # Vietnamese letters keep their marks (NFKC composes them)
        ("½", "1⁄2"),  # a vulgar fraction is not a digit
        ("", ""),
    ],
)
def test_ascii_digits(typed, read):
    assert ascii_digits(typed) == read


def test_clean_text_composes_decomposed_vietnamese():
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert len(typed) == 22
    assert clean_text(typed) == "Nguyễn Thị Hường"
    assert len(clean_text(typed)) == 16


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("khai\x00sinh", "khai sinh"),  # a NUL reached PostgreSQL, which refuses it (a 500)
        ("khai\u200bsinh\u202e", "khaisinh"),  # invisible characters could only match nothing
        ("０４０ Ｂình", "040 Bình"),
        ("Bi\u0300nh", "Bình"),
    ],
)
def test_search_text(typed, read):
    assert search_text(typed) == read


def test_terms_are_folded_words_of_the_cleaned_query():
    assert terms("  Đăng\x00ký \u200bKHAI sinh ０１") == ["dang", "ky", "khai", "sinh", "01"]
    assert terms("a b c d e f g h i j", limit=3) == ["a", "b", "c"]
