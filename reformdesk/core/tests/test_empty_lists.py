"""Every list says what to do when it is empty (issue 9: "every list has an empty state")."""

from __future__ import annotations

import importlib

import django_tables2 as tables
import pytest
from django.apps import apps

from reformdesk.core.tests.helpers import sign_in


def project_tables() -> list[type[tables.Table]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("reformdesk."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tables")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            is_table = isinstance(value, type) and issubclass(value, tables.Table)
            if is_table and value.__module__ == module.__name__ and not value.__name__.startswith("_"):
                found.append(value)
    return found


def test_the_project_has_tables():
    assert len(project_tables()) >= 12


@pytest.mark.parametrize("table", project_tables(), ids=lambda t: f"{t.__module__}.{t.__name__}")
def test_every_table_says_what_to_do_when_empty(table):
    assert str(table._meta.empty_text or "").strip(), f"{table.__name__} has no empty_text"


@pytest.mark.django_db
def test_an_empty_list_page_shows_its_guidance(client, personas):
    sign_in(client, personas.district_reform)
    page = client.get("/staff/officials/", {"q": "không ai có tên này"}).content.decode()
    assert "Không có cán bộ phù hợp. Hãy bỏ bớt điều kiện lọc hoặc chọn đơn vị khác." in page
