"""The legal form sets of the one-stop desk and the date each came into force.

A dossier is printed with the set in force on the day it was received (or submitted, when it was
never received); a tracking book with the set in force on its first day. Adding a set is adding a
:class:`FormSet` row here and its templates, so old dossiers keep the forms they were issued with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class FormKind(StrEnum):
    """What a form is for, whatever number a set gives it."""

    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    STOP = "stop"
    CONTROL = "control"
    BOOK = "book"


@dataclass(frozen=True)
class FormSet:
    """One legal basis's forms: ``forms`` maps the printed number (``"01"``) to kind and title."""

    basis: str
    effective_from: dt.date
    forms: dict[str, tuple[FormKind, str]]

    def number_of(self, kind: FormKind) -> str:
        return next(number for number, (k, _title) in self.forms.items() if k == kind)


CIRCULAR_01_2018 = FormSet(
    basis="Thông tư số 01/2018/TT-VPCP",
    effective_from=dt.date(2018, 12, 23),
    forms={
        "01": (FormKind.RECEIPT, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "02": (FormKind.SUPPLEMENT, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "03": (FormKind.REFUSAL, "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        "04": (FormKind.APOLOGY, "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        "05": (FormKind.CONTROL, "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        "06": (FormKind.BOOK, "Sổ theo dõi hồ sơ"),
    },
)

# Decree 118/2025/NĐ-CP replaced Decree 61/2018/NĐ-CP on 1 July 2025; Circular 03/2025/TT-VPCP
# (appendix I) gives the forms that replaced the 2018 set: seven, with a notice of stopping.
CIRCULAR_03_2025 = FormSet(
    basis="Thông tư số 03/2025/TT-VPCP",
    effective_from=dt.date(2025, 7, 1),
    forms={
        "01": (FormKind.RECEIPT, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "02": (FormKind.SUPPLEMENT, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "03": (FormKind.REFUSAL, "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        "04": (FormKind.APOLOGY, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        "05": (FormKind.STOP, "Thông báo dừng giải quyết hồ sơ"),
        "06": (FormKind.CONTROL, "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        "07": (FormKind.BOOK, "Sổ theo dõi hồ sơ"),
    },
)

FORM_SETS = (CIRCULAR_01_2018, CIRCULAR_03_2025)


def form_set_on(day: dt.date) -> FormSet:
    """The set in force on ``day`` (the oldest set for days before any)."""
    current = FORM_SETS[0]
    for form_set in FORM_SETS:
        if form_set.effective_from <= day:
            current = form_set
    return current
