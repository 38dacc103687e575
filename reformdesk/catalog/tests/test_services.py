import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.catalog import services
from reformdesk.catalog.choices import Channel, PublicationPlace, StepKind
from reformdesk.catalog.models import (
    FilingMethod,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    Publication,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.catalog.tests.factories import make_field, make_procedure, make_version
from reformdesk.core.models import AuditEvent
from reformdesk.core.text import fold, terms
from reformdesk.org.choices import Role, UnitKind

pytestmark = pytest.mark.django_db

STEPS = [
    {
        "kind": StepKind.RECEIVE,
        "name_vi": "Tiếp nhận hồ sơ",
        "role": Role.ONE_STOP,
        "unit_kind": UnitKind.COMMUNE,
        "working_days": Decimal("0.5"),
    },
    {
        "kind": StepKind.ASSESS,
        "name_vi": "Thẩm định",
        "role": Role.SPECIALIST,
        "unit_kind": UnitKind.COMMUNE,
        "working_days": Decimal("1.5"),
    },
    {
        "kind": StepKind.SIGN,
        "name_vi": "Ký kết quả",
        "role": Role.LEADER,
        "unit_kind": UnitKind.COMMUNE,
        "working_days": Decimal("1"),
    },
]


def test_fold_removes_diacritics_case_and_d_stroke():
    assert fold("  Đăng ký   KHAI SINH ") == "dang ky khai sinh"
    assert fold("Chứng thực bản sao từ bản chính") == "chung thuc ban sao tu ban chinh"
    assert terms("Đăng ký khai sinh lưu động") == ["dang", "ky", "khai", "sinh", "luu", "dong"]


def test_procedure_keeps_a_folded_search_text():
    procedure = make_procedure()
    assert procedure.search_text == "thu tuc dang ky khai sinh 1.001193 ho tich"
    services.procedure_update(actor=None, procedure=procedure, name_vi="Đăng ký khai sinh lưu động")
    procedure.refresh_from_db()
    assert procedure.search_text == "dang ky khai sinh luu dong 1.001193 ho tich"
    assert AuditEvent.objects.filter(action="procedure.update", object_id=str(procedure.pk)).count() == 1


@pytest.mark.parametrize("code", ["1001193", "1.00119", "01.001193", "a.001193"])
def test_procedure_with_a_malformed_code_is_refused(code):
    field = make_field()
    with pytest.raises(ValidationError) as info:
        make_procedure(code=code, field=field)
    assert "national_code" in info.value.message_dict
    assert Procedure.objects.count() == 0


def test_procedure_needs_a_level():
    with pytest.raises(ValidationError):
        make_procedure(at_commune=False)
    assert Procedure.objects.count() == 0


def test_overlapping_versions_are_refused():
    procedure = make_procedure()
    make_version(procedure, start=dt.date(2020, 1, 1), end=dt.date(2025, 6, 30), number="1/QĐ")
    make_version(procedure, start=dt.date(2025, 7, 1), number="2/QĐ")
    with pytest.raises(ValidationError) as info:
        make_version(procedure, start=dt.date(2025, 6, 1), end=dt.date(2025, 7, 15), number="3/QĐ")
    assert "trùng với phiên bản theo quyết định 2/QĐ" in str(info.value)
    assert procedure.versions.count() == 2
    assert procedure.version_on(dt.date(2025, 7, 2)).decision_number == "2/QĐ"
    assert procedure.version_on(dt.date(2021, 1, 1)).decision_number == "1/QĐ"


def test_steps_within_the_legal_limit_are_saved_in_order():
    version = make_version(make_procedure(), days="3")
    services.steps_set(actor=None, version=version, steps=STEPS)
    assert list(version.steps.values_list("order", "name_vi")) == [
        (1, "Tiếp nhận hồ sơ"),
        (2, "Thẩm định"),
        (3, "Ký kết quả"),
    ]


def test_steps_over_the_legal_limit_are_refused_and_the_old_ones_stay():
    version = make_version(make_procedure(), days="3")
    services.steps_set(actor=None, version=version, steps=STEPS)
    longer = [
        *STEPS,
        {**STEPS[0], "kind": StepKind.RETURN, "name_vi": "Trả kết quả", "working_days": Decimal("0.5")},
    ]
    with pytest.raises(ValidationError) as info:
        services.steps_set(actor=None, version=version, steps=longer)
    assert "3.5 ngày làm việc" in str(info.value)
    assert "(3 ngày làm việc)" in str(info.value)
    assert StepTemplate.objects.filter(version=version).count() == 3


def test_a_sub_case_limit_bounds_its_own_steps():
    version = make_version(make_procedure(), days="3")
    late = services.case_create(
        actor=None, version=version, name_vi="Đăng ký khai sinh quá hạn", time_limit_days=Decimal("5")
    )
    steps = [{**STEPS[1], "working_days": Decimal("4.5")}]
    services.steps_set(actor=None, version=version, case=late, steps=steps)
    with pytest.raises(ValidationError):
        services.steps_set(actor=None, version=version, steps=steps)


def test_a_channel_may_be_listed_once():
    version = make_version(make_procedure(), days=None)
    with pytest.raises(ValidationError):
        services.filing_methods_set(
            actor=None,
            version=version,
            methods=[
                {"channel": Channel.IN_PERSON, "time_limit_days": Decimal(3)},
                {"channel": Channel.IN_PERSON, "time_limit_days": Decimal(5)},
            ],
        )
    assert FilingMethod.objects.count() == 0


def test_publication_is_scoped_to_the_officer_s_units(personas, tree):
    procedure = make_procedure()
    services.publication_add(
        actor=personas.district_reform,
        procedure=procedure,
        unit=tree.commune_a,
        place=PublicationPlace.DESK,
        published_on=dt.date(2026, 1, 5),
    )
    with pytest.raises(PermissionDenied):
        services.publication_add(
            actor=personas.chair_a,
            procedure=procedure,
            unit=tree.commune_a,
            place=PublicationPlace.PORTAL,
            published_on=dt.date(2026, 1, 5),
        )
    with pytest.raises(ValidationError):
        services.publication_add(
            actor=personas.district_reform,
            procedure=procedure,
            unit=tree.commune_a,
            place=PublicationPlace.DESK,
            published_on=dt.date(2026, 2, 1),
        )
    assert Publication.objects.count() == 1


@pytest.mark.parametrize("persona", ["chair_a", "one_stop_a", "specialist_b", "inspector", "outsider"])
def test_only_reform_officers_and_administrators_edit_procedures(personas, persona):
    procedure = make_procedure()
    with pytest.raises(PermissionDenied):
        services.procedure_update(actor=getattr(personas, persona), procedure=procedure, name_vi="Sửa")
    services.procedure_update(
        actor=personas.district_reform, procedure=procedure, name_vi="Đăng ký khai sinh"
    )
    services.procedure_update(actor=personas.admin, procedure=procedure, name_vi="Thủ tục đăng ký khai sinh")
    procedure.refresh_from_db()
    assert procedure.name_vi == "Thủ tục đăng ký khai sinh"


def test_a_version_without_a_start_date_is_a_validation_error_not_a_crash():
    procedure = make_procedure()
    with pytest.raises(ValidationError) as info:
        services.version_create(
            actor=None,
            procedure=procedure,
            decision_number="1/QĐ",
            decision_date=dt.date(2025, 1, 1),
            effective_from=None,
        )
    assert "effective_from" in info.value.message_dict
    assert procedure.versions.count() == 0


def test_working_days_read_naturally_in_both_languages():
    from django.utils import translation

    from reformdesk.catalog.open311 import working_days_text

    with translation.override("vi"):
        assert [working_days_text(Decimal(d)) for d in ("1", "0.5", "2.25", "3.00")] == [
            "1 ngày làm việc",
            "0,5 ngày làm việc",
            "2,25 ngày làm việc",
            "3 ngày làm việc",
        ]
    with translation.override("en"):
        assert [working_days_text(Decimal(d)) for d in ("1", "0.5", "15")] == [
            "1 working day",
            "0.5 working days",
            "15 working days",
        ]


def test_replacing_papers_audits_the_old_and_the_new_list():
    version = make_version(make_procedure())
    services.papers_set(
        actor=None, version=version, papers=[{"name_vi": "Tờ khai"}, {"name_vi": "Giấy chứng sinh"}]
    )
    services.papers_set(actor=None, version=version, papers=[{"name_vi": "Tờ khai"}])
    last = AuditEvent.objects.filter(action="procedure_version.papers").order_by("-id").first()
    assert last.changes == {"papers": [["Tờ khai", "Giấy chứng sinh"], ["Tờ khai"]]}


# --- Sub-cases ---------------------------------------------------------------------------------------


def late_birth_case(version, days: str = "5"):
    """A sub-case with its own time limit and a step of 4.5 working days."""
    case = services.case_create(
        actor=None, version=version, name_vi="Đăng ký khai sinh quá hạn", time_limit_days=Decimal(days)
    )
    services.steps_set(
        actor=None, version=version, case=case, steps=[{**STEPS[1], "working_days": Decimal("4.5")}]
    )
    return case


def case_state(case) -> tuple:
    return tuple(
        ProcedureCase.objects.filter(pk=case.pk).values_list("name_vi", "name_en", "time_limit_days")
    )


def test_update_a_sub_case_audits_what_changed(personas):
    version = make_version(make_procedure(), days="3")
    case = late_birth_case(version)
    services.case_update(
        actor=personas.district_reform,
        case=case,
        name_vi="Đăng ký khai sinh quá hạn cho người đã có hồ sơ",
        name_en="Late birth registration",
        time_limit_days=Decimal("4.5"),
    )
    assert case_state(case) == (
        ("Đăng ký khai sinh quá hạn cho người đã có hồ sơ", "Late birth registration", Decimal("4.5")),
    )
    audit = AuditEvent.objects.get(action="procedure_case.update")
    assert (audit.actor, audit.object_id, audit.changes) == (
        personas.district_reform,
        str(case.pk),
        {
            "name_vi": ["Đăng ký khai sinh quá hạn", "Đăng ký khai sinh quá hạn cho người đã có hồ sơ"],
            "name_en": ["", "Late birth registration"],
            "time_limit_days": ["5", "4.5"],
        },
    )


def test_an_unchanged_sub_case_writes_no_audit_row():
    version = make_version(make_procedure(), days="3")
    case = late_birth_case(version)
    audits = AuditEvent.objects.count()
    services.case_update(actor=None, case=case, name_vi="Đăng ký khai sinh quá hạn")
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(
    ("days", "limit"),
    [
        # Shorter than the sub-case's steps.
        (Decimal("4"), "4"),
        # Cleared: the version's time limit (3 days in person) applies, also too short.
        (None, "3"),
    ],
)
def test_a_sub_case_time_limit_shorter_than_its_steps_is_refused(days, limit):
    version = make_version(make_procedure(), days="3")
    case = late_birth_case(version)
    before, audits = case_state(case), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        services.case_update(actor=None, case=case, time_limit_days=days)
    assert info.value.message_dict == {
        "time_limit_days": [
            "Tổng thời gian các bước (4.5 ngày làm việc) vượt thời hạn giải quyết "
            f"theo quy định ({limit} ngày làm việc)."
        ]
    }
    assert case_state(case) == before
    assert AuditEvent.objects.count() == audits


def test_a_sub_case_without_steps_may_drop_its_own_time_limit():
    version = make_version(make_procedure(), days="3")
    case = services.case_create(
        actor=None, version=version, name_vi="Trẻ bị bỏ rơi", time_limit_days=Decimal(5)
    )
    services.case_update(actor=None, case=case, time_limit_days=None)
    assert case_state(case) == (("Trẻ bị bỏ rơi", "", None),)
    assert services.legal_time_limit(version, case) == Decimal("3.0")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"time_limit_days": Decimal("-1")}, "time_limit_days"),
        ({"name_vi": ""}, "name_vi"),
        ({"name_vi": "x" * 501}, "name_vi"),
    ],
)
def test_a_bad_sub_case_is_refused_and_nothing_changes(fields, error):
    version = make_version(make_procedure(), days="3")
    case = late_birth_case(version)
    before, audits = case_state(case), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        services.case_update(actor=None, case=case, **fields)
    assert list(info.value.message_dict) == [error]
    assert case_state(case) == before
    assert AuditEvent.objects.count() == audits


