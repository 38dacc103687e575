"""Importing the sample, what it writes and audits, updates through the services, and the round trip."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest

from reformdesk.catalog import services
from reformdesk.catalog.choices import Channel
from reformdesk.catalog.importing import catalog_export, catalog_import
from reformdesk.catalog.importing.exporter import catalog_rows
from reformdesk.catalog.models import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.catalog.tests.factories import make_field, make_procedure, make_version
from reformdesk.catalog.tests.samples import (
    CSV,
    WORKBOOK,
    sample_csv_text,
    sample_rows,
    workbook_content,
    xlsx_bytes,
)
from reformdesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 15)


def _import(data: bytes, name: str = "catalog.xlsx", *, commit: bool = False, actor=None):
    return catalog_import(data=data, filename=name, actor=actor, commit=commit)


def _counts(report) -> dict[str, tuple[int, int, int]]:
    return {key: (c.create, c.update, c.unchanged) for key, c in report.counts.items()}


def _export() -> bytes:
    out = io.BytesIO()
    catalog_export(target=out, today=TODAY)
    return out.getvalue()


def test_the_committed_samples_hold_what_the_helper_builds():
    assert workbook_content(WORKBOOK.read_bytes()) == workbook_content(xlsx_bytes(sample_rows()))
    assert CSV.read_bytes() == ("\ufeff" + sample_csv_text()).encode("utf-8")


def test_dry_run_previews_the_sample_and_writes_nothing(tree):
    """GIVEN an empty catalog WHEN the sample is checked THEN the preview counts every procedure as
    new, per sheet, and nothing (not even an audit row) is written."""
    audit_rows = AuditEvent.objects.count()
    report = _import(WORKBOOK.read_bytes())
    assert report.errors == []
    assert report.committed is False
    assert _counts(report) == {
        "procedures": (12, 0, 0),
        "filing_methods": (12, 0, 0),
        "papers": (12, 0, 0),
        "steps": (12, 0, 0),
    }
    assert [report.counts[k].rows for k in ("procedures", "filing_methods", "papers", "steps")] == [
        12,
        16,
        17,
        32,
    ]
    assert (report.fields_created, report.fields_updated) == (6, 0)
    assert Procedure.objects.count() == 0
    assert Field.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows


def test_commit_writes_the_sample_as_the_services_would(tree):
    report = _import(WORKBOOK.read_bytes(), commit=True)
    assert report.committed is True
    assert Procedure.objects.count() == 12
    birth = Procedure.objects.get(national_code="1.001193")
    assert birth.name_vi == "Thủ tục đăng ký khai sinh"
    assert birth.local_code == "1.001193.000.00.00.H41"
    assert (birth.field.code, birth.field.name_vi) == ("HT", "Hộ tịch")
    assert birth.levels == ["commune"]
    assert (birth.online_level, birth.anywhere_in_province, birth.is_active) == ("partial", True, True)
    assert birth.search_text == services.procedure_search_text(birth)
    assert "dang ky khai sinh" in birth.search_text
    version = birth.versions.get()
    assert (version.decision_number, version.effective_from, version.effective_to) == (
        "163/QĐ-BTP",
        dt.date(2025, 7, 1),
        None,
    )
    assert version.applicant_types == ["citizen"]
    methods = list(version.filing_methods.values_list("channel", "time_limit_days", "fee_vnd", "fee_text"))
    assert methods == [
        (1, Decimal("0.5"), None, "Theo quy định của Hội đồng nhân dân tỉnh"),
        (2, Decimal("0.5"), None, "Theo quy định của Hội đồng nhân dân tỉnh"),
    ]
    assert list(version.papers.values_list("sort_order", "name_vi", "form")) == [
        (1, "Tờ khai đăng ký khai sinh theo mẫu", "original"),
        (2, "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh", "original"),
    ]
    assert list(version.steps.values_list("order", "kind", "role", "working_days")) == [
        (1, "receive", "one_stop", Decimal("0.10")),
        (2, "assess", "specialist", Decimal("0.20")),
        (3, "sign", "leader", Decimal("0.10")),
        (4, "return", "one_stop", Decimal("0.10")),
    ]
    certification = Procedure.objects.get(national_code="2.000884").versions.get().filing_methods.get()
    assert (certification.fee_vnd, certification.fee_unit, certification.time_limit_days) == (
        10000,
        "trường hợp",
        None,
    )
    actions = sorted(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("procedure.create") == 12
    assert actions.count("procedure_version.create") == 12
    assert actions.count("procedure_version.filing_methods") == 12
    assert actions.count("procedure_version.papers") == 12
    assert actions.count("procedure_version.steps") == 12
    assert actions.count("field.create") == 6
    assert actions.count("catalog.import") == 1


def test_bulk_created_audit_rows_equal_those_of_the_services(tree, personas):
    """A procedure created by the import and the same procedure created through the services leave
    the same audit rows (apart from ids)."""
    field = make_field("HT", "Hộ tịch")
    rows = {
        "procedures": [
            {
                "national_code": code,
                "name_vi": "Thủ tục đăng ký khai sinh",
                "field_code": "HT",
                "levels": ["commune"],
                "decision_number": "163/QĐ-BTP",
                "decision_date": dt.date(2025, 7, 1),
                "effective_from": dt.date(2025, 7, 1),
            }
            for code in ("1.001193",)
        ],
        "filing_methods": [
            {"national_code": "1.001193", "channel": 1, "time_limit_days": Decimal(3), "fee_vnd": 0}
        ],
        "papers": [{"national_code": "1.001193", "order": 1, "name_vi": "Tờ khai", "form": "original"}],
        "steps": [
            {
                "national_code": "1.001193",
                "order": 1,
                "kind": "receive",
                "name_vi": "Tiếp nhận",
                "role": "one_stop",
                "unit_kind": "commune",
                "working_days": Decimal("0.5"),
            }
        ],
    }
    assert _import(xlsx_bytes(rows), commit=True, actor=personas.district_reform).committed
    procedure = services.procedure_create(
        actor=personas.district_reform,
        national_code="1.001194",
        name_vi="Thủ tục đăng ký khai sinh",
        field=field,
        at_commune=True,
    )
    version = services.version_create(
        actor=personas.district_reform,
        procedure=procedure,
        decision_number="163/QĐ-BTP",
        decision_date=dt.date(2025, 7, 1),
        effective_from=dt.date(2025, 7, 1),
    )
    services.filing_methods_set(
        actor=personas.district_reform,
        version=version,
        methods=[{"channel": 1, "time_limit_days": Decimal(3), "fee_vnd": 0}],
    )
    services.papers_set(
        actor=personas.district_reform, version=version, papers=[{"name_vi": "Tờ khai", "form": "original"}]
    )
    services.steps_set(
        actor=personas.district_reform,
        version=version,
        steps=[
            {
                "kind": "receive",
                "name_vi": "Tiếp nhận",
                "role": "one_stop",
                "unit_kind": "commune",
                "working_days": Decimal("0.5"),
            }
        ],
    )
    imported = Procedure.objects.get(national_code="1.001193")

    def trail(procedure: Procedure) -> list[tuple]:
        version = procedure.versions.get()
        events = (
            AuditEvent.objects.filter(
                object_type__in=["catalog.procedure", "catalog.procedureversion"],
                object_id__in=[str(procedure.pk), str(version.pk)],
            )
            .exclude(action="catalog.import")
            .order_by("id")
        )
        ids = {("procedure", procedure.pk): "P", ("field", field.pk): "F"}
        result = []
        for event in events:
            changes = {
                key: [None, ids.get((key, new), new) if key in ("procedure", "field") else new]
                for key, (_old, new) in event.changes.items()
                if key != "national_code"
            }
            result.append((event.action, event.object_type, event.actor_label, event.channel, changes))
        return result

    assert trail(imported) == trail(procedure)
    assert trail(imported)[0][2] == "cchc_huyen"


def test_export_then_import_then_export_changes_nothing(tree):
    _import(WORKBOOK.read_bytes(), commit=True)
    first = _export()
    audit_rows = AuditEvent.objects.exclude(action="catalog.import").count()
    report = _import(first)
    assert report.errors == []
    assert _counts(report) == {
        "procedures": (0, 0, 12),
        "filing_methods": (0, 0, 12),
        "papers": (0, 0, 12),
        "steps": (0, 0, 12),
    }
    assert report.changes == 0
    committed = _import(first, commit=True)
    assert committed.committed is True
    assert AuditEvent.objects.exclude(action="catalog.import").count() == audit_rows
    assert workbook_content(_export()) == workbook_content(first)


def test_the_export_of_the_imported_sample_is_the_sample(tree):
    _import(WORKBOOK.read_bytes(), commit=True)
    assert workbook_content(_export()) == workbook_content(WORKBOOK.read_bytes())


def test_export_keeps_codes_as_text_and_dates_as_dates(tree):
    _import(WORKBOOK.read_bytes(), commit=True)
    content = workbook_content(_export())
    header, first = content["Thủ tục"][:2]
    row = dict(zip(header, first, strict=True))
    assert row["Mã thủ tục"] == "1.001193"
    assert row["Ngày quyết định"] == dt.datetime(2025, 7, 1)
    assert row["Cấp thực hiện"] == "Cấp xã"
    assert row["Đang áp dụng"] == "Có"


def test_export_takes_the_version_in_force_and_leaves_sub_cases_out(tree):
    procedure = make_procedure("1.001193")
    old = make_version(procedure, number="1/QĐ-OLD", start=dt.date(2020, 1, 1), end=dt.date(2025, 6, 30))
    current = make_version(procedure, number="163/QĐ-BTP", start=dt.date(2025, 7, 1))
    services.case_create(actor=None, version=current, name_vi="Khai sinh quá hạn", time_limit_days=Decimal(5))
    case = ProcedureCase.objects.get()
    services.papers_set(
        actor=None, version=current, case=case, papers=[{"name_vi": "Giấy riêng của trường hợp"}]
    )
    rows = catalog_rows(TODAY)
    assert [r["decision_number"] for r in rows["procedures"]] == ["163/QĐ-BTP"]
    assert rows["papers"] == []
    assert old.pk != current.pk


def test_export_of_a_procedure_without_version_round_trips(tree):
    make_procedure("1.001193")
    report = _import(_export())
    assert report.errors == []
    assert _counts(report)["procedures"] == (0, 0, 1)


def test_changed_rows_go_through_the_services_and_are_audited(tree, personas):
    _import(WORKBOOK.read_bytes(), commit=True)
    rows = sample_rows()
    rows["procedures"][0]["name_vi"] = "Đăng ký khai sinh"
    rows["procedures"][0]["legal_basis"] = "Luật Hộ tịch 2014"
    rows["filing_methods"] = [
        m for m in rows["filing_methods"] if not (m["national_code"] == "1.001193" and m["channel"] == 2)
    ]
    rows["papers"][0]["quantity"] = 2
    report = _import(xlsx_bytes(rows), commit=True, actor=personas.district_reform)
    assert report.committed
    assert _counts(report) == {
        "procedures": (0, 1, 11),
        "filing_methods": (0, 1, 11),
        "papers": (0, 1, 11),
        "steps": (0, 0, 12),
    }
    birth = Procedure.objects.get(national_code="1.001193")
    assert birth.name_vi == "Đăng ký khai sinh"
    assert birth.search_text == services.procedure_search_text(birth)
    version = birth.versions.get()
    assert version.legal_basis == "Luật Hộ tịch 2014"
    assert list(version.filing_methods.values_list("channel", flat=True)) == [Channel.IN_PERSON]
    assert version.papers.order_by("sort_order").first().quantity == 2
    update = AuditEvent.objects.get(action="procedure.update")
    assert update.actor_label == "cchc_huyen"
    assert update.changes == {"name_vi": ["Thủ tục đăng ký khai sinh", "Đăng ký khai sinh"]}
    assert AuditEvent.objects.filter(action="procedure_version.update").count() == 1
    assert (
        AuditEvent.objects.filter(
            action="procedure_version.filing_methods", object_id=str(version.pk)
        ).count()
        == 2
    )


def test_a_new_decision_closes_the_version_in_force(tree):
    _import(WORKBOOK.read_bytes(), commit=True)
    rows = sample_rows()
    rows["procedures"][0].update(
        decision_number="200/QĐ-BTP", decision_date=dt.date(2026, 2, 1), effective_from=dt.date(2026, 3, 1)
    )
    report = _import(xlsx_bytes(rows), commit=True)
    assert report.committed
    assert report.versions_closed == 1
    assert _counts(report)["procedures"] == (0, 1, 11)
    # The new version's rows are "created" on the other sheets; the old version keeps its own.
    assert _counts(report)["papers"] == (1, 0, 11)
    versions = list(
        ProcedureVersion.objects.filter(procedure__national_code="1.001193")
        .order_by("effective_from")
        .values_list("decision_number", "effective_from", "effective_to")
    )
    assert versions == [
        ("163/QĐ-BTP", dt.date(2025, 7, 1), dt.date(2026, 2, 28)),
        ("200/QĐ-BTP", dt.date(2026, 3, 1), None),
    ]
    new = ProcedureVersion.objects.get(decision_number="200/QĐ-BTP")
    assert new.papers.count() == 2
    assert new.steps.count() == 4


def test_replacing_papers_keeps_form_files_and_english_names(tree):
    _import(WORKBOOK.read_bytes(), commit=True)
    paper = RequiredPaper.objects.get(name_vi="Tờ khai đăng ký khai sinh theo mẫu")
    RequiredPaper.objects.filter(pk=paper.pk).update(
        form_file="catalog/forms/to-khai-khai-sinh.docx", name_en="Birth form"
    )
    rows = sample_rows()
    rows["papers"].insert(
        0, {"national_code": "1.001193", "order": 0, "name_vi": "Giấy tờ tùy thân", "form": "original"}
    )
    assert _import(xlsx_bytes(rows), commit=True).committed
    kept = RequiredPaper.objects.get(name_vi="Tờ khai đăng ký khai sinh theo mẫu")
    assert (kept.sort_order, kept.form_file.name, kept.name_en) == (
        2,
        "catalog/forms/to-khai-khai-sinh.docx",
        "Birth form",
    )


def test_import_leaves_sub_cases_and_publications_alone(tree):
    _import(WORKBOOK.read_bytes(), commit=True)
    version = ProcedureVersion.objects.get(procedure__national_code="1.001193")
    case = services.case_create(
        actor=None, version=version, name_vi="Khai sinh quá hạn", time_limit_days=Decimal(5)
    )
    services.filing_methods_set(
        actor=None, version=version, case=case, methods=[{"channel": 1, "time_limit_days": Decimal(5)}]
    )
    rows = sample_rows()
    rows["filing_methods"][0]["fee_text"] = "Miễn lệ phí"
    assert _import(xlsx_bytes(rows), commit=True).committed
    assert FilingMethod.objects.filter(case=case).count() == 1


def test_a_csv_of_the_procedures_sheet_leaves_the_other_sheets_data_alone(tree):
    _import(WORKBOOK.read_bytes(), commit=True)
    papers = RequiredPaper.objects.count()
    text = sample_csv_text().replace("Thủ tục đăng ký khai sinh", "Đăng ký khai sinh")
    report = _import(text.encode("utf-8"), "thu-tuc.csv", commit=True)
    assert report.committed
    assert report.sheets_in_file == ["procedures"]
    assert _counts(report)["procedures"] == (0, 1, 11)
    assert _counts(report)["papers"] == (0, 0, 0)
    assert RequiredPaper.objects.count() == papers
    assert Procedure.objects.get(national_code="1.001193").name_vi == "Đăng ký khai sinh"


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_or_without_bom_comma_or_semicolon(tree, delimiter, bom):
    text = sample_csv_text(delimiter)
    data = (("\ufeff" if bom else "") + text).encode("utf-8")
    report = _import(data, "thu-tuc.csv", commit=True)
    assert report.errors == []
    assert Procedure.objects.count() == 12
    assert StepTemplate.objects.count() == 0
    assert ProcedureVersion.objects.count() == 12


def test_a_field_renamed_in_the_file_is_updated_keeping_its_english_name(tree):
    Field.objects.create(code="HT", name_vi="Hộ tịch (cũ)", name_en="Civil status", sort_order=3)
    report = _import(WORKBOOK.read_bytes(), commit=True)
    assert (report.fields_created, report.fields_updated) == (5, 1)
    field = Field.objects.get(code="HT")
    assert (field.name_vi, field.name_en, field.sort_order) == ("Hộ tịch", "Civil status", 3)
