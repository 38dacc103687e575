"""Shared fixtures: a small tree and the personas of the authorization matrix (STYLE.md §8).

Tree:   Tỉnh Nghệ An (province)
        └── Huyện Tân Kỳ (district)
            ├── Xã Phú Sơn      (commune A)
            └── Xã Tân Hương    (commune B)
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db.models.signals import post_migrate

from reformdesk.browser_testing import browse, chromium, demo  # noqa: F401 - fixtures for -m browser
from reformdesk.org.choices import Role, Scope, UnitKind
from reformdesk.org.models import Unit
from reformdesk.org.tests.factories import UserFactory, make_official, make_unit
from reformdesk.testing import reseed_after_flush


@dataclass
class Tree:
    province: Unit
    district: Unit
    commune_a: Unit
    commune_b: Unit


@dataclass
class Personas:
    admin: User  # system administrator (superuser)
    chair_a: User  # chair of commune A (leader)
    one_stop_a: User  # one-stop officer of commune A
    specialist_b: User  # specialist of commune B
    district_reform: User  # district reform officer, scope: the district's subtree
    inspector: User  # district inspector, scope: the district's subtree
    outsider: User  # a login with no membership at all


@pytest.fixture(scope="session", autouse=True)
def _seeds_survive_flushes():
    """The calendar and the notices' templates come back after each transactional test's flush."""
    post_migrate.connect(reseed_after_flush, dispatch_uid="reformdesk.testing.reseed_after_flush")
    yield
    post_migrate.disconnect(dispatch_uid="reformdesk.testing.reseed_after_flush")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language, as a new request does: a test-client request in
    English (LocaleMiddleware) otherwise leaves English active in the thread for the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters must not leak from one test into the next (tests use a local-memory cache)."""
    from django.core.cache import caches

    for alias in ("default", "ratelimit"):
        caches[alias].clear()


@pytest.fixture
def tree(db) -> Tree:
    province = make_unit(name="Tỉnh Nghệ An", kind=UnitKind.PROVINCE, code="000.00.00.H41")
    district = make_unit(name="Huyện Tân Kỳ", parent=province, kind=UnitKind.DISTRICT, code="000.00.30.H41")
    commune_a = make_unit(name="Xã Phú Sơn", parent=district, code="000.30.31.H41", hotline="0238 3882 111")
    commune_b = make_unit(name="Xã Tân Hương", parent=district, code="000.30.32.H41")
    return Tree(province, district, commune_a, commune_b)


@pytest.fixture
def personas(tree: Tree) -> Personas:
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    chair = make_official(
        unit=tree.commune_a,
        role=Role.LEADER,
        username="chutich_a",
        full_name="Đinh Xuân Công",
        position="Chủ tịch UBND xã",
        on_hotline_board=True,
    )
    tree.commune_a.leader = chair
    tree.commune_a.save(update_fields=["leader"])
    make_official(unit=tree.commune_a, role=Role.ONE_STOP, username="motcua_a", full_name="Nguyễn Thị Hoa")
    make_official(
        unit=tree.commune_b, role=Role.SPECIALIST, username="chuyenvien_b", full_name="Trần Văn Nam"
    )
    make_official(
        unit=tree.district,
        role=Role.REFORM,
        scope=Scope.SUBTREE,
        username="cchc_huyen",
        full_name="Lê Thị Mai",
        position="Chuyên viên Phòng Nội vụ",
    )
    make_official(
        unit=tree.district,
        role=Role.INSPECTOR,
        scope=Scope.SUBTREE,
        username="thanhtra_huyen",
        full_name="Phạm Văn Đức",
        position="Thanh tra viên",
    )
    return Personas(
        admin=admin,
        chair_a=User.objects.get(username="chutich_a"),
        one_stop_a=User.objects.get(username="motcua_a"),
        specialist_b=User.objects.get(username="chuyenvien_b"),
        district_reform=User.objects.get(username="cchc_huyen"),
        inspector=User.objects.get(username="thanhtra_huyen"),
        outsider=UserFactory(username="nguoingoai"),
    )


@pytest.fixture
def desk(tree, personas):
    """Birth registration posted at commune A's desk (3 working days, five steps), with a
    specialist there (Lê Văn Tư, login ``tuphap_a``) to assess it."""
    from reformdesk.dossiers.tests.factories import desk_procedure

    make_official(unit=tree.commune_a, role=Role.SPECIALIST, username="tuphap_a", full_name="Lê Văn Tư")
    return desk_procedure(units=[tree.commune_a])
