"""Applicant identity checks: the 12-digit personal identification number and Vietnamese phones.

Both are ASCII digits only. Fullwidth or other scripts' digits are converted where they are typed
(``core.forms.DigitsField``, ``core.api.Digits``); a value that reaches these checks with any other
digit is refused, never stored (``\\d`` would have let ``٠٩١٢…`` through)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The first three digits of a personal identification number (số định danh cá nhân, printed on
# the citizen identity card) are the province of birth registration: the 63 provincial codes of
# Circular 07/2016/TT-BCA, which the 2025 provincial merges left unchanged on issued numbers.
PROVINCE_CODES = frozenset(
    (  # noqa: SIM905 - a table, easier to check against the circular as text
        "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 "
        "026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 "
        "049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 "
        "077 079 080 082 083 084 086 087 089 091 092 093 094 095 096 "
    ).split()
)
# The fourth digit is the century of birth and the sex: 0/1 the 20th century, 2/3 the 21st…
_CENTURY = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 2300, 9: 2300}

_SEPARATORS = re.compile(r"[\s.\-()]")
_MOBILE = re.compile(r"^0[35789][0-9]{8}$")
_LANDLINE = re.compile(r"^02[0-9]{9}$")


def validate_id_number(value: str) -> None:
    """A 12-digit personal identification number: known province, plausible year of birth."""
    if not value:
        return
    if not re.fullmatch(r"[0-9]{12}", value):
        raise ValidationError(_("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="id_number_length")
    if value[:3] not in PROVINCE_CODES:
        raise ValidationError(
            _("Số định danh cá nhân “%(value)s” có mã tỉnh “%(code)s” không tồn tại."),
            code="id_number_province",
            params={"value": value, "code": value[:3]},
        )
    year = _CENTURY[int(value[3])] + int(value[4:6])
    if year > timezone.localdate().year:
        raise ValidationError(
            _("Số định danh cá nhân “%(value)s” có năm sinh %(year)s không hợp lệ."),
            code="id_number_year",
            params={"value": value, "year": year},
        )


def normalize_phone(value: str) -> str:
    """``+84 912.345.678`` → ``0912345678``; other input is returned without separators."""
    digits = _SEPARATORS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def validate_vn_phone(value: str) -> None:
    """A Vietnamese mobile (10 digits, 03/05/07/08/09) or landline (11 digits, 02…) number."""
    if not value:
        return
    number = normalize_phone(value)
    if not (_MOBILE.match(number) or _LANDLINE.match(number)):
        raise ValidationError(
            _(
                "Số điện thoại “%(value)s” không đúng định dạng Việt Nam"
                " (ví dụ 0912 345 678 hoặc 0238 3844 123)."
            ),
            code="invalid_phone",
            params={"value": value},
        )
