"""The OpenAPI document at /api/v1/openapi.json is true: one schema per name, and every answer the
API gives (errors included) is declared on its operation with the body it has.

`make fuzz` (scripts/fuzz_api.py) checks the same against a live server with random input; these
tests pin each case it once found."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from typing import Any

import jsonschema_rs
import pytest
from django.test import Client
from ninja import Schema

import reformdesk
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def api_modules() -> list[Any]:
    """Every ``reformdesk.<app>.api*`` module."""
    found = []
    for app in pkgutil.iter_modules(reformdesk.__path__):
        package = importlib.import_module(f"reformdesk.{app.name}") if app.ispkg else None
        if package is None:
            continue
        for module in pkgutil.iter_modules(package.__path__):
            if module.name == "api" or module.name.startswith("api_"):
                found.append(importlib.import_module(f"reformdesk.{app.name}.{module.name}"))
    return found


def document(client: Client) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()


def assert_declared(client: Client, response: Any, method: str, path: str) -> None:
    """``response`` has a status code declared on the operation and a body its schema accepts."""
    doc = document(client)
    declared = doc["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in declared, f"{method.upper()} {path} answered {status}, declares {sorted(declared)}"
    schema = declared[status]["content"]["application/json"]["schema"]
    validator = jsonschema_rs.validator_for({**schema, "components": doc["components"]})
    errors = [error.message for error in validator.iter_errors(response.json())]
    assert errors == [], errors


def test_schema_names_are_unique_across_the_api():
    """GIVEN every Schema class of the API modules THEN no two share a name: the document keeps one
    schema per name, so the second one's answers were described by the first (StepOut was both
    a procedure's step template and a dossier's control-slip step)."""
    owners: dict[str, list[str]] = {}
    for module in api_modules():
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                owners.setdefault(name, []).append(module.__name__)
    assert {name: where for name, where in owners.items() if len(where) > 1} == {}


def test_a_procedure_answer_conforms_to_its_schema(client: Client, desk):
    response = client.get(f"/api/v1/procedures/{desk.procedure.national_code}")
    assert response.status_code == 200
    assert [step["order"] for step in response.json()["version"]["steps"]] == [1, 2, 3, 4, 5]
    assert_declared(client, response, "get", "/api/v1/procedures/{code}")


def test_an_unauthenticated_call_is_a_declared_401(client: Client):
    response = client.get("/api/v1/dossiers")
    assert response.status_code == 401
    assert_declared(client, response, "get", "/api/v1/dossiers")


def test_a_body_that_is_not_json_is_a_declared_400(personas):
    from reformdesk.dossiers.models import Dossier

    client = sign_in(Client(), personas.one_stop_a)
    response = client.post("/api/v1/dossiers", "\x00", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "http_error"
    assert_declared(client, response, "post", "/api/v1/dossiers")
    assert Dossier.objects.count() == 0


def test_an_unknown_unit_is_a_declared_404(client: Client, tree):
    response = client.get("/api/v1/org/units/000.99.99.H99")
    assert response.status_code == 404
    assert_declared(client, response, "get", "/api/v1/org/units/{code}")
    response = client.get("/api/v1/org/units", {"root": "000.99.99.H99"})
    assert response.status_code == 404
    assert_declared(client, response, "get", "/api/v1/org/units")


def test_a_bad_query_parameter_is_a_declared_422(personas):
    client = sign_in(Client(), personas.one_stop_a)
    response = client.get("/api/v1/dossiers", {"status": "x"})
    assert response.status_code == 422
    assert_declared(client, response, "get", "/api/v1/dossiers")


def test_a_role_that_does_not_allow_it_is_a_declared_403(personas):
    client = sign_in(Client(), personas.outsider)
    response = client.post(
        "/api/v1/attendance/exceptions",
        json.dumps({"employee_code": "X", "kind": "leave", "start": "2025-12-01", "end": "2025-12-01"}),
        content_type="application/json",
    )
    assert response.status_code in {403, 422}
    assert_declared(client, response, "post", "/api/v1/attendance/exceptions")


def test_a_public_rate_limit_is_a_declared_429(client: Client, tree, settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 1
    assert client.get("/api/v1/org/units").status_code == 200
    response = client.get("/api/v1/org/units")
    assert response.status_code == 429
    assert_declared(client, response, "get", "/api/v1/org/units")


def test_a_body_over_the_limit_is_a_declared_413(personas, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = sign_in(Client(), personas.one_stop_a)
    response = client.post(
        "/api/v1/dossiers", json.dumps({"note": "x" * 2048}), content_type="application/json"
    )
    assert response.status_code == 413
    assert_declared(client, response, "post", "/api/v1/dossiers")


def test_each_operation_declares_the_errors_of_its_kind(client: Client):
    """Authenticated operations declare 401 and 403, those with a body 400 and 413, those with a
    path parameter 404, those with any input 422; public ones never 401."""
    paths = document(client)["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            where = f"{method.upper()} {path}"
            if operation.get("security"):
                assert {"401", "403"} <= declared, where
            else:
                assert "401" not in declared, where
            if "requestBody" in operation:
                assert {"400", "413", "422"} <= declared, where
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                assert {"404", "422"} <= declared, where
    assert "429" in paths["/api/v1/public/dossiers/{code}"]["get"]["responses"]
    assert "429" in paths["/api/v1/procedures"]["get"]["responses"]
