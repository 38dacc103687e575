import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.catalog import services
from reformdesk.catalog.choices import Channel, PublicationPlace, StepKind
from reformdesk.catalog.models import FilingMethod, Procedure, Publication, StepTemplate
from reformdesk.catalog.search import fold, terms
from reformdesk.catalog.tests.factories import make_field, make_procedure, make_version
from reformdesk.core.models import AuditEvent
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
