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
