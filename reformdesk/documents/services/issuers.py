"""The abbreviation a unit signs its documents' symbols with (Decree 30/2020/NĐ-CP, Appendix I,
section II.3), set by administrators for units that are not a People's Committee."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.documents.models import IssuerAbbreviation

# Capital letters and digits, written together without spaces: "UBND", "VP", "TCKT", "ĐT".
ABBREVIATION_RE = re.compile(r"^[A-ZĐ0-9][A-Za-zĐđ0-9]{0,19}$")


def validate_abbreviation(value: str) -> None:
    if not ABBREVIATION_RE.match(value):
        raise ValidationError(
            _("Chữ viết tắt gồm chữ cái in hoa và chữ số, viết liền, tối đa 20 ký tự, ví dụ VP."),
            code="abbreviation",
        )


@transaction.atomic
def issuer_abbreviation_save(*, actor: Actor, row: IssuerAbbreviation) -> IssuerAbbreviation:
    """Store a unit's abbreviation (new or changed) with its audit row. Numbers already given
    keep the symbol they were registered with."""
    row.abbreviation = row.abbreviation.strip()
    try:
        validate_abbreviation(row.abbreviation)
    except ValidationError as exc:
        raise ValidationError({"abbreviation": exc.messages}) from exc
    before = (
        IssuerAbbreviation.objects.filter(pk=row.pk).values_list("abbreviation", flat=True).first()
        if row.pk
        else None
    )
    row.save()
    audit_record(
        actor=actor,
        action="documents.issuer_abbreviation_save",
        obj=row,
        changes={"unit": [None, row.unit_id], "abbreviation": [before, row.abbreviation]},
    )
    return row
