"""The attendance admin lists open for administrators and change nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from reformdesk.attendance.models import Device
from reformdesk.attendance.tests.factories import make_device
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["device", "deviceperson", "punch", "devicecommand", "deviceoperation", "dailyrecord"]
)
def test_admin_lists_are_read_only(tree, personas, model) -> None:
    device = make_device(unit=tree.commune_a, serial="ADM1")
    client = sign_in(Client(), personas.admin)
    assert client.get(f"/admin/attendance/{model}/").status_code == 200
    assert client.get(f"/admin/attendance/{model}/add/").status_code == 403
    response = client.post(f"/admin/attendance/device/{device.pk}/change/", {"serial": "CHANGED"})
    assert response.status_code == 403
    assert Device.objects.get(pk=device.pk).serial == "ADM1"


def test_the_device_admin_does_not_show_the_communication_key(tree, personas) -> None:
    from reformdesk.attendance.services.devices import device_set_comm_key

    device = make_device(unit=tree.commune_a, serial="ADM2")
    device = device_set_comm_key(actor=personas.admin, device=device, key="khoa-bi-mat-2026")
    page = sign_in(Client(), personas.admin).get(f"/admin/attendance/device/{device.pk}/change/")
    assert page.status_code == 200
    assert "ADM2" in page.content.decode()
    assert device.comm_key_encrypted not in page.content.decode()
    assert "khoa-bi-mat-2026" not in page.content.decode()
