"""Input the API refuses cleanly, on every operation: found by walking the OpenAPI document."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from reformdesk.api import api
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def operations_with_a_body() -> list[tuple[str, str]]:
    """(method, path) of every operation that reads a JSON body, path parameters filled in."""
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return sorted(found)


WITH_A_BODY = operations_with_a_body()


def test_the_walk_finds_the_operations_with_a_body():
    assert {("post", "/api/v1/dossiers"), ("post", "/api/v1/attendance/exceptions")} <= set(WITH_A_BODY)


@pytest.mark.parametrize(("method", "path"), WITH_A_BODY)
def test_a_json_body_over_the_size_limit_is_a_413(personas, settings, method, path):
    """GIVEN a JSON body one byte over DATA_UPLOAD_MAX_MEMORY_SIZE WHEN it is sent to any
    operation THEN a translated 413 (RequestDataTooBig once escaped as a 500)."""
    from reformdesk.dossiers.models import Dossier

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 10_000
    body = json.dumps({"note": "x" * 1024})
    client = sign_in(Client(), personas.admin)
    response = getattr(client, method)(path, body, content_type="application/json")
    assert response.status_code == 413, response.content[:300]
    assert response.json() == {
        "detail": "Nội dung gửi lên quá lớn (tối đa 1 KB).",
        "code": "request_too_large",
    }
    assert Dossier.objects.count() == 0


def test_the_413_is_explained_in_english_too(personas, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
    client = sign_in(Client(), personas.admin)
    body = json.dumps({"note": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    response = client.post(
        "/api/v1/attendance/exceptions", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "The request body is too large (at most 10 MB)."


def unbounded_integers() -> list[str]:
    """Every integer the API reads (query, path, body, at any depth) without both a minimum and a
    maximum: each is a number a client can push past the database's integers."""
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    found: list[str] = []

    def visit(node: object, where: str, seen: frozenset[str]) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item, where, seen)
            return
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                visit(components[name], f"{where}→{name}", seen | {name})
            return
        bounded = "enum" in node or ("minimum" in node and "maximum" in node)
        if node.get("type") == "integer" and not bounded:
            found.append(where)
        for key in ("anyOf", "oneOf", "allOf", "items"):
            if key in node:
                visit(node[key], where, seen)
        for name, child in node.get("properties", {}).items():
            visit(child, f"{where}.{name}", seen)

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                visit(parameter["schema"], f"{method} {path} {parameter['name']}", frozenset())
            for media in operation.get("requestBody", {}).get("content", {}).values():
                visit(media["schema"], f"{method} {path} body", frozenset())
    return sorted(found)


def test_every_integer_the_api_reads_is_bounded():
    """GIVEN the OpenAPI document WHEN it is walked for integer inputs THEN each has a minimum and
    a maximum (``amount_vnd`` ≥ 2^63 once reached the database and gave a 500)."""
    assert unbounded_integers() == []
