"""A new password revokes the API tokens made with the old one: by default on a change, always on a
reset. The account page lists the tokens still active, with their last use."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from reformdesk.core.models import ApiToken, AuditEvent
from reformdesk.core.services.tokens import token_create
from reformdesk.core.tests.helpers import PASSWORD, sign_in
from reformdesk.core.tests.test_passwords import NEW_PASSWORD, email_backend, request_reset  # noqa: F401
from reformdesk.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _change(client: Client, **extra: str):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return client.post("/account/password/", {**data, **extra})


def _api_status(secret: str) -> int:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/org/officials").status_code


def test_the_change_form_offers_revocation_ticked(personas):
    page = sign_in(Client(), personas.chair_a).get("/account/password/").content.decode()
    assert re.search(r'<input type="checkbox" name="revoke_tokens"[^>]* checked', page)


def test_a_change_with_the_box_ticked_revokes_every_active_token(personas):
    _, first = token_create(actor=None, user=personas.chair_a, name="Đồng bộ")
    _, second = token_create(actor=None, user=personas.chair_a, name="Báo cáo")
    _, others = token_create(actor=None, user=personas.one_stop_a, name="Của người khác")
    assert _api_status(first) == 200

    response = _change(sign_in(Client(), personas.chair_a), revoke_tokens="on")

    assert response["Location"] == "/account/"
    assert ApiToken.objects.filter(user=personas.chair_a, revoked_at__isnull=True).count() == 0
    assert (_api_status(first), _api_status(second), _api_status(others)) == (401, 401, 200)
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=personas.chair_a).count() == 2


def test_a_change_with_the_box_unticked_keeps_them(personas):
    _, secret = token_create(actor=None, user=personas.chair_a, name="Đồng bộ")

    _change(sign_in(Client(), personas.chair_a))

    assert _api_status(secret) == 200
    assert not AuditEvent.objects.filter(action="api_token.revoke").exists()


def test_a_wrong_current_password_revokes_nothing(personas):
    _, secret = token_create(actor=None, user=personas.chair_a, name="Đồng bộ")

    response = _change(sign_in(Client(), personas.chair_a), old_password="sai", revoke_tokens="on")

    assert response.status_code == 200
    assert _api_status(secret) == 200


def test_a_reset_by_email_always_revokes_them(email_backend):  # noqa: F811
    user = UserFactory(username="hoa", email="hoa@example.gov.vn")
    _, secret = token_create(actor=None, user=user, name="Đồng bộ")
    client = Client()
    request_reset(client, "hoa@example.gov.vn")
    link = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body)
    assert link is not None
    form_url = client.get(link.group(1))["Location"]

    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert ApiToken.objects.get(user=user).revoked_at is not None
    assert _api_status(secret) == 401


def test_the_account_page_lists_active_tokens_with_their_last_use(personas):
    used, _ = token_create(actor=None, user=personas.chair_a, name="Đồng bộ một cửa")
    ApiToken.objects.filter(pk=used.pk).update(
        last_used_at=timezone.make_aware(dt.datetime(2026, 12, 1, 9, 30))
    )
    token_create(actor=None, user=personas.chair_a, name="Chưa dùng bao giờ")
    revoked, _ = token_create(actor=None, user=personas.chair_a, name="Đã thu hồi")
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())

    page = sign_in(Client(), personas.chair_a).get("/account/").content.decode()

    listing = page[page.index('data-testid="account-tokens"') :]
    assert "Đồng bộ một cửa" in listing and "01/12/2026 09:30" in listing
    assert "Chưa dùng bao giờ" in listing and "chưa dùng" in listing
    assert "Đã thu hồi" not in listing
