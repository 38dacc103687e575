"""The catalog admin saves through the services (audit rows) and refuses what they refuse."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reformdesk.catalog import services
from reformdesk.catalog.models import Field, Procedure, ProcedureVersion, Publication
from reformdesk.catalog.tests.factories import make_field, make_procedure, make_version
from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(personas) -> Client:
    return sign_in(Client(), personas.admin)


def _audited(action: str, obj) -> int:
    return AuditEvent.objects.filter(action=action, object_id=str(obj.pk)).count()


def _procedure_post(field: Field, **extra) -> dict:
    data = {
        "national_code": "1.004873",
        "name_vi": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        "name_en": "",
        "local_code": "1.004873.000.00.00.H41",
        "field": field.pk,
        "at_commune": "on",
        "online_level": "partial",
        "legacy_online_level": "",
        "is_active": "on",
        "versions-TOTAL_FORMS": "1",
        "versions-INITIAL_FORMS": "0",
        "versions-0-decision_number": "163/QĐ-BTP",
        "versions-0-decision_date": "2025-07-01",
        "versions-0-effective_from": "2025-07-01",
        "versions-0-effective_to": "",
        "versions-0-implementing_agency": "Ủy ban nhân dân cấp xã",
        "versions-0-deciding_agency": "",
    }
    data.update(extra)
    return data


def test_adding_a_field_goes_through_the_service(admin_client, personas):
    response = admin_client.post(
        "/admin/catalog/field/add/", {"code": "LV041", "name_vi": "Hộ tịch", "name_en": "", "sort_order": 3}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    field = Field.objects.get(code="LV041")
    assert (
        AuditEvent.objects.filter(
            action="field.create", object_id=str(field.pk), actor=personas.admin
        ).count()
        == 1
    )


def test_adding_a_procedure_with_its_version_goes_through_the_services(admin_client, personas):
    field = make_field()
    response = admin_client.post("/admin/catalog/procedure/add/", _procedure_post(field))
    assert response.status_code == 302, response.content.decode()[:3000]
    procedure = Procedure.objects.get(national_code="1.004873")
    assert procedure.search_text.startswith("thu tuc cap giay xac nhan tinh trang hon nhan")
    version = procedure.versions.get()
    assert (version.decision_number, version.effective_from) == ("163/QĐ-BTP", dt.date(2025, 7, 1))
    assert _audited("procedure.create", procedure) == 1
    assert _audited("procedure_version.create", version) == 1


def test_a_procedure_without_a_level_is_refused_and_nothing_is_saved(admin_client):
    field = make_field()
    data = _procedure_post(field)
    del data["at_commune"]
    response = admin_client.post("/admin/catalog/procedure/add/", data)
    assert response.status_code == 200
    assert "Thủ tục phải thuộc ít nhất một cấp thực hiện." in response.content.decode()
    assert not Procedure.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="procedure").exists()


def test_an_overlapping_version_is_refused_with_a_message(admin_client):
    procedure = make_procedure()
    version = make_version(procedure, start=dt.date(2025, 7, 1), number="163/QĐ-BTP")
    data = _procedure_post(
        procedure.field,
        national_code=procedure.national_code,
        name_vi=procedure.name_vi,
        local_code="",
        **{
            "versions-TOTAL_FORMS": "2",
            "versions-INITIAL_FORMS": "1",
            "versions-0-id": str(version.pk),
            "versions-0-procedure": str(procedure.pk),
            "versions-0-decision_number": "163/QĐ-BTP",
            "versions-0-decision_date": "2025-07-01",
            "versions-0-effective_from": "2025-07-01",
            "versions-0-implementing_agency": "",
            "versions-1-decision_number": "999/QĐ-BTP",
            "versions-1-decision_date": "2026-01-01",
            "versions-1-effective_from": "2026-01-01",
            "versions-1-effective_to": "",
            "versions-1-implementing_agency": "",
            "versions-1-deciding_agency": "",
        },
    )
    response = admin_client.post(f"/admin/catalog/procedure/{procedure.pk}/change/", data)
    assert response.status_code == 200
    assert "Thời gian hiệu lực trùng với phiên bản theo quyết định 163/QĐ-BTP." in response.content.decode()
    assert list(procedure.versions.values_list("decision_number", flat=True)) == ["163/QĐ-BTP"]
    assert not AuditEvent.objects.filter(action="procedure.update").exists()


def test_closing_a_version_in_its_own_page_is_audited(admin_client):
    version = make_version(make_procedure(), start=dt.date(2025, 7, 1))
    response = admin_client.post(
        f"/admin/catalog/procedureversion/{version.pk}/change/",
        {
            "decision_number": version.decision_number,
            "decision_date": "2025-07-01",
            "effective_from": "2025-07-01",
            "effective_to": "2026-06-30",
            "implementing_agency": "",
            "deciding_agency": "",
            "applicant_types": "[]",
            "steps_text": "",
            "conditions": "",
            "result": "",
            "legal_basis": "",
            "filing_methods-TOTAL_FORMS": "0",
            "filing_methods-INITIAL_FORMS": "1",
            "papers-TOTAL_FORMS": "0",
            "papers-INITIAL_FORMS": "0",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    version.refresh_from_db()
    assert version.effective_to == dt.date(2026, 6, 30)
    event = AuditEvent.objects.get(action="procedure_version.update", object_id=str(version.pk))
    assert event.changes == {"effective_to": [None, "2026-06-30"]}
    assert version.filing_methods.count() == 1  # the read-only channels are left alone


def test_publishing_and_withdrawing_go_through_the_services(admin_client, tree):
    procedure = make_procedure()
    make_version(procedure)
    response = admin_client.post(
        "/admin/catalog/publication/add/",
        {"procedure": procedure.pk, "unit": tree.commune_a.pk, "place": "desk", "published_on": "2025-07-01"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    publication = Publication.objects.get()
    assert _audited("publication.create", publication) == 1

    again = admin_client.post(
        "/admin/catalog/publication/add/",
        {"procedure": procedure.pk, "unit": tree.commune_a.pk, "place": "desk", "published_on": "2025-08-01"},
    )
    assert again.status_code == 200
    assert "Thủ tục này đang được công khai theo hình thức đã chọn tại đơn vị." in again.content.decode()
    assert Publication.objects.count() == 1

    withdrawn = admin_client.post(
        f"/admin/catalog/publication/{publication.pk}/change/", {"withdrawn_on": "2026-01-15"}
    )
    assert withdrawn.status_code == 302, withdrawn.content.decode()[:3000]
    publication.refresh_from_db()
    assert publication.withdrawn_on == dt.date(2026, 1, 15)
    assert _audited("publication.withdraw", publication) == 1


def test_nothing_can_be_deleted_from_the_admin(admin_client, tree):
    procedure = make_procedure()
    publication = services.publication_add(
        actor=None, procedure=procedure, unit=tree.commune_a, place="portal", published_on=dt.date(2025, 7, 1)
    )
    for url in (
        f"/admin/catalog/procedure/{procedure.pk}/delete/",
        f"/admin/catalog/field/{procedure.field_id}/delete/",
        f"/admin/catalog/publication/{publication.pk}/delete/",
    ):
        assert admin_client.post(url, {"post": "yes"}).status_code == 403, url
    assert Procedure.objects.count() == Publication.objects.count() == 1


def test_the_admin_lists_open(admin_client, tree):
    make_version(make_procedure())
    for url in (
        "/admin/catalog/field/",
        "/admin/catalog/procedure/",
        "/admin/catalog/procedureversion/",
        "/admin/catalog/publication/",
        "/admin/catalog/procedure/add/",
        "/admin/catalog/publication/add/",
    ):
        assert admin_client.get(url).status_code == 200, url
    assert ProcedureVersion.objects.count() == 1


def test_a_version_page_refuses_a_validity_that_overlaps_the_next_version(admin_client):
    procedure = make_procedure()
    first = make_version(procedure, start=dt.date(2020, 1, 1), end=dt.date(2025, 6, 30), number="1/QĐ-BTP")
    make_version(procedure, start=dt.date(2025, 7, 1), number="163/QĐ-BTP")
    response = admin_client.post(
        f"/admin/catalog/procedureversion/{first.pk}/change/",
        {
            "decision_number": "1/QĐ-BTP",
            "decision_date": "2020-01-01",
            "effective_from": "2020-01-01",
            "effective_to": "",
            "applicant_types": "[]",
            "filing_methods-TOTAL_FORMS": "0",
            "filing_methods-INITIAL_FORMS": "1",
            "papers-TOTAL_FORMS": "0",
            "papers-INITIAL_FORMS": "0",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Thời gian hiệu lực trùng với phiên bản theo quyết định 163/QĐ-BTP." in response.content.decode()
    first.refresh_from_db()
    assert first.effective_to == dt.date(2025, 6, 30)
    assert not AuditEvent.objects.filter(action="procedure_version.update").exists()
