"""An unknown ``Host`` under the production settings: a plain 400 page, never a 500."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# Run in a process of its own: the production settings are read once, at import.
PROBE = """
import json, django
django.setup()
from django.test import Client
answers = {}
client = Client(HTTP_HOST="evil.example", raise_request_exception=False)
for path in ("/", "/tra-cuu-ho-so/", "/api/v1/procedures"):
    response = client.get(path, secure=True, HTTP_ACCEPT_LANGUAGE="vi")
    answers[path] = [response.status_code, response.content.decode()]
print(json.dumps(answers))
"""


def test_an_unknown_host_in_production_is_a_400_page(tmp_path):
    """GIVEN REFORMDESK_ENV=production WHEN a request names a host not in ALLOWED_HOSTS THEN a
    translated 400 page (DisallowedHost is raised before the session and user exist, and the
    error page's shell once failed on them: a 500)."""
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "PYTEST_VERSION"}},
        "DJANGO_SETTINGS_MODULE": "reformdesk.settings",
        "REFORMDESK_ENV": "production",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "reformdesk.example.gov.vn",
        "SECRET_KEY": "hosts-test-only-7Qm2Lx9Vb4Nc1Rz8Tw5Yp3Kd6Hs0Jf2Ge4Ua7Io1",
        "REFORMDESK_VAR_DIR": str(tmp_path),
    }
    completed = subprocess.run(  # noqa: S603 - this interpreter and a fixed script
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    answers = json.loads(completed.stdout.strip().splitlines()[-1])
    for path in ("/", "/tra-cuu-ho-so/", "/api/v1/procedures"):
        status, body = answers[path]
        assert status == 400, (path, body[:500])
        assert "Yêu cầu không hợp lệ" in body
        assert "evil.example" not in body
