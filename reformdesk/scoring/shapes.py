"""Scoring shapes: from a rate (0..1) to points, as pure functions over an indicator's numbers."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from reformdesk.scoring.choices import Shape

_HUNDREDTH = Decimal("0.01")
_RATE_PLACES = Decimal("0.0001")


def rate_of(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """``numerator / denominator`` in 0..1 to four places (half up); None when nothing to count.
    A negative numerator (a formula that subtracts shares) counts as zero."""
    if not denominator:
        return None
    value = max(Decimal(numerator), Decimal(0)) / Decimal(denominator)
    return min(value, Decimal(1)).quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)


def score(*, shape: str, params: Mapping[str, Any], max_points: Decimal, rate: Decimal) -> Decimal:
    """Points for ``rate`` (0..1), rounded half up to 0.01 and never above ``max_points``.

    ``linear``: ``max × min(1, rate / full_at)`` (``full_at`` 1 unless given: max × rate).
    ``steps``: ``max × share`` of the first ``[threshold, share]`` pair whose threshold the rate
    reaches, pairs taken from the highest threshold down; 0 below every threshold.
    """
    if shape == Shape.STEPS:
        share = Decimal(0)
        for threshold, step_share in sorted(
            ((Decimal(t), Decimal(s)) for t, s in params.get("steps", [])), reverse=True
        ):
            if rate >= threshold:
                share = step_share
                break
        points = max_points * share
    else:
        full_at = Decimal(str(params.get("full_at", "1")))
        points = max_points * min(Decimal(1), rate / full_at)
    return min(points, max_points).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