def test_a_sub_case_takes_only_its_own_fields():
    version = make_version(make_procedure(), days="3")
    case = late_birth_case(version)
    with pytest.raises(TypeError):
        services.case_update(actor=None, case=case, version=make_version(make_procedure(code="1.000894")))


@pytest.mark.parametrize("persona", ["chair_a", "one_stop_a", "specialist_b", "inspector", "outsider"])
def test_only_catalog_editors_change_or_remove_a_sub_case(personas, persona):
    version = make_version(make_procedure(), days="3")
    case = late_birth_case(version)
    before, audits = case_state(case), AuditEvent.objects.count()
    actor = getattr(personas, persona)
    with pytest.raises(PermissionDenied):
        services.case_update(actor=actor, case=case, time_limit_days=Decimal(10))
    with pytest.raises(PermissionDenied):
        services.case_delete(actor=actor, case=case)
    assert case_state(case) == before
    assert StepTemplate.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.count() == audits


def test_delete_a_sub_case_with_its_own_rows(personas):
    version = make_version(make_procedure(), days="3")
    services.papers_set(actor=None, version=version, papers=[{"name_vi": "Tờ khai đăng ký khai sinh"}])
    case = late_birth_case(version)
    services.papers_set(actor=None, version=version, case=case, papers=[{"name_vi": "Văn bản cam đoan"}])
    services.filing_methods_set(
        actor=None, version=version, case=case, methods=[{"channel": Channel.IN_PERSON, "time_limit_days": 5}]
    )
    case_pk = case.pk
    services.case_delete(actor=personas.district_reform, case=case)
    assert ProcedureCase.objects.filter(pk=case_pk).count() == 0
    assert (FilingMethod.objects.filter(case_id=case_pk).count(), StepTemplate.objects.count()) == (0, 0)
    # The version's own rows stay.
    assert list(version.papers.values_list("name_vi", flat=True)) == ["Tờ khai đăng ký khai sinh"]
    assert list(version.filing_methods.values_list("channel", flat=True)) == [Channel.IN_PERSON]
    audit = AuditEvent.objects.get(action="procedure_case.delete")
    assert (audit.actor, audit.object_id, audit.object_repr, audit.changes) == (
        personas.district_reform,
        str(case_pk),
        "Đăng ký khai sinh quá hạn",
        {
            "name_vi": ["Đăng ký khai sinh quá hạn", None],
            "name_en": ["", None],
            "time_limit_days": ["5", None],
            "filing_methods": [["Trực tiếp: 5.0"], None],
            "papers": [["Văn bản cam đoan"], None],
            "steps": [["1:Thẩm định:4.50"], None],
        },
    )


