"""Figures ReformDesk cannot compute, entered by a reform officer with an evidence file."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_created, audit_record
from reformdesk.core.uploads import check_upload
from reformdesk.org.models import Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, require
from reformdesk.scoring.choices import EventKind, Rate
from reformdesk.scoring.models import Indicator, IndicatorEntry, ScoringEvent
from reformdesk.scoring.periods import Period
from reformdesk.scoring.selectors import indicators_on

MAX_COUNT = 10_000_000


def _name_of(user: User) -> str:
    official = Official.objects.filter(user=user).first()
    return official.full_name if official is not None else user.get_username()


@transaction.atomic
def entry_record(
    *,
    actor: AnyUser,
    indicator: Indicator,
    unit: Unit,
    period: Period,
    numerator: int,
    denominator: int,
    evidence: UploadedFile,
    note: str = "",
) -> IndicatorEntry:
    """Record ``numerator / denominator`` of an entered indicator for ``unit`` and ``period``, with
    an evidence file; a later entry replaces the current one (kept, no longer current).

    Refused, with nothing saved: someone without ``Perm.ENTER_INDEX`` on the unit; an indicator
    ReformDesk computes, or one the dossiers do not record yet, or one not in force in the period;
    counts below zero, a denominator of zero, a numerator above the denominator; an evidence file
    that is not a PDF, JPEG or PNG within the size limit.
    """
    require(actor, Perm.ENTER_INDEX, unit)
    assert isinstance(actor, User)  # a permission is only ever held by a signed-in user
    errors: dict[str, str] = {}
    if indicator.rate != Rate.ENTERED:
        errors["indicator"] = _("Chỉ số này không nhập tay: hệ thống tự tính hoặc chưa có dữ liệu.")
    elif not indicators_on(period.first).filter(pk=indicator.pk).exists():
        errors["indicator"] = _("Chỉ số này không áp dụng cho kỳ %(period)s.") % {"period": period.key}
    if not 0 < denominator <= MAX_COUNT:
        errors["denominator"] = _("Mẫu số phải là số nguyên từ 1 đến 10.000.000.")
    if numerator < 0:
        errors["numerator"] = _("Tử số không được âm.")
    elif 0 < denominator < numerator:
        errors["numerator"] = _("Tử số không được lớn hơn mẫu số.")
    try:
        checked = check_upload(evidence)
    except ValidationError as error:
        errors["evidence"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    previous = (
        IndicatorEntry.objects.select_for_update()
        .filter(indicator=indicator, unit=unit, period=period.key, is_current=True)
        .first()
    )
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    entry = IndicatorEntry(
        indicator=indicator,
        unit=unit,
        period=period.key,
        numerator=numerator,
        denominator=denominator,
        note=note.strip(),
        original_name=(evidence.name or "")[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        entered_by=actor,
        entered_by_name=_name_of(actor),
        entered_at=now,
    )
    entry.evidence.save(entry.sha256[:16], evidence, save=False)
    entry.save()
    kind = EventKind.ENTRY_RECORDED if previous is None else EventKind.ENTRY_REPLACED
    ScoringEvent.objects.create(
        kind=kind,
        at=now,
        actor=actor,
        indicator=indicator,
        entry=entry,
        unit=unit,
        period=period.key,
        note=entry.note,
        data={
            "numerator": numerator,
            "denominator": denominator,
            "replaces": previous.pk if previous else None,
        },
    )
    audit_created(
        actor=actor,
        obj=entry,
        fields=("indicator_id", "unit_id", "period", "numerator", "denominator", "sha256"),
        action="indicator_entry.record",
    )
    if previous is not None:
        audit_record(
            actor=actor, action="indicator_entry.replace", obj=previous, changes={"is_current": [True, False]}
        )
    return entry
