"""The admin page of issuers' abbreviations: saved through the service with an audit row; an
abbreviation that cannot stand in a symbol is refused beside its field, nothing saved."""

from __future__ import annotations

import pytest
from django.test import Client

from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.documents.models import IssuerAbbreviation
from reformdesk.org.choices import UnitKind
from reformdesk.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db

URL = "/admin/documents/issuerabbreviation/add/"


def test_an_administrator_sets_a_departments_abbreviation(tree, personas):
    office = make_unit(name="Phòng Văn hóa - Xã hội", parent=tree.district, kind=UnitKind.DEPARTMENT)
    client = sign_in(Client(), personas.admin)
    refused = client.post(URL, {"unit": office.pk, "abbreviation": "VH XH"})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["abbreviation"] == [
        "Chữ viết tắt gồm chữ cái in hoa và chữ số, viết liền, tối đa 20 ký tự, ví dụ VP."
    ]
    assert IssuerAbbreviation.objects.count() == 0
    saved = client.post(URL, {"unit": office.pk, "abbreviation": "VHXH"})
    assert saved.status_code == 302
    assert IssuerAbbreviation.objects.get(unit=office).abbreviation == "VHXH"
    audit = AuditEvent.objects.get(action="documents.issuer_abbreviation_save")
    assert audit.changes == {"unit": [None, office.pk], "abbreviation": [None, "VHXH"]}
