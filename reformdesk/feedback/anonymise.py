"""Personal data taken out of a citizen's text before its answer is published.

Issue 11: a published answer shows the question without name, phone, ID number, address (or face:
attachments are never published). What can be found in plain text is replaced by a bracketed
label: the names and addresses the case itself records (matched ignoring case, diacritics and
spacing, so "nguyen van an" finds "Nguyễn Văn An"), e-mail addresses, 9- and 12-digit ID numbers
(the old identity card and the personal identification number) and Vietnamese phone numbers
written with or without spaces, dots or dashes, with 0 or +84. A name the citizen spelled
differently from the case's record, or a nickname, is not found: staff read the published text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _

from reformdesk.core.text import fold

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Exactly 9 or 12 digits, not inside a longer number.
_ID_NUMBER = re.compile(r"(?<![\d])(?:\d{12}|\d{9})(?![\d])")
# 0 or +84 (84) then 8 to 10 more digits, each optionally after a space, dot or dash.
_PHONE = re.compile(r"(?<![\w+])(?:\+84|84|0)(?:[\s.\-]?\d){8,10}(?!\d)")


def _shadow(text: str) -> str:
    """``text`` with each character folded on its own (lower case, no diacritics, ``đ`` → ``d``),
    same length, so that a match in the shadow is a match at the same place in ``text``."""
    out = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
            continue
        folded = fold(ch)
        out.append(folded if len(folded) == 1 else ch.lower())
    return "".join(out)


def _phrase(value: str) -> re.Pattern[str] | None:
    words = fold(value).split()
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


def _replace_phrases(text: str, phrases: Iterable[str], label: str) -> str:
    for value in sorted({p for p in phrases if p and p.strip()}, key=len, reverse=True):
        pattern = _phrase(value)
        if pattern is None:
            continue
        shadow = _shadow(text)
        spans = [m.span() for m in pattern.finditer(shadow)]
        for start, end in reversed(spans):
            text = text[:start] + label + text[end:]
    return text


def anonymise(text: str, *, names: Iterable[str] = (), addresses: Iterable[str] = ()) -> str:
    """``text`` without the given ``names`` and ``addresses``, e-mail addresses, ID numbers and
    phone numbers. The labels are written in Vietnamese, the language of the stored text."""
    text = unicodedata.normalize("NFC", text)
    with translation.override("vi"):
        labels = {
            "name": f"[{_('họ tên')}]",
            "address": f"[{_('địa chỉ')}]",
            "email": f"[{_('thư điện tử')}]",
            "id": f"[{_('số định danh')}]",
            "phone": f"[{_('số điện thoại')}]",
        }
    # Addresses first: one may contain a name (a street named after a person) or a house number.
    text = _replace_phrases(text, addresses, labels["address"])
    text = _replace_phrases(text, names, labels["name"])
    text = _EMAIL.sub(labels["email"], text)
    text = _ID_NUMBER.sub(labels["id"], text)
    return _PHONE.sub(labels["phone"], text)
