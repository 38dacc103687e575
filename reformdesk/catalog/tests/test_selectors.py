"""The public search and the procedure page's read (catalog.selectors), on the catalog of
reformdesk/portal/tests/catalog_data.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reformdesk.catalog import selectors, services
from reformdesk.catalog.choices import Channel, PublicationPlace
from reformdesk.catalog.models import Procedure
from reformdesk.portal.tests.catalog_data import (
    Catalog,
    catalog_fixture,  # noqa: F401
)

pytestmark = pytest.mark.django_db

# "đăng ký khai sinh" and "… lưu động" start with the words; "đăng ký lại khai sinh" holds them apart.
BIRTHS = ["1.001193", "1.003583", "1.004884"]


def codes(**kwargs) -> list[str]:
    return [p.national_code for p in selectors.procedure_search(**kwargs)]


@pytest.mark.parametrize(
    "query",
    [
        "dang ky khai sinh",
        "Đăng ký khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        "  dang   KY khai sinh ",
        "đăng ky khai sinh",
    ],
)
def test_search_ignores_diacritics_case_and_spaces(catalog: Catalog, query):
    assert codes(query=query) == BIRTHS


def test_every_word_must_match_in_any_order(catalog: Catalog):
    # No name holds the words in this order: all rank the same, the most used first.
    assert codes(query="khai sinh dang ky") == ["1.001193", "1.004884", "1.003583"]
    assert codes(query="khai sinh luu dong") == ["1.003583"]
    assert codes(query="ket hon") == ["1.000656"]
    assert codes(query="khai sinh ket hon") == []


def test_words_match_inside_words_and_the_field_name(catalog: Catalog):
    assert codes(query="chung thu") == ["2.000908"]  # "chứng thực" in the name and the field
    assert codes(query="ho tich ket") == ["1.000656"]  # the field's name is searched too


def test_like_wildcards_in_the_query_are_plain_characters(catalog: Catalog):
    assert codes(query="%") == []
    assert codes(query="khai_sinh") == []


def test_an_exact_national_code_comes_first(catalog: Catalog):
    assert codes(query="1.001193") == ["1.001193"]
    Procedure.objects.filter(national_code="1.000656").update(popularity=99)
    assert codes(query="1.000656") == ["1.000656"]
    assert codes(query="1.00") == ["1.000656", "1.001193", "1.004884", "1.003583"]
    assert codes(query="1.001193.000.00.00.H41") == ["1.001193"]  # the local code too


def test_names_starting_with_the_query_come_before_other_matches(catalog: Catalog):
    # "Thủ tục đăng ký khai sinh…" starts with the query once the generic "Thủ tục" is set aside;
    # "Thủ tục đăng ký lại khai sinh" only holds the words, so it comes after both others even
    # though it is more used than the mobile registration.
    assert codes(query="dang ky khai") == ["1.001193", "1.003583", "1.004884"]


def test_within_a_rank_the_more_used_and_then_the_shorter_name_first(catalog: Catalog):
    Procedure.objects.filter(national_code="1.003583").update(popularity=50)
    # Same rank, same popularity: the shorter name (the general procedure) first.
    assert codes(query="dang ky khai sinh") == ["1.001193", "1.003583", "1.004884"]
    Procedure.objects.filter(national_code="1.003583").update(popularity=51)
    assert codes(query="dang ky khai sinh") == ["1.003583", "1.001193", "1.004884"]
    Procedure.objects.filter(national_code="1.004884").update(popularity=1000)
    assert codes(query="dang ky khai sinh")[-1] == "1.004884"  # a lower rank stays below


def test_without_a_query_the_most_used_come_first(catalog: Catalog):
    assert codes() == ["2.000908", "1.001193", "1.000656", "1.004884", "1.003583", "1.012345"]


def test_procedures_no_longer_applied_are_not_found(catalog: Catalog):
    assert "1.000111" not in codes()
    assert codes(query="thu tuc cu") == []


def test_filter_by_field_level_and_online_level(catalog: Catalog):
    assert codes(field="G09-TP03") == ["2.000908"]
    assert codes(field="nope") == []
    assert codes(level="district") == ["2.000908", "1.012345"]
    assert codes(level="province") == []
    assert codes(level="commune", query="khai sinh") == ["1.001193", "1.004884", "1.003583"]
    assert codes(online="full") == ["2.000908"]
    assert codes(online="partial") == ["1.001193"]
    assert codes(online="none", field="G09-TP02") == ["1.000656", "1.004884", "1.003583"]


def test_unknown_level_or_online_level_is_a_programming_error(catalog: Catalog):
    with pytest.raises(ValueError):
        codes(level="ward")
    with pytest.raises(ValueError):
        codes(online="level4")


def test_filter_by_unit_keeps_what_is_posted_at_its_desk_on_the_day(catalog: Catalog, tree):
    assert codes(unit=tree.commune_a) == ["2.000908", "1.001193", "1.000656"]
    # Tân Hương took its birth registration notice down yesterday; the portal does not count.
    assert codes(unit=tree.commune_b) == []
    yesterday = timezone.localdate() - dt.timedelta(days=2)
    assert codes(unit=tree.commune_b, on=yesterday) == ["1.001193"]
    assert codes(unit=tree.commune_a, on=dt.date(2025, 6, 30)) == []  # before they were posted
    assert codes(unit=tree.district) == []


def test_each_row_carries_the_time_limit_of_its_version_in_force(catalog: Catalog):
    rows = {p.national_code: p.time_limit_days for p in selectors.procedure_search()}
    assert rows == {
        "2.000908": Decimal("1.0"),
        "1.001193": Decimal("0.5"),
        "1.000656": Decimal("3.0"),
        "1.004884": Decimal("5.0"),
        "1.003583": Decimal("5.0"),
        "1.012345": None,  # no version yet
    }
    # A version no longer in force does not count.
    on = dt.date(2025, 6, 1)
    assert {p.time_limit_days for p in selectors.procedure_search(on=on)} == {None}


def test_the_time_limit_falls_back_to_another_channel(catalog: Catalog):
    services.filing_methods_set(
        actor=None,
        version=catalog.birth_version,
        methods=[
            {"channel": Channel.IN_PERSON, "time_limit_text": "Trong ngày"},
            {"channel": Channel.POST, "time_limit_days": Decimal("2")},
        ],
    )
    assert selectors.procedure_search(query="1.001193").get().time_limit_days == Decimal("2.0")


def _grow(tree, count: int) -> None:
    field = services.field_upsert(actor=None, code="EXTRA", name_vi="Thêm")
    for index in range(count):
        procedure = services.procedure_create(
            actor=None,
            national_code=f"3.{index:06d}",
            name_vi=f"Thủ tục đăng ký khai sinh bổ sung {index}",
            field=field,
            at_commune=True,
        )
        version = services.version_create(
            actor=None,
            procedure=procedure,
            decision_number="1/QĐ",
            decision_date=dt.date(2025, 1, 1),
            effective_from=dt.date(2025, 1, 1),
        )
        services.filing_methods_set(
            actor=None, version=version, methods=[{"channel": Channel.IN_PERSON, "time_limit_days": 3}]
        )
        services.publication_add(
            actor=None,
            procedure=procedure,
            unit=tree.commune_a,
            place=PublicationPlace.DESK,
            published_on=dt.date(2025, 1, 1),
        )


def _search_queries(**kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        results = selectors.procedure_search(**kwargs)
        rows = list(results[:20])
        results.count()
        for row in rows:  # what a result list reads of each row
            assert row.field.name and row.levels is not None
    return len(captured)


def test_a_page_of_results_is_one_query_plus_the_count(catalog: Catalog, tree):
    arguments = {"query": "dang ky khai sinh", "field": None, "level": "commune", "unit": tree.commune_a}
    assert _search_queries(**arguments) == 2
    _grow(tree, 25)
    assert _search_queries(**arguments) == 2
    assert len(codes(**arguments)) == 26


def test_popular_procedures_for_the_home_page(catalog: Catalog):
    with CaptureQueriesContext(connection) as captured:
        popular = [(p.national_code, p.field.name) for p in selectors.procedure_popular(limit=3)]
    assert popular == [("2.000908", "Chứng thực"), ("1.001193", "Hộ tịch"), ("1.000656", "Hộ tịch")]
    assert len(captured) == 1


def test_units_offered_by_the_unit_filter(catalog: Catalog, tree):
    assert list(selectors.units_with_desk_publications()) == [tree.commune_a]
    assert list(selectors.units_with_desk_publications(on=timezone.localdate() - dt.timedelta(days=2))) == [
        tree.commune_a,
        tree.commune_b,
    ]


def test_detail_splits_the_version_in_force_into_general_and_case_parts(catalog: Catalog, tree):
    with CaptureQueriesContext(connection) as captured:
        detail = selectors.procedure_detail(code="1.001193")
    assert len(captured) == 7
    assert detail is not None
    assert detail.procedure == catalog.birth
    assert detail.version == catalog.birth_version
    assert [v.decision_number for v in detail.versions] == ["163/QĐ-BTP"]
    assert [m.channel for m in detail.filing_methods] == [Channel.IN_PERSON, Channel.ONLINE, Channel.POST]
    assert detail.time_limit_days == Decimal("0.5")
    assert [p.name_vi for p in detail.papers] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Văn bản ủy quyền",
    ]
    assert [s.order for s in detail.steps] == [1, 2, 3]
    assert [c.case.name_vi for c in detail.cases] == ["Trẻ bị bỏ rơi"]
    assert [p.name_vi for p in detail.cases[0].papers] == ["Biên bản xác nhận việc trẻ bị bỏ rơi"]
    assert detail.cases[0].filing_methods == [] and detail.cases[0].steps == []
    assert [d.unit for d in detail.desks] == [tree.commune_a]  # Tân Hương's notice is down
    assert detail.on_portal is False


def test_detail_query_count_does_not_grow_with_the_procedure(catalog: Catalog):
    services.papers_set(
        actor=None,
        version=catalog.birth_version,
        papers=[{"name_vi": f"Giấy tờ {i}", "quantity": 1} for i in range(15)],
    )
    for index in range(4):
        services.case_create(actor=None, version=catalog.birth_version, name_vi=f"Trường hợp {index}")
    with CaptureQueriesContext(connection) as captured:
        detail = selectors.procedure_detail(code="1.001193")
    assert len(captured) == 7
    assert detail is not None and len(detail.papers) == 15 and len(detail.cases) == 5


def test_detail_of_a_procedure_without_a_version_in_force(catalog: Catalog):
    detail = selectors.procedure_detail(code="1.012345")
    assert detail is not None
    assert (detail.version, detail.filing_methods, detail.papers, detail.cases) == (None, [], [], [])
    assert detail.time_limit_days is None
    old = selectors.procedure_detail(code="1.001193", on=dt.date(2025, 6, 30))
    assert old is not None and old.version is None and old.versions == [catalog.birth_version]


def test_detail_of_a_procedure_no_longer_applied_and_of_an_unknown_code(catalog: Catalog):
    retired = selectors.procedure_detail(code="1.000111")
    assert retired is not None and retired.procedure.is_active is False
    assert selectors.procedure_detail(code="9.999999") is None


def test_detail_shows_the_portal_publication(catalog: Catalog, tree):
    detail = selectors.procedure_detail(code="2.000908")
    assert detail is not None
    assert detail.on_portal is True
    assert [d.unit for d in detail.desks] == [tree.commune_a]


def test_only_papers_with_a_form_of_that_procedure_can_be_downloaded(catalog: Catalog):
    with_form, without_form, _optional = catalog.birth_version.papers.filter(case__isnull=True)
    assert selectors.procedure_paper_with_form(code="1.001193", paper_id=with_form.pk) == with_form
    assert selectors.procedure_paper_with_form(code="1.001193", paper_id=without_form.pk) is None
    assert selectors.procedure_paper_with_form(code="2.000908", paper_id=with_form.pk) is None
    assert selectors.procedure_paper_with_form(code="1.001193", paper_id=999999) is None
