"""Commune reform-index frameworks: drafts, the tree's rules, publishing and freezing (refused
writes change nothing), the demo framework."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.core.models import AuditEvent
from reformdesk.org.choices import Role, Scope
from reformdesk.org.tests.factories import make_official
from reformdesk.scoring import demo_frameworks
from reformdesk.scoring.models_frameworks import (
    Framework,
    FrameworkEvent,
    FrameworkEventKind,
    FrameworkNode,
    FrameworkStatus,
    Method,
    RateSource,
)
from reformdesk.scoring.selectors_frameworks import framework_tree
from reformdesk.scoring.services.frameworks import (
    NodeRow,
    framework_create,
    framework_import,
    framework_publish,
    framework_replace_tree,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_reform(tree):
    return make_official(
        unit=tree.province, role=Role.REFORM, scope=Scope.SUBTREE, username="cchc_tinh_test"
    ).user


def small_tree(area_max: str = "10") -> list[NodeRow]:
    return [
        NodeRow("1", 1, "Chỉ đạo, điều hành", Decimal(area_max), Method.SUM, row=2),
        NodeRow("1.1", 2, "Kế hoạch CCHC", Decimal(4), Method.MANUAL, row=3),
        NodeRow(
            "1.2",
            2,
            "Nhiệm vụ đúng hạn",
            Decimal(6),
            Method.COMPUTED,
            RateSource.TASKS_ON_TIME,
            "linear",
            {},
            row=4,
        ),
        NodeRow("2", 1, "Tác động", Decimal(5), Method.SURVEY, row=5),
    ]


@pytest.fixture
def draft(tree, province_reform):
    framework = framework_create(
        actor=province_reform, issuer=tree.province, year=2026, title="Bộ chỉ số 2026"
    )
    framework_replace_tree(actor=province_reform, framework=framework, rows=small_tree())
    return framework


def test_a_draft_holds_the_tree_rank_groups_and_events(draft):
    tree = framework_tree(draft)
    assert [r.node.code for r in tree.roots] == ["1", "2"]
    assert [c.node.code for c in tree.roots[0].children] == ["1.1", "1.2"]
    assert tree.total == Decimal(15)
    assert list(draft.rank_groups.values_list("label", flat=True)) == ["Tốt", "Khá", "Trung bình", "Yếu"]
    kinds = list(FrameworkEvent.objects.filter(framework=draft).values_list("kind", flat=True))
    assert kinds == [FrameworkEventKind.CREATED, FrameworkEventKind.IMPORTED]
    assert AuditEvent.objects.filter(action__in=["framework.create", "framework.import"]).count() == 2


def test_bad_rows_are_all_listed_and_nothing_is_saved(draft, province_reform):
    bad = [
        NodeRow("1", 1, "Lĩnh vực", Decimal(10), Method.MANUAL, row=2),  # has children: must be a sum
        NodeRow("1.1", 3, "", Decimal(0), Method.MANUAL, row=3),  # wrong level, no title, zero max
        NodeRow("3.1", 2, "Mồ côi", Decimal(1), Method.MANUAL, row=4),  # no parent above
        NodeRow("4", 1, "Tính", Decimal(2), Method.COMPUTED, "khong-co", "linear", row=5),
    ]
    with pytest.raises(ValidationError) as caught:
        framework_replace_tree(actor=province_reform, framework=draft, rows=bad)
    text = " ".join(caught.value.messages)
    for row in ("Dòng 2", "Dòng 3", "Dòng 4", "Dòng 5"):
        assert row in text
    assert "nguồn tỷ lệ" in text
    assert list(draft.nodes.values_list("code", flat=True)) == ["1", "1.1", "1.2", "2"]
    assert FrameworkEvent.objects.filter(framework=draft).count() == 2


def test_publish_checks_that_a_parent_max_is_its_children_total(draft, province_reform):
    framework_replace_tree(actor=province_reform, framework=draft, rows=small_tree(area_max="9"))
    with pytest.raises(ValidationError) as caught:
        framework_publish(actor=province_reform, framework=draft)
    assert "Mục 1: điểm tối đa 9.00 khác tổng các mục con 10.00" in " ".join(caught.value.messages)
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.DRAFT and draft.published_at is None
    assert not FrameworkEvent.objects.filter(kind=FrameworkEventKind.PUBLISHED).exists()


def test_a_published_framework_is_frozen(draft, province_reform):
    framework_publish(actor=province_reform, framework=draft)
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.PUBLISHED
    assert AuditEvent.objects.filter(action="framework.publish", object_id=str(draft.pk)).exists()
    nodes_before = list(FrameworkNode.objects.filter(framework=draft).values_list("pk", "code", "max_points"))
    events_before = FrameworkEvent.objects.count()
    with pytest.raises(ValidationError, match="đã ban hành nên không sửa được"):
        framework_replace_tree(actor=province_reform, framework=draft, rows=small_tree("10")[:1])
    with pytest.raises(ValidationError, match="đã ban hành"):
        framework_publish(actor=province_reform, framework=draft)
    with pytest.raises(ValidationError, match="đã ban hành"):
        framework_import(actor=province_reform, issuer=draft.issuer, year=2026, title="x", rows=small_tree())
    assert (
        list(FrameworkNode.objects.filter(framework=draft).values_list("pk", "code", "max_points"))
        == nodes_before
    )
    assert FrameworkEvent.objects.count() == events_before


def test_only_a_province_reform_officer_writes_and_only_for_a_province(tree, personas, province_reform):
    with pytest.raises(PermissionDenied):
        framework_create(actor=personas.district_reform, issuer=tree.province, year=2026, title="x")
    with pytest.raises(ValidationError, match="do tỉnh ban hành"):
        framework_create(actor=personas.district_reform, issuer=tree.district, year=2026, title="x")
    framework_create(actor=province_reform, issuer=tree.province, year=2026, title="Bộ 2026")
    with pytest.raises(ValidationError, match="đã có bộ chỉ số năm 2026"):
        framework_create(actor=province_reform, issuer=tree.province, year=2026, title="Bộ khác")
    assert Framework.objects.count() == 1


def test_an_import_with_bad_rows_does_not_even_create_the_draft(tree, province_reform):
    rows = small_tree()
    rows[1] = NodeRow("1.1", 2, "Kế hoạch", Decimal(200), Method.MANUAL, row=3)
    with pytest.raises(ValidationError, match="Dòng 3"):
        framework_import(actor=province_reform, issuer=tree.province, year=2027, title="Bộ 2027", rows=rows)
    assert not Framework.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="framework.").exists()


def test_the_demo_framework_sums_to_100_is_published_and_marked_illustrative(tree):
    rows = demo_frameworks.rows()
    areas = [r for r in rows if r.level == 1]
    assert len(areas) == 8 and sum(r.max_points for r in areas) == Decimal(100)
    assert all(r.illustrative for r in rows if r.level > 1) and not any(r.illustrative for r in areas)
    make_official(unit=tree.province, role=Role.REFORM, scope=Scope.SUBTREE, username=demo_frameworks.ACTOR)
    assert demo_frameworks.seed()
    assert demo_frameworks.seed() == []  # idempotent
    framework = Framework.objects.get(issuer=tree.province, year=2026)
    assert framework.is_published and framework.nodes.count() == len(rows)
    assert "không phải bộ tiêu chí của tỉnh Nghệ An" in framework.illustrative_note
