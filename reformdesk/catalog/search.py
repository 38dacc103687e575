"""Diacritic- and case-insensitive matching for Vietnamese text.

"dang ky khai sinh" must find "Đăng ký khai sinh". Each searchable row stores a folded copy of its
text (:func:`fold`); a query is folded the same way and matched word by word, so the same plain
``LIKE`` works on SQLite and PostgreSQL without extensions.
"""

from __future__ import annotations

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, without diacritics, ``đ`` as ``d``, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(plain.lower().split())


def terms(query: str, *, limit: int = 8) -> list[str]:
    """The folded words of a query (at most ``limit``), for an AND of ``contains`` filters."""
    return fold(query).split()[:limit]
