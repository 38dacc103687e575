"""The SMS inviting a sampled citizen to answer a survey after their dossier's delivery."""

from django.db import migrations

TEMPLATES = [
    (
        "survey.invite",
        "sms",
        "vi",
        "",
        "{{ unit }} mời Ông/Bà trả lời phiếu khảo sát sự hài lòng (ẩn danh) sau hồ sơ {{ code }}: "
        "{{ survey_url }}",
        "Mời trả lời phiếu khảo sát",
    ),
    (
        "survey.invite",
        "sms",
        "en",
        "",
        "{{ unit }} invites you to answer a short anonymous satisfaction survey after dossier {{ code }}: "
        "{{ survey_url }}",
        "Survey invitation",
    ),
]
KEYS = sorted({row[0] for row in TEMPLATES})


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for key, channel, language, subject, body, description in TEMPLATES:
        MessageTemplate.objects.update_or_create(
            key=key,
            channel=channel,
            language=language,
            defaults={"subject": subject, "body": body, "description": description},
        )


def unseed(apps, schema_editor):
    apps.get_model("notifications", "MessageTemplate").objects.filter(key__in=KEYS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_sms_invitations_and_quotas"),
        ("notifications", "0002_seed_dossier_templates"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
