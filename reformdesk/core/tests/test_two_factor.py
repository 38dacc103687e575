"""TOTP second factor: required for administrators, optional for staff, never replayable."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client

from reformdesk.core.models import AuditEvent, LoginAttempt, TotpDevice
from reformdesk.core.tests.helpers import PASSWORD, enrol_device, sign_in
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db

ENROL = "/account/two-factor/"
VERIFY = "/login/two-factor/"
WRONG_CODE = "Mã xác thực không đúng."
REPLAYED = "Mã này đã được dùng. Vui lòng chờ mã mới trên ứng dụng xác thực."


def password_login(client: Client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


class TestAdministratorMustEnrol:
    def test_password_login_leads_to_enrolment_and_nothing_else_opens(self, personas):
        """
        GIVEN an administrator without a device
        WHEN they sign in with the password
        THEN they land on enrolment, and every other page sends them back there
        """
        client = Client()
        response = password_login(client, "quantri", next_url="/staff/officials/")
        assert response.status_code == 302
        assert response["Location"] == f"{ENROL}?next=%2Fstaff%2Fofficials%2F"

        for url in ["/staff/", "/account/", "/account/tokens/", "/staff/audit/", "/admin/", "/"]:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(f"{ENROL}?next="), url
        assert client.post("/account/tokens/", {"name": "x"}).status_code == 302
        assert client.get(ENROL).status_code == 200

    def test_api_calls_of_a_pending_session_are_anonymous(self, personas):
        client = Client()
        password_login(client, "quantri")
        response = client.get("/api/v1/org/officials")
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"

    def test_sign_out_language_health_and_static_stay_open(self, personas):
        client = Client()
        password_login(client, "quantri")
        assert client.get("/healthz").status_code in {200, 503}
        assert client.get("/static/core/app.css").status_code == 200
        assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
        assert client.post("/logout/").status_code == 302
        assert "_auth_user_id" not in client.session

    def test_htmx_requests_are_redirected_by_header(self, personas):
        client = Client()
        password_login(client, "quantri")
        response = client.get("/staff/officials/", HTTP_HX_REQUEST="true")
        assert response["HX-Redirect"] == f"{ENROL}?next=%2Fstaff%2Fofficials%2F"

    def test_enrolment_shows_a_qr_code_and_the_secret(self, personas):
        client = Client()
        password_login(client, "quantri")
        body = client.get(ENROL).content.decode()
        device = TotpDevice.objects.get(user=personas.admin)
        assert device.confirmed_at is None
        assert 'src="data:image/svg+xml;charset=utf-8,' in body
        grouped = " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
        assert grouped in body
        assert 'autocomplete="one-time-code"' in body
        # Reloading keeps the same secret: the app may have scanned it already.
        client.get(ENROL)
        assert TotpDevice.objects.get(user=personas.admin).secret == device.secret

    def test_a_wrong_first_code_keeps_the_device_unconfirmed(self, personas, totp_clock):
        client = Client()
        password_login(client, "quantri")
        client.get(ENROL)
        device = TotpDevice.objects.get(user=personas.admin)
        code = pyotp.TOTP(device.secret).generate_otp(totp_clock.step)
        response = client.post(ENROL, {"code": wrong(code)})
        assert response.status_code == 200
        assert WRONG_CODE in response.content.decode()
        assert TotpDevice.objects.get(user=personas.admin).confirmed_at is None
        assert client.get("/staff/").status_code == 302

    def test_the_right_first_code_confirms_and_opens_the_site(self, personas, totp_clock):
        client = Client()
        password_login(client, "quantri", next_url="/staff/officials/")
        client.get(ENROL)
        device = TotpDevice.objects.get(user=personas.admin)
        code = pyotp.TOTP(device.secret).generate_otp(totp_clock.step)
        response = client.post(ENROL, {"code": code, "next": "/staff/officials/"})
        assert response.status_code == 302
        assert response["Location"] == "/staff/officials/"
        device.refresh_from_db()
        assert device.confirmed_at is not None
        assert device.last_used_step == totp_clock.step
        assert client.get("/staff/").status_code == 200
        assert AuditEvent.objects.filter(action="auth.two_factor_enable", actor=personas.admin).count() == 1

    @pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
    def test_malformed_codes_get_a_message(self, personas, code):
        client = Client()
        password_login(client, "quantri")
        client.get(ENROL)
        response = client.post(ENROL, {"code": code})
        body = response.content.decode()
        assert response.status_code == 200
        assert ("Vui lòng nhập mã xác thực." if not code else "Mã xác thực gồm 6 chữ số.") in body
        assert 'aria-describedby="id_code_error"' in body
        assert TotpDevice.objects.get(user=personas.admin).confirmed_at is None

    def test_an_admin_role_holder_must_enrol_too(self, tree):
        make_official(unit=tree.district, role=Role.ADMIN, username="quantri_huyen")
        response = password_login(Client(), "quantri_huyen")
        assert response["Location"] == ENROL

    def test_an_administrator_cannot_turn_it_off(self, personas, totp_clock):
        totp = enrol_device(personas.admin)
        client = sign_in(Client(), personas.admin)
        response = client.post("/account/two-factor/disable/", {"code": totp.generate_otp(totp_clock.step)})
        assert response.status_code == 200
        assert (
            "Tài khoản quản trị bắt buộc dùng xác thực hai lớp, không thể tắt." in response.content.decode()
        )
        assert TotpDevice.objects.filter(user=personas.admin).count() == 1


class TestStaffSecondFactorIsOptional:
    def test_staff_without_a_device_sign_in_with_the_password_alone(self, personas):
        client = Client()
        response = password_login(client, "chutich_a", next_url="/staff/")
        assert response["Location"] == "/staff/"
        assert client.get("/staff/").status_code == 200
        assert TotpDevice.objects.count() == 0

    def test_staff_can_enrol_from_the_account_page(self, personas, totp_clock):
        client = sign_in(Client(), personas.chair_a)
        assert 'href="/account/two-factor/"' in client.get("/account/").content.decode()
        client.get(ENROL)
        device = TotpDevice.objects.get(user=personas.chair_a)
        response = client.post(ENROL, {"code": pyotp.TOTP(device.secret).generate_otp(totp_clock.step)})
        assert response["Location"] == "/account/"
        assert "Đang bật" in client.get("/account/").content.decode()

    def test_with_a_device_the_code_is_asked_after_the_password(self, personas, totp_clock):
        totp = enrol_device(personas.chair_a)
        client = Client()
        response = password_login(client, "chutich_a", next_url="/staff/officials/")
        assert response["Location"] == f"{VERIFY}?next=%2Fstaff%2Fofficials%2F"
        assert client.get("/staff/")["Location"] == f"{VERIFY}?next=%2Fstaff%2F"

        response = client.post(
            VERIFY, {"code": totp.generate_otp(totp_clock.step), "next": "/staff/officials/"}
        )
        assert response.status_code == 302
        assert response["Location"] == "/staff/officials/"
        assert client.get("/staff/").status_code == 200
        assert AuditEvent.objects.filter(action="auth.two_factor_pass").count() == 1

    def test_a_wrong_code_is_refused_and_counted(self, personas, totp_clock):
        totp = enrol_device(personas.chair_a)
        client = Client()
        password_login(client, "chutich_a")
        response = client.post(VERIFY, {"code": wrong(totp.generate_otp(totp_clock.step))})
        assert response.status_code == 200
        assert WRONG_CODE in response.content.decode()
        assert list(LoginAttempt.objects.values_list("username", flat=True)) == [f"2fa:{personas.chair_a.pk}"]
        assert client.get("/staff/").status_code == 302

    def test_codes_of_the_neighbouring_steps_are_accepted(self, personas, totp_clock):
        totp = enrol_device(personas.chair_a)
        client = Client()
        password_login(client, "chutich_a")
        response = client.post(VERIFY, {"code": totp.generate_otp(totp_clock.step - 1)})
        assert response.status_code == 302

    def test_a_code_two_steps_old_is_refused(self, personas, totp_clock):
        totp = enrol_device(personas.chair_a)
        client = Client()
        password_login(client, "chutich_a")
        response = client.post(VERIFY, {"code": totp.generate_otp(totp_clock.step - 2)})
        assert WRONG_CODE in response.content.decode()

    def test_a_replayed_code_is_refused(self, personas, totp_clock):
        """
        GIVEN a code accepted at one sign-in
        WHEN the same code (same time step) is sent at the next sign-in
        THEN it is refused; the next step's code is accepted
        """
        totp = enrol_device(personas.chair_a)
        code = totp.generate_otp(totp_clock.step)
        first = Client()
        password_login(first, "chutich_a")
        assert first.post(VERIFY, {"code": code}).status_code == 302

        second = Client()
        password_login(second, "chutich_a")
        response = second.post(VERIFY, {"code": code})
        assert REPLAYED in response.content.decode()
        assert second.get("/staff/").status_code == 302

        # Even a code of an earlier step, still inside the window, is refused.
        response = second.post(VERIFY, {"code": totp.generate_otp(totp_clock.step - 1)})
        assert REPLAYED in response.content.decode()

        totp_clock.now += 30
        assert second.post(VERIFY, {"code": totp.generate_otp(totp_clock.step)}).status_code == 302
        assert TotpDevice.objects.get(user=personas.chair_a).last_used_step == totp_clock.step

    def test_wrong_codes_are_throttled_across_password_logins(self, personas, totp_clock):
        """
        GIVEN five wrong codes, with a fresh password login in between
        WHEN the right code is sent
        THEN it is refused with the throttle message
        """
        totp = enrol_device(personas.chair_a)
        right = totp.generate_otp(totp_clock.step)
        client = Client()
        password_login(client, "chutich_a")
        for i in range(5):
            if i == 3:
                client.post("/logout/")
                password_login(client, "chutich_a")
            assert WRONG_CODE in client.post(VERIFY, {"code": wrong(right)}).content.decode()
        response = client.post(VERIFY, {"code": right})
        assert "Nhập sai mã quá nhiều lần. Vui lòng thử lại sau 15 phút." in response.content.decode()
        assert client.get("/staff/").status_code == 302
        assert TotpDevice.objects.get(user=personas.chair_a).last_used_step == 0

    def test_verification_page_sends_users_without_a_device_on(self, personas):
        client = sign_in(Client(), personas.chair_a)
        assert client.get(f"{VERIFY}?next=/staff/")["Location"] == "/staff/"
        assert Client().get(VERIFY)["Location"] == "/login/"

    def test_disable_needs_a_current_code(self, personas, totp_clock):
        totp = enrol_device(personas.chair_a)
        client = sign_in(Client(), personas.chair_a)
        url = "/account/two-factor/disable/"
        response = client.post(url, {"code": wrong(totp.generate_otp(totp_clock.step))})
        assert WRONG_CODE in response.content.decode()
        assert TotpDevice.objects.filter(user=personas.chair_a).count() == 1

        response = client.post(url, {"code": totp.generate_otp(totp_clock.step)})
        assert response["Location"] == "/account/"
        assert TotpDevice.objects.filter(user=personas.chair_a).count() == 0
        assert (
            AuditEvent.objects.filter(action="auth.two_factor_disable", actor=personas.chair_a).count() == 1
        )
        # Next sign-in needs the password only.
        again = Client()
        assert password_login(again, "chutich_a")["Location"] == "/staff/"
