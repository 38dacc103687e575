"""The full scoring sheet of a framework's year as an Excel file (issue 15, "An Excel export of the
full scoring sheet"): a ranking sheet (rank, unit, points per area, total, maximum, index, group)
and a scoring sheet with every unit × every node (self, appraised and final scores; a node with
parts carries the sums over the leaves under it). Text cells never become formulas."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from reformdesk.scoring.exports import _notes, _save, _write
from reformdesk.scoring.selectors_ranking import NodeScores, Ranking


def ranking_workbook(ranking: Ranking) -> bytes:
    """The workbook of ``ranking`` (built ``with_nodes``); an unscored node is left empty."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Xếp hạng")
    headers = [
        _("Hạng"),
        _("Mã đơn vị"),
        _("Đơn vị"),
        *[f"{area.code}. {area.title}" for area in ranking.areas],
        _("Tổng điểm"),
        _("Điểm tối đa"),
        _("Chỉ số (%)"),
        _("Xếp loại"),
    ]
    table: list[list[Any]] = [
        [
            row.rank,
            row.unit.code,
            row.unit.name,
            *[area.points for area in row.areas],
            row.total,
            row.max_total,
            row.index,
            row.group,
        ]
        for row in ranking.rows
    ]
    _write(summary, headers, table, [8, 18, 32, *([14] * len(ranking.areas)), 12, 12, 12, 14], set())

    sheet = workbook.create_sheet(_("Bảng điểm"))
    detail_headers = [
        _("Hạng"),
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Mã tiêu chí"),
        _("Cấp"),
        _("Nội dung"),
        _("Điểm tối đa"),
        _("Điểm tự chấm"),
        _("Điểm thẩm định"),
        _("Điểm chính thức"),
    ]
    detail: list[list[Any]] = []
    empty = NodeScores()
    for row in ranking.rows:
        for node in ranking.nodes:
            scores = row.nodes.get(node.pk, empty)
            detail.append(
                [
                    row.rank,
                    row.unit.code,
                    row.unit.name,
                    node.code,
                    node.level,
                    node.title,
                    node.max_points,
                    scores.self_score,
                    scores.appraised_score,
                    scores.final_score,
                ]
            )
        detail.append(
            [
                row.rank,
                row.unit.code,
                row.unit.name,
                "",
                None,
                _("Tổng điểm"),
                row.max_total,
                None,
                None,
                row.total,
            ]
        )
    _write(sheet, detail_headers, detail, [8, 18, 32, 10, 6, 60, 12, 12, 12, 12], set())

    framework = ranking.framework
    lines = [
        _("Bộ chỉ số: %(title)s; đơn vị ban hành: %(issuer)s")
        % {"title": framework.title, "issuer": framework.issuer.name},
        _("Chỉ số = tổng điểm chính thức ÷ điểm tối đa × 100, làm tròn 2 chữ số thập phân."),
        _("Khi bằng điểm: %(rule)s") % {"rule": ranking.tie_rule},
        _("Xếp loại: %(groups)s")
        % {"groups": "; ".join(f"{g.label} ≥ {g.min_percent} %" for g in ranking.groups)},
    ]
    if ranking.pending:
        names = ", ".join(a.unit.name for a in ranking.pending)
        lines.append(_("Chưa có kết quả, không xếp hạng: %(units)s") % {"units": names})
    _notes(workbook, lines)
    return _save(workbook)
