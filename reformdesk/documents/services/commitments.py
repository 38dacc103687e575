"""Yearly commitments: issuing a year's template (text and numbered items), signing it — each
official their own, a unit's leader the unit's — and recording a breach of one item later.

Every change writes one ``CommitmentEvent`` row and one audit row. Refused, with nothing saved:
a second template of the same kind and year by the same unit, signing twice, signing a template
that does not apply to you (or, for a unit, when you do not lead it), and a breach of an item
that is not in the commitment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.documents.choices_regulations import CommitmentEventKind, CommitmentKind
from reformdesk.documents.models import (
    Commitment,
    CommitmentBreach,
    CommitmentEvent,
    CommitmentItem,
    CommitmentTemplate,
)
from reformdesk.documents.models.commitments import (
    ITEM_MAX_CHARS,
    SOURCE_MAX_CHARS,
    SOURCE_URL_MAX_CHARS,
    TEMPLATE_TITLE_MAX_CHARS,
)
from reformdesk.documents.services.common import (
    ActionNotAllowed,
    Errors,
    add,
    official_of,
    one_line,
    raise_errors,
)
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, require

PREAMBLE_MAX_CHARS = 20_000
DESCRIPTION_MAX_CHARS = 4000
MAX_ITEMS = 50


def _record(
    *,
    template: CommitmentTemplate,
    kind: str,
    actor: Actor,
    at: dt.datetime,
    obj: Any,
    changes: dict[str, Any],
    commitment: Commitment | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> CommitmentEvent:
    event = CommitmentEvent.objects.create(
        template=template,
        commitment=commitment,
        kind=kind,
        at=at,
        actor=actor if isinstance(actor, User) else None,
        actor_official=official_of(actor),
        note=note,
        data=data or {},
    )
    audit_record(actor=actor, action=f"documents.commitment_{kind}", obj=obj, changes=changes)
    return event


def applicable_template(*, unit: Unit, year: int, kind: str) -> CommitmentTemplate | None:
    """The template of ``kind`` for ``year`` that applies at ``unit``: its own, else the one of
    the nearest unit above it that issued one."""
    lineage = [unit.pk, *reversed(unit.ancestor_ids())]
    templates = {
        t.unit_id: t for t in CommitmentTemplate.objects.filter(unit_id__in=lineage, year=year, kind=kind)
    }
    for unit_id in lineage:
        if unit_id in templates:
            return templates[unit_id]
    return None


def official_units(*, official: Official, on: dt.date) -> list[Unit]:
    """The units ``official`` works in on ``on``, the primary one first."""
    rows = (
        Membership.objects.active_on(on)
        .filter(official=official, official__is_active=True)
        .select_related("unit")
        .order_by("-is_primary", "pk")
    )
    units: list[Unit] = []
    for membership in rows:
        if membership.unit not in units:
            units.append(membership.unit)
    return units


@transaction.atomic
def commitment_template_create(
    *,
    actor: AnyUser,
    unit: Unit,
    year: int,
    kind: str,
    title: str,
    preamble: str = "",
    items: Sequence[str],
) -> CommitmentTemplate:
    """Issue ``unit``'s commitment template of ``kind`` for ``year``, applying to its subtree;
    ``items`` are the numbered items, in order (empty lines are dropped). Needs
    ``Perm.MANAGE_REGULATIONS`` on ``unit``."""
    require(actor, Perm.MANAGE_REGULATIONS, unit)
    errors: Errors = {}
    now = timezone.now()
    title = one_line(errors, "title", title, limit=TEMPLATE_TITLE_MAX_CHARS, required=_("Cần ghi tiêu đề."))
    preamble = one_line(errors, "preamble", preamble, limit=PREAMBLE_MAX_CHARS, multiline=True)
    if kind not in CommitmentKind.values:
        add(errors, "kind", _("Loại cam kết không hợp lệ."))
    if not 2000 <= year <= 2100:
        add(errors, "year", _("Năm không hợp lệ."))
    texts = []
    for raw in items:
        text = one_line(errors, "items", raw, limit=ITEM_MAX_CHARS, multiline=True)
        if text:
            texts.append(text)
    if not texts:
        add(errors, "items", _("Cần ghi ít nhất một nội dung cam kết."))
    elif len(texts) > MAX_ITEMS:
        add(errors, "items", _("Tối đa %(limit)d nội dung cam kết.") % {"limit": MAX_ITEMS})
    if (
        kind in CommitmentKind.values
        and CommitmentTemplate.objects.filter(unit=unit, year=year, kind=kind).exists()
    ):
        add(
            errors,
            "year",
            _("%(unit)s đã ban hành mẫu cam kết loại này cho năm %(year)d.")
            % {"unit": unit.name, "year": year},
        )
    raise_errors(errors)
    template = CommitmentTemplate.objects.create(
        unit=unit,
        year=year,
        kind=kind,
        title=title,
        preamble=preamble,
        created_by=actor if actor.is_authenticated else None,
        created_at=now,
    )
    CommitmentItem.objects.bulk_create(
        [CommitmentItem(template=template, number=n, text=t) for n, t in enumerate(texts, start=1)]
    )
    _record(
        template=template,
        kind=CommitmentEventKind.TEMPLATE_CREATED,
        actor=actor,
        at=now,
        obj=template,
        changes={
            "year": [None, year],
            "kind": [None, kind],
            "title": [None, title],
            "items": [None, len(texts)],
        },
    )
    return template


def _already_signed(template: CommitmentTemplate, who: str) -> ActionNotAllowed:
    return ActionNotAllowed(
        _("%(who)s đã ký %(title)s; không ký lại lần thứ hai.") % {"who": who, "title": template.title}
    )


@transaction.atomic
def commitment_sign(*, actor: AnyUser, template: CommitmentTemplate, unit: Unit | None = None) -> Commitment:
    """Sign ``template``: an official's template by the signed-in official, for themselves; a
    unit's template for ``unit``, by one of its leaders. The signature is the recorded
    acknowledgement with its moment. Refused a second time, and where the template does not
    apply (another unit's, or a year whose template for you is a nearer unit's)."""
    # Signatures of one template queue on its row: two clicks make one signature, not an error.
    template = CommitmentTemplate.objects.select_for_update().select_related("unit").get(pk=template.pk)
    official = official_of(actor)
    today = timezone.localdate()
    now = timezone.now()
    if official is None:
        raise ActionNotAllowed(_("Chỉ cán bộ, công chức mới ký cam kết."))
    if template.kind == CommitmentKind.OFFICIAL:
        units = [
            u
            for u in official_units(official=official, on=today)
            if applicable_template(unit=u, year=template.year, kind=template.kind) == template
        ]
        if not units:
            raise ActionNotAllowed(_("Mẫu cam kết này không áp dụng với bạn."))
        if Commitment.objects.filter(template=template, official=official).exists():
            raise _already_signed(template, official.full_name)
        commitment = Commitment.objects.create(
            template=template, unit=units[0], official=official, signed_by=official, signed_at=now
        )
    else:
        if unit is None or applicable_template(unit=unit, year=template.year, kind=template.kind) != template:
            raise ActionNotAllowed(_("Mẫu cam kết này không áp dụng với đơn vị này."))
        leads = (
            Membership.objects.active_on(today)
            .filter(official=official, unit=unit, role=Role.LEADER, official__is_active=True)
            .exists()
        )
        if not leads:
            raise ActionNotAllowed(
                _("Chỉ lãnh đạo của %(unit)s ký cam kết của đơn vị.") % {"unit": unit.name}
            )
        if Commitment.objects.filter(template=template, unit=unit, official__isnull=True).exists():
            raise _already_signed(template, unit.name)
        commitment = Commitment.objects.create(
            template=template, unit=unit, official=None, signed_by=official, signed_at=now
        )
    _record(
        template=template,
        commitment=commitment,
        kind=CommitmentEventKind.SIGNED,
        actor=actor,
        at=now,
        obj=commitment,
        changes={"signed_by": [None, official.pk], "unit": [None, commitment.unit_id]},
    )
    return commitment


@transaction.atomic
def record_breach(
    *,
    actor: AnyUser,
    commitment: Commitment,
    item: CommitmentItem,
    occurred_on: dt.date,
    description: str,
    source: str = "",
    source_url: str = "",
) -> CommitmentBreach:
    """Record a breach of ``item`` of a signed ``commitment``, found on ``occurred_on``.
    ``source`` is a free reference to where it was found (an inspection finding's reference, for
    instance), so that another module can call this without this one knowing it; ``source_url``
    the site path of its page (only a path on this site: the commitment page links to it). Needs
    ``Perm.RECORD_BREACHES`` on the commitment's unit."""
    commitment = Commitment.objects.select_related("template", "unit").get(pk=commitment.pk)
    require(actor, Perm.RECORD_BREACHES, commitment.unit)
    errors: Errors = {}
    now = timezone.now()
    description = one_line(
        errors,
        "description",
        description,
        limit=DESCRIPTION_MAX_CHARS,
        required=_("Cần ghi nội dung vi phạm."),
        multiline=True,
    )
    source = one_line(errors, "source", source, limit=SOURCE_MAX_CHARS)
    source_url = (source_url or "").strip()
    # A path on this site only: an absolute or protocol-relative link would lead off the site.
    if source_url and (
        not source_url.startswith("/")
        or source_url.startswith("//")
        or len(source_url) > SOURCE_URL_MAX_CHARS
        or any(c.isspace() or c in "\\\"'<>" for c in source_url)
    ):
        add(errors, "source_url", _("Liên kết nguồn ghi nhận không hợp lệ."))
    if item.template_id != commitment.template_id:
        add(errors, "item", _("Nội dung này không thuộc bản cam kết đã ký."))
    if occurred_on > timezone.localdate():
        add(errors, "occurred_on", _("Ngày vi phạm không được sau ngày hôm nay."))
    elif occurred_on.year != commitment.template.year:
        add(
            errors,
            "occurred_on",
            _("Cam kết năm %(year)d chỉ áp dụng cho vi phạm trong năm đó.")
            % {"year": commitment.template.year},
        )
    raise_errors(errors)
    breach = CommitmentBreach.objects.create(
        commitment=commitment,
        item=item,
        occurred_on=occurred_on,
        description=description,
        source=source,
        source_url=source_url,
        recorded_by=actor if actor.is_authenticated else None,
        recorded_at=now,
    )
    _record(
        template=commitment.template,
        commitment=commitment,
        kind=CommitmentEventKind.BREACH_RECORDED,
        actor=actor,
        at=now,
        obj=breach,
        note=description,
        changes={
            "item": [None, item.number],
            "occurred_on": [None, occurred_on.isoformat()],
            "source": [None, source],
        },
        data={"breach": breach.pk, "item": item.number},
    )
    return breach
