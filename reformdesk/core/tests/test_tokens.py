"""Personal access tokens: the page, the command, and Bearer authentication on the API."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from reformdesk.core.models import ApiToken, AuditEvent
from reformdesk.core.services.tokens import token_create
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

SECRET_RE = re.compile(r'id="new-token-secret" type="text" value="(rd_[A-Za-z0-9_-]+)"')


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


class TestTokenPage:
    def test_create_shows_the_secret_once_and_stores_only_its_hash(self, personas):
        client = sign_in(Client(), personas.chair_a)
        response = client.post("/account/tokens/", {"name": "Đồng bộ một cửa", "expires_on": ""})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        match = SECRET_RE.search(response.content.decode())
        assert match is not None
        secret = match.group(1)
        token = ApiToken.objects.get(user=personas.chair_a)
        assert (token.name, token.prefix, token.expires_at) == ("Đồng bộ một cửa", secret[:10], None)
        assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in str(list(ApiToken.objects.values()))

        listing = client.get("/account/tokens/").content.decode()
        assert secret not in listing
        assert f"{secret[:10]}…" in listing
        assert AuditEvent.objects.filter(action="api_token.create", actor=personas.chair_a).count() == 1

    def test_expiry_runs_to_the_end_of_the_chosen_day(self, personas):
        client = sign_in(Client(), personas.chair_a)
        day = timezone.localdate() + dt.timedelta(days=30)
        client.post("/account/tokens/", {"name": "Báo cáo", "expires_on": day.isoformat()})
        token = ApiToken.objects.get()
        assert timezone.localtime(token.expires_at) == timezone.make_aware(
            dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
        )

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"name": ""}, "Vui lòng đặt tên cho mã truy cập."),
            ({"name": "   "}, "Vui lòng đặt tên cho mã truy cập."),
            ({"name": "x" * 101}, "Tên dài tối đa 100 ký tự."),
            ({"name": "Báo cáo", "expires_on": "2020-01-01"}, "Ngày hết hạn phải từ hôm nay trở đi."),
            ({"name": "Báo cáo", "expires_on": "31-31-2031"}, "Ngày không hợp lệ."),
        ],
    )
    def test_bad_input_gets_a_message_and_saves_nothing(self, personas, data, message):
        client = sign_in(Client(), personas.chair_a)
        audit_rows = AuditEvent.objects.count()
        response = client.post("/account/tokens/", data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert SECRET_RE.search(response.content.decode()) is None
        assert ApiToken.objects.count() == 0
        assert AuditEvent.objects.count() == audit_rows

    def test_revoke_own_token(self, personas):
        token, secret = token_create(actor=personas.chair_a, user=personas.chair_a, name="Cũ")
        client = sign_in(Client(), personas.chair_a)
        response = client.post(f"/account/tokens/{token.pk}/revoke/")
        assert response["Location"] == "/account/tokens/"
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
        assert "Đã thu hồi" in client.get("/account/tokens/").content.decode()
        assert Client().get("/api/v1/org/officials", **bearer(secret)).status_code == 401

    def test_another_users_token_cannot_be_revoked(self, personas):
        token, _secret = token_create(actor=personas.chair_a, user=personas.chair_a, name="Của chủ tịch")
        client = sign_in(Client(), personas.one_stop_a)
        assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None
        assert "Của chủ tịch" not in client.get("/account/tokens/").content.decode()

    def test_revoke_is_post_only(self, personas):
        token, _secret = token_create(actor=personas.chair_a, user=personas.chair_a, name="Cũ")
        client = sign_in(Client(), personas.chair_a)
        assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405

    def test_anonymous_visitors_are_sent_to_login(self):
        response = Client().get("/account/tokens/")
        assert response["Location"] == "/login/?next=/account/tokens/"


class TestIssueTokenCommand:
    def test_prints_the_token_as_the_last_word_of_one_line(self, personas):
        out = io.StringIO()
        call_command("issue_token", "chutich_a", "--name", "Kịch bản đồng bộ", stdout=out)
        lines = out.getvalue().strip().splitlines()
        assert len(lines) == 1
        secret = lines[0].split()[-1]
        token = ApiToken.objects.get(user=personas.chair_a)
        assert token.name == "Kịch bản đồng bộ"
        assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
        event = AuditEvent.objects.get(action="api_token.create")
        assert (event.actor_id, event.channel) == (None, "command")
        assert Client().get("/api/v1/org/officials", **bearer(secret)).status_code == 200

    def test_expiry_in_days(self, personas):
        call_command("issue_token", "chutich_a", "--days", "7", stdout=io.StringIO())
        token = ApiToken.objects.get()
        assert token.expires_at is not None
        assert dt.timedelta(days=7) - (token.expires_at - timezone.now()) < dt.timedelta(minutes=1)

    def test_unknown_user_is_an_error_and_creates_nothing(self, personas):
        with pytest.raises(CommandError) as error:
            call_command("issue_token", "khongco", stdout=io.StringIO())
        assert str(error.value) == "Không có tài khoản “khongco”."
        assert ApiToken.objects.count() == 0

    def test_non_positive_days_are_refused(self, personas):
        with pytest.raises(CommandError) as error:
            call_command("issue_token", "chutich_a", "--days", "0", stdout=io.StringIO())
        assert str(error.value) == "Số ngày hiệu lực phải từ 1 trở lên."
        assert ApiToken.objects.count() == 0


class TestBearerAuthentication:
    def test_a_token_authenticates_as_its_user(self, personas):
        _token, secret = token_create(actor=None, user=personas.chair_a, name="API")
        response = Client().get("/api/v1/org/officials", **bearer(secret))
        assert response.status_code == 200
        names = {row["full_name"] for row in response.json()["items"]}
        assert names == {"Đinh Xuân Công", "Nguyễn Thị Hoa"}
        assert ApiToken.objects.get().last_used_at is not None

    @pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "inactive_user"])
    def test_unusable_tokens_get_401(self, personas, state):
        token, secret = token_create(actor=None, user=personas.chair_a, name="API")
        if state == "revoked":
            ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        elif state == "expired":
            ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
        elif state == "unknown":
            secret = secret[:-4] + "AAAA"
        else:
            personas.chair_a.is_active = False
            personas.chair_a.save(update_fields=["is_active"])
        response = Client().get("/api/v1/org/officials", **bearer(secret))
        assert response.status_code == 401
        assert response.json() == {
            "detail": "Cần đăng nhập hoặc mã truy cập hợp lệ.",
            "code": "not_authenticated",
        }

    def test_a_past_expiry_is_refused_by_the_service(self, personas):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            token_create(
                actor=None,
                user=personas.chair_a,
                name="API",
                expires_at=timezone.now() - dt.timedelta(days=1),
            )
        assert ApiToken.objects.count() == 0