def test_a_sub_case_something_points_at_is_not_deleted(monkeypatch):
    """Once dossiers are filed under a sub-case (a protecting foreign key), it stays."""
    from django.db.models import ProtectedError

    version = make_version(make_procedure(), days="3")
    case = late_birth_case(version)
    audits = AuditEvent.objects.count()

    def protected(self, *args, **kwargs):
        raise ProtectedError("protected", set())

    monkeypatch.setattr(ProcedureCase, "delete", protected)
    with pytest.raises(ValidationError) as info:
        services.case_delete(actor=None, case=case)
    assert info.value.messages == ["Đã có hồ sơ nộp theo trường hợp này nên không thể xóa trường hợp."]
    assert ProcedureCase.objects.filter(pk=case.pk).count() == 1
    assert AuditEvent.objects.count() == audits


def test_a_new_sub_case_goes_after_the_others_even_after_a_deletion():
    version = make_version(make_procedure(), days="3")
    first, second = (
        services.case_create(actor=None, version=version, name_vi=name) for name in ("Thứ nhất", "Thứ hai")
    )
    services.case_delete(actor=None, case=first)
    third = services.case_create(actor=None, version=version, name_vi="Thứ ba")
    assert list(version.cases.values_list("name_vi", "sort_order")) == [("Thứ hai", 2), ("Thứ ba", 3)]
    assert third.sort_order == second.sort_order + 1


