"""The notice telling a citizen that their case was merged into an open case, which continues
(issue 11: "the citizen is told which case continues"), in Vietnamese and English, for e-mail and
SMS. Reversing removes these rows."""

from django.db import migrations

FOOTER_VI = "\n\nThư này được gửi tự động, xin Ông/Bà đừng trả lời thư."
FOOTER_EN = "\n\nThis message was sent automatically; please do not reply."

TEMPLATES = [
    # (key, channel, language, subject, body, description)
    (
        "feedback.merged",
        "sms",
        "vi",
        "",
        "Phản ánh {{ code }} trùng với phản ánh {{ continues }} đang xử lý; {{ unit }} sẽ trả lời "
        "theo phản ánh {{ continues }}.",
        "Phản ánh trùng, được xử lý tiếp theo phản ánh khác",
    ),
    (
        "feedback.merged",
        "sms",
        "en",
        "",
        "Feedback {{ code }} duplicates feedback {{ continues }}, which is being handled; "
        "{{ unit }} will answer under {{ continues }}.",
        "Duplicate feedback merged",
    ),
    (
        "feedback.merged",
        "email",
        "vi",
        "Phản ánh {{ code }} được xử lý tiếp theo phản ánh {{ continues }}",
        "Kính gửi Ông/Bà {{ citizen }},\n\nPhản ánh {{ code }} ({{ subject }}) trùng với phản ánh "
        "{{ continues }} mà {{ unit }} đang xử lý. Phản ánh {{ continues }} được xử lý tiếp; câu trả "
        "lời sẽ được gửi và công khai theo phản ánh đó." + FOOTER_VI,
        "Phản ánh trùng, được xử lý tiếp theo phản ánh khác",
    ),
    (
        "feedback.merged",
        "email",
        "en",
        "Feedback {{ code }} continues as feedback {{ continues }}",
        "Dear {{ citizen }},\n\nFeedback {{ code }} ({{ subject }}) duplicates feedback "
        "{{ continues }}, which {{ unit }} is handling. Feedback {{ continues }} continues; its answer "
        "will be sent and published under that code." + FOOTER_EN,
        "Duplicate feedback merged",
    ),
]


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for key, channel, language, subject, body, description in TEMPLATES:
        # A template already there (edited by an administrator) is kept as it is.
        MessageTemplate.objects.get_or_create(
            key=key,
            channel=channel,
            language=language,
            defaults={"subject": subject, "body": body, "description": description},
        )


def unseed(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    MessageTemplate.objects.filter(key__in={row[0] for row in TEMPLATES}).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0009_answer_templates"),
        ("notifications", "0002_seed_dossier_templates"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
