"""Commune A's chair (the leader who records training and decides), its one-stop officer (the
official evaluated in most tests) and a district inspection of the commune."""

from __future__ import annotations

import pytest

from reformdesk.inspections.models import Inspection
from reformdesk.inspections.tests.factories import sudden
from reformdesk.org.models import Official


@pytest.fixture
def chair(personas) -> Official:
    return Official.objects.get(user=personas.chair_a)


@pytest.fixture
def hoa(personas) -> Official:
    """Nguyễn Thị Hoa, one-stop officer of commune A."""
    return Official.objects.get(user=personas.one_stop_a)


@pytest.fixture
def inspection(tree, personas) -> Inspection:
    inspector = Official.objects.get(user=personas.inspector)
    return sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
