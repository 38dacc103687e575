"""The demo's accounts have a published password: production refuses to load them unless asked twice."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_load_demo_refuses_production_and_creates_no_account(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="REFORMDESK_ENV=production"):
        call_command("load_demo")
    assert not User.objects.exists()
