"""Password reset by email and password change, both audited."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from reformdesk.core.models import AuditEvent, LoginAttempt
from reformdesk.core.tests.helpers import PASSWORD, sign_in
from reformdesk.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Cai-cach-hanh-chinh-2025"


@pytest.fixture
def email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def request_reset(client: Client, email: str, ip: str = "10.0.0.1"):
    return client.post("/password-reset/", {"email": email}, REMOTE_ADDR=ip)


class TestPasswordReset:
    def test_a_known_address_gets_a_mail_with_a_working_link(self, email_backend):
        """
        GIVEN a user with an email address
        WHEN a reset is requested for it and the link in the mail is followed
        THEN a new password can be set, the change is audited and the old failures are forgotten
        """
        user = UserFactory(username="hoa", email="hoa@example.gov.vn")
        LoginAttempt.objects.create(username="hoa", ip="10.0.0.9")
        client = Client()
        response = request_reset(client, "HOA@example.gov.vn")
        assert response.status_code == 302
        assert response["Location"] == "/password-reset/sent/"
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["hoa@example.gov.vn"]
        assert message.subject == "Đặt lại mật khẩu ReformDesk tại testserver"
        assert "Xin chào hoa," in message.body
        link = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", message.body)
        assert link is not None

        response = client.get(link.group(1))
        assert response.status_code == 302  # Django hides the token behind set-password
        form_url = response["Location"]
        response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert response["Location"] == "/password-reset/complete/"
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)
        event = AuditEvent.objects.get(action="auth.password_reset")
        assert event.actor_id == user.pk
        assert LoginAttempt.objects.count() == 0
        assert client.get(link.group(1), follow=True).context["validlink"] is False

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self, email_backend):
        UserFactory(username="hoa", email="hoa@example.gov.vn")
        known = request_reset(Client(), "hoa@example.gov.vn", ip="10.0.0.1")
        unknown = request_reset(Client(), "khongco@example.gov.vn", ip="10.0.0.2")
        assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
        assert len(mail.outbox) == 1
        page = Client().get(unknown["Location"]).content.decode()
        assert "Nếu địa chỉ email bạn nhập thuộc một tài khoản" in page

    def test_a_malformed_address_gets_a_message(self, email_backend):
        response = request_reset(Client(), "khong-phai-email")
        assert response.status_code == 200
        assert "Địa chỉ email không hợp lệ." in response.content.decode()
        assert len(mail.outbox) == 0

    def test_requests_are_limited_per_address(self, email_backend, settings):
        """
        GIVEN five reset requests from one IP within the hour
        WHEN a sixth comes
        THEN it is refused with 429 and sends nothing; another IP is not affected
        """
        UserFactory(username="hoa", email="hoa@example.gov.vn")
        for _ in range(5):
            assert request_reset(Client(), "hoa@example.gov.vn").status_code == 302
        response = request_reset(Client(), "hoa@example.gov.vn")
        assert response.status_code == 429
        assert "Bạn đã gửi quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau." in (
            response.content.decode()
        )
        assert len(mail.outbox) == 5
        assert request_reset(Client(), "hoa@example.gov.vn", ip="10.0.0.2").status_code == 302
        assert len(mail.outbox) == 6

    def test_mismatched_new_passwords_change_nothing(self, email_backend):
        user = UserFactory(username="hoa", email="hoa@example.gov.vn")
        client = Client()
        request_reset(client, "hoa@example.gov.vn")
        link = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body)
        assert link is not None
        form_url = client.get(link.group(1))["Location"]
        response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
        assert response.status_code == 200
        assert "Hai lần nhập mật khẩu mới không khớp." in response.content.decode()
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
        assert AuditEvent.objects.filter(action="auth.password_reset").count() == 0

    def test_a_forged_link_is_refused(self):
        response = Client().get("/password-reset/MQ/abc-123/")
        assert response.status_code == 200
        assert response.context["validlink"] is False
        assert "Đường dẫn đặt lại mật khẩu không hợp lệ" in response.content.decode()


class TestPasswordChange:
    def test_change_is_audited_and_keeps_the_session(self, personas):
        client = sign_in(Client(), personas.chair_a)
        response = client.post(
            "/account/password/",
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert response["Location"] == "/account/"
        personas.chair_a.refresh_from_db()
        assert personas.chair_a.check_password(NEW_PASSWORD)
        assert AuditEvent.objects.filter(action="auth.password_change", actor=personas.chair_a).count() == 1
        assert client.get("/account/").status_code == 200

    def test_a_wrong_current_password_changes_nothing(self, personas):
        client = sign_in(Client(), personas.chair_a)
        response = client.post(
            "/account/password/",
            {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Mật khẩu hiện tại không đúng." in body
        assert 'aria-describedby="id_old_password_error"' in body
        personas.chair_a.refresh_from_db()
        assert personas.chair_a.check_password(PASSWORD)
        assert AuditEvent.objects.filter(action="auth.password_change").count() == 0

    def test_anonymous_visitors_are_sent_to_login(self):
        response = Client().get("/account/password/")
        assert response["Location"] == "/login/?next=/account/password/"
