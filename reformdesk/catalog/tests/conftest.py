"""Fixtures shared by the catalog tests: the reform officer's client and the language reset.

(The ``catalog`` fixture is imported by each module that wants it: the staff pages' one from
``test_staff_support``, the API and search tests' one from the portal's test data.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from reformdesk.catalog.tests.test_staff_support import client_for


@pytest.fixture
def editor(personas) -> Client:
    """The district reform officer, signed in: edits the whole catalog of the district."""
    return client_for(personas, "district_reform")


@pytest.fixture(autouse=True)
def _vietnamese_after_each_test() -> Iterator[None]:
    """Each test starts and ends in Vietnamese: a request in English (LocaleMiddleware activates
    the language for the thread) must not leak into the next test's commands or services."""
    with translation.override("vi"):
        yield
