"""Shared set-up of the catalog staff-page tests: a small catalog built through the services, the
personas' clients, and a fingerprint of everything a denied request must leave untouched.

(A test module without tests, so that it may live beside the tests it serves.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from reformdesk.catalog import services
from reformdesk.catalog.choices import Channel, OnlineLevel, PaperForm, PublicationPlace, StepKind
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
from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.org.choices import Role, UnitKind

STAFF = ["chair_a", "one_stop_a", "specialist_b", "district_reform", "inspector"]
EDITORS = ["admin", "district_reform"]
NOT_EDITORS = ["outsider", "chair_a", "one_stop_a", "specialist_b", "inspector"]
DECISION = "1085/QĐ-UBND"


@dataclass
class Catalog:
    field: Field
    procedure: Procedure
    version: ProcedureVersion
    case: ProcedureCase
    publication: Publication  # at commune A's desk, in the district reform officer's scope
    province_publication: Publication  # on the portal for the province: outside that scope


def make_procedure(
    *,
    field: Field,
    code: str,
    name: str,
    online_level: str = OnlineLevel.PARTIAL,
    at_commune: bool = True,
    at_district: bool = False,
    is_active: bool = True,
) -> Procedure:
    return services.procedure_create(
        actor=None,
        national_code=code,
        name_vi=name,
        field=field,
        at_commune=at_commune,
        at_district=at_district,
        online_level=online_level,
        is_active=is_active,
    )


@pytest.fixture(name="catalog")
def catalog_fixture(tree) -> Catalog:
    """The birth-registration procedure, its version, sub-case, channels, papers, steps and two
    publications. Test modules import it as ``catalog_fixture`` and ask for ``catalog``."""
    field = services.field_upsert(actor=None, code="HT", name_vi="Hộ tịch", name_en="Civil status")
    procedure = make_procedure(field=field, code="1.001193", name="Thủ tục đăng ký khai sinh")
    version = services.version_create(
        actor=None,
        procedure=procedure,
        decision_number=DECISION,
        decision_date=dt.date(2024, 3, 1),
        effective_from=dt.date(2024, 4, 1),
        implementing_agency="UBND cấp xã",
        applicant_types=["citizen"],
    )
    services.filing_methods_set(
        actor=None,
        version=version,
        methods=[
            {"channel": Channel.IN_PERSON, "time_limit_days": Decimal("3"), "fee_vnd": 0},
            {"channel": Channel.ONLINE, "time_limit_days": Decimal("3"), "fee_vnd": 0},
        ],
    )
    services.papers_set(
        actor=None,
        version=version,
        papers=[
            {"name_vi": "Tờ khai đăng ký khai sinh", "form": PaperForm.ORIGINAL},
            {"name_vi": "Giấy chứng sinh", "form": PaperForm.ORIGINAL},
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
                "working_days": Decimal("0.5"),
            },
            {
                "kind": StepKind.ASSESS,
                "name_vi": "Thẩm định, ghi sổ hộ tịch",
                "role": Role.SPECIALIST,
                "unit_kind": UnitKind.COMMUNE,
                "working_days": Decimal("2"),
            },
        ],
    )
    case = services.case_create(
        actor=None, version=version, name_vi="Đăng ký khai sinh quá hạn", time_limit_days=Decimal("5")
    )
    publication = services.publication_add(
        actor=None,
        procedure=procedure,
        unit=tree.commune_a,
        place=PublicationPlace.DESK,
        published_on=dt.date(2024, 4, 1),
    )
    province_publication = services.publication_add(
        actor=None,
        procedure=procedure,
        unit=tree.province,
        place=PublicationPlace.PORTAL,
        published_on=dt.date(2024, 4, 1),
    )
    return Catalog(field, procedure, version, case, publication, province_publication)


def client_for(personas: Any, persona: str | None) -> Client:
    """A client signed in as ``persona`` (both factors passed), or anonymous for None."""
    client = Client()
    if persona:
        sign_in(client, getattr(personas, persona))
    return client


def fingerprint() -> dict[str, Any]:
    """Everything a catalog write could touch, to compare before and after a refused request."""
    return {
        "fields": list(Field.objects.values_list("code", "name_vi", "name_en", "sort_order")),
        "procedures": list(
            Procedure.objects.values_list("national_code", "name_vi", "is_active", "search_text")
        ),
        "versions": list(
            ProcedureVersion.objects.values_list("id", "decision_number", "effective_from", "effective_to")
        ),
        "cases": list(ProcedureCase.objects.values_list("id", "name_vi", "time_limit_days")),
        "channels": list(FilingMethod.objects.values_list("id", "channel", "time_limit_days", "fee_vnd")),
        "papers": list(RequiredPaper.objects.values_list("id", "name_vi", "sort_order", "form_file")),
        "steps": list(StepTemplate.objects.values_list("id", "order", "name_vi", "working_days")),
        "publications": list(Publication.objects.values_list("id", "unit_id", "place", "withdrawn_on")),
        "audit": AuditEvent.objects.count(),
    }
