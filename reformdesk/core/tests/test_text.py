"""Text made comparable: compatibility forms and other scripts' digits."""

from __future__ import annotations

import pytest

from reformdesk.core.text import ascii_digits


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
