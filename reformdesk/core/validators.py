"""What a text typed by a person may contain, checked where text enters (forms and API).

Refused, with a message naming the character:

- **control characters** (Unicode category Cc: C0 ``U+0000–U+001F``, ``DEL``, C1
  ``U+0080–U+009F``). A line break or a tab is a control character too; it is allowed only in
  multi-line fields (a ``Textarea`` in a form, :data:`core.api.LongText` in the API). A NUL cannot
  even be stored by PostgreSQL; the others print as garbage in the notices and forms.
- **bidirectional formatting characters**, the twelve of Unicode's Bidi_Control property
  (UAX #9): the embeddings and overrides ``U+202A–U+202E``, the isolates ``U+2066–U+2069`` and
  also the marks ``U+200E``, ``U+200F`` and ``U+061C``. The overrides and isolates reorder what
  is displayed after them ("Trojan Source", CVE-2021-42574): a name or a dossier code could be
  shown as something else than what is stored and searched. The marks reorder less (the
  neutral characters around them: a hyphen, digits beside punctuation) but no Vietnamese text
  needs any of them, so one rule refuses the whole property instead of arguing over each.
- **values with nothing visible**: non-empty, but only whitespace and invisible characters (the
  format characters of category Cf such as ``U+200B`` zero-width space, ``U+200C``/``U+200D``
  the non-joiner and joiner, ``U+2060`` word joiner, ``U+FEFF``, and the blank-looking fillers
  listed in ``_BLANK``). A name of one zero-width space passes a "required" check and prints
  an empty line on a receipt.
- **lone surrogates and noncharacters**, which no text encoding can carry (a JSON body can
  still spell them as ``\\ud800``).

Invisible characters *inside* visible text are kept: Vietnamese never needs a zero-width joiner,
but emoji sequences in a comment do (``👩‍💻`` is three code points joined by ``U+200D``), and
a zero-width space pasted from a web page inside a sentence hides nothing. Only a value made of
nothing else is refused.

Passwords are never checked or normalised (see ``core.forms.text_field_kind``): a password is
compared byte for byte with what was set.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode's Bidi_Control property (PropList.txt): ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI,
# RLI, FSI, PDI.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Characters that are not format characters (Cf) but print as nothing: the Hangul fillers, the
# blank Braille pattern, the combining grapheme joiner, the variation selectors and the Khmer
# inherent vowels (default-ignorable code points of Unicode's DerivedCoreProperties).
_BLANK = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0" + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)

# Line breaks and tabs: control characters that a multi-line field may hold.
LAYOUT_CONTROLS = frozenset("\t\n\r")


def _code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _is_noncharacter(ch: str) -> bool:
    point = ord(ch)
    return 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE


def is_invisible(ch: str) -> bool:
    """Whitespace, a format character (Cf) or a blank-looking filler: nothing a reader sees."""
    return ch.isspace() or ch in _BLANK or unicodedata.category(ch) == "Cf"


def validate_text(value: str, *, multiline: bool = False) -> None:
    """Refuse ``value`` if it holds a control character (line breaks and tabs only when
    ``multiline``), a bidirectional formatting character, a character no encoding carries, or
    only invisible characters. See the module's docstring for why each is refused."""
    if not isinstance(value, str) or not value:
        return
    for ch in value:
        category = unicodedata.category(ch)
        if category == "Cs" or _is_noncharacter(ch):
            raise ValidationError(
                _("Nội dung chứa ký tự không hợp lệ (%(char)s)."),
                code="invalid_character",
                params={"char": _code_point(ch)},
            )
        if category == "Cc":
            if ch in LAYOUT_CONTROLS:
                if multiline:
                    continue
                raise ValidationError(
                    _("Ô này chỉ nhận một dòng: nội dung chứa dấu xuống dòng hoặc dấu tab (%(char)s)."),
                    code="line_break",
                    params={"char": _code_point(ch)},
                )
            raise ValidationError(
                _("Nội dung chứa ký tự điều khiển không được phép (%(char)s)."),
                code="control_character",
                params={"char": _code_point(ch)},
            )
        if ch in BIDI_CONTROLS:
            raise ValidationError(
                _("Nội dung chứa ký tự đảo hướng chữ không được phép (%(char)s)."),
                code="bidi_control",
                params={"char": _code_point(ch)},
            )
    if not value.isspace() and all(is_invisible(ch) for ch in value):
        raise ValidationError(
            _("Nội dung chỉ gồm ký tự không nhìn thấy được (như khoảng trắng độ rộng bằng 0)."),
            code="invisible_only",
        )


def validate_single_line_text(value: str) -> None:
    """:func:`validate_text` for a one-line value: a name, a code, an address."""
    validate_text(value, multiline=False)


def validate_multiline_text(value: str) -> None:
    """:func:`validate_text` for a value that may span lines: a note, reasons, a comment."""
    validate_text(value, multiline=True)
