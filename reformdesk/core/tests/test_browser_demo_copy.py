"""The browser tests' demo database: loaded once per session, then copied back before each test
(reformdesk/browser_testing.py). The copy must give a test what load_demo gave the first one."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from reformdesk.browser_testing import restore_demo
from reformdesk.catalog.models import RequiredPaper


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.browser
def test_after_a_test_emptied_the_database_the_copy_brings_the_demo_back(demo, settings, tmp_path):
    """GIVEN the demo as a test finds it WHEN what the end of a test does happens (every table
    emptied, the migrations' rows and the content types made again under new keys) and the next
    test points MEDIA_ROOT elsewhere THEN the copy restores every row, the content type keys that
    the rows point to, and the blank forms' files in the new MEDIA_ROOT."""
    before = row_counts()
    user_type = ContentType.objects.get_for_model(User).pk
    assert before["auth.User"] > 10
    assert RequiredPaper.objects.exclude(form_file="").exists()

    # As TransactionTestCase empties the database: keys go on counting (SQLite's AUTOINCREMENT).
    call_command("flush", interactive=False, reset_sequences=False, stdout=io.StringIO())
    assert ContentType.objects.get_for_model(User).pk != user_type  # cached under the new key
    assert User.objects.count() == 0
    settings.MEDIA_ROOT = str(tmp_path / "media")

    restore_demo()

    assert row_counts() == before
    assert ContentType.objects.get_for_model(User).pk == user_type
    paper = RequiredPaper.objects.exclude(form_file="").first()
    assert paper is not None
    assert (tmp_path / "media" / paper.form_file.name).is_file()
