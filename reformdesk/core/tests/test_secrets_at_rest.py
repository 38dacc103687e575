"""TOTP secrets at rest: encrypted with the configured key, rotated by a command, migrated."""

from __future__ import annotations

import io

import pyotp
import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from reformdesk.core import crypto
from reformdesk.core.models import TotpDevice
from reformdesk.core.services.auth import totp_enrolment_start
from reformdesk.org.tests.factories import UserFactory

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def stored(device: TotpDevice) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT encrypted_secret FROM core_totpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@override_settings(TOTP_ENCRYPTION_KEY=OLD_KEY, TOTP_ENCRYPTION_OLD_KEYS=[])
def test_an_enrolled_secret_is_stored_encrypted_with_the_configured_key():
    device = totp_enrolment_start(user=UserFactory())
    plain = device.secret
    assert len(plain) == 32
    raw = stored(device)
    assert plain not in raw
    assert Fernet(OLD_KEY.encode()).decrypt(raw.encode()).decode() == plain
    assert TotpDevice.objects.get(pk=device.pk).secret == plain


@pytest.mark.django_db
def test_rotation_re_encrypts_with_the_new_key_while_accepting_the_old_one():
    with override_settings(TOTP_ENCRYPTION_KEY=OLD_KEY, TOTP_ENCRYPTION_OLD_KEYS=[]):
        device = TotpDevice.objects.create(user=UserFactory(), secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    with override_settings(TOTP_ENCRYPTION_KEY=NEW_KEY, TOTP_ENCRYPTION_OLD_KEYS=[OLD_KEY]):
        # Before the command runs, the old ciphertext still opens: sign-ins keep working.
        assert TotpDevice.objects.get(pk=device.pk).secret == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        out = io.StringIO()
        call_command("rotate_secret_keys", stdout=out)
    assert out.getvalue() == "Re-encrypted 1 TOTP secrets with the current key.\n"
    with override_settings(TOTP_ENCRYPTION_KEY=NEW_KEY, TOTP_ENCRYPTION_OLD_KEYS=[]):
        assert TotpDevice.objects.get(pk=device.pk).secret == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    with (
        override_settings(TOTP_ENCRYPTION_KEY=OLD_KEY, TOTP_ENCRYPTION_OLD_KEYS=[]),
        pytest.raises(crypto.InvalidToken),
    ):
        _ = TotpDevice.objects.get(pk=device.pk).secret


@pytest.mark.django_db
def test_rotation_reports_secrets_no_key_opens_and_leaves_them():
    with override_settings(TOTP_ENCRYPTION_KEY=OLD_KEY, TOTP_ENCRYPTION_OLD_KEYS=[]):
        device = TotpDevice.objects.create(user=UserFactory(), secret=pyotp.random_base32())
    before = stored(device)
    err = io.StringIO()
    with (
        override_settings(TOTP_ENCRYPTION_KEY=NEW_KEY, TOTP_ENCRYPTION_OLD_KEYS=[]),
        pytest.raises(SystemExit) as exit_info,
    ):
        call_command("rotate_secret_keys", stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1
    assert "1 TOTP secrets open with none of the configured keys" in err.getvalue()
    assert stored(device) == before


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_plain_secrets():
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0003_attempt_counter")])
    old_apps = executor.loader.project_state([("core", "0003_attempt_counter")]).apps
    user = old_apps.get_model("auth", "User").objects.create(username="totp-cu")
    old_apps.get_model("core", "TotpDevice").objects.create(user=user, secret="JBSWY3DPEHPK3PXP")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    device = TotpDevice.objects.get(user_id=user.pk)
    assert "JBSWY3DPEHPK3PXP" not in stored(device)
    assert device.secret == "JBSWY3DPEHPK3PXP"
