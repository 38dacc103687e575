import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# QCVN 102:2016/BTTTT: three digits, two, two, then a level letter and two digits, e.g. 000.00.00.H41.
UNIT_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{6,20}$")


def validate_unit_code(value: str) -> None:
    if not UNIT_CODE_RE.match(value or ""):
        raise ValidationError(
            _("Mã đơn vị “%(value)s” không đúng định dạng QCVN 102 (ddd.dd.dd.Ldd, ví dụ 000.00.00.H41)."),
            code="invalid_unit_code",
            params={"value": value},
        )


def validate_phone(value: str) -> None:
    if value and not PHONE_RE.match(value):
        raise ValidationError(
            _("Số điện thoại “%(value)s” không hợp lệ."), code="invalid_phone", params={"value": value}
        )
