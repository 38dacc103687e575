"""Fixtures for the browser tests (``pytest -m browser``), made available to every test folder by
reformdesk/conftest.py: the system Chromium driven by Playwright
against pytest-django's live server, loaded with the demo data.

Every page opened here is watched: a request to any host other than the live server is recorded and
aborted (a page must never load anything from a CDN, DESIGN.md §3), and console errors and uncaught
exceptions are recorded. ``PageWatch.assert_clean()`` fails the test on any of them.

Playwright is imported inside the fixtures so that ``make pytest``, which skips these tests, does not
need it. Browsers are never downloaded: the system Chromium is used.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from reformdesk.org.demo_data import DEMO_PASSWORD

CHROMIUM = os.environ.get("REFORMDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def screenshot_dir() -> Path:
    return Path(settings.BASE_DIR) / "build" / "screenshots"


@dataclass
class PageWatch:
    """What a page did that it must not: foreign requests, console errors, uncaught exceptions."""

    origin: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    # Every request of the page with what became of it, to explain a test that timed out.
    traffic: list[str] = field(default_factory=list)

    def note(self, event: str, request: Any) -> None:
        self.traffic.append(f"{time.monotonic():.3f} {event} {request.method} {request.url}")

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about"}:
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def on_request(self, request: Any) -> None:
        self.note("sent", request)
        if not self.is_local(request.url):
            self.foreign_requests.append(request.url)

    # Pages that answer a form with errors or a refusal with a 4xx status on purpose; Chromium logs
    # "Failed to load resource" for them, which is no defect of the page.
    answered_4xx: set[str] = field(default_factory=set)

    def on_response(self, response: Any) -> None:
        self.note(f"answered {response.status}", response.request)
        if response.request.resource_type == "document" and 400 <= response.status < 500:
            self.answered_4xx.add(response.url)

    def on_console(self, message: Any) -> None:
        url = message.location.get("url", "")
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and url in self.answered_4xx:
            return
        self.console_errors.append(f"{message.text} ({url})")

    def on_page_error(self, error: Any) -> None:
        self.page_errors.append(str(error))

    def assert_clean(self) -> None:
        assert self.foreign_requests == [], "requests left the live server"
        assert self.console_errors == [], "the browser console reported errors"
        assert self.page_errors == [], "uncaught JavaScript exceptions"


@dataclass
class Browsing:
    """One browser context and its page, watched; ``url(path)`` is the live server's address."""

    page: Any
    watch: PageWatch
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path

    def shot(self, name: str) -> Path:
        """Save a screenshot of the viewport as build/screenshots/<name>.png."""
        target = screenshot_dir() / f"{name}.png"
        self.page.screenshot(path=str(target), animations="disabled")
        return target

    def log_in(self, username: str, password: str = DEMO_PASSWORD, next_path: str = "/staff/") -> None:
        self.page.goto(self.url(next_path))
        self.page.wait_for_url(f"**/login/?next={next_path}")
        self.page.locator("input[name=username]").fill(username)
        self.page.locator("input[name=password]").fill(password)
        submit(self.page, self.page.locator("main form button[type=submit]"))
        self.page.wait_for_url(self.url(next_path))


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """The system Chromium, headless, for the whole session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install the Debian package 'chromium'.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django would then refuse
    # the fixtures' synchronous database calls (load_demo) without this switch.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    shots = screenshot_dir()
    if shots.exists():
        shutil.rmtree(shots)
    shots.mkdir(parents=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# The live server's database right after the session's first load_demo (an in-memory SQLite copy).
_DEMO_SNAPSHOT: list[sqlite3.Connection] = []


@pytest.fixture
def demo(chromium: Any, live_server: Any, transactional_db: None) -> None:
    """The demo data in the live server's database. The live server needs a transactional DB, which
    is emptied after each test (the rows that data migrations seed are then put back,
    ``reformdesk.testing``), so every test starts from the demo again.

    load_demo takes most of a minute on a busy two-core machine, so it runs once per session: on SQLite's
    in-memory test database (make test-browser) the database it leaves is copied aside with SQLite's
    backup API, and each later test gets that copy back, the same rows with the same keys, in well
    under a second. On another database (PostgreSQL) load_demo runs for every test."""
    from django.db import connection

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        call_command("load_demo", stdout=io.StringIO())
        return
    if _DEMO_SNAPSHOT:
        restore_demo()
        return
    call_command("load_demo", stdout=io.StringIO())
    connection.ensure_connection()
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(snapshot)
    _DEMO_SNAPSHOT.append(snapshot)


def restore_demo() -> None:
    """Put the copy of the demo database back into the in-memory test database (shared with the
    live server's thread), with what load_demo would have done outside its tables."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.storage import default_storage
    from django.db import connection

    from reformdesk.catalog.demo_forms import FOLDER, stored_form
    from reformdesk.catalog.models import RequiredPaper

    connection.ensure_connection()
    _DEMO_SNAPSHOT[0].backup(connection.connection)
    # The flush after the previous test recreated the content types under new keys, and this
    # process cached those; the copy has the old ones.
    ContentType.objects.clear_cache()
    # The demo's blank forms are files in MEDIA_ROOT, which a test may have pointed elsewhere.
    files = RequiredPaper.objects.filter(form_file__startswith=f"{FOLDER}/").values_list(
        "form_file", flat=True
    )
    for name in sorted(set(files)):
        if not default_storage.exists(name):
            stored_form(Path(name).stem)


# The watch of each open page (by the page's id), so that a failed submission can show its traffic.
_WATCHES: dict[int, PageWatch] = {}


def submit(page: Any, button: Any, *, method: str = "POST") -> Any:
    """Click ``button``, which sends a form the classic way, and wait until the answer has loaded.

    Waiting for text that the answer shows is ambiguous when the page already shows it (the success
    message of the previous action is the same words): the wait would end before the server has
    handled the form. The navigation that this click starts is not ambiguous. Returns the final
    response, after any redirect; fails unless the navigation began with a ``method`` request to
    the server and ended without a server error.
    """
    clicked = False
    try:
        with page.expect_navigation() as navigation:
            button.click()
            clicked = True
    except Exception:
        # What the page showed when the submission went nowhere, for whoever reads the failure.
        target = screenshot_dir() / f"failed-submit-{len(list(screenshot_dir().glob('failed-*.png')))}"
        page.screenshot(path=str(target.with_suffix(".png")), full_page=True)
        target.with_suffix(".html").write_text(page.content(), encoding="utf-8")
        watch = _WATCHES.get(id(page))
        if watch is not None:
            outcome = "clicked, no navigation" if clicked else "the click did not happen"
            trace = [*watch.traffic[-30:], f"{time.monotonic():.3f} gave up: {outcome}"]
            target.with_suffix(".log").write_text("\n".join(trace), encoding="utf-8")
        raise
    response = navigation.value
    first = response.request
    while first.redirected_from is not None:
        first = first.redirected_from
    assert first.method == method, f"the click led to {first.method} {first.url}, not a form submission"
    assert response.status < 500, f"{first.method} {first.url} answered {response.status}"
    return response


@pytest.fixture
def browse(chromium: Any, live_server: Any, demo: None) -> Iterator[Callable[..., Browsing]]:
    """Opens a watched page: ``browse()`` on a desktop viewport, ``browse(phone=True)`` on a phone.
    Each test must end with ``watch.assert_clean()``; the teardown checks again in case one forgot."""
    contexts: list[Any] = []
    watches: list[PageWatch] = []
    origin = live_server.url.rstrip("/")

    def open_page(*, phone: bool = False) -> Browsing:
        options: dict[str, Any] = {"locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}
        if phone:
            options |= {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
        else:
            options |= {"viewport": DESKTOP, "device_scale_factor": 1}
        context = chromium.new_context(**options)
        context.set_default_timeout(10_000)
        watch = PageWatch(origin=origin)

        def guard(route: Any) -> None:
            # Nothing may leave the machine: record (via the request event) and refuse.
            if watch.is_local(route.request.url):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("request", watch.on_request)
        page.on("response", watch.on_response)
        page.on("requestfailed", lambda request: watch.note(f"failed ({request.failure})", request))
        page.on("console", watch.on_console)
        page.on("pageerror", watch.on_page_error)
        contexts.append(context)
        watches.append(watch)
        _WATCHES[id(page)] = watch
        return Browsing(page=page, watch=watch, base_url=origin)

    yield open_page
    _WATCHES.clear()
    for context in contexts:
        context.close()
    for watch in watches:
        watch.assert_clean()
