"""Internal regulations: entering a version, publishing it to the unit's officials, each
official's acknowledgement, and the reminders to those who have not acknowledged.

Every change writes one ``RegulationEvent`` row and one audit row. Refused, with nothing saved:
a version taking effect before the version it replaces (a replacement cannot be in force before
what it replaces), a version replacing another unit's, an issuing decision of another unit or a
cancelled number, and an acknowledgement by someone the version does not apply to.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.core.text import fold
from reformdesk.core.uploads import CheckedFile
from reformdesk.documents.choices_regulations import RegulationEventKind, RegulationKind, RegulationStatus
from reformdesk.documents.models import (
    OutgoingDocument,
    RegulationAcknowledgement,
    RegulationEvent,
    RegulationVersion,
)
from reformdesk.documents.models.regulations import (
    DECISION_MAX_CHARS,
    REGULATION_SEARCH_MAX_CHARS,
    TITLE_MAX_CHARS,
)
from reformdesk.documents.services.common import (
    ActionNotAllowed,
    Errors,
    add,
    official_of,
    one_line,
    raise_errors,
)
from reformdesk.notifications.choices import Language, MessageChannel
from reformdesk.notifications.models import Message
from reformdesk.notifications.services import TemplateMissing, message_enqueue
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, require

logger = logging.getLogger(__name__)

BODY_MAX_CHARS = 200_000
REMINDER_KEY = "regulation.acknowledge"
# SMS goes to mobile numbers only (as for the task reminders): a landline cannot receive it.
_MOBILE = re.compile(r"^0[35789]\d{8}$")


def _record(
    *,
    version: RegulationVersion,
    kind: str,
    actor: Actor,
    at: dt.datetime,
    changes: dict[str, Any],
    note: str = "",
    data: dict[str, Any] | None = None,
) -> RegulationEvent:
    event = RegulationEvent.objects.create(
        version=version,
        kind=kind,
        at=at,
        actor=actor if isinstance(actor, User) else None,
        actor_official=official_of(actor),
        note=note,
        data=data or {},
    )
    audit_record(actor=actor, action=f"documents.regulation_{kind}", obj=version, changes=changes)
    return event


def subjects_of(*, unit: Unit, on: dt.date) -> list[Official]:
    """The officials a version of ``unit`` applies to on ``on``: those with an active membership
    of the unit itself (not of the units below it, which have regulations of their own)."""
    ids = Membership.objects.active_on(on).filter(unit=unit, official__is_active=True).values("official_id")
    return list(Official.objects.filter(pk__in=ids).order_by("full_name", "employee_code"))


def is_subject(*, official: Official, unit: Unit, on: dt.date) -> bool:
    return (
        Membership.objects.active_on(on)
        .filter(unit=unit, official=official, official__is_active=True)
        .exists()
    )


def _search_text(*parts: str) -> str:
    return fold(" ".join(p for p in parts if p))[:REGULATION_SEARCH_MAX_CHARS]


@transaction.atomic
def regulation_create(
    *,
    actor: AnyUser,
    unit: Unit,
    kind: str,
    title: str,
    effective_on: dt.date,
    issuing_document: OutgoingDocument | None = None,
    decision_symbol: str = "",
    replaces: RegulationVersion | None = None,
    body: str = "",
    pdf: CheckedFile | None = None,
    is_public: bool = False,
) -> RegulationVersion:
    """Enter a version of one of ``unit``'s regulations as a draft. ``replaces`` is the version it
    takes over from (of the same unit, published, not replaced yet); it may not take effect
    before that one. Needs ``Perm.MANAGE_REGULATIONS`` on ``unit``."""
    require(actor, Perm.MANAGE_REGULATIONS, unit)
    errors: Errors = {}
    now = timezone.now()
    title = one_line(errors, "title", title, limit=TITLE_MAX_CHARS, required=_("Cần ghi tên quy chế."))
    decision_symbol = one_line(errors, "decision_symbol", decision_symbol, limit=DECISION_MAX_CHARS)
    body = one_line(errors, "body", body, limit=BODY_MAX_CHARS, multiline=True)
    if kind not in RegulationKind.values:
        add(errors, "kind", _("Loại quy chế không hợp lệ."))
    if issuing_document is not None:
        if issuing_document.unit_id != unit.pk:
            add(errors, "issuing_document", _("Quyết định ban hành phải là văn bản đi của chính đơn vị."))
        elif issuing_document.is_cancelled:
            add(errors, "issuing_document", _("Số văn bản này đã bị hủy."))
        decision_symbol = ""
    if replaces is not None:
        replaces = RegulationVersion.objects.select_for_update().get(pk=replaces.pk)
        if replaces.unit_id != unit.pk:
            add(errors, "replaces", _("Chỉ thay thế được quy chế của chính đơn vị."))
        elif not replaces.is_published:
            add(errors, "replaces", _("Chỉ thay thế được phiên bản đã công bố."))
        elif RegulationVersion.objects.filter(replaces=replaces).exists():
            add(errors, "replaces", _("Phiên bản này đã được một phiên bản khác thay thế."))
        elif effective_on < replaces.effective_on:
            add(
                errors,
                "effective_on",
                _("Phiên bản mới không thể có hiệu lực trước phiên bản nó thay thế (có hiệu lực từ %(day)s).")
                % {"day": f"{replaces.effective_on:%d/%m/%Y}"},
            )
    if pdf is not None and pdf.content_type != "application/pdf":
        add(errors, "pdf", _("Văn bản quy chế phải là tệp PDF."))
    raise_errors(errors)
    version = RegulationVersion(
        unit=unit,
        kind=kind,
        title=title,
        effective_on=effective_on,
        issuing_document=issuing_document,
        decision_symbol=decision_symbol,
        replaces=replaces,
        body=body,
        is_public=is_public,
        status=RegulationStatus.DRAFT,
        created_by=actor if actor.is_authenticated else None,
        created_at=now,
        search_text=_search_text(
            title, issuing_document.symbol if issuing_document else decision_symbol, body
        ),
    )
    if pdf is not None:
        version.pdf_name = (pdf.upload.name or "")[:255]
        version.pdf_size = pdf.size
        version.pdf_sha256 = pdf.sha256
        version.pdf.save(pdf.upload.name or "quy-che.pdf", pdf.upload, save=False)
    version.save()
    _record(
        version=version,
        kind=RegulationEventKind.CREATED,
        actor=actor,
        at=now,
        changes={
            "title": [None, title],
            "kind": [None, kind],
            "effective_on": [None, effective_on.isoformat()],
            "replaces": [None, replaces.pk if replaces else None],
            "is_public": [None, is_public],
        },
    )
    return version


@transaction.atomic
def regulation_publish(*, actor: AnyUser, version: RegulationVersion) -> RegulationVersion:
    """Publish a draft version to the unit's officials, who are then asked to acknowledge it.
    A published version is not edited again: a change is a new version replacing it."""
    version = RegulationVersion.objects.select_for_update().select_related("unit").get(pk=version.pk)
    require(actor, Perm.MANAGE_REGULATIONS, version.unit)
    if version.is_published:
        raise ActionNotAllowed(_("Phiên bản này đã được công bố."))
    now = timezone.now()
    version.status = RegulationStatus.PUBLISHED
    version.published_at = now
    version.save(update_fields=["status", "published_at"])
    subjects = subjects_of(unit=version.unit, on=timezone.localdate())
    _record(
        version=version,
        kind=RegulationEventKind.PUBLISHED,
        actor=actor,
        at=now,
        changes={"status": [RegulationStatus.DRAFT, RegulationStatus.PUBLISHED]},
        data={"subjects": len(subjects)},
    )
    return version


@transaction.atomic
def regulation_acknowledge(*, actor: AnyUser, version: RegulationVersion) -> RegulationAcknowledgement:
    """Record that the signed-in official has read a published version of their own unit's
    regulations. Refused for a draft, for someone the version does not apply to (an official of
    another unit, a login with no official), and a second time."""
    version = RegulationVersion.objects.select_for_update().select_related("unit").get(pk=version.pk)
    official = official_of(actor)
    now = timezone.now()
    if official is None or not is_subject(official=official, unit=version.unit, on=timezone.localdate()):
        raise ActionNotAllowed(
            _("Quy chế này không áp dụng với bạn: chỉ cán bộ, công chức của %(unit)s xác nhận.")
            % {"unit": version.unit.name}
        )
    if not version.is_published:
        raise ActionNotAllowed(_("Phiên bản này chưa được công bố."))
    if RegulationAcknowledgement.objects.filter(version=version, official=official).exists():
        raise ActionNotAllowed(_("Bạn đã xác nhận đã đọc phiên bản này."))
    row = RegulationAcknowledgement.objects.create(version=version, official=official, acknowledged_at=now)
    _record(
        version=version,
        kind=RegulationEventKind.ACKNOWLEDGED,
        actor=actor,
        at=now,
        changes={"acknowledged_by": [None, official.pk]},
        data={"official": official.pk},
    )
    return row


@dataclass(frozen=True)
class RegulationReminderRun:
    versions: int
    messages: int


def _addresses(official: Official) -> list[tuple[str, str]]:
    result = []
    phone = re.sub(r"[^0-9]", "", official.phone or "")
    if _MOBILE.match(phone):
        result.append((MessageChannel.SMS.value, phone))
    if official.email.strip():
        result.append((MessageChannel.EMAIL.value, official.email.strip()))
    return result


@transaction.atomic
def regulation_reminders_send(*, now: dt.datetime | None = None) -> RegulationReminderRun:
    """Remind, through the notifications outbox, every official who has not acknowledged a
    published version in force or coming into force (not replaced by a published version).
    Each official is reminded once per version and address (the outbox keeps one message per
    key, recipient and version), so running again sends nothing twice. A version that got
    reminders gets one event row for the run."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    versions = (
        RegulationVersion.objects.filter(status=RegulationStatus.PUBLISHED)
        .exclude(replaced_by__status=RegulationStatus.PUBLISHED)
        .select_related("unit")
        .order_by("unit_id", "pk")
    )
    touched = sent_total = 0
    for version in versions:
        done = set(version.acknowledgements.values_list("official_id", flat=True))
        already = set(
            Message.objects.filter(
                key=REMINDER_KEY, related_type=version._meta.label_lower, related_id=str(version.pk)
            ).values_list("recipient", flat=True)
        )
        sent = 0
        for official in subjects_of(unit=version.unit, on=today):
            if official.pk in done:
                continue
            for channel, address in _addresses(official):
                if address in already:
                    continue
                try:
                    message_enqueue(
                        key=REMINDER_KEY,
                        channel=channel,
                        language=Language.VI,
                        to=address,
                        context={
                            "name": official.full_name,
                            "title": version.title,
                            "unit": version.unit.name,
                            "effective_on": f"{version.effective_on:%d/%m/%Y}",
                        },
                        related=version,
                        reference=f"regulation-{version.pk}",
                    )
                except TemplateMissing:
                    logger.warning("regulation notice has no %s template", channel)
                    continue
                sent += 1
        if sent:
            touched += 1
            sent_total += sent
            _record(
                version=version,
                kind=RegulationEventKind.REMINDED,
                actor=None,
                at=now,
                changes={"reminders": [None, sent]},
                data={"messages": sent},
            )
    return RegulationReminderRun(versions=touched, messages=sent_total)
