"""Commune A inspected by the district: the personas of the root conftest, with the district's
inspector (Phạm Văn Đức) leading the team and a second district inspector beside him."""

from __future__ import annotations

import pytest

from reformdesk.org.choices import Role, Scope
from reformdesk.org.models import Official
from reformdesk.org.tests.factories import make_official


@pytest.fixture
def inspector(personas) -> Official:
    return Official.objects.get(user=personas.inspector)


@pytest.fixture
def second_inspector(tree) -> Official:
    return make_official(
        unit=tree.district,
        role=Role.INSPECTOR,
        scope=Scope.SUBTREE,
        username="thanhtra2_huyen",
        full_name="Võ Thị Lan",
    )


@pytest.fixture
def chair_a(personas) -> Official:
    return Official.objects.get(user=personas.chair_a)


@pytest.fixture
def one_stop_a(personas) -> Official:
    return Official.objects.get(user=personas.one_stop_a)


@pytest.fixture
def specialist_b(personas) -> Official:
    return Official.objects.get(user=personas.specialist_b)
