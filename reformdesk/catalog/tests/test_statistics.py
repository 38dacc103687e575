"""The statistics selectors on a small hand-made catalog: what is in scope, what counts as posted.

Tree (conftest): Tỉnh Nghệ An → Huyện Tân Kỳ → Xã Phú Sơn (A), Xã Tân Hương (B); here the district
also gets its one-stop desk (a service centre) and an office (a department).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reformdesk.catalog import services
from reformdesk.catalog.choices import OnlineLevel, PublicationPlace
from reformdesk.catalog.statistics import publication_figures, publication_statistics, share
from reformdesk.catalog.tests.factories import make_field, make_procedure, make_version
from reformdesk.org import services as org_services
from reformdesk.org.choices import UnitKind
from reformdesk.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db

DAY = dt.date(2020, 10, 26)
START = dt.date(2020, 1, 1)
DESK, PORTAL = PublicationPlace.DESK, PublicationPlace.PORTAL


def post(procedure, unit, place, on=START):
    return services.publication_add(actor=None, procedure=procedure, unit=unit, place=place, published_on=on)


@pytest.fixture
def catalog(tree):
    """P1 commune level (in force), P2 commune level (expired in June), P3 district level,
    P4 province level, P5 commune level (from 2021). Postings: both communes post P1 at the desk,
    only A on the portal; the district desk posts P3, the district P3 on the portal."""
    field = make_field()
    p1 = make_procedure(
        "1.000001", "Thủ tục xã một", field, online_level=OnlineLevel.FULL, legacy_online_level=3
    )
    p2 = make_procedure("1.000002", "Thủ tục xã hết hiệu lực", field)
    p3 = make_procedure(
        "1.000003", "Thủ tục huyện", field, at_commune=False, at_district=True, legacy_online_level=2
    )
    p4 = make_procedure("1.000004", "Thủ tục tỉnh", field, at_commune=False, at_province=True)
    p5 = make_procedure("1.000005", "Thủ tục xã mới", field)
    for procedure in (p1, p3, p4):
        make_version(procedure, start=START)
    make_version(p2, start=START, end=dt.date(2020, 6, 30))
    make_version(p5, start=dt.date(2021, 1, 1))
    desk = make_unit(
        name="Bộ phận Một cửa huyện", parent=tree.district, kind=UnitKind.SERVICE_CENTRE, code="000.30.09.H41"
    )
    office = make_unit(
        name="Phòng Tư pháp huyện", parent=tree.district, kind=UnitKind.DEPARTMENT, code="000.30.03.H41"
    )
    post(p1, tree.commune_a, DESK)
    post(p1, tree.commune_a, PORTAL)
    post(p1, tree.commune_b, DESK)
    post(p2, tree.commune_a, DESK)  # expired: never in scope
    post(p3, desk, DESK)
    post(p3, tree.district, PORTAL)
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "desk": desk, "office": office}


def _figures(f):
    return (f.in_scope, f.at_desk, f.on_portal, f.portal_share)


def test_share_is_a_percentage_rounded_half_up_to_a_tenth():
    assert share(282, 375) == Decimal("75.2")
    assert share(1, 16) == Decimal("6.3")  # 6.25 rounds up
    assert share(2, 3) == Decimal("66.7")
    assert share(5, 5) == Decimal("100.0")
    assert share(0, 7) == Decimal("0.0")
    assert share(0, 0) is None


def test_each_commune_counts_its_own_level_and_postings(tree, catalog):
    stats = publication_statistics(unit=tree.district, on=DAY)
    rows = {f.unit.pk: f for f in stats.rows}
    assert _figures(rows[tree.commune_a.pk]) == (1, 1, 1, Decimal("100.0"))
    assert _figures(rows[tree.commune_b.pk]) == (1, 1, 0, Decimal("0.0"))
    assert [f.kind for f in stats.rows] == ["own", "child", "child"]


def test_the_district_row_counts_what_its_desk_and_offices_post(tree, catalog):
    own = publication_figures(unit=tree.district, on=DAY, subtree=False)
    assert _figures(own) == (1, 1, 1, Decimal("100.0"))
    assert publication_statistics(unit=tree.district, on=DAY).own == own


def test_the_total_counts_a_procedure_posted_only_where_every_unit_posted_it(tree, catalog):
    total = publication_figures(unit=tree.district, on=DAY)
    # P1 (both communes) and P3 (district) are in scope; P1 is on the portal of A only.
    assert _figures(total) == (2, 2, 1, Decimal("50.0"))
    assert total.online == {"full": 1, "partial": 0, "none": 1}
    assert total.legacy == {"1": 0, "2": 1, "3": 1, "4": 0, "none": 0}


def test_the_province_adds_its_own_level(tree, catalog):
    stats = publication_statistics(unit=tree.province, on=DAY)
    assert _figures(stats.total) == (3, 2, 1, Decimal("33.3"))
    assert _figures(stats.own) == (1, 0, 0, Decimal("0.0"))
    assert [f.unit.pk for f in stats.children] == [tree.district.pk]
    assert _figures(stats.children[0]) == (2, 2, 1, Decimal("50.0"))


def test_a_portal_publication_by_a_unit_above_covers_the_units_below(tree, catalog):
    post(catalog["p1"], tree.province, PORTAL)
    assert _figures(publication_figures(unit=tree.district, on=DAY)) == (2, 2, 2, Decimal("100.0"))
    commune_b = publication_figures(unit=tree.commune_b, on=DAY)
    assert _figures(commune_b) == (1, 1, 1, Decimal("100.0"))


def test_versions_decide_what_is_in_force(tree, catalog):
    before = publication_figures(unit=tree.commune_a, on=dt.date(2020, 6, 30))
    assert before.in_scope == 2  # P1 and P2 (its last day)
    assert publication_figures(unit=tree.commune_a, on=dt.date(2021, 1, 1)).in_scope == 2  # P1 and P5
    assert publication_figures(unit=tree.commune_a, on=dt.date(2019, 12, 31)).in_scope == 0


def test_a_withdrawn_publication_counts_until_the_day_before_its_withdrawal(tree, catalog):
    publication = services.publication_add(
        actor=None,
        procedure=catalog["p1"],
        unit=tree.commune_b,
        place=PORTAL,
        published_on=dt.date(2020, 3, 1),
    )
    services.publication_withdraw(actor=None, publication=publication, on=DAY)
    assert publication_figures(unit=tree.commune_b, on=dt.date(2020, 10, 25)).on_portal == 1
    assert publication_figures(unit=tree.commune_b, on=DAY).on_portal == 0
    assert publication_figures(unit=tree.commune_b, on=dt.date(2020, 2, 29)).on_portal == 0


def test_a_unit_that_does_not_exist_on_the_day_drops_out(tree, catalog):
    org_services.unit_update(actor=None, unit=tree.commune_b, valid_to=dt.date(2020, 6, 30))
    stats = publication_statistics(unit=tree.district, on=DAY)
    assert [f.unit.pk for f in stats.children] == [tree.commune_a.pk]
    assert _figures(stats.total) == (2, 2, 2, Decimal("100.0"))
    gone = publication_statistics(unit=tree.commune_b, on=DAY)
    assert gone.active is False
    assert _figures(gone.total) == (0, 0, 0, None)


def test_a_procedure_no_longer_applied_leaves_todays_figures_not_history(tree, catalog):
    services.procedure_update(actor=None, procedure=catalog["p1"], is_active=False)
    assert publication_figures(unit=tree.commune_a, on=DAY).in_scope == 1
    # Today (the test runs after 2021): P5 is in force, P1 is not applied any more.
    assert publication_figures(unit=tree.commune_a, on=dt.date.today()).in_scope == 1  # noqa: DTZ011


def test_a_department_has_no_scope_of_its_own(tree, catalog):
    stats = publication_statistics(unit=catalog["office"], on=DAY)
    assert _figures(stats.total) == (0, 0, 0, None)
    assert stats.children == []


def test_postings_of_procedures_out_of_scope_are_not_counted(tree, catalog):
    post(catalog["p4"], tree.commune_a, DESK)  # a province procedure on a commune board
    assert _figures(publication_figures(unit=tree.commune_a, on=DAY)) == (1, 1, 1, Decimal("100.0"))


def _add_communes(tree, catalog, count: int) -> None:
    for index in range(count):
        commune = make_unit(name=f"Xã thêm {index}", parent=tree.district, code=f"000.30.{60 + index}.H41")
        post(catalog["p1"], commune, DESK)
        post(catalog["p1"], commune, PORTAL)


@pytest.mark.parametrize("extra", [0, 12])
def test_three_queries_whatever_the_number_of_units(tree, catalog, extra):
    _add_communes(tree, catalog, extra)
    with CaptureQueriesContext(connection) as queries:
        stats = publication_statistics(unit=tree.province, on=DAY)
    assert len(queries.captured_queries) == 3
    assert len(stats.children[0:1]) == 1
    with CaptureQueriesContext(connection) as queries:
        publication_statistics(unit=tree.district, on=DAY)
    assert len(queries.captured_queries) == 3
    assert len(publication_statistics(unit=tree.district, on=DAY).children) == 2 + extra
