"""What a dossier records about digitisation: papers digitised, data reused from an earlier
dossier of the same applicant, national population data used, an electronic result.

These are the flags the Decision 766/QĐ-TTg index counts in its "Số hóa hồ sơ" group (and, with
``paid_online`` set by :func:`~reformdesk.dossiers.services.closing.dossier_fees_paid`, its online
payment group). The desk sets the first three at intake (:class:`Digitisation`, read by the intake
services); :func:`dossier_record_digitisation` changes any of them later, with one event row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record
from reformdesk.dossiers.choices import EventKind, Status
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.services.events import ActionNotAllowed, record
from reformdesk.org.permissions import AnyUser, Perm, has_perm

# A dossier whose digitisation may still be recorded: received and not ended without a result
# (the result delivered closes it too: what was issued is then on record).
DIGITISATION_STATUSES = frozenset(
    {Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.AWAITING_FEES, Status.RESULT_READY}
)
FLAGS = ("papers_digitised", "reused_from", "population_data_used", "electronic_result")


@dataclass(frozen=True)
class Digitisation:
    """What the desk records at intake. ``reused_from`` is the code of an earlier dossier of the
    same applicant whose digitised data were reused ("" when none)."""

    papers_digitised: bool = False
    reused_from: str = ""
    population_data_used: bool = False

    def as_data(self, dossier: Dossier) -> dict[str, Any]:
        """The flags set, for the intake event's ``data`` (empty when none is)."""
        values = {
            "papers_digitised": dossier.papers_digitised,
            "reused_from": dossier.reused_from.code if dossier.reused_from else "",
            "population_data_used": dossier.population_data_used,
        }
        return {"digitisation": values} if any(values.values()) else {}


def previous_dossier(*, code: str, dossier: Dossier) -> Dossier | None:
    """The earlier dossier named by ``code`` whose data ``dossier`` reuses; None for an empty code.

    Refused (``ValidationError`` on ``reused_from``): an unknown code, the dossier itself, a dossier
    of another applicant (the personal identification number or tax code must be the same, and
    known), and one not received before this one was submitted (its data were not on record)."""
    code = code.strip()
    if not code:
        return None
    previous = Dossier.objects.filter(code=code).first()
    if previous is None:
        raise ValidationError({"reused_from": _("Không có hồ sơ mã «%(code)s».") % {"code": code[:32]}})
    if previous.pk is not None and previous.pk == dossier.pk:
        raise ValidationError({"reused_from": _("Hồ sơ không thể tái sử dụng dữ liệu của chính nó.")})
    same = dossier.applicant_id_number and previous.applicant_id_number == dossier.applicant_id_number
    if not same:
        raise ValidationError(
            {
                "reused_from": _(
                    "Hồ sơ %(code)s không phải của người nộp này (khác số định danh cá nhân / mã số thuế)."
                )
                % {"code": previous.code}
            }
        )
    if previous.received_at is None or previous.received_at >= dossier.submitted_at:
        raise ValidationError(
            {
                "reused_from": _("Hồ sơ %(code)s chưa được tiếp nhận trước hồ sơ này.")
                % {"code": previous.code}
            }
        )
    return previous


def apply_at_intake(dossier: Dossier, digitisation: Digitisation | None) -> None:
    """Set the intake flags on ``dossier`` (saved or not), validating the previous dossier."""
    if digitisation is None:
        return
    dossier.papers_digitised = digitisation.papers_digitised
    dossier.population_data_used = digitisation.population_data_used
    dossier.reused_from = previous_dossier(code=digitisation.reused_from, dossier=dossier)


@transaction.atomic
def dossier_record_digitisation(
    *,
    actor: AnyUser,
    dossier: Dossier,
    papers_digitised: bool | None = None,
    reused_from: str | None = None,
    population_data_used: bool | None = None,
    electronic_result: bool | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Change the dossier's digitisation flags (None: leave as it is; ``reused_from`` "" clears it).

    The desk (receiving unit) or the processing staff (processing unit) may; the dossier must be
    received and not yet delivered or ended. Writes one event row listing each changed flag as
    ``[before, after]``; a call that changes nothing is refused, with nothing written."""
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("reused_from").get(pk=dossier.pk)
    if dossier.status not in DIGITISATION_STATUSES:
        raise ActionNotAllowed(
            _("Chỉ cập nhật thông tin số hóa được hồ sơ đã tiếp nhận, chưa trả kết quả hoặc kết thúc.")
        )
    if not (
        has_perm(actor, Perm.RECEIVE_DOSSIERS, dossier.receiving_unit)
        or has_perm(actor, Perm.PROCESS_DOSSIERS, dossier.processing_unit)
    ):
        raise PermissionDenied(_("Bạn không có quyền cập nhật hồ sơ này."))
    changes: dict[str, list[Any]] = {}
    for name, value in (
        ("papers_digitised", papers_digitised),
        ("population_data_used", population_data_used),
        ("electronic_result", electronic_result),
    ):
        if value is not None and bool(value) != getattr(dossier, name):
            changes[name] = [getattr(dossier, name), bool(value)]
            setattr(dossier, name, bool(value))
    if reused_from is not None:
        previous = previous_dossier(code=reused_from, dossier=dossier)
        before = dossier.reused_from.code if dossier.reused_from else ""
        after = previous.code if previous else ""
        if before != after:
            changes["reused_from"] = [before, after]
            dossier.reused_from = previous
    if not changes:
        raise ValidationError(_("Thông tin số hóa không thay đổi."))
    dossier.save(update_fields=[*(name for name in FLAGS if name in changes), "updated_at"])
    record(
        dossier=dossier,
        kind=EventKind.DIGITISATION,
        actor=actor,
        at=at or timezone.now(),
        from_status=dossier.status,
        step=dossier.current_step,
        note=note.strip(),
        data=changes,
        audit=False,
    )
    audit_record(actor=actor, action=f"dossier.{EventKind.DIGITISATION}", obj=dossier, changes=changes)
    return dossier
