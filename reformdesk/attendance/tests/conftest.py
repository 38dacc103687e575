from __future__ import annotations

import pytest
from django.test import Client

from reformdesk.attendance.simulator import ClientTransport


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Photos go to a per-test folder; the tests' fixed 2025 photos are within retention."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTENDANCE_PHOTO_RETENTION_DAYS = 3650


@pytest.fixture
def device_client() -> Client:
    """A client as a device is: no session, CSRF checks on (the receiver must be exempt)."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def transport(device_client: Client) -> ClientTransport:
    return ClientTransport(device_client)
