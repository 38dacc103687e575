"""TOTP secrets move from plain text to Fernet ciphertext (core/crypto.py), rows included."""

from django.db import migrations, models

from reformdesk.core import crypto


def encrypt_secrets(apps, schema_editor):
    TotpDevice = apps.get_model("core", "TotpDevice")
    for device in TotpDevice.objects.all():
        device.encrypted_secret = crypto.encrypt(device.secret)
        device.save(update_fields=["encrypted_secret"])


def decrypt_secrets(apps, schema_editor):
    TotpDevice = apps.get_model("core", "TotpDevice")
    for device in TotpDevice.objects.all():
        device.secret = crypto.decrypt(device.encrypted_secret)
        device.save(update_fields=["secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_attempt_counter"),
    ]

    operations = [
        migrations.AddField(
            model_name="totpdevice",
            name="encrypted_secret",
            field=models.TextField(default="", verbose_name="khóa bí mật (đã mã hóa)"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="totpdevice",
            name="secret",
            field=models.CharField(blank=True, max_length=64, verbose_name="khóa bí mật"),
        ),
        migrations.RunPython(encrypt_secrets, decrypt_secrets),
        migrations.RemoveField(model_name="totpdevice", name="secret"),
    ]
