"""Writes of the commune reform-index frameworks: create a draft, replace its tree (the Excel
import), publish it. A published framework is frozen: every write here refuses it, nothing saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_created, audit_record
from reformdesk.org.choices import UnitKind
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, require
from reformdesk.scoring.choices import Shape
from reformdesk.scoring.models_frameworks import (
    Framework,
    FrameworkEvent,
    FrameworkEventKind,
    FrameworkNode,
    FrameworkStatus,
    Method,
    RankGroup,
    RateSource,
    TieBreak,
)

# Default rank groups, after the national PAR index's groups (Decision 876/QĐ-BNV of 10/11/2022:
# A ≥ 90, B 80–<90, C 70–<80; shared/data/index-766.md), named as communes are ranked.
DEFAULT_GROUPS = (
    ("Tốt", Decimal(90)),
    ("Khá", Decimal(80)),
    ("Trung bình", Decimal(70)),
    ("Yếu", Decimal(0)),
)
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class NodeRow:
    """One node as read from a sheet or written by the demo; ``row`` is its line in the file."""

    code: str
    level: int
    title: str
    max_points: Decimal
    method: str
    rate_source: str = ""
    shape: str = ""
    shape_params: dict[str, Any] = field(default_factory=dict)
    illustrative: bool = False
    row: int = 0


def _frozen(framework: Framework) -> None:
    if framework.is_published:
        raise ValidationError(
            _("Bộ chỉ số «%(title)s» đã ban hành nên không sửa được; hãy tạo bộ chỉ số mới cho năm sau.")
            % {"title": framework.title}
        )


@transaction.atomic
def framework_create(
    *,
    actor: AnyUser,
    issuer: Unit,
    year: int,
    title: str,
    basis: str = "",
    illustrative_note: str = "",
    tie_break: str = TieBreak.SURVEY_THEN_CODE,
    groups: Sequence[tuple[str, Decimal]] = DEFAULT_GROUPS,
) -> Framework:
    """A draft framework of ``issuer`` for ``year`` with its rank groups. Refused: no
    ``Perm.ENTER_INDEX`` on the issuer, a year out of range, an empty title, a second framework
    of the same issuer and year."""
    require(actor, Perm.ENTER_INDEX, issuer)
    errors: dict[str, str] = {}
    if issuer.kind != UnitKind.PROVINCE:
        errors["issuer"] = _("Bộ chỉ số CCHC cấp xã do tỉnh ban hành.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = _("Năm phải từ %(low)s đến %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR}
    elif Framework.objects.filter(issuer=issuer, year=year).exists():
        errors["year"] = _("%(unit)s đã có bộ chỉ số năm %(year)s.") % {"unit": issuer.name, "year": year}
    if not title.strip():
        errors["title"] = _("Cần ghi tên bộ chỉ số.")
    if tie_break not in TieBreak.values:
        errors["tie_break"] = _("Quy tắc khi bằng điểm không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    framework = Framework.objects.create(
        year=year,
        issuer=issuer,
        title=title.strip()[:300],
        basis=basis.strip(),
        illustrative_note=illustrative_note.strip(),
        tie_break=tie_break,
        created_at=now,
    )
    RankGroup.objects.bulk_create(
        RankGroup(framework=framework, label=label, min_percent=low) for label, low in groups
    )
    FrameworkEvent.objects.create(
        kind=FrameworkEventKind.CREATED,
        at=now,
        actor=actor if isinstance(actor, User) else None,
        framework=framework,
    )
    audit_created(
        actor=actor,
        obj=framework,
        fields=("year", "issuer_id", "title", "tie_break"),
        action="framework.create",
    )
    return framework


def check_rows(rows: Sequence[NodeRow]) -> list[str]:
    """Every problem of ``rows`` as a message naming its row; empty when the tree is sound."""
    problems: list[str] = []
    seen: dict[str, NodeRow] = {}
    parents = {row.code.rsplit(".", 1)[0] for row in rows if "." in row.code}
    if not rows:
        problems.append(_("Bảng không có dòng tiêu chí nào."))
    for row in rows:
        where = _("Dòng %(row)s (mã «%(code)s»)") % {"row": row.row, "code": row.code[:20]}
        parts = row.code.split(".")
        if not row.code or not all(part.isdigit() and len(part) <= 3 for part in parts):
            problems.append(_("%(where)s: mã phải có dạng 1, 1.2 hoặc 1.2.3.") % {"where": where})
            continue
        if row.code in seen:
            problems.append(_("%(where)s: mã bị trùng.") % {"where": where})
        if row.level != len(parts) or not 1 <= row.level <= 3:
            problems.append(
                _("%(where)s: cấp phải là %(level)s theo mã (1, 2 hoặc 3).")
                % {"where": where, "level": len(parts)}
            )
        if len(parts) > 1 and ".".join(parts[:-1]) not in seen:
            problems.append(_("%(where)s: mục cha phải ở một dòng phía trên.") % {"where": where})
        if not row.title.strip():
            problems.append(_("%(where)s: thiếu nội dung.") % {"where": where})
        if not Decimal(0) < row.max_points <= Decimal(100):
            problems.append(_("%(where)s: điểm tối đa phải lớn hơn 0 và không quá 100.") % {"where": where})
        has_children = row.code in parents
        if has_children and row.method != Method.SUM:
            problems.append(
                _("%(where)s: mục có mục con phải chấm bằng tổng điểm các mục con.") % {"where": where}
            )
        elif not has_children and row.method not in (Method.MANUAL, Method.COMPUTED, Method.SURVEY):
            problems.append(
                _("%(where)s: cách chấm phải là tự chấm, tính từ dữ liệu hoặc khảo sát.") % {"where": where}
            )
        if row.method == Method.COMPUTED:
            if row.rate_source not in RateSource.values:
                problems.append(_("%(where)s: nguồn tỷ lệ không có trong danh mục.") % {"where": where})
            if row.shape not in Shape.values:
                problems.append(_("%(where)s: cách cho điểm phải là linear hoặc steps.") % {"where": where})
            elif row.shape == Shape.STEPS and not row.shape_params.get("steps"):
                problems.append(_("%(where)s: cách cho điểm theo ngưỡng cần các ngưỡng.") % {"where": where})
        seen[row.code] = row
    return problems


@transaction.atomic
def framework_replace_tree(
    *, actor: AnyUser, framework: Framework, rows: Sequence[NodeRow], source: str = ""
) -> int:
    """Replace a draft's areas, criteria and sub-criteria by ``rows`` (in their order). Refused,
    nothing saved: a published framework, no ``Perm.ENTER_INDEX`` on the issuer, any bad row
    (every one is listed). Returns the number of nodes."""
    require(actor, Perm.ENTER_INDEX, framework.issuer)
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    _frozen(framework)
    problems = check_rows(rows)
    if problems:
        raise ValidationError(problems)
    before = framework.nodes.count()
    framework.nodes.all().delete()
    by_code: dict[str, FrameworkNode] = {}
    for order, row in enumerate(rows):
        node = FrameworkNode.objects.create(
            framework=framework,
            parent=by_code.get(row.code.rsplit(".", 1)[0]) if "." in row.code else None,
            code=row.code,
            level=row.level,
            title=row.title.strip()[:500],
            max_points=row.max_points,
            method=row.method,
            rate_source=row.rate_source if row.method == Method.COMPUTED else "",
            shape=row.shape if row.method == Method.COMPUTED else "",
            shape_params=row.shape_params if row.method == Method.COMPUTED else {},
            illustrative=row.illustrative,
            sort_order=order,
        )
        by_code[row.code] = node
    FrameworkEvent.objects.create(
        kind=FrameworkEventKind.IMPORTED,
        at=timezone.now(),
        actor=actor if isinstance(actor, User) else None,
        framework=framework,
        note=source[:255],
        data={"nodes": len(rows), "replaced": before},
    )
    audit_record(
        actor=actor,
        action="framework.import",
        obj=framework,
        changes={"nodes": [before, len(rows)], "source": source[:255]},
    )
    return len(rows)


@transaction.atomic
def framework_import(
    *, actor: AnyUser, issuer: Unit, year: int, title: str, rows: Sequence[NodeRow], source: str = ""
) -> Framework:
    """The Excel import: the tree of ``issuer``'s draft for ``year`` replaced by ``rows``, the draft
    created first when there is none. Refused as a whole, nothing saved (not even the new draft):
    a published framework, any bad row, no permission."""
    framework = Framework.objects.filter(issuer=issuer, year=year).first()
    if framework is None:
        framework = framework_create(actor=actor, issuer=issuer, year=year, title=title)
    framework_replace_tree(actor=actor, framework=framework, rows=rows, source=source)
    return framework


def sum_problems(framework: Framework) -> list[str]:
    """Each node whose maximum differs from its children's total, and an empty framework."""
    nodes = list(framework.nodes.all())
    if not nodes:
        return [_("Bộ chỉ số chưa có tiêu chí nào.")]
    totals: dict[int, Decimal] = {}
    for node in nodes:
        if node.parent_id is not None:
            totals[node.parent_id] = totals.get(node.parent_id, Decimal(0)) + node.max_points
    return [
        _("Mục %(code)s: điểm tối đa %(max)s khác tổng các mục con %(sum)s.")
        % {"code": node.code, "max": node.max_points, "sum": totals[node.pk]}
        for node in nodes
        if node.pk in totals and totals[node.pk] != node.max_points
    ]


@transaction.atomic
def framework_publish(*, actor: AnyUser, framework: Framework) -> Framework:
    """Publish (freeze) a draft. Refused, nothing saved: already published, no permission, a
    parent whose maximum is not its children's total, no rank group."""
    require(actor, Perm.ENTER_INDEX, framework.issuer)
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    _frozen(framework)
    problems = sum_problems(framework)
    if not framework.rank_groups.exists():
        problems.append(_("Bộ chỉ số chưa có xếp loại."))
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    framework.status = FrameworkStatus.PUBLISHED
    framework.published_at = now
    framework.published_by = actor if isinstance(actor, User) else None
    framework.save(update_fields=["status", "published_at", "published_by"])
    FrameworkEvent.objects.create(
        kind=FrameworkEventKind.PUBLISHED, at=now, actor=framework.published_by, framework=framework
    )
    audit_record(
        actor=actor,
        action="framework.publish",
        obj=framework,
        changes={"status": [FrameworkStatus.DRAFT, FrameworkStatus.PUBLISHED]},
    )
    return framework
