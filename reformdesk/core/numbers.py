"""Numbers as people read them on a page: thousands grouped the way the page's language groups them
(1.234.567 in Vietnamese, 1,234,567 in English), decimals with the language's separator.

Grouping is asked for each number shown rather than switched on for the whole site
(``USE_THOUSAND_SEPARATOR``): that setting would also group the ids and counts that templates write
into links, form values and SVG coordinates, where "1.234" is a different number or no number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def number_text(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """``1234567`` → "1.234.567"; ``decimals`` fixes the digits after the separator (``None``: an
    integer as it is, a fraction with at most one digit, a trailing ",0" dropped); ``None`` → "—"."""
    if value is None or value == "":
        return "—"
    if decimals is None:
        if value == int(value):
            value, decimals = int(value), 0
        else:
            value, decimals = round(Decimal(str(value)), 1), 1
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` per cent of ``whole``, one decimal rounded half up; None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
