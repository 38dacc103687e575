"""Display helpers for the public procedure pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from reformdesk.catalog.choices import ApplicantType, Level
from reformdesk.catalog.models import FilingMethod, Procedure
from reformdesk.catalog.open311 import grouped, working_days_text

register = template.Library()


@register.filter
def working_days(days: Decimal | None) -> str:
    return working_days_text(days)


@register.filter
def time_limit(method: FilingMethod) -> str:
    """A channel's time limit: the working days, the decision's wording, or both."""
    days = working_days(method.time_limit_days)
    if days and method.time_limit_text:
        return f"{days} ({method.time_limit_text})"
    return days or method.time_limit_text or "—"


@register.filter
def fee(method: FilingMethod) -> str:
    """A channel's fee: free, an amount in đồng per unit, or the decision's wording."""
    if method.fee_vnd is None:
        return method.fee_text or _("Theo quy định của Hội đồng nhân dân tỉnh")
    if method.fee_vnd == 0:
        text = _("Không thu phí, lệ phí")
    else:
        text = _("%(amount)s đồng") % {"amount": grouped(method.fee_vnd)}
        if method.fee_unit:
            text = f"{text}/{method.fee_unit}"
    return f"{text} ({method.fee_text})" if method.fee_text else text


@register.filter
def level_names(procedure: Procedure) -> str:
    """ "Cấp huyện, Cấp xã": the levels of government competent for a procedure."""
    labels = dict(Level.choices)
    return ", ".join(str(labels[level]) for level in procedure.levels)


@register.filter
def applicant_labels(codes: list[str] | None) -> list[str]:
    """The labels of a version's applicant types (codes of ``ApplicantType``; other text as is)."""
    labels = dict(ApplicantType.choices)
    return [str(labels.get(code, code)) for code in codes or []]


@register.filter
def file_kind(name: str) -> str:
    """ "forms/to-khai.docx" → "DOCX"."""
    _stem, dot, extension = str(name).rpartition(".")
    return extension.upper() if dot and len(extension) <= 5 else ""
