"""A finding about an official, recorded as a breach of that official's signed yearly commitment
(issue 14: "a breach can be recorded later, from an inspection finding, against the commitment
item"), through ``documents.services.commitments.record_breach`` and its rules.

The link is ``Finding.commitment_breach`` (one-to-one): the inspection knows its breach, the
commitment page links back to the finding by the path stored with the breach. Refused, with
nothing saved: a finding about no official, a finding already recorded, an official with no
signed commitment for the year of the inspection, an item of another commitment.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.documents.choices_regulations import CommitmentKind
from reformdesk.documents.models import Commitment, CommitmentItem
from reformdesk.documents.services.commitments import record_breach
from reformdesk.inspections.choices import EventKind
from reformdesk.inspections.models import Finding, Inspection
from reformdesk.inspections.services.base import (
    ActionNotAllowed,
    Errors,
    add,
    checked,
    expect,
    moment,
    raise_errors,
    record,
    team_member,
)
from reformdesk.inspections.services.findings import REMEDIABLE_STATUSES, record_reference
from reformdesk.org.models import Official
from reformdesk.org.permissions import AnyUser, Perm, has_perm

DESCRIPTION_MAX_CHARS = 2000


def inspected_year(inspection: Inspection) -> int:
    """The commitment year a finding falls in: that of the inspected moment, in local time."""
    assert inspection.at is not None
    return timezone.localtime(inspection.at).year


def signed_commitments(*, official: Official, year: int) -> list[Commitment]:
    """``official``'s own signed commitments of ``year`` (usually one; two when they work in two
    units whose applicable templates differ), with their template and items."""
    return list(
        Commitment.objects.filter(
            official=official, template__year=year, template__kind=CommitmentKind.OFFICIAL
        )
        .select_related("template", "unit")
        .prefetch_related("template__items")
        .order_by("signed_at", "id")
    )


def may_record_breach(actor: AnyUser, inspection: Inspection) -> bool:
    """The team or the inspecting side, who may also record breaches at the inspected unit."""
    inspecting = team_member(actor, inspection) is not None or has_perm(
        actor, Perm.MANAGE_INSPECTIONS, inspection.inspecting_unit
    )
    return inspecting and has_perm(actor, Perm.RECORD_BREACHES, inspection.target_unit)


def finding_url(finding: Finding) -> str:
    return reverse("inspections:run", args=[finding.inspection_id]) + f"#finding-{finding.pk}"


@transaction.atomic
def finding_record_breach(
    *,
    actor: AnyUser,
    finding: Finding,
    item: CommitmentItem,
    description: str = "",
    at: dt.datetime | None = None,
) -> Finding:
    """Record ``finding`` as a breach of ``item`` of its official's signed commitment for the
    year of the inspection, dated the inspected day, its source the record and the finding.
    Once the team has finished on site: the finding is then final."""
    # The finding's row is locked first: two clicks record one breach, the second is refused.
    finding = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("inspection", "inspection__target_unit", "inspection__inspecting_unit", "official")
        .get(pk=finding.pk)
    )
    inspection = finding.inspection
    if not may_record_breach(actor, inspection):
        raise PermissionDenied(_("Bạn không được ghi nhận vi phạm cam kết từ cuộc kiểm tra này."))
    expect(
        inspection, REMEDIABLE_STATUSES, _("Cuộc kiểm tra chưa kết thúc: chưa ghi nhận vi phạm cam kết được.")
    )
    if finding.official is None:
        raise ActionNotAllowed(_("Vi phạm này không gắn với cán bộ nào: không có bản cam kết để ghi nhận."))
    if finding.commitment_breach_id is not None:
        raise ActionNotAllowed(_("Vi phạm này đã được ghi nhận vào bản cam kết; không ghi nhận lần thứ hai."))
    at = moment(at)
    year = inspected_year(inspection)
    errors: Errors = {}
    description = checked(
        errors, description or finding.description, name="description", limit=DESCRIPTION_MAX_CHARS
    )
    commitments = signed_commitments(official=finding.official, year=year)
    commitment = next((c for c in commitments if c.template_id == item.template_id), None)
    if not commitments:
        add(
            errors,
            "item",
            _("%(name)s chưa ký cam kết năm %(year)d: không có nội dung cam kết để ghi nhận vi phạm.")
            % {"name": finding.official.full_name, "year": year},
        )
    elif commitment is None:
        add(
            errors,
            "item",
            _("Nội dung này không thuộc bản cam kết năm %(year)d mà %(name)s đã ký.")
            % {"year": year, "name": finding.official.full_name},
        )
    raise_errors(errors)
    assert commitment is not None
    source = _("%(record)s, vi phạm #%(finding)d") % {
        "record": record_reference(inspection),
        "finding": finding.pk,
    }
    breach = record_breach(
        actor=actor,
        commitment=commitment,
        item=item,
        occurred_on=timezone.localtime(inspection.at).date(),
        description=description,
        source=source[:200],
        source_url=finding_url(finding),
    )
    finding.commitment_breach = breach
    finding.save(update_fields=["commitment_breach"])
    record(
        inspection=inspection,
        finding=finding,
        kind=EventKind.BREACH_RECORDED,
        actor=actor,
        at=at,
        from_status=finding.status,
        data={"breach": breach.pk, "commitment": commitment.pk, "item": item.number},
        changes={"commitment_breach": [None, breach.pk]},
    )
    return finding
