"""Text from people's keyboards made comparable: Unicode compatibility forms, any script's digits,
and Vietnamese folded for diacritic- and case-insensitive matching.

"dang ky khai sinh" must find "Đăng ký khai sinh". Each searchable row stores a folded copy of its
text (:func:`fold`); a query is folded the same way and matched word by word, so the same plain
``LIKE`` works on SQLite and PostgreSQL without extensions.
"""

from __future__ import annotations

import unicodedata


def ascii_digits(value: str) -> str:
    """``value`` in NFKC (fullwidth ``１２３４`` and ``ＡＢ`` become ``1234`` and ``AB``) with every
    decimal digit of any script (Arabic-Indic ``٤``, Devanagari ``४``, …) written as its ASCII digit.

    Phones and input methods type such characters without the citizen noticing; a comparison with
    stored ASCII must see the digits they mean, never a character it cannot compare."""
    normalized = unicodedata.normalize("NFKC", value)
    return "".join(
        str(digit) if (digit := unicodedata.decimal(ch, None)) is not None else ch for ch in normalized
    )


_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, without diacritics, ``đ`` as ``d``, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(plain.lower().split())


def terms(query: str, *, limit: int = 8) -> list[str]:
    """The folded words of a query (at most ``limit``), for an AND of ``contains`` filters."""
    return fold(query).split()[:limit]
