"""Commune A's registers: the personas of the root conftest (the chair Đinh Xuân Công signs; the
one-stop officer Nguyễn Thị Hoa keeps the registers), with a specialist (Lê Văn Tư, ``tuphap_a``)
who handles documents, and the chair of commune B (Hà Văn Bình, ``chutich_b``)."""

from __future__ import annotations

import pytest

from reformdesk.org.choices import Role
from reformdesk.org.models import Official
from reformdesk.org.tests.factories import make_official


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def chair_a(personas) -> Official:
    return Official.objects.get(user=personas.chair_a)


@pytest.fixture
def handler_a(tree, personas) -> Official:
    return make_official(
        unit=tree.commune_a, role=Role.SPECIALIST, username="tuphap_a", full_name="Lê Văn Tư"
    )


@pytest.fixture
def chair_b(tree, personas) -> Official:
    return make_official(unit=tree.commune_b, role=Role.LEADER, username="chutich_b", full_name="Hà Văn Bình")
