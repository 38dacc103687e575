import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from reformdesk.org import selectors
from reformdesk.org.demo_data import DEMO_LOGINS
from reformdesk.org.models import Membership, Official, Unit, UnitSuccession
from reformdesk.org.permissions import Perm, units_with_perm

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        Official.objects.count(),
        Membership.objects.count(),
        UnitSuccession.objects.count(),
    )


def test_load_demo_is_idempotent_and_realistic():
    call_command("load_demo", stdout=io.StringIO())
    first = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first
    units, officials, _memberships, successions = first
    assert (units, successions) == (44, 22)
    assert 280 <= officials <= 320
    in_force_2020 = {u.name_vi for u in selectors.unit_directory(on=dt.date(2020, 10, 26))}
    assert {"Huyện Tân Kỳ", "Xã Phú Sơn", "Xã Tân Hương", "Xã Nghĩa Dũng", "Thị trấn Tân Kỳ"} <= in_force_2020
    in_force_now = {u.name_vi for u in selectors.unit_directory(on=dt.date(2026, 11, 27))}
    assert "Huyện Tân Kỳ" not in in_force_now
    assert {"Xã Tân Kỳ", "Xã Nghĩa Hành", "Xã Tiên Đồng"} <= in_force_now
    phu_son = Unit.objects.get(name_vi="Xã Phú Sơn")
    assert [s.successor.name_vi for s in phu_son.successions_out.all()] == ["Xã Nghĩa Hành"]


def test_every_demo_login_works_in_its_units():
    call_command("load_demo", stdout=io.StringIO())
    for username, code, *_rest, also in DEMO_LOGINS:
        user = User.objects.get(username=username)
        codes = {u.code for u in units_with_perm(user, Perm.VIEW_STAFF_AREA)}
        assert codes == {code} | ({also[0]} if also else set()), username
