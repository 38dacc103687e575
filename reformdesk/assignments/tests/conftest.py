"""Commune A's tasks: the personas of the root conftest, with a specialist there (Lê Văn Tư,
login ``tuphap_a``) to whom the chair assigns, and a specialist of commune B out of her reach."""

from __future__ import annotations

import pytest

from reformdesk.org.choices import Role
from reformdesk.org.models import Official
from reformdesk.org.tests.factories import make_official


@pytest.fixture
def specialist_a(tree, personas) -> Official:
    return make_official(
        unit=tree.commune_a, role=Role.SPECIALIST, username="tuphap_a", full_name="Lê Văn Tư"
    )


@pytest.fixture
def one_stop_a(personas) -> Official:
    return Official.objects.get(user=personas.one_stop_a)


@pytest.fixture
def specialist_b(personas) -> Official:
    return Official.objects.get(user=personas.specialist_b)
