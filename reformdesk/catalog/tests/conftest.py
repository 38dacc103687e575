"""Fixtures shared by the catalog tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese_after_each_test() -> Iterator[None]:
    """Each test starts and ends in Vietnamese: a request in English (LocaleMiddleware activates
    the language for the thread) must not leak into the next test's commands or services."""
    with translation.override("vi"):
        yield
