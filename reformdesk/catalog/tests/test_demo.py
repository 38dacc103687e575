"""The demo catalog: complete, realistic, idempotent, and it reproduces the source report's figures."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Prefetch

from reformdesk.catalog import demo as catalog_demo
from reformdesk.catalog import demo_data as data
from reformdesk.catalog import services
from reformdesk.catalog.choices import Channel, OnlineLevel
from reformdesk.catalog.models import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    Publication,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.catalog.statistics import publication_statistics
from reformdesk.core.models import AuditEvent
from reformdesk.org import demo as org_demo
from reformdesk.org.models import Unit

pytestmark = pytest.mark.django_db

REPORT_DAY = dt.date(2020, 10, 26)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The demo's form files go to a temporary media folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def demo_catalog(db):
    """The demo unit tree and catalog (without the demo officials, which these tests do not need)."""
    org_demo.seed_units()
    catalog_demo.seed()


def _counts() -> tuple[int, ...]:
    models = (Field, Procedure, ProcedureVersion, FilingMethod, RequiredPaper, StepTemplate, ProcedureCase)
    return (*(m.objects.count() for m in models), Publication.objects.count())


def test_load_demo_twice_leaves_the_same_catalog():
    call_command("load_demo", stdout=io.StringIO())
    first = _counts()
    loads = AuditEvent.objects.filter(action="demo.load", object_type="catalog").count()
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert _counts() == first
    assert AuditEvent.objects.filter(action="demo.load", object_type="catalog").count() == loads == 1
    assert "catalog: ok" in output.getvalue()
    assert "/staff/catalog/statistics/?unit=000.00.30.H41&on=2020-10-26" in output.getvalue()
    fields, procedures, versions, *_rest = first
    assert (fields, procedures) == (77, 429)
    assert versions == 417 + 12 + 366  # current versions, demo versions, the rebuilt 2020 versions


def test_every_reference_procedure_is_loaded_with_its_decision(demo_catalog):
    rows = data.reference_rows()
    assert len(rows) == 417
    procedures = Procedure.objects.in_bulk(field_name="national_code")
    assert {row.national_code for row in rows} <= set(procedures)
    versions = {
        v.procedure.national_code: v
        for v in ProcedureVersion.objects.filter(
            effective_from=data.PLACEHOLDER_DECISION_DATE
        ).select_related("procedure")
    }
    assert len(versions) == 417
    assert versions["1.001193"].decision_number == "163/QĐ-BTP"
    assert versions["1.001193"].decision_date == dt.date(2025, 7, 1)  # the documented placeholder
    for row in rows:
        procedure = procedures[row.national_code]
        assert procedure.local_code == f"{row.national_code}.000.00.00.H41"
        assert procedure.at_commune and not procedure.at_district and not procedure.at_province
        assert versions[row.national_code].decision_number == row.decision_number
    assert {versions[c].decision_number for c in ("1.013143", "1.013142")} == {"5132/QĐ-BQP"}
    long_name = procedures["1.013962"].name_vi  # the longest official name, kept whole
    assert len(long_name) == 919 and long_name.startswith("Giao đất ở có thu tiền sử dụng đất")
    assert (
        procedures["1.001193"].search_text
        == "thu tuc dang ky khai sinh 1.001193 1.001193.000.00.00.h41 ho tich"
    )


@pytest.mark.parametrize(
    ("source", "number"),
    [
        ("x (export; publishing decision 163/QĐ-BTP)", "163/QĐ-BTP"),
        ("x (export; publishing decision Quyết định số 518/QĐ-BQP)", "518/QĐ-BQP"),
        ("x (export; publishing decision 168./QĐ-BNV) ; time limit from y", "168/QĐ-BNV"),
        ("x (export; publishing decision QĐ2338-BTP)", "QĐ2338-BTP"),
    ],
)
def test_decision_numbers_are_read_from_the_source_column(source, number):
    assert data.decision_number(source) == number


def test_field_codes_follow_the_vietnamese_alphabet():
    codes = data.field_codes()
    assert len(codes) == 77
    assert codes["An toàn đập, hồ chứa thuỷ điện"] == "LV001"  # "dap" before "thuc"
    assert codes["An toàn thực phẩm"] == "LV002"
    assert codes["Đất đai"] < codes["Điện lực"] < codes["Đường bộ"]  # đ sorts as d
    assert codes["Hộ tịch"] == data.field_codes()["Hộ tịch"]
    assert sorted(codes.values()) == [f"LV{i:03d}" for i in range(1, 78)]


def test_demo_procedures_are_flagged_as_demo(demo_catalog):
    demo = Procedure.objects.filter(national_code__startswith="9.9")
    assert demo.count() == 12
    assert all(p.name_vi.endswith("(minh họa)") for p in demo)
    assert all(p.national_code.startswith("9.9") for p in demo)
    levels = {(p.at_province, p.at_district, p.at_commune) for p in demo}
    assert levels == {(False, True, False), (True, True, False), (True, False, False)}
    versions = ProcedureVersion.objects.filter(procedure__in=demo)
    assert {v.decision_number for v in versions} == {data.DEMO_DECISION}
    assert all("minh họa" in v.legal_basis.lower() for v in versions)


def test_at_least_120_procedures_have_full_content_within_their_time_limit(demo_catalog):
    current = (
        ProcedureVersion.objects.filter(effective_to__isnull=True)
        .exclude(procedure__national_code__startswith="9.9")
        .annotate(papers_count=Count("papers", distinct=True))
        .prefetch_related(
            "steps", Prefetch("filing_methods", queryset=FilingMethod.objects.filter(case=None))
        )
    )
    full = [
        v
        for v in current
        if v.papers_count >= 2
        and v.steps_text
        and v.conditions
        and v.result
        and v.legal_basis
        and v.applicant_types
    ]
    assert len(full) >= 120
    with_steps = [v for v in full if v.steps.all()]
    assert len(with_steps) >= 80
    for version in with_steps:
        steps = list(version.steps.all())
        assert [s.kind for s in steps] == ["receive", "assess", "sign", "return"] or [
            s.kind for s in steps
        ] == [
            "receive",
            "assess",
            "approve",
            "return",
        ]
        limit = services.legal_time_limit(version)
        total = sum((s.working_days for s in steps), Decimal(0))
        assert limit is None or total <= limit, version
    birth = ProcedureVersion.objects.get(procedure__national_code="1.001193", effective_to=None)
    papers = [p.name_vi for p in birth.papers.all()]
    assert papers[0] == "Tờ khai đăng ký khai sinh theo mẫu"
    assert papers[1].startswith("Giấy chứng sinh")
    assert "Luật Hộ tịch số 60/2014/QH13" in birth.legal_basis
    assert "Nghị định số 123/2015/NĐ-CP" in birth.legal_basis
    in_person = birth.filing_methods.get(channel=Channel.IN_PERSON)
    assert in_person.time_limit_days == Decimal("0.5")
    assert in_person.fee_vnd is None and "Hội đồng nhân dân tỉnh" in in_person.fee_text
    marriage = ProcedureVersion.objects.get(procedure__national_code="1.000894", effective_to=None)
    assert [(c.name_vi, c.time_limit_days) for c in marriage.cases.all()] == [
        ("Trường hợp cần xác minh điều kiện kết hôn", Decimal(5))
    ]


def test_channels_carry_the_reference_time_limit_and_fee_or_explain_why_not(demo_catalog):
    methods = {
        m.version.procedure.national_code: m
        for m in FilingMethod.objects.filter(
            channel=Channel.IN_PERSON, version__effective_from=data.PLACEHOLDER_DECISION_DATE
        ).select_related("version__procedure")
    }
    assert len(methods) == 417
    for row in data.reference_rows():
        method = methods[row.national_code]
        assert method.time_limit_days == row.time_limit_days
        assert method.fee_vnd == row.fee_vnd
        if row.time_limit_days is None:
            assert method.time_limit_text, row.national_code
        if row.fee_vnd is None:
            assert method.fee_text, row.national_code
    copies = methods["2.000815"]
    assert (copies.fee_vnd, copies.fee_unit) == (2000, "trang")


def test_online_levels_are_a_demo_distribution_with_an_online_channel(demo_catalog):
    procedures = Procedure.objects.filter(national_code__regex=r"^[1-6]\.")
    by_level = {level: procedures.filter(online_level=level).count() for level in OnlineLevel.values}
    assert sum(by_level.values()) == 417
    assert all(count > 50 for count in by_level.values()), by_level
    online = set(
        FilingMethod.objects.filter(
            channel=Channel.ONLINE, version__effective_from=data.PLACEHOLDER_DECISION_DATE
        ).values_list("version__procedure__national_code", flat=True)
    )
    assert online == set(
        procedures.exclude(online_level=OnlineLevel.NONE).values_list("national_code", flat=True)
    )
    legacy = dict(procedures.values_list("legacy_online_level").annotate(n=Count("id")).order_by())
    assert legacy == {2: 330, 3: 36, None: 51}


def test_demo_rows_pass_model_validation(demo_catalog):
    for procedure in Procedure.objects.all():
        procedure.full_clean(exclude=["search_text"], validate_unique=False, validate_constraints=False)
    for version in ProcedureVersion.objects.all():
        version.full_clean(validate_unique=False, validate_constraints=False)
    for paper in RequiredPaper.objects.all()[:300]:
        paper.full_clean(validate_unique=False, validate_constraints=False)
    for step in StepTemplate.objects.all()[:300]:
        step.full_clean(validate_unique=False, validate_constraints=False)


def test_the_report_figures_come_out_exactly(demo_catalog):
    district = Unit.objects.get(code="000.00.30.H41")
    stats = publication_statistics(unit=district, on=REPORT_DAY)
    total = stats.total
    assert (total.in_scope, total.on_portal, total.portal_share) == (375, 282, Decimal("75.2"))
    assert (total.legacy["3"], total.legacy["2"]) == (36, 339)
    assert total.at_desk == 375
    assert len(stats.children) == 22
    assert stats.own is not None and stats.own.in_scope == 9
    # The figure moves with the date: everything is on the portal by mid-2021.
    later = publication_statistics(unit=district, on=dt.date(2021, 7, 1)).total
    assert (later.in_scope, later.on_portal) == (375, 375)
    # The 7 communes of today: 417 reference procedures each, none before 1 July 2025.
    province = Unit.objects.get(code="000.00.00.H41")
    today = publication_statistics(unit=province, on=dt.date(2026, 11, 27))
    assert [f.unit.code for f in today.children] == [f"000.7{i}.00.H41" for i in range(1, 8)]
    assert {f.in_scope for f in today.children} == {417}
    assert today.own is not None and today.own.in_scope == 4  # the province's demo procedures
