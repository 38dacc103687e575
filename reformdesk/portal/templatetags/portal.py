"""Display helpers for the public procedure pages."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from html import escape
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reformdesk.catalog.choices import ApplicantType, Level, OnlineLevel
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


CODE_PLACEHOLDER = "0"

ROW = (
    '<li class="procedure-item list-group-item px-0 py-3" data-code="{code}">\n'
    '  <h3 class="h6 mb-1"><a href="{url}">{name}</a></h3>\n'
    '  <p class="small text-body-secondary mb-0">\n'
    '    <span class="text-nowrap">{code_label} {code}</span> · {field} · {levels}{time_limit}\n'
    "    {badge}\n"
    "  </p>\n"
    "</li>"
)


@register.simple_tag
def procedure_rows(procedures: Iterable[Procedure]) -> SafeString:
    """The rows of a list of procedures (the search's results, a unit's list): name and link,
    code, field, levels, time limit and online badge. Built in Python with the standard library's
    escaping: a row template per procedure cost more than the search's own queries."""
    prefix, _sep, suffix = reverse("portal:procedure_detail", args=[CODE_PLACEHOLDER]).rpartition(
        CODE_PLACEHOLDER
    )
    code_label = escape(_("Mã"))
    badge = '<span class="badge text-bg-success ms-1">{}</span>'
    badges = {
        OnlineLevel.FULL: badge.format(escape(_("Trực tuyến toàn trình"))),
        OnlineLevel.PARTIAL: badge.format(escape(_("Trực tuyến một phần"))),
    }
    level_labels = {str(level): str(label) for level, label in Level.choices}
    rows = []
    for p in procedures:
        days = getattr(p, "time_limit_days", None)
        time_limit = (
            f' · <span class="text-nowrap">{escape(working_days(days))}</span>' if days is not None else ""
        )
        rows.append(
            ROW.format(
                code=escape(p.national_code),
                url=escape(prefix + quote(p.national_code) + suffix),
                name=escape(p.name),
                code_label=code_label,
                field=escape(p.field.name),
                levels=escape(", ".join(level_labels[level] for level in p.levels)),
                time_limit=time_limit,
                badge=badges.get(p.online_level, ""),
            )
        )
    return mark_safe("\n".join(rows))


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
