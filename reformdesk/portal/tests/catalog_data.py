"""A small procedure catalog for the portal, selector, API and Open311 tests, made through the
catalog services (so search text is right) on the shared tree of reformdesk/conftest.py.

    Hộ tịch     1.001193 Thủ tục đăng ký khai sinh           commune · 0.5 days · partial online
                         posted at Phú Sơn (and Tân Hương until yesterday), on anywhere in the province,
                         two papers (one with a DOCX form), three steps, a sub-case with its own paper
                1.003583 Thủ tục đăng ký khai sinh lưu động  commune · 5 days
                1.004884 Thủ tục đăng ký lại khai sinh       commune · 5 days · popularity 10
                1.000656 Thủ tục đăng ký kết hôn             commune · popularity 30, posted at Phú Sơn
                1.000111 Khai sinh (thủ tục cũ)              no longer applied
    Chứng thực  2.000908 Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản
                         district and commune · fully online · popularity 100 · posted at Phú Sơn
                         and on the portal
    Đất đai     1.012345 Thủ tục đăng ký đất đai lần đầu     district · no version yet
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from reformdesk.catalog import services
from reformdesk.catalog.choices import Channel, OnlineLevel, PaperForm, PublicationPlace, StepKind
from reformdesk.catalog.models import Field, Procedure, ProcedureVersion
from reformdesk.org.choices import Role, UnitKind
from reformdesk.org.models import Unit

FORM_BYTES = b"PK\x03\x04 to khai dang ky khai sinh (mau thu)"
FORM_NAME = "to-khai-dang-ky-khai-sinh.docx"


@dataclass
class Catalog:
    civil: Field
    certify: Field
    land: Field
    birth: Procedure
    birth_version: ProcedureVersion
    mobile_birth: Procedure
    re_birth: Procedure
    marriage: Procedure
    retired: Procedure
    copies: Procedure
    land_first: Procedure


def _procedure(code: str, name: str, field: Field, **fields: object) -> Procedure:
    return services.procedure_create(actor=None, national_code=code, name_vi=name, field=field, **fields)


def _version(procedure: Procedure, *, days: str | None, fee: int | None = None) -> ProcedureVersion:
    start = dt.date(2025, 7, 1)
    version = services.version_create(
        actor=None,
        procedure=procedure,
        decision_number="163/QĐ-BTP",
        decision_date=start,
        effective_from=start,
        implementing_agency="Ủy ban nhân dân cấp xã",
        deciding_agency="Ủy ban nhân dân cấp xã",
        applicant_types=["citizen"],
        result="Giấy khai sinh",
        legal_basis="Luật Hộ tịch năm 2014",
    )
    if days is not None:
        services.filing_methods_set(
            actor=None,
            version=version,
            methods=[{"channel": Channel.IN_PERSON, "time_limit_days": Decimal(days), "fee_vnd": fee}],
        )
    return version


def _set_popularity(procedure: Procedure, popularity: int) -> None:
    # Popularity is counted from dossiers later; tests set it directly.
    Procedure.objects.filter(pk=procedure.pk).update(popularity=popularity)
    procedure.popularity = popularity


def save_form_file(name: str = FORM_NAME, content: bytes = FORM_BYTES) -> str:
    """Store a form file under MEDIA_ROOT (point it at a temporary folder first)."""
    return default_storage.save(f"catalog/forms/{name}", ContentFile(content))


def build_catalog(*, commune_a: Unit, commune_b: Unit) -> Catalog:
    civil = services.field_upsert(actor=None, code="G09-TP02", name_vi="Hộ tịch", sort_order=1)
    certify = services.field_upsert(actor=None, code="G09-TP03", name_vi="Chứng thực", sort_order=2)
    land = services.field_upsert(actor=None, code="G09-TN01", name_vi="Đất đai", sort_order=3)

    birth = _procedure(
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        civil,
        at_commune=True,
        online_level=OnlineLevel.PARTIAL,
        anywhere_in_province=True,
        local_code="1.001193.000.00.00.H41",
    )
    version = _version(birth, days="0.5")
    services.filing_methods_set(
        actor=None,
        version=version,
        methods=[
            {"channel": Channel.IN_PERSON, "time_limit_days": Decimal("0.5"), "fee_vnd": 0},
            {"channel": Channel.ONLINE, "time_limit_days": Decimal("0.5"), "fee_vnd": 0},
            {"channel": Channel.POST, "time_limit_text": "Trong ngày làm việc tiếp theo", "fee_vnd": 8000},
        ],
    )
    services.papers_set(
        actor=None,
        version=version,
        papers=[
            {
                "name_vi": "Tờ khai đăng ký khai sinh",
                "form": PaperForm.ORIGINAL,
                "quantity": 1,
                "form_file": save_form_file(),
            },
            {"name_vi": "Giấy chứng sinh", "form": PaperForm.ORIGINAL, "quantity": 1},
            {
                "name_vi": "Văn bản ủy quyền",
                "form": PaperForm.CERTIFIED_COPY,
                "quantity": 1,
                "is_required": False,
            },
        ],
    )
    services.steps_set(
        actor=None,
        version=version,
        steps=[
            {
                "kind": StepKind.RECEIVE,
                "name_vi": "Tiếp nhận hồ sơ",
                "role": Role.ONE_STOP,
                "unit_kind": UnitKind.COMMUNE,
                "working_days": Decimal("0.1"),
            },
            {
                "kind": StepKind.ASSESS,
                "name_vi": "Kiểm tra, ghi sổ hộ tịch",
                "role": Role.SPECIALIST,
                "unit_kind": UnitKind.COMMUNE,
                "working_days": Decimal("0.25"),
            },
            {
                "kind": StepKind.SIGN,
                "name_vi": "Ký giấy khai sinh",
                "role": Role.LEADER,
                "unit_kind": UnitKind.COMMUNE,
                "working_days": Decimal("0.15"),
            },
        ],
    )
    case = services.case_create(
        actor=None, version=version, name_vi="Trẻ bị bỏ rơi", time_limit_days=Decimal("5")
    )
    services.papers_set(
        actor=None,
        version=version,
        case=case,
        papers=[
            {"name_vi": "Biên bản xác nhận việc trẻ bị bỏ rơi", "form": PaperForm.ORIGINAL, "quantity": 1}
        ],
    )
    _set_popularity(birth, 50)

    mobile_birth = _procedure("1.003583", "Thủ tục đăng ký khai sinh lưu động", civil, at_commune=True)
    _version(mobile_birth, days="5")
    re_birth = _procedure("1.004884", "Thủ tục đăng ký lại khai sinh", civil, at_commune=True)
    _version(re_birth, days="5")
    _set_popularity(re_birth, 10)
    marriage = _procedure("1.000656", "Thủ tục đăng ký kết hôn", civil, at_commune=True)
    _version(marriage, days="3")
    _set_popularity(marriage, 30)
    retired = _procedure("1.000111", "Khai sinh (thủ tục cũ)", civil, at_commune=True, is_active=False)
    copies = _procedure(
        "2.000908",
        "Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản",
        certify,
        at_district=True,
        at_commune=True,
        online_level=OnlineLevel.FULL,
    )
    _version(copies, days="1", fee=2000)
    _set_popularity(copies, 100)
    land_first = _procedure("1.012345", "Thủ tục đăng ký đất đai lần đầu", land, at_district=True)

    today = timezone.localdate()
    start = dt.date(2025, 7, 1)
    for procedure in (birth, marriage, copies):
        services.publication_add(
            actor=None, procedure=procedure, unit=commune_a, place=PublicationPlace.DESK, published_on=start
        )
    old = services.publication_add(
        actor=None, procedure=birth, unit=commune_b, place=PublicationPlace.DESK, published_on=start
    )
    services.publication_withdraw(actor=None, publication=old, on=today - dt.timedelta(days=1))
    services.publication_add(
        actor=None, procedure=copies, unit=commune_a, place=PublicationPlace.PORTAL, published_on=start
    )
    return Catalog(
        civil=civil,
        certify=certify,
        land=land,
        birth=birth,
        birth_version=version,
        mobile_birth=mobile_birth,
        re_birth=re_birth,
        marriage=marriage,
        retired=retired,
        copies=copies,
        land_first=land_first,
    )


@pytest.fixture(name="catalog")
def catalog_fixture(tree, settings, tmp_path) -> Catalog:  # type: ignore[no-untyped-def]
    """The catalog above, with form files stored in a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_catalog(commune_a=tree.commune_a, commune_b=tree.commune_b)
