"""Helpers of the server-drawn SVG charts (the pages draw them in templates from these figures).

An axis goes up in round steps, 1, 2 or 5 times a power of ten (0, 20, 40, 60 rather than 0, 23,
46, 69), and the bars are scaled to the top tick, so that a gridline means a number a reader can
say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def svg_number(value: float) -> str:
    """An SVG coordinate: plain digits with a dot, never localised."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Scale:
    """A value axis from 0 to ``top`` in steps of ``step``; ``ticks`` lists the values."""

    top: int
    step: int

    @property
    def ticks(self) -> list[int]:
        return list(range(0, self.top + 1, self.step))

    def share(self, value: float) -> float:
        """Where ``value`` sits on the axis, from 0 (bottom) to 1 (top)."""
        return value / self.top


def round_step(rough: float) -> int:
    """The smallest step of 1, 2 or 5 × 10ⁿ (n ≥ 0) that is at least ``rough``."""
    if rough <= 1:
        return 1
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return factor * power
    return 10 * power  # unreachable: factor 10 always covers ``rough``


def value_scale(peak: float, *, max_steps: int = 5) -> Scale:
    """The axis for values up to ``peak``: at most ``max_steps`` round steps, the top at or above
    the peak (an empty chart still gets the axis 0–1)."""
    step = round_step(max(peak, 1) / max_steps)
    return Scale(top=step * max(1, math.ceil(max(peak, 1) / step)), step=step)
