"""The login throttle under concurrent wrong passwords: never more checks than the limit."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client, RequestFactory

from reformdesk.core import forms as core_forms
from reformdesk.core.models import LoginAttempt
from reformdesk.org.tests.factories import UserFactory

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
THROTTLED = "Đăng nhập sai quá nhiều lần"
ATTEMPTS = 16


@pytest.mark.django_db
def test_sixteen_interleaved_wrong_passwords_get_five_checks(monkeypatch, settings):
    """GIVEN 16 sign-ins whose password checks all overlap (each one starts while the one before
    is still checking its password: the worst interleaving of 16 concurrent requests)
    WHEN every password is wrong
    THEN exactly LOGIN_FAILURE_LIMIT (5) passwords are checked and 5 failures are recorded."""
    settings.LOGIN_FAILURE_LIMIT = 5
    UserFactory(username="hoa")
    checks: list[int] = []
    outcomes: list[str] = []
    started: list[int] = []
    real_authenticate = core_forms.auth_forms.authenticate
    real_message = core_forms.auth_services.throttle_message

    def attempt() -> None:
        started.append(1)
        request = RequestFactory().post("/login/", REMOTE_ADDR="10.0.0.1")
        form = core_forms.LoginForm(request, data={"username": "hoa", "password": "sai"})
        form.is_valid()
        outcomes.append(" ".join(form.non_field_errors()))

    def next_arrives() -> None:
        if len(started) < ATTEMPTS:
            attempt()

    def overlapping_authenticate(request=None, **credentials):
        checks.append(1)
        next_arrives()  # the next request arrives while this password is being checked
        return real_authenticate(request, **credentials)

    def overlapping_message(throttle):
        next_arrives()  # and while this refusal is being written
        return real_message(throttle)

    monkeypatch.setattr(core_forms.auth_forms, "authenticate", overlapping_authenticate)
    monkeypatch.setattr(core_forms.auth_services, "throttle_message", overlapping_message)
    attempt()
    assert len(outcomes) == ATTEMPTS
    assert len(checks) == 5
    assert sum(WRONG in o for o in outcomes) == 5
    assert sum(THROTTLED in o for o in outcomes) == 11
    assert LoginAttempt.objects.filter(username="hoa").count() == 5


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_wrong_passwords_get_five_checks(settings):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("an in-memory SQLite test database locks tables instead of waiting: PostgreSQL only")
    settings.LOGIN_FAILURE_LIMIT = 5
    UserFactory(username="hoa")
    barrier = threading.Barrier(ATTEMPTS)
    bodies: list[str] = []

    def post() -> None:
        try:
            client = Client()
            barrier.wait(timeout=10)
            response = client.post("/login/", {"username": "hoa", "password": "sai"}, REMOTE_ADDR="10.0.0.1")
            bodies.append(response.content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(bodies) == ATTEMPTS
    assert sum(WRONG in body for body in bodies) == 5
    assert sum(THROTTLED in body for body in bodies) == 11
    assert LoginAttempt.objects.filter(username="hoa").count() == 5