# --- Bulk creation ---------------------------------------------------------------------------------


def bulk_item(code: str, field, *, days: str, steps: list[dict]) -> services.NewProcedure:
    return services.NewProcedure(
        procedure=Procedure(national_code=code, name_vi=f"Thủ tục {code}", field=field, at_commune=True),
        version=ProcedureVersion(
            decision_number="1/QĐ", decision_date=dt.date(2025, 7, 1), effective_from=dt.date(2025, 7, 1)
        ),
        methods=[FilingMethod(channel=Channel.IN_PERSON, time_limit_days=Decimal(days))],
        papers=[RequiredPaper(name_vi="Tờ khai"), RequiredPaper(name_vi="Giấy chứng sinh")],
        steps=[StepTemplate(**step) for step in steps],
    )


def test_bulk_creation_numbers_the_rows_and_audits_as_the_services(personas):
    field = make_field()
    created = services.procedures_bulk_create(
        actor=personas.district_reform,
        items=[
            bulk_item("1.000001", field, days="3", steps=STEPS),
            services.NewProcedure(
                procedure=Procedure(national_code="1.000002", name_vi="B", field=field, at_commune=True)
            ),
        ],
    )
    assert [p.national_code for p in created] == ["1.000001", "1.000002"]
    version = ProcedureVersion.objects.get(procedure__national_code="1.000001")
    assert list(version.papers.values_list("sort_order", "name_vi")) == [
        (1, "Tờ khai"),
        (2, "Giấy chứng sinh"),
    ]
    assert list(version.steps.values_list("order", flat=True)) == [1, 2, 3]
    assert Procedure.objects.get(national_code="1.000002").search_text == "b 1.000002 ho tich"
    assert sorted(
        AuditEvent.objects.filter(actor=personas.district_reform).values_list("action", flat=True)
    ) == [
        "procedure.create",
        "procedure.create",
        "procedure_version.create",
        "procedure_version.filing_methods",
        "procedure_version.papers",
        "procedure_version.steps",
    ]


