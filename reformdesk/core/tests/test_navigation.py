"""The menu: items in order, grouped items as one drop-down placed where the group starts."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from reformdesk.core import navigation
from reformdesk.core.navigation import NavItem


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(navigation, "_registry", [])
    navigation.register(
        NavItem("Cán bộ", "core:account", "staff", order=10),
        NavItem("Hồ sơ", "core:staff_home", "staff", order=30, group="Một cửa"),
        NavItem("Ẩn", "core:token_list", "staff", order=31, group="Một cửa", visible=lambda request: False),
        NavItem("Lịch", "core:password_change", "staff", order=20),
        NavItem("Thống kê", "core:login", "staff", order=40, group="Một cửa"),
        NavItem("Công khai", "portal:home", "public", order=1),
    )


def test_items_come_in_order_and_a_group_gathers_its_visible_items(registry):
    request = RequestFactory().get("/account/")
    items = navigation.items_for(request, "staff")

    assert [str(i["label"]) for i in items] == ["Cán bộ", "Lịch", "Một cửa"]
    assert items[0]["active"] is True
    group = items[2]
    assert [str(c["label"]) for c in group["children"]] == ["Hồ sơ", "Thống kê"]
    assert group["active"] is False


def test_a_group_is_active_when_one_of_its_pages_is_open(registry):
    request = RequestFactory().get("/staff/")
    group = navigation.items_for(request, "staff")[2]
    assert group["active"] is True
    assert [c["active"] for c in group["children"]] == [True, False]
