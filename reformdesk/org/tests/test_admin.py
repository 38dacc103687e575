import pytest
from django.test import Client

from reformdesk.core.models import AuditEvent
from reformdesk.org.models import Unit

pytestmark = pytest.mark.django_db


def _admin_client(personas) -> Client:
    client = Client()
    client.force_login(personas.admin)
    from reformdesk.core.services.auth import two_factor_mark_passed

    session = client.session
    two_factor_mark_passed(session=session, user=personas.admin)  # as if the TOTP code was entered
    session.save()
    return client


def test_admin_add_unit_goes_through_the_service(personas, tree):
    response = _admin_client(personas).post(
        "/admin/org/unit/add/",
        {
            "code": "000.30.33.H41",
            "kind": "commune",
            "name_vi": "Xã Giai Xuân",
            "parent": tree.district.pk,
            "sort_order": 0,
            "reception_slots-TOTAL_FORMS": 0,
            "reception_slots-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="000.30.33.H41")
    assert unit.path == f"{tree.district.path}{unit.pk:08d}."
    assert (
        AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk), actor=personas.admin).count()
        == 1
    )


def test_admin_moving_a_unit_rewrites_paths(personas, tree):
    client = _admin_client(personas)
    response = client.post(
        f"/admin/org/unit/{tree.commune_b.pk}/change/",
        {
            "code": tree.commune_b.code,
            "kind": "commune",
            "name_vi": "Xã Tân Hương",
            "parent": tree.province.pk,
            "sort_order": 0,
            "reception_slots-TOTAL_FORMS": 0,
            "reception_slots-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tree.commune_b.refresh_from_db()
    assert tree.commune_b.path == f"{tree.province.path}{tree.commune_b.pk:08d}."
    assert tree.commune_b.depth == 1
