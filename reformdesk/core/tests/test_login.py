"""Signing in and out: throttling, audit rows, CSRF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from reformdesk.core.models import AuditEvent, LoginAttempt
from reformdesk.core.tests.helpers import PASSWORD, sign_in
from reformdesk.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def post_login(client: Client, username: str, password: str, ip: str = "10.0.0.1", **extra):
    return client.post("/login/", {"username": username, "password": password, **extra}, REMOTE_ADDR=ip)


def test_login_page_links_to_password_reset():
    body = Client().get("/login/").content.decode()
    assert 'href="/password-reset/"' in body
    assert 'autocomplete="username"' in body
    assert 'autocomplete="current-password"' in body


def test_right_password_signs_in_and_is_audited():
    user = UserFactory(username="hoa")
    client = Client()
    response = post_login(client, "hoa", PASSWORD, next="/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/account/").status_code == 200
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.actor_id, event.object_type, event.object_id, event.ip, event.channel) == (
        user.pk,
        "auth.user",
        str(user.pk),
        "10.0.0.1",
        "web",
    )


def test_wrong_password_is_refused_recorded_and_audited():
    UserFactory(username="hoa")
    client = Client()
    response = post_login(client, "hoa", "sai-mat-khau")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert list(LoginAttempt.objects.values_list("username", "ip")) == [("hoa", "10.0.0.1")]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.object_repr, event.ip) == (
        "auth.login_failure",
        None,
        "hoa",
        "10.0.0.1",
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "", "password": "x"}, "Vui lòng nhập tên đăng nhập."),
        ({"username": "hoa", "password": ""}, "Vui lòng nhập mật khẩu."),
    ],
)
def test_missing_fields_get_a_message_linked_to_the_field(data, message):
    response = Client().post("/login/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'aria-invalid="true"' in body
    assert "_error" in body
    assert LoginAttempt.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_five_failures_then_refusal_even_with_the_right_password():
    """
    GIVEN five wrong passwords for "hoa" within the window
    WHEN the right password is sent
    THEN it is refused with the throttle message, without checking it, and no session starts;
         another user from the same address still signs in
    """
    UserFactory(username="hoa")
    UserFactory(username="nam")
    client = Client()
    for _ in range(5):
        assert WRONG in post_login(client, "hoa", "sai-mat-khau").content.decode()

    response = post_login(client, "hoa", PASSWORD)
    assert response.status_code == 200
    assert THROTTLED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.count() == 5  # a refusal is not counted again
    assert AuditEvent.objects.filter(action="auth.login").count() == 0

    # Upper case does not give a fresh counter.
    assert THROTTLED in post_login(Client(), "HOA", PASSWORD).content.decode()

    other = Client()
    assert post_login(other, "nam", PASSWORD).status_code == 302
    assert other.session["_auth_user_id"] == str(UserFactory(username="nam").pk)


def test_failures_older_than_the_window_do_not_count(settings):
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600
    UserFactory(username="hoa")
    LoginAttempt.objects.bulk_create([LoginAttempt(username="hoa", ip="10.0.0.1") for _ in range(5)])
    LoginAttempt.objects.update(at=timezone.now() - dt.timedelta(seconds=601))
    assert post_login(Client(), "hoa", PASSWORD).status_code == 302


def test_the_wait_shown_counts_down_from_the_oldest_failure(settings):
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 900
    UserFactory(username="hoa")
    LoginAttempt.objects.bulk_create([LoginAttempt(username="hoa", ip="10.0.0.1") for _ in range(5)])
    LoginAttempt.objects.update(at=timezone.now() - dt.timedelta(seconds=900 - 150))
    body = post_login(Client(), "hoa", PASSWORD).content.decode()
    assert "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 3 phút." in body


def test_successful_login_clears_that_user_names_failures_only():
    UserFactory(username="hoa")
    LoginAttempt.objects.bulk_create(
        [LoginAttempt(username="hoa", ip="10.0.0.1") for _ in range(4)]
        + [LoginAttempt(username="nam", ip="10.0.0.2")]
    )
    assert post_login(Client(), "hoa", PASSWORD).status_code == 302
    assert list(LoginAttempt.objects.values_list("username", flat=True)) == ["nam"]


def test_an_address_with_many_failures_is_refused_for_every_user_name(settings):
    """
    GIVEN 20 failures (LOGIN_FAILURE_LIMIT × 4) from one address over many user names
    WHEN anyone signs in from that address
    THEN it is refused; the same user from another address is not
    """
    settings.LOGIN_FAILURE_LIMIT = 5
    UserFactory(username="hoa")
    LoginAttempt.objects.bulk_create([LoginAttempt(username=f"doan{i}", ip="10.9.9.9") for i in range(20)])
    assert THROTTLED in post_login(Client(), "hoa", PASSWORD, ip="10.9.9.9").content.decode()
    assert post_login(Client(), "hoa", PASSWORD, ip="10.0.0.1").status_code == 302


def test_login_requires_a_csrf_token():
    UserFactory(username="hoa")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "hoa", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.count() == 0

    client.get("/login/")
    token = client.cookies["csrftoken"].value
    response = client.post("/login/", {"username": "hoa", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_next_pointing_elsewhere_is_ignored():
    UserFactory(username="hoa")
    response = post_login(Client(), "hoa", PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/staff/"


def test_logout_is_post_only_and_audited():
    user = UserFactory(username="hoa")
    client = sign_in(Client(), user)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="auth.logout")
    assert (event.actor_id, event.object_id) == (user.pk, str(user.pk))
    assert client.get("/account/").status_code == 302


def test_inactive_user_cannot_sign_in():
    UserFactory(username="hoa", is_active=False)
    response = post_login(Client(), "hoa", PASSWORD)
    assert WRONG in response.content.decode()
    assert LoginAttempt.objects.count() == 1


def test_the_admin_signs_in_through_the_sites_own_login(db):
    """Django's admin login skipped the throttle and the audit rows; it now sends to /login/."""
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/"
    response = Client().post("/admin/login/", {"username": "quantri", "password": "sai"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert Client().get("/admin/")["Location"] == "/admin/login/?next=/admin/"
