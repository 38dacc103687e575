"""Session expiry (idle and absolute), security headers, and pages that work under the strict CSP."""

from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest
from django.test import Client

from reformdesk.core.middleware import CSP
from reformdesk.core.services.auth import SESSION_LAST_SEEN, SESSION_STARTED
from reformdesk.core.tests.helpers import enrol_device, sign_in
from reformdesk.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def set_session(client: Client, **values: int) -> None:
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


class TestSessionExpiry:
    def test_an_idle_session_is_signed_out(self, settings):
        """
        GIVEN a session last seen SESSION_IDLE_SECONDS + 1 ago
        WHEN the next request comes
        THEN the user is signed out and sent to the login page
        """
        settings.SESSION_IDLE_SECONDS = 1800
        client = sign_in(Client(), UserFactory(username="hoa"))
        assert client.get("/account/").status_code == 200
        set_session(client, **{SESSION_LAST_SEEN: int(time.time()) - 1801})
        response = client.get("/account/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/account/"
        assert "_auth_user_id" not in client.session

    def test_activity_within_the_idle_time_keeps_the_session(self, settings):
        settings.SESSION_IDLE_SECONDS = 1800
        client = sign_in(Client(), UserFactory(username="hoa"))
        seen = int(time.time()) - 1790
        set_session(client, **{SESSION_LAST_SEEN: seen})
        assert client.get("/account/").status_code == 200
        assert client.session[SESSION_LAST_SEEN] > seen

    def test_an_active_session_ends_after_its_absolute_age(self, settings):
        """
        GIVEN a session signed in SESSION_COOKIE_AGE ago, active a moment ago
        WHEN the next request comes
        THEN the user is signed out
        """
        settings.SESSION_COOKIE_AGE = 12 * 3600
        client = sign_in(Client(), UserFactory(username="hoa"))
        now = int(time.time())
        set_session(client, **{SESSION_STARTED: now - 12 * 3600, SESSION_LAST_SEEN: now - 5})
        response = client.get("/account/")
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session

    def test_session_writes_do_not_push_the_absolute_end_forward(self, settings):
        settings.SESSION_COOKIE_AGE = 12 * 3600
        client = sign_in(Client(), UserFactory(username="hoa"))
        end = client.session.get_expiry_date()
        set_session(client, **{SESSION_LAST_SEEN: int(time.time()) - 120})  # forces a write below
        client.get("/account/")
        assert client.session.get_expiry_date() == end
        assert abs(end.timestamp() - (client.session[SESSION_STARTED] + 12 * 3600)) < 2

    def test_a_session_from_before_the_rule_gets_a_start_time(self):
        client = sign_in(Client(), UserFactory(username="hoa"))
        session = client.session
        del session[SESSION_STARTED]
        session.save()
        assert client.get("/account/").status_code == 200
        assert abs(client.session[SESSION_STARTED] - time.time()) < 5


class InlineCodeFinder(HTMLParser):
    """Collects what the strict CSP would block: inline scripts, styles, handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "style":
            self.problems.append("<style>")
        if tag == "script":
            self._in_script = True
            if not names.get("src"):
                self.problems.append("<script> without src")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")
            if name == "src" and tag == "img" and value and not value.startswith(("/", "data:image/")):
                self.problems.append(f"foreign image {value}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append("inline script body")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


ANONYMOUS_PAGES = ["/login/", "/password-reset/", "/password-reset/sent/", "/password-reset/complete/"]
SIGNED_IN_PAGES = [
    "/account/",
    "/account/tokens/",
    "/account/password/",
    "/account/two-factor/",
    "/staff/audit/",
    "/staff/audit/access/",
]


@pytest.fixture
def production_headers(settings):
    settings.CONTENT_SECURITY_POLICY = True


def assert_security_headers(response) -> None:
    assert response["Content-Security-Policy"] == CSP
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_public_account_pages_carry_the_headers_and_no_inline_code(production_headers, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert_security_headers(response)
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_pages_carry_the_headers_and_no_inline_code(production_headers, personas, url):
    response = sign_in(Client(), personas.admin).get(url)
    assert response.status_code == 200
    assert_security_headers(response)
    assert inline_code(response.content.decode()) == []


def test_pages_after_a_post_carry_no_inline_code(production_headers, personas):
    client = sign_in(Client(), personas.chair_a)
    created = client.post("/account/tokens/", {"name": "Báo cáo"})
    invalid = client.post("/account/tokens/", {"name": ""})
    refused = Client().post("/login/", {"username": "chutich_a", "password": "sai"})
    for response in (created, invalid, refused):
        assert response.status_code == 200
        assert_security_headers(response)
        assert inline_code(response.content.decode()) == []


def test_the_verification_and_disable_pages_carry_no_inline_code(production_headers, personas):
    enrol_device(personas.chair_a)
    pending = Client()
    pending.post("/login/", {"username": "chutich_a", "password": "mat-khau-thu-nghiem"})
    verify = pending.get("/login/two-factor/")
    disable = sign_in(Client(), personas.chair_a).get("/account/two-factor/disable/")
    for response in (verify, disable):
        assert response.status_code == 200
        assert_security_headers(response)
        assert inline_code(response.content.decode()) == []


def test_the_finder_sees_inline_code():
    html = '<script>alert(1)</script><p style="color:red" onclick="x()"><a href="javascript:x()">x</a></p>'
    assert inline_code(html) == [
        "<script> without src",
        "inline script body",
        "style attribute on <p>",
        "onclick handler on <p>",
        "javascript: URL on <a>",
    ]
