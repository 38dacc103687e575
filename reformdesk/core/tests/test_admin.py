"""Django admin for core: read-only audit, device removal and login unlock through services."""

from __future__ import annotations

import pytest
from django.test import Client

from reformdesk.core.models import AuditEvent, LoginAttempt, TotpDevice
from reformdesk.core.services.tokens import token_create
from reformdesk.core.tests.helpers import enrol_device, sign_in

pytestmark = pytest.mark.django_db


def test_audit_rows_cannot_be_changed_in_the_admin(personas):
    event = AuditEvent.objects.first()
    assert event is not None
    client = sign_in(Client(), personas.admin)
    assert client.get("/admin/core/auditevent/").status_code == 200
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_removing_a_lost_device_is_audited_and_the_secret_never_shown(personas):
    enrol_device(personas.chair_a)
    device = TotpDevice.objects.get(user=personas.chair_a)
    client = sign_in(Client(), personas.admin)
    page = client.get(f"/admin/core/totpdevice/{device.pk}/change/").content.decode()
    assert device.secret not in page
    response = client.post(f"/admin/core/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert TotpDevice.objects.count() == 0
    event = AuditEvent.objects.get(action="auth.two_factor_remove")
    assert (event.actor_id, event.object_id) == (personas.admin.pk, str(personas.chair_a.pk))


def test_unlock_action_clears_the_failures_of_the_selected_names(personas):
    LoginAttempt.objects.bulk_create(
        [LoginAttempt(username="chutich_a", ip="10.0.0.1") for _ in range(5)]
        + [LoginAttempt(username="motcua_a", ip="10.0.0.1")]
    )
    selected = LoginAttempt.objects.filter(username="chutich_a").first()
    assert selected is not None
    client = sign_in(Client(), personas.admin)
    response = client.post(
        "/admin/core/loginattempt/", {"action": "unlock", "_selected_action": [selected.pk]}
    )
    assert response.status_code == 302
    assert list(LoginAttempt.objects.values_list("username", flat=True)) == ["motcua_a"]
    event = AuditEvent.objects.get(action="auth.login_unlock")
    assert (event.object_repr, event.changes) == ("chutich_a", {"failures": [5, 0]})


def test_revoke_action_goes_through_the_service(personas):
    token, _secret = token_create(actor=None, user=personas.chair_a, name="API")
    client = sign_in(Client(), personas.admin)
    response = client.post("/admin/core/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=personas.admin).count() == 1
