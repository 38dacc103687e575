"""The geometry of the results page's breakdown charts: one horizontal bar per row for the
satisfaction index, its 95 % interval drawn as a whisker across the bar, gridlines at the round
percentages (core.charts). Drawn by the template as inline SVG; the table under each chart has the
same figures, for screen readers and printing."""

from __future__ import annotations

from typing import Any

from reformdesk.core.charts import PERCENT_SCALE, svg_number
from reformdesk.surveys.selectors.questionnaires import BreakdownRow

WIDTH = 760
LABEL_WIDTH = 220
BAR_WIDTH = 420  # 100 %
ROW_HEIGHT = 26
TOP = 8


def interval_chart(rows: list[BreakdownRow]) -> dict[str, Any]:
    """Bars, whiskers and labels for ``rows``; a row without answers draws no bar."""
    drawn = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        percent = row.share.percent()
        share, low, high = percent if percent else (0.0, 0.0, 0.0)
        drawn.append(
            {
                "row": row,
                "percent": percent,
                "label_y": svg_number(y + 16),
                "bar_y": svg_number(y + 5),
                "bar_width": svg_number(BAR_WIDTH * share / 100),
                "whisker_y": svg_number(y + 12),
                "low_x": svg_number(LABEL_WIDTH + BAR_WIDTH * low / 100),
                "high_x": svg_number(LABEL_WIDTH + BAR_WIDTH * high / 100),
                "cap_top": svg_number(y + 7),
                "cap_bottom": svg_number(y + 17),
                "text_x": svg_number(LABEL_WIDTH + BAR_WIDTH + 8),
            }
        )
    height = TOP + len(drawn) * ROW_HEIGHT + 20
    return {
        "rows": drawn,
        "width": WIDTH,
        "height": height,
        "view_box": f"0 0 {WIDTH} {height}",
        "bar_x": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "axis_bottom": height - 18,
        "ticks": [
            {"x": svg_number(LABEL_WIDTH + BAR_WIDTH * p / 100), "label": p} for p in PERCENT_SCALE.ticks
        ],
        "tick_label_y": height - 4,
    }
