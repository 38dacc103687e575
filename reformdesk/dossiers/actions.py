"""One entry point for the actions staff take on a dossier, shared by the pages and the API.

It turns what a form or a JSON body says (an official's employee code, papers by id or name) into
the arguments of one service call. Bad references raise ``ValidationError`` keyed by field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.catalog.models import ProcedureCase, RequiredPaper
from reformdesk.core.text import fold
from reformdesk.dossiers import services
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.services.intake import required_papers
from reformdesk.org.models import Official
from reformdesk.org.permissions import AnyUser

ACTIONS = (
    "accept",
    "refuse",
    "forward",
    "approve",
    "send_back",
    "reassign",
    "request_supplement",
    "receive_supplement",
    "request_fees",
    "fees_paid",
    "decline",
    "apologise",
    "withdraw",
    "stop",
    "deliver",
)


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


def _required(name: str, message: str) -> ValidationError:
    return ValidationError({name: message})


def perform(action: str, *, user: AnyUser, dossier: Dossier, data: ActionData) -> Dossier:
    """Run ``action`` on ``dossier``. Raises what the service raises (ActionNotAllowed,
    PermissionDenied, ValidationError); ``ValueError`` for an unknown action."""
    if action == "accept":
        ids = paper_ids(version_id=dossier.version_id, case=dossier.case, papers=data.papers)
        return services.dossier_accept(actor=user, dossier=dossier, submitted_papers=ids, note=data.note)
    if action == "refuse":
        return services.dossier_refuse(actor=user, dossier=dossier, reasons=data.reasons or data.note)
    if action in ("forward", "approve"):
        return services.dossier_forward(
            actor=user,
            dossier=dossier,
            to_official=official_by_code(data.to_official),
            note=data.note,
            approve=action == "approve",
        )
    if action == "send_back":
        return services.dossier_send_back(actor=user, dossier=dossier, note=data.note)
    if action == "reassign":
        official = official_by_code(data.to_official)
        if official is None:
            raise _required("to_official", _("Cần chọn cán bộ nhận hồ sơ."))
        return services.dossier_reassign(actor=user, dossier=dossier, to_official=official, note=data.note)
    if action == "request_supplement":
        return services.dossier_request_supplement(
            actor=user, dossier=dossier, missing=data.missing, note=data.note
        )
    if action == "receive_supplement":
        ids = paper_ids(version_id=dossier.version_id, case=dossier.case, papers=data.papers)
        return services.dossier_receive_supplement(
            actor=user, dossier=dossier, note=data.note, submitted_papers=ids
        )
    if action == "request_fees":
        if data.amount_vnd is None:
            raise _required("amount_vnd", _("Cần ghi số tiền phải nộp."))
        return services.dossier_request_fees(
            actor=user, dossier=dossier, amount_vnd=data.amount_vnd, note=data.note
        )
    if action == "fees_paid":
        return services.dossier_fees_paid(actor=user, dossier=dossier, note=data.note)
    if action == "decline":
        return services.dossier_decline(actor=user, dossier=dossier, reasons=data.reasons or data.note)
    if action == "apologise":
        if data.new_due_at is None:
            raise _required("new_due_at", _("Cần ghi ngày hẹn trả kết quả mới."))
        new_due_at = data.new_due_at
        if timezone.is_naive(new_due_at):  # a date and time without an offset is Vietnam time
            new_due_at = timezone.make_aware(new_due_at)
        return services.dossier_apologise(
            actor=user, dossier=dossier, reason=data.reasons or data.note, new_due_at=new_due_at
        )
    if action == "withdraw":
        return services.dossier_withdraw(actor=user, dossier=dossier, note=data.note)
    if action == "stop":
        return services.dossier_stop(actor=user, dossier=dossier, reason=data.reasons or data.note)
    if action == "deliver":
        return services.dossier_deliver(
            actor=user, dossier=dossier, method=data.method, collected_by=data.collected_by, note=data.note
        )
    raise ValueError(action)
