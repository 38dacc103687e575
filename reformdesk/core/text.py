"""Text from people's keyboards made comparable: Unicode compatibility forms, any script's digits,
and Vietnamese folded for diacritic- and case-insensitive matching.

Vietnamese letters reach us in two shapes: precomposed (``ễ`` as one code point, what Windows and
most phones send) and decomposed (``e`` + circumflex + tilde, what macOS and some input methods
send). They look the same and compare unequal, so every text is stored in NFC (:func:`clean_text`).

"dang ky khai sinh" must find "Đăng ký khai sinh". Each searchable row stores a folded copy of its
text (:func:`fold`); a query is folded the same way and matched word by word, so the same plain
``LIKE`` works on SQLite and PostgreSQL without extensions.
"""

from __future__ import annotations

import unicodedata


def clean_text(value: str) -> str:
    """``value`` in Unicode Normalization Form C: the form stored for names and text, so that one
    name typed on two keyboards is one string (and one row in a unique index, one search hit)."""
    return unicodedata.normalize("NFC", value)


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


def search_text(query: str) -> str:
    """A search query as it is matched: compatibility forms and digits as :func:`ascii_digits`,
    control characters as spaces, and invisible format characters (zero-width spaces, bidi marks)
    dropped.

    A query is never stored, so it is cleaned rather than refused: stored text holds none of
    those characters (``core.validators``), so they could only make a query match nothing, and
    PostgreSQL refuses a NUL in a query outright."""
    return "".join(
        " " if category == "Cc" else ch
        for ch in ascii_digits(query)
        if (category := unicodedata.category(ch)) not in {"Cf", "Cs"}
    )


def terms(query: str, *, limit: int = 8) -> list[str]:
    """The folded words of a query (at most ``limit``), for an AND of ``contains`` filters."""
    return fold(search_text(query)).split()[:limit]
