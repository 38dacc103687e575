"""The geometry of the trend and comparison charts, drawn by the templates as inline SVG (the
table under each chart carries the same figures, for screen readers and printing)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reformdesk.core.charts import PERCENT_SCALE, svg_number
from reformdesk.scoring.trends import ComparisonRow, GroupPoint

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 36, 10, 10, 24
BAR_WIDTH, LABEL_WIDTH, ROW_HEIGHT = 420, 200, 24


def line_chart(keys: list[str], points: list[GroupPoint]) -> dict[str, Any]:
    """A group's scores over the periods, from 0 to the group's maximum; periods not started
    (or without data) leave a gap in the line."""
    top = max((p.max_points for p in points), default=Decimal(0)) or Decimal(1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(keys) - 1, 1)
    dots: list[dict[str, Any]] = []
    segments: list[str] = []
    current: list[str] = []
    for n, (key, point) in enumerate(zip(keys, points, strict=True)):
        x = LEFT + n * step
        if point.score is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        y = TOP + plot_h * (1 - float(point.score / top))
        current.append(f"{svg_number(x)},{svg_number(y)}")
        dots.append({"x": svg_number(x), "y": svg_number(y), "key": key, "score": point.score})
    if current:
        segments.append(" ".join(current))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "view_box": f"0 0 {WIDTH} {HEIGHT}",
        "segments": segments,
        "dots": dots,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + plot_h,
        "top_label": top,
        "labels": [{"x": svg_number(LEFT + n * step), "text": key[5:]} for n, key in enumerate(keys)],
        "label_y": HEIGHT - 6,
    }


def bar_chart(rows: list[ComparisonRow]) -> dict[str, Any]:
    """One horizontal bar per unit: its total as a share of the maximum it could score."""
    drawn = []
    for n, row in enumerate(rows):
        y = TOP + n * ROW_HEIGHT
        share = float(row.percent or 0)
        drawn.append(
            {
                "row": row,
                "label_y": svg_number(y + 15),
                "bar_y": svg_number(y + 4),
                "bar_width": svg_number(BAR_WIDTH * share / 100),
                "text_x": svg_number(LABEL_WIDTH + BAR_WIDTH * share / 100 + 6),
            }
        )
    height = TOP + len(drawn) * ROW_HEIGHT + 20
    return {
        "rows": drawn,
        "width": LABEL_WIDTH + BAR_WIDTH + 80,
        "height": height,
        "view_box": f"0 0 {LABEL_WIDTH + BAR_WIDTH + 80} {height}",
        "bar_x": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "axis_bottom": height - 18,
        "ticks": [
            {"x": svg_number(LABEL_WIDTH + BAR_WIDTH * p / 100), "label": p} for p in PERCENT_SCALE.ticks
        ],
        "tick_label_y": height - 4,
    }


NARROW_WIDTH, NARROW_LEFT, NARROW_BAR, NARROW_ROW = 360, 14, 290, 40


def narrow_bar_chart(rows: list[tuple[str, Decimal]]) -> dict[str, Any]:
    """One bar per ``(label, percent)``, the label on its own line above the bar, so that the
    chart reads at a phone's width (the ranking page); gridlines every 20 %."""
    drawn = []
    for n, (label, percent) in enumerate(rows):
        y = TOP + n * NARROW_ROW
        width = NARROW_BAR * float(min(max(percent, Decimal(0)), Decimal(100))) / 100
        drawn.append(
            {
                "label": label,
                "percent": percent,
                "label_y": svg_number(y + 12),
                "bar_y": svg_number(y + 18),
                "bar_width": svg_number(width),
                "text_x": svg_number(NARROW_LEFT + width + 4),
                "text_y": svg_number(y + 30),
            }
        )
    height = TOP + len(drawn) * NARROW_ROW + 20
    return {
        "rows": drawn,
        "width": NARROW_WIDTH,
        "height": height,
        "view_box": f"0 0 {NARROW_WIDTH} {height}",
        "bar_x": NARROW_LEFT,
        "axis_bottom": height - 18,
        "ticks": [
            {"x": svg_number(NARROW_LEFT + NARROW_BAR * p / 100), "label": p} for p in PERCENT_SCALE.ticks
        ],
        "tick_label_y": height - 4,
    }
