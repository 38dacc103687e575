from __future__ import annotations

import pytest

from reformdesk.dossiers.tests.factories import DeskProcedure, desk_procedure
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official


@pytest.fixture
def desk(tree, personas) -> DeskProcedure:
    """Birth registration posted at commune A's desk, with a specialist there to assess it."""
    make_official(unit=tree.commune_a, role=Role.SPECIALIST, username="tuphap_a", full_name="Lê Văn Tư")
    return desk_procedure(units=[tree.commune_a])
