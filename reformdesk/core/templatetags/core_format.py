"""Template filters for numbers on pages (see :mod:`reformdesk.core.numbers`)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from reformdesk.core.numbers import number_text

register = template.Library()


@register.filter
def number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """``{{ 1234567|number }}`` → "1.234.567"; ``{{ share|number:1 }}`` → "75,2"."""
    try:
        return number_text(value, None if decimals is None else int(decimals))
    except (TypeError, ValueError, ArithmeticError):
        return str(value)
