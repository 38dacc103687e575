"""The legal form sets of the one-stop desk, and which one is in force on a day.

A dossier is printed with the set in force on the day it was received (or submitted, when it was
never received); a tracking book with the set in force on its first day. A set's forms (numbers,
titles, templates) are code here; the day it came into force is a dated row with its source
(``FormSetPeriod``, loaded from ``dossiers/data/form-sets.csv``). Adding a set is a
:class:`FormSet` here, its templates and its row, so old dossiers keep the forms they were issued
with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from reformdesk.dossiers.models import FormSetPeriod


class FormKind(StrEnum):
    """What a form is for, whatever number a set gives it."""

    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    STOP = "stop"
    CONTROL = "control"
    BOOK = "book"


# The template of each kind of form, unless a set gives its own (``FormSet.templates``).
TEMPLATES = {
    FormKind.RECEIPT: "dossiers/forms/receipt.html",
    FormKind.SUPPLEMENT: "dossiers/forms/supplement.html",
    FormKind.REFUSAL: "dossiers/forms/refusal.html",
    FormKind.APOLOGY: "dossiers/forms/apology.html",
    FormKind.STOP: "dossiers/forms/stop.html",
    FormKind.CONTROL: "dossiers/forms/control.html",
}


@dataclass(frozen=True)
class FormSet:
    """One legal basis's forms: ``forms`` maps the printed number (``"01"``) to kind and title;
    ``templates`` names the set's own template for a kind whose content differs from 2018's."""

    basis: str
    forms: dict[str, tuple[FormKind, str]]
    templates: dict[FormKind, str] = field(default_factory=dict)

    def number_of(self, kind: FormKind) -> str:
        return next(number for number, (k, _title) in self.forms.items() if k == kind)

    def template_of(self, kind: FormKind) -> str:
        return self.templates.get(kind, TEMPLATES[kind])


CIRCULAR_01_2018 = FormSet(
    basis="Thông tư số 01/2018/TT-VPCP",
    forms={
        "01": (FormKind.RECEIPT, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "02": (FormKind.SUPPLEMENT, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "03": (FormKind.REFUSAL, "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        "04": (FormKind.APOLOGY, "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        "05": (FormKind.CONTROL, "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        "06": (FormKind.BOOK, "Sổ theo dõi hồ sơ"),
    },
)

# Decree 118/2025/NĐ-CP replaced Decree 61/2018/NĐ-CP on 1 July 2025, but its forms came later:
# Circular 03/2025/TT-VPCP of 15 September 2025 (appendix I) gives the seven that replaced the
# 2018 set, with a notice of stopping. Dossiers received before the circular's effective date
# (its row in form-sets.csv, with the source of that date) keep the 2018 forms. Its form 04 asks
# for an extension as well as apologising, so it has its own template.
CIRCULAR_03_2025 = FormSet(
    basis="Thông tư số 03/2025/TT-VPCP",
    forms={
        "01": (FormKind.RECEIPT, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "02": (FormKind.SUPPLEMENT, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "03": (FormKind.REFUSAL, "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        "04": (FormKind.APOLOGY, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        "05": (FormKind.STOP, "Thông báo dừng giải quyết hồ sơ"),
        "06": (FormKind.CONTROL, "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        "07": (FormKind.BOOK, "Sổ theo dõi hồ sơ"),
    },
    templates={FormKind.APOLOGY: "dossiers/forms/apology_extension.html"},
)

FORM_SETS = {form_set.basis: form_set for form_set in (CIRCULAR_01_2018, CIRCULAR_03_2025)}


def form_set_on(day: dt.date) -> FormSet:
    """The set whose row says it was in force on ``day``: the latest to start on or before it
    (the oldest set for days before any row, or a row naming a set this code does not have)."""
    basis = (
        FormSetPeriod.objects.filter(effective_from__lte=day, basis__in=list(FORM_SETS))
        .order_by("-effective_from")
        .values_list("basis", flat=True)
        .first()
    )
    return FORM_SETS.get(basis or "", CIRCULAR_01_2018)
