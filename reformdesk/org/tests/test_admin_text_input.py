"""The admin pages check text like every other form: a unit added with a decomposed name and a
fullwidth hotline is stored composed and in ASCII digits; a name hiding a bidi override is refused
beside its field and nothing is added."""

import unicodedata

import pytest

from reformdesk.core.models import AuditEvent
from reformdesk.org.models import Unit
from reformdesk.org.tests.test_admin import _admin_client

pytestmark = pytest.mark.django_db


def add_unit(personas, tree, **overrides):
    data = {
        "code": "000.30.33.H41",
        "kind": "commune",
        "name_vi": "Xã Giai Xuân",
        "parent": tree.district.pk,
        "sort_order": 0,
        "reception_slots-TOTAL_FORMS": 0,
        "reception_slots-INITIAL_FORMS": 0,
        **overrides,
    }
    return _admin_client(personas).post("/admin/org/unit/add/", data)


def test_a_unit_added_in_the_admin_is_stored_composed_with_ascii_digits(personas, tree):
    response = add_unit(
        personas,
        tree,
        name_vi=unicodedata.normalize("NFD", "Xã Giai Xuân"),
        address=unicodedata.normalize("NFD", "Xóm Tân Thành"),
        hotline="０２３８ ３８８２ ２２２",
        phone="٠٢٣٨٣٨٨٢٢٢٣",
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="000.30.33.H41")
    assert (unit.name_vi, unit.address, unit.hotline, unit.phone) == (
        "Xã Giai Xuân",
        "Xóm Tân Thành",
        "0238 3882 222",
        "02383882223",
    )


def test_a_bidi_override_in_the_admin_is_refused_and_nothing_is_added(personas, tree):
    audit_rows = AuditEvent.objects.count()

    response = add_unit(personas, tree, name_vi="Xã \u202eGiai Xuân")

    assert response.status_code == 200
    assert "Nội dung chứa ký tự đảo hướng chữ không được phép (U+202E)." in response.content.decode()
    assert not Unit.objects.filter(code="000.30.33.H41").exists()
    assert AuditEvent.objects.count() == audit_rows
