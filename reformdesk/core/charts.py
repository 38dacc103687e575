"""Helpers of the server-drawn SVG charts (the pages draw them in templates from these figures).

An axis goes up in round steps, 1, 2 or 5 times a power of ten (0, 20, 40, 60 rather than 0, 23,
46, 69), and the bars are scaled to the top tick, so that a gridline means a number a reader can
say.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Share = Decimal | float | None


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


PERCENT_SCALE = value_scale(100)  # gridlines at 0, 20, …, 100 %


@dataclass(frozen=True)
class PairedBars:
    """The layout of a chart of rows, each a label and two horizontal bars of a percentage
    (0–100 %) one under the other, with vertical gridlines at the round percentages.

    Offsets are from the top of a row: the label's baseline, each bar's top and each bar's value
    text baseline. The templates draw the bars 15 and 12 units high."""

    label_width: int  # the labels end here, right-aligned; the bars start here
    bar_width: int  # 100 %
    row_height: int
    top: int  # above the first row: the legend
    label_y: int
    first_y: int
    first_text_y: int
    second_y: int
    second_text_y: int
    width: int = 760

    def chart(
        self, rows: list[tuple[dict[str, Any], tuple[Share, Share]]], *, names: tuple[str, str]
    ) -> dict[str, Any]:
        """The geometry for a template: each of ``rows`` is ``(fields, (first share, second
        share))``, the shares in per cent (None draws an empty bar); the fields are copied into the
        row and the bars' coordinates added as ``<name>_y``, ``<name>_width``, ``<name>_text_x``
        and ``<name>_text_y`` for the two ``names``."""
        drawn = []
        for index, (fields, shares) in enumerate(rows):
            y = self.top + index * self.row_height
            row = {**fields, "label_y": svg_number(y + self.label_y)}
            offsets = ((self.first_y, self.first_text_y), (self.second_y, self.second_text_y))
            for name, share, (bar_y, text_y) in zip(names, shares, offsets, strict=True):
                length = self.bar_width * float(share or 0) / 100
                row[f"{name}_y"] = svg_number(y + bar_y)
                row[f"{name}_width"] = svg_number(length)
                row[f"{name}_text_x"] = svg_number(self.label_width + length + 6)
                row[f"{name}_text_y"] = svg_number(y + text_y)
            drawn.append(row)
        height = self.top + len(drawn) * self.row_height + 8
        return {
            "rows": drawn,
            "width": self.width,
            "height": height,
            "view_box": f"0 0 {self.width} {height}",
            "bar_x": self.label_width,
            "label_x": self.label_width - 8,
            "ticks": [
                {"x": svg_number(self.label_width + self.bar_width * p / 100)} for p in PERCENT_SCALE.ticks
            ],
            "axis_bottom": height - 4,
        }


@dataclass(frozen=True)
class MonthColumns:
    """The layout of a chart of months, each two columns side by side on one value axis (the
    dashboards' "received" and "finished" or "answered on time"), with horizontal gridlines at the
    axis's round steps."""

    left: int = 48  # the value labels end here; the first month's slot starts here
    top: int = 30  # above the tallest column: the legend
    height: int = 180  # the top tick
    width: int = 760

    def chart(
        self, rows: Sequence[Any], *, names: tuple[str, str], values: Callable[[Any], tuple[int, int]]
    ) -> dict[str, Any]:
        """The geometry for a template: ``values(row)`` gives the two counts of each of ``rows``;
        each column holds the ``row`` and, for the two ``names``, ``<name>_x``, ``<name>_y`` and
        ``<name>_height``, the first column left of the month's centre, the second right of it; the
        same again, with the count as ``value``, in ``bars`` (for ``core/_month_columns.html``)."""
        pairs = [values(row) for row in rows]
        scale = value_scale(max([count for pair in pairs for count in pair], default=0))
        slot = (self.width - self.left - 8) / max(len(rows), 1)
        bar = min(slot * 0.38, 26)
        base = self.top + self.height
        columns = []
        for index, (row, pair) in enumerate(zip(rows, pairs, strict=True)):
            x = self.left + index * slot + slot / 2
            column: dict[str, Any] = {"row": row, "bars": []}
            for name, count, column_x in zip(names, pair, (x - bar - 1, x + 1), strict=True):
                length = self.height * scale.share(count)
                drawn = {
                    "x": svg_number(column_x),
                    "y": svg_number(base - length),
                    "height": svg_number(length),
                }
                column.update({f"{name}_{key}": value for key, value in drawn.items()})
                column["bars"].append({**drawn, "value": count})
            column.update(bar=svg_number(bar), label_x=svg_number(x))
            columns.append(column)
        ticks = [{"y": svg_number(base - self.height * scale.share(v)), "value": v} for v in scale.ticks]
        height = base + 36
        return {
            "columns": columns,
            "ticks": ticks,
            "view_box": f"0 0 {self.width} {height}",
            "width": self.width,
            "height": height,
            "left": self.left,
            "right": self.width - 4,
            "label_y": base + 16,
        }


MONTH_COLUMNS = MonthColumns()

# The dashboards' chart of units: two percentage bars a unit, under the month chart's legend height.
UNIT_BARS = PairedBars(
    label_width=200,
    bar_width=460,
    row_height=40,
    top=MONTH_COLUMNS.top,
    label_y=15,
    first_y=2,
    first_text_y=13,
    second_y=19,
    second_text_y=29,
    width=MONTH_COLUMNS.width,
)
