"""Display helpers shared by the catalog's staff pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from reformdesk.catalog.open311 import working_days_text

register = template.Library()


@register.filter
def working_days(days: Decimal | None) -> str:
    """``Decimal("0.5")`` → "0,5 ngày làm việc", with English plurals."""
    return working_days_text(days)
