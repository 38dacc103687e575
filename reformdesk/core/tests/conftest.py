from __future__ import annotations

import pytest

from reformdesk.core.services import auth as auth_services

# A fixed "now" for TOTP time steps: 1 800 000 000 s = 2027-01-15, step 60 000 000.
FIXED_TIMESTAMP = 1_800_000_000.0


@pytest.fixture
def totp_clock(monkeypatch: pytest.MonkeyPatch):
    """Freeze the TOTP clock; ``clock.now`` can be moved forward by tests."""

    class Clock:
        now = FIXED_TIMESTAMP

        @property
        def step(self) -> int:
            return int(self.now // auth_services.TOTP_INTERVAL)

    clock = Clock()
    monkeypatch.setattr(auth_services, "_timestamp", lambda: clock.now)
    return clock


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory):
    """A SQLite file with every migration applied, made once per run for the tests that start
    manage.py or a server as a separate process (copy it with processes.copy_sqlite)."""
    from reformdesk.core.tests.processes import child_env, manage

    var_dir = tmp_path_factory.mktemp("migrated")
    manage(child_env(var_dir), "migrate", "--no-input", "-v", "0")
    return var_dir / "reformdesk.sqlite3"