def test_bulk_creation_over_a_time_limit_writes_nothing(personas):
    field = make_field()
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        services.procedures_bulk_create(
            actor=None,
            items=[
                bulk_item("1.000001", field, days="3", steps=STEPS),
                bulk_item("1.000002", field, days="2.5", steps=STEPS),
            ],
        )
    assert [(e.params["index"], e.message % e.params) for e in info.value.error_list] == [
        (
            1,
            "Tổng thời gian các bước (3 ngày làm việc) vượt thời hạn giải quyết "
            "theo quy định (2.5 ngày làm việc).",
        )
    ]
    assert (Procedure.objects.count(), ProcedureVersion.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        audits,
    )
    with pytest.raises(PermissionDenied):
        services.procedures_bulk_create(
            actor=personas.one_stop_a, items=[bulk_item("1.000003", field, days="3", steps=STEPS)]
        )
    assert (Procedure.objects.count(), AuditEvent.objects.count()) == (0, audits)


def test_bulk_writes_change_the_catalog_version():
    """Rows inserted in bulk send no signal: the services mark the public pages out of date."""
    from reformdesk.catalog.cache import catalog_version

    field = make_field()
    version = make_version(make_procedure(field=field), days="3")
    before = catalog_version()
    services.papers_set(actor=None, version=version, papers=[{"name_vi": "Tờ khai"}])  # none before
    after_papers = catalog_version()
    services.procedures_bulk_create(actor=None, items=[bulk_item("1.000001", field, days="3", steps=STEPS)])
    assert len({before, after_papers, catalog_version()}) == 3
