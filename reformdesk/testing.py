"""Helpers shared by the test suites (database and browser): nothing here runs in production."""

from __future__ import annotations

import importlib

from django.apps import AppConfig, apps

# Data that migrations seed: the government's calendar, the notices' templates, the days the
# legal form sets came into force and the feedback time limits. A transactional test (the browser
# tests' live server) empties every table when it ends, and every later test on that database, in
# whatever order they run, would find them gone. Django's flush sends ``post_migrate`` afterwards
# (as it does to recreate content types); the root conftest listens and these functions put the
# rows back, by the migrations' own code.
SEEDING_MIGRATIONS = (
    ("reformdesk.worktime.migrations.0002_official_calendar_2025_2027", "load"),
    ("reformdesk.worktime.migrations.0003_official_swaps_2019_2024", "load"),
    ("reformdesk.notifications.migrations.0002_seed_dossier_templates", "seed"),
    ("reformdesk.dossiers.migrations.0005_form_set_dates", "load"),
    ("reformdesk.feedback.migrations.0002_deadline_rules", "load"),
    ("reformdesk.feedback.migrations.0003_notice_templates", "seed"),
    ("reformdesk.feedback.migrations.0010_merged_notice", "seed"),
    ("reformdesk.assignments.migrations.0002_escalation_and_notice_templates", "seed"),
    ("reformdesk.surveys.migrations.0004_shipped_templates", "seed"),
    ("reformdesk.documents.migrations.0002_regulations_commitments", "seed"),
    ("reformdesk.inspections.migrations.0002_office_discipline_template", "install"),
    ("reformdesk.surveys.migrations.0006_survey_invite_template", "seed"),
    ("reformdesk.scoring.migrations.0002_indicators_766", "load"),
    ("reformdesk.scoring.migrations.0007_digitisation_indicators", "revise"),
    ("reformdesk.emulation.migrations.0002_rules_2026", "load"),
)


def reseed_migration_data() -> None:
    """Run the data migrations' forward functions again on the current database (idempotent)."""
    for module_name, function in SEEDING_MIGRATIONS:
        getattr(importlib.import_module(module_name), function)(apps, None)


def reseed_after_flush(sender: AppConfig, **kwargs: object) -> None:
    """``post_migrate`` receiver: seed again once per flush (the signal is sent once per app)."""
    if sender.label == "notifications":
        reseed_migration_data()
