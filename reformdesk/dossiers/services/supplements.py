"""What a supplement request asks for, paper by paper: name, quantity and what is wrong.

Form 02 (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ; Circular 01/2018/TT-VPCP and Circular
03/2025/TT-VPCP, appendix I) lists every paper to bring or correct, and Decree 118/2025/NĐ-CP
(like Decree 61/2018/NĐ-CP, Art. 19) asks that the request say fully and at once what is missing
and why. The event row of the request keeps ``missing`` (the names, read by the lookup and the
API) and ``missing_papers`` (one ``{"name", "quantity", "reason"}`` a paper, printed as form 02's
table).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reformdesk.dossiers.models import Dossier, DossierPaper

# The reason printed for a required paper the applicant did not bring to the desk.
NOT_BROUGHT = "Chưa có trong hồ sơ"
MAX_QUANTITY = 99


@dataclass(frozen=True)
class MissingPaper:
    name: str
    quantity: int
    reason: str

    def as_data(self) -> dict[str, Any]:
        return {"name": self.name, "quantity": self.quantity, "reason": self.reason}


def missing_papers_not_brought(papers: Iterable[DossierPaper]) -> list[MissingPaper]:
    """The desk's guidance: each required paper not brought, with its quantity."""
    return [MissingPaper(name=p.name, quantity=p.quantity, reason=NOT_BROUGHT) for p in papers]


def missing_papers_from_lines(*, dossier: Dossier, lines: Iterable[str]) -> list[MissingPaper]:
    """Read an officer's list, one paper a line: ``name | quantity | what is wrong``, the last two
    optional (``name | what is wrong`` also reads). A paper of the dossier's list keeps its own
    quantity unless one is given; any other paper is one copy. Raises ``ValidationError`` on
    ``missing`` for a quantity that is not a whole number from 1 to 99."""
    quantities = {p.name.casefold(): p.quantity for p in dossier.papers.all()}
    found = []
    for line in lines:
        parts = [part.strip() for part in line.split("|")]
        if not parts[0]:
            continue
        name, quantity, reason = parts[0], None, ""
        if len(parts) == 2:
            if parts[1].isdigit():
                quantity = parts[1]
            else:
                reason = parts[1]
        elif len(parts) >= 3:
            quantity, reason = parts[1] or None, " | ".join(filter(None, parts[2:]))
        if quantity is not None and not (quantity.isdigit() and 1 <= int(quantity) <= MAX_QUANTITY):
            raise ValidationError(
                {
                    "missing": _(
                        "Số lượng của «%(name)s» phải là số nguyên từ 1 đến %(max)d "
                        "(mỗi dòng: tên giấy tờ | số lượng | nội dung cần bổ sung)."
                    )
                    % {"name": name[:100], "max": MAX_QUANTITY}
                }
            )
        count = int(quantity) if quantity is not None else quantities.get(name.casefold(), 1)
        found.append(MissingPaper(name=name, quantity=count, reason=reason))
    return found
