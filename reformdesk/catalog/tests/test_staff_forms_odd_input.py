"""Requests no form expects: without the CSRF token, with huge or malformed values, odd list
queries. Each is answered (never a 500) and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reformdesk.catalog.tests.staff_form_helpers import rows, step
from reformdesk.catalog.tests.test_staff_support import (
    catalog_fixture,  # noqa: F401 - the `catalog` fixture
    client_for,
    fingerprint,
)

pytestmark = pytest.mark.django_db


def test_a_post_without_the_csrf_token_is_refused(personas, catalog, tree):
    from reformdesk.core.tests.helpers import sign_in

    client = sign_in(Client(enforce_csrf_checks=True), personas.district_reform)
    before = fingerprint()
    response = client.post(
        reverse("catalog:publication_add", args=["1.001193"]),
        {"unit": str(tree.commune_b.pk), "place": "desk", "published_on": "2025-02-03"},
    )
    assert response.status_code == 403
    assert fingerprint() == before


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("name", "query", "data"),
    [
        ("publication_add", "", {"unit": HUGE, "place": "desk", "published_on": "2025-02-03"}),
        ("publication_add", "", {"unit": "-1", "place": "desk", "published_on": "99999-01-01"}),
        ("filing_methods_edit", f"?case={HUGE}", {}),
        ("steps_edit", "", rows([step("Bước", "1e10")], initial=0)),
        ("steps_edit", "", rows([step("Bước", "NaN")], initial=0)),
        ("filing_methods_edit", "", rows([{"channel": "1", "fee_vnd": HUGE}], initial=0)),
        ("filing_methods_edit", "", {"form-TOTAL_FORMS": HUGE, "form-INITIAL_FORMS": "0", "add_row": "1"}),
        ("papers_edit", "", rows([{"name_vi": "x" * 5000, "form": "original", "quantity": HUGE}], initial=0)),
        ("case_create", "", {"name_vi": "x" * 600, "time_limit_days": "Infinity"}),
        ("field_edit", "", {"name_vi": "", "sort_order": HUGE}),
    ],
)
def test_odd_input_is_answered_without_saving(catalog, editor, name, query, data):
    args = {
        "publication_add": ["1.001193"],
        "field_edit": [catalog.field.pk],
    }.get(name, [catalog.version.pk])
    before = fingerprint()
    response = editor.post(reverse(f"catalog:{name}", args=args) + query, data)
    assert response.status_code in (200, 404)
    assert fingerprint() == before


@pytest.mark.parametrize(
    "query",
    ["?sort=bogus", "?sort=search_text", "?page=abc", "?page=999", f"?field={HUGE}", "?q=" + "%" * 300],
)
def test_odd_list_queries_are_answered(personas, catalog, query):
    response = client_for(personas, "one_stop_a").get(reverse("catalog:procedure_list") + query)
    assert response.status_code in (200, 404)
