"""Commune A's feedback desk: the personas of the root conftest, with a specialist who handles
feedback there (Lê Văn Tư, login ``tuphap_a``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from reformdesk.org.choices import Role
from reformdesk.org.models import Official
from reformdesk.org.tests.factories import make_official


@pytest.fixture
def handler_a(tree, personas) -> Official:
    return make_official(
        unit=tree.commune_a, role=Role.SPECIALIST, username="tuphap_a", full_name="Lê Văn Tư"
    )


@pytest.fixture
def handler_user(handler_a) -> User:
    assert handler_a.user is not None
    return handler_a.user
