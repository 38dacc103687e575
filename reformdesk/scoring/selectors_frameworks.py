"""Reads of the commune reform-index frameworks: the list per year and one framework's tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from reformdesk.org.permissions import AnyUser, Perm, has_perm
from reformdesk.scoring.models_frameworks import Framework, FrameworkNode


def frameworks(*, year: int | None = None) -> QuerySet[Framework]:
    """Every framework (a province's framework is a public decision annex), newest year first."""
    found = Framework.objects.select_related("issuer")
    return found.filter(year=year) if year else found


def framework_years() -> list[int]:
    return list(Framework.objects.order_by("-year").values_list("year", flat=True).distinct())


@dataclass
class TreeNode:
    node: FrameworkNode
    children: list[TreeNode] = field(default_factory=list)

    @property
    def children_total(self) -> Decimal | None:
        return sum((c.node.max_points for c in self.children), Decimal(0)) if self.children else None

    @property
    def sum_ok(self) -> bool:
        total = self.children_total
        return total is None or total == self.node.max_points


@dataclass
class FrameworkTree:
    framework: Framework
    roots: list[TreeNode]
    total: Decimal
    counts: dict[int, int]

    def flat(self) -> list[TreeNode]:
        out: list[TreeNode] = []

        def walk(items: list[TreeNode]) -> None:
            for item in items:
                out.append(item)
                walk(item.children)

        walk(self.roots)
        return out


def framework_tree(framework: Framework) -> FrameworkTree:
    """The framework's nodes as a tree (two queries), its total and its count per level."""
    items = {node.pk: TreeNode(node) for node in framework.nodes.all()}
    roots: list[TreeNode] = []
    counts = {1: 0, 2: 0, 3: 0}
    for item in items.values():
        counts[item.node.level] = counts.get(item.node.level, 0) + 1
        if item.node.parent_id is None:
            roots.append(item)
        else:
            items[item.node.parent_id].children.append(item)
    return FrameworkTree(framework, roots, sum((r.node.max_points for r in roots), Decimal(0)), counts)


def can_edit(user: AnyUser, framework: Framework) -> bool:
    return not framework.is_published and has_perm(user, Perm.ENTER_INDEX, framework.issuer)
