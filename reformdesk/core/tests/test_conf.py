"""Settings are parsed from the environment by small typed readers that fail fast."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reformdesk.conf import ConfigError, env_bool, env_int, env_list, parse_database_url, sqlite_settings

ROOT = Path(__file__).resolve().parents[3]


def test_env_bool_accepts_the_usual_spellings():
    assert env_bool("X", default=False, environ={"X": "Yes"}) is True
    assert env_bool("X", default=True, environ={"X": "off"}) is False
    assert env_bool("X", default=True, environ={}) is True


def test_env_bool_names_the_variable_it_cannot_read():
    with pytest.raises(ConfigError, match="DEBUG must be a boolean"):
        env_bool("DEBUG", default=False, environ={"DEBUG": "maybe"})


def test_env_int_refuses_text_and_values_below_the_minimum():
    assert env_int("N", 5, environ={"N": "7"}) == 7
    with pytest.raises(ConfigError, match="N must be an integer"):
        env_int("N", 5, environ={"N": "seven"})
    with pytest.raises(ConfigError, match="at least 1"):
        env_int("N", 5, environ={"N": "0"}, minimum=1)


def test_env_list_splits_on_commas_and_drops_blanks():
    assert env_list("H", environ={"H": "a.gov.vn, b.gov.vn,,"}) == ["a.gov.vn", "b.gov.vn"]


def test_postgres_url_becomes_django_settings():
    db = parse_database_url("postgres://rd:p%40ss@db.local:6543/reformdesk?sslmode=require")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "reformdesk",
        "rd",
        "p@ss",
        "db.local",
        "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_sqlite_url_gets_wal_and_immediate_transactions():
    db = parse_database_url("sqlite:////srv/reformdesk/db.sqlite3")
    assert db["NAME"] == "/srv/reformdesk/db.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


@pytest.mark.parametrize("url", ["mysql://root@localhost/x", "postgres://localhost:5432/", "sqlite://"])
def test_unsupported_or_incomplete_database_urls_are_refused(url):
    with pytest.raises(ConfigError):
        parse_database_url(url)


def _settings_in_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "REFORMDESK_ENV"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import reformdesk.settings"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_in_subprocess({"REFORMDESK_ENV": "production", "ALLOWED_HOSTS": "a.gov.vn"})
    assert result.returncode == 1
    assert "SECRET_KEY is required in production" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _settings_in_subprocess({"REFORMDESK_ENV": "production", "SECRET_KEY": "x" * 60})
    assert result.returncode == 1
    assert "ALLOWED_HOSTS is required in production" in result.stderr


def test_production_refuses_debug():
    result = _settings_in_subprocess(
        {"REFORMDESK_ENV": "production", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a.gov.vn", "DEBUG": "true"}
    )
    assert result.returncode == 1
    assert "DEBUG must be off in production" in result.stderr


def test_production_starts_with_its_required_values():
    result = _settings_in_subprocess(
        {"REFORMDESK_ENV": "production", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a.gov.vn"}
    )
    assert result.returncode == 0, result.stderr


def test_sqlite_commits_reach_the_disk_before_the_answer(tmp_path):
    """synchronous=FULL (2): an acknowledged intake or OK:n survives a power cut, not only a kill."""
    import sqlite3

    db = sqlite_settings(str(tmp_path / "db.sqlite3"))
    connection = sqlite3.connect(db["NAME"])
    connection.executescript(db["OPTIONS"]["init_command"])
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("PRAGMA synchronous").fetchone() == (2,)
    connection.close()
