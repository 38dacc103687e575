"""Reading one cell of an import file as the layout's column kind says (text, code, number, date…).

Conversion errors are :class:`CellError` with a translated message; the validator reports them with
the sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from reformdesk.catalog.importing.layout import (
    BOOL,
    CODE,
    DATE,
    DECIMAL,
    INT,
    LIST,
    TEXT,
    Column,
    bool_of,
    vocabularies,
)
from reformdesk.catalog.importing.reader import Cell

_GROUPED_INT = re.compile(r"^\d{1,3}([., ]\d{3})+$")
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


class CellError(Exception):
    """A cell that cannot be read as its column's kind; the message is for the error report."""


def _text(value: Cell) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


def _code(value: Cell) -> str:
    # Excel turns a typed 1.000080 into the number 1.00008: give national codes their six decimals back.
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.6f}"
    return "".join(_text(value).split())


def _int(value: Cell) -> int:
    if isinstance(value, bool):
        raise CellError(_("Cần một số nguyên."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(_("Cần một số nguyên, không có phần thập phân."))
    if isinstance(value, str):
        text = value.strip()
        if _GROUPED_INT.match(text):
            text = re.sub(r"[., ]", "", text)
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
    raise CellError(_("Cần một số nguyên, không nhận chữ: “%(value)s”.") % {"value": _text(value)[:40]})


def _decimal(value: Cell) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("Cần một số."))
    if isinstance(value, int | float):
        number = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip()
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # 0,5 written the Vietnamese way
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise CellError(
                _("Cần một số, không nhận chữ: “%(value)s”.") % {"value": _text(value)[:40]}
            ) from exc
    else:
        raise CellError(_("Cần một số."))
    if not number.is_finite():
        raise CellError(_("Cần một số."))
    if number < 0:
        raise CellError(_("Không được là số âm."))
    return number


def _date(value: Cell) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                continue
    raise CellError(
        _("Ngày không hợp lệ: “%(value)s”; ghi theo dạng ngày/tháng/năm, ví dụ 01/07/2025.")
        % {"value": _text(value)[:40]}
    )


def _bool(value: Cell) -> bool:
    if isinstance(value, bool):
        return value
    answer = bool_of(_text(value))
    if answer is None:
        raise CellError(_("Ghi “Có” hoặc “Không”, không nhận “%(value)s”.") % {"value": _text(value)[:40]})
    return answer


def _choice(column: Column, value: Cell) -> Any:
    vocabulary = vocabularies()[column.vocab]
    found = vocabulary.value_of(_text(value))
    if found is None:
        raise CellError(
            _("Giá trị “%(value)s” không có trong danh mục. Dùng một trong: %(words)s.")
            % {"value": _text(value)[:60], "words": "; ".join(vocabulary.words.values())}
        )
    return found


def _list(column: Column, value: Cell) -> list[Any]:
    vocabulary = vocabularies()[column.vocab]
    found: list[Any] = []
    unknown: list[str] = []
    for piece in re.split(r"[;\n]", _text(value)):
        if not piece.strip():
            continue
        # A label may hold a comma ("Hộ gia đình, hộ kinh doanh"): try the whole piece, then its parts.
        candidates = [piece] if vocabulary.value_of(piece) is not None else piece.split(",")
        for candidate in (c.strip() for c in candidates):
            if not candidate:
                continue
            item = vocabulary.value_of(candidate)
            if item is None:
                unknown.append(candidate)
            elif item not in found:
                found.append(item)
    if unknown:
        raise CellError(
            _(
                "Giá trị “%(value)s” không có trong danh mục. Dùng một hoặc nhiều giá trị, cách nhau bởi "
                "dấu chấm phẩy: %(words)s."
            )
            % {"value": "; ".join(unknown)[:80], "words": "; ".join(vocabulary.words.values())}
        )
    return found


def convert(column: Column, value: Cell) -> Any:
    """The Python value of one cell of ``column``; a blank cell gives the column's empty value."""
    if value is None:
        if column.required:
            raise CellError(_("Không được để trống."))
        return {TEXT: "", CODE: "", LIST: []}.get(column.kind)
    if column.kind == TEXT:
        return _text(value)
    if column.kind == CODE:
        return _code(value)
    if column.kind == INT:
        return _int(value)
    if column.kind == DECIMAL:
        return _decimal(value)
    if column.kind == DATE:
        return _date(value)
    if column.kind == BOOL:
        return _bool(value)
    if column.kind == LIST:
        return _list(column, value)
    return _choice(column, value)


def is_formula(value: Cell) -> bool:
    return isinstance(value, str) and value.lstrip().startswith("=")
