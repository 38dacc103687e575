"""Paging input no client can break: every paginated API list and every list page, found by
walking the OpenAPI document and the URL configuration (a new list is covered without a new test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from reformdesk.api import api
from reformdesk.core.pagination import MAX_OFFSET
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

HUGE = 2**63


def paginated_operations() -> list[str]:
    """Paths of the API's GET operations that take ``limit`` and ``offset`` and no path parameter."""
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        names = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
        if {"limit", "offset"} <= names:
            found.append(path)
    return sorted(found)


PAGINATED = paginated_operations()


def test_the_walk_finds_the_paginated_lists():
    # The walk must not be vacuous: these are the lists of today; new ones join automatically.
    assert {
        "/api/v1/attendance/days",
        "/api/v1/attendance/devices",
        "/api/v1/attendance/exceptions",
        "/api/v1/attendance/punches",
        "/api/v1/dossiers",
        "/api/v1/org/officials",
        "/api/v1/org/units",
        "/api/v1/procedures",
    } <= set(PAGINATED)


def test_paging_parameters_are_documented_with_their_bounds():
    schema = api.get_openapi_schema()
    for path in PAGINATED:
        parameters = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert (parameters["offset"]["minimum"], parameters["offset"]["maximum"]) == (0, MAX_OFFSET), path
        assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, MAX_OFFSET), path


@pytest.fixture
def staff(personas, settings) -> Client:
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 10_000
    return sign_in(Client(), personas.admin)


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("offset", HUGE, f"Không được lớn hơn {MAX_OFFSET}."),
        ("offset", 10**30, f"Không được lớn hơn {MAX_OFFSET}."),
        ("offset", MAX_OFFSET + 1, f"Không được lớn hơn {MAX_OFFSET}."),
        ("offset", -1, "Không được nhỏ hơn 0."),
        ("limit", HUGE, f"Không được lớn hơn {MAX_OFFSET}."),
        ("limit", 0, "Không được nhỏ hơn 1."),
        ("limit", -HUGE, "Không được nhỏ hơn 1."),
        ("limit", "1e20", "Phải là một số nguyên."),
    ],
)
def test_out_of_range_paging_is_a_translated_422_on_every_paginated_list(staff, path, name, value, message):
    """GIVEN any paginated API list WHEN ``offset`` or ``limit`` is out of range THEN a 422
    naming the parameter (``offset`` ≥ 2^63 once reached the database and gave a 500)."""
    params = {"unit": "000.30.31.H41"} if path == "/api/v1/attendance/days" else {}
    response = staff.get(path, {**params, name: value})
    assert response.status_code == 422, response.content[:300]
    assert response.json() == {
        "detail": "Dữ liệu không hợp lệ.",
        "code": "validation_error",
        "errors": [{"field": name, "message": message}],
    }


@pytest.mark.parametrize("path", PAGINATED)
def test_the_last_offset_allowed_answers_an_empty_page(staff, path):
    params = {"unit": "000.30.31.H41"} if path == "/api/v1/attendance/days" else {}
    response = staff.get(path, {**params, "offset": MAX_OFFSET, "limit": MAX_OFFSET})
    assert response.status_code == 200, response.content[:300]
    assert response.json()["items"] == []


def list_pages() -> Iterator[str]:
    """Every page of the site reached by GET without arguments in its address."""

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith(("api/", "admin/")) or "<" in route:
                    continue
                yield from walk(pattern.url_patterns, prefix + route)
            elif "<" not in route and "(" not in route and "^" not in route:
                yield "/" + prefix + route

    yield from walk(get_resolver().url_patterns, "")


PAGES = sorted(set(list_pages()))


def test_the_walk_finds_the_list_pages():
    assert {"/", "/procedures/", "/staff/audit/", "/staff/dossiers/", "/staff/officials/"} <= set(PAGES)


@pytest.mark.parametrize("page", ["1e20", "99999999999999999999999", "-1", "0", "abc", "1.5", "٣"])
def test_junk_page_numbers_never_break_a_page(staff, page):
    """``?page=1e20`` and other junk on any page gives the nearest page (or a 404), never a 500."""
    broken = []
    for path in PAGES:
        response = staff.get(path, {"page": page})
        if response.status_code >= 500:
            broken.append(path)
    assert broken == []


def test_the_bounds_are_explained_in_english_too(client):
    response = client.get("/api/v1/procedures", {"offset": HUGE}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "offset", "message": f"Must be at most {MAX_OFFSET}."}]
