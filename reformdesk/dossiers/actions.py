"""What staff send with an action on a dossier, read the same way for the pages and the API.

It turns what a form or a JSON body says (an official's employee code, papers by id or name) into
the arguments of a service call (``dossiers.workflow`` makes the call). Bad references raise
``ValidationError`` keyed by field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reformdesk.catalog.models import ProcedureCase, RequiredPaper
from reformdesk.core.text import fold
from reformdesk.dossiers.services.intake import required_papers
from reformdesk.org.models import Official


@dataclass
class ActionData:
    note: str = ""
    to_official: str | None = None  # employee code
    missing: list[str] = field(default_factory=list)
    papers: list[int | str] = field(default_factory=list)
    amount_vnd: int | None = None
    reasons: str = ""
    new_due_at: dt.datetime | None = None
    method: str = ""
    collected_by: str = ""
    # Digitisation flags: None leaves a flag as recorded (the API); the pages send every one.
    papers_digitised: bool | None = None
    reused_from: str | None = None  # an earlier dossier's code; "" clears it
    population_data_used: bool | None = None
    electronic_result: bool | None = None
    paid_online: bool = False


def paper_ids(*, version_id: int, case: ProcedureCase | None, papers: list[int | str]) -> list[int]:
    """Papers named by id or by name (diacritics and case ignored), as ids of the version's list."""
    known = required_papers(version_id=version_id, case=case)
    by_name: dict[str, RequiredPaper] = {fold(p.name_vi): p for p in known}
    ids = {p.pk for p in known}
    result = []
    for value in papers:
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit() and int(value) in ids):
            if int(value) not in ids:
                raise ValidationError(
                    {"papers": _("Giấy tờ số %(id)s không thuộc thủ tục này.") % {"id": value}}
                )
            result.append(int(value))
            continue
        paper = by_name.get(fold(value))
        if paper is None:
            raise ValidationError(
                {"papers": _("Không có giấy tờ «%(name)s» trong thủ tục này.") % {"name": value[:80]}}
            )
        result.append(paper.pk)
    return result


def official_by_code(code: str | None) -> Official | None:
    if not code:
        return None
    official = Official.objects.filter(employee_code=code.strip(), is_active=True).first()
    if official is None:
        raise ValidationError({"to_official": _("Không có cán bộ mã «%(code)s».") % {"code": code[:20]}})
    return official
