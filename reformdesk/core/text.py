"""Text from people's keyboards made comparable: Unicode compatibility forms and any script's digits."""

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
