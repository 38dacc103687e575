"""The feedback notices' templates in Vietnamese and English, for e-mail and SMS: acknowledgement,
a request for more information, the answer, its publication. Reversing removes these keys' rows.
"""

from django.db import migrations

FOOTER_VI = "\n\nThư này được gửi tự động, xin Ông/Bà đừng trả lời thư."
FOOTER_EN = "\n\nThis message was sent automatically; please do not reply."

TEMPLATES = [
    # (key, channel, language, subject, body, description)
    (
        "feedback.received",
        "sms",
        "vi",
        "",
        "{{ unit }} đã nhận phản ánh {{ code }}, mã tra cứu {{ secret }}. Hạn trả lời {{ answer_by }}.",
        "Tiếp nhận phản ánh, kiến nghị",
    ),
    (
        "feedback.received",
        "sms",
        "en",
        "",
        "{{ unit }} received your feedback {{ code }}, lookup secret {{ secret }}. Answer due {{ answer_by }}.",
        "Feedback received",
    ),
    (
        "feedback.received",
        "email",
        "vi",
        "Đã tiếp nhận phản ánh {{ code }}",
        "Kính gửi Ông/Bà {{ citizen }},\n\n{{ unit }} đã tiếp nhận phản ánh, kiến nghị của Ông/Bà.\n\n"
        "Mã phản ánh: {{ code }}\nMã tra cứu: {{ secret }}\nTiêu đề: {{ subject }}\n"
        "Hạn trả lời: {{ answer_by }}" + FOOTER_VI,
        "Tiếp nhận phản ánh, kiến nghị",
    ),
    (
        "feedback.received",
        "email",
        "en",
        "Feedback {{ code }} received",
        "Dear {{ citizen }},\n\n{{ unit }} has received your feedback.\n\n"
        "Feedback code: {{ code }}\nLookup secret: {{ secret }}\nSubject: {{ subject }}\n"
        "Answer due: {{ answer_by }}" + FOOTER_EN,
        "Feedback received",
    ),
    (
        "feedback.clarification",
        "sms",
        "vi",
        "",
        "Phản ánh {{ code }}: đề nghị Ông/Bà bổ sung {{ question|truncatechars:100 }}",
        "Đề nghị bổ sung thông tin phản ánh",
    ),
    (
        "feedback.clarification",
        "sms",
        "en",
        "",
        "Feedback {{ code }}: please tell us {{ question|truncatechars:100 }}",
        "More information requested",
    ),
    (
        "feedback.clarification",
        "email",
        "vi",
        "Phản ánh {{ code }} cần bổ sung thông tin",
        "Kính gửi Ông/Bà {{ citizen }},\n\nĐể xử lý phản ánh {{ code }} ({{ subject }}), {{ unit }} "
        "đề nghị Ông/Bà bổ sung thông tin sau:\n\n{{ question }}\n\n"
        "Thời gian chờ Ông/Bà bổ sung không tính vào thời hạn trả lời." + FOOTER_VI,
        "Đề nghị bổ sung thông tin phản ánh",
    ),
    (
        "feedback.clarification",
        "email",
        "en",
        "Feedback {{ code }} needs more information",
        "Dear {{ citizen }},\n\nTo handle your feedback {{ code }} ({{ subject }}), {{ unit }} "
        "asks you for the following:\n\n{{ question }}\n\n"
        "The time we wait for your reply does not count towards the answer's time limit." + FOOTER_EN,
        "More information requested",
    ),
    (
        "feedback.answered",
        "sms",
        "vi",
        "",
        "{{ unit }} trả lời phản ánh {{ code }}: {{ answer|truncatechars:120 }}",
        "Trả lời phản ánh, kiến nghị",
    ),
    (
        "feedback.answered",
        "sms",
        "en",
        "",
        "{{ unit }} answers your feedback {{ code }}: {{ answer|truncatechars:120 }}",
        "Feedback answered",
    ),
    (
        "feedback.answered",
        "email",
        "vi",
        "Trả lời phản ánh {{ code }}",
        "Kính gửi Ông/Bà {{ citizen }},\n\n{{ unit }} trả lời phản ánh {{ code }} ({{ subject }}) "
        "của Ông/Bà như sau:\n\n{{ answer }}" + FOOTER_VI,
        "Trả lời phản ánh, kiến nghị",
    ),
    (
        "feedback.answered",
        "email",
        "en",
        "Answer to feedback {{ code }}",
        "Dear {{ citizen }},\n\n{{ unit }} answers your feedback {{ code }} ({{ subject }}):\n\n"
        "{{ answer }}" + FOOTER_EN,
        "Feedback answered",
    ),
    (
        "feedback.published",
        "sms",
        "vi",
        "",
        "{{ unit }} đã công khai câu trả lời phản ánh {{ code }} (không kèm thông tin cá nhân).",
        "Công khai trả lời phản ánh",
    ),
    (
        "feedback.published",
        "sms",
        "en",
        "",
        "{{ unit }} has published the answer to feedback {{ code }} (without personal data).",
        "Answer published",
    ),
    (
        "feedback.published",
        "email",
        "vi",
        "Câu trả lời phản ánh {{ code }} đã được công khai",
        "Kính gửi Ông/Bà {{ citizen }},\n\n{{ unit }} đã công khai câu trả lời phản ánh {{ code }} "
        "({{ subject }}). Thông tin cá nhân của Ông/Bà không được công khai." + FOOTER_VI,
        "Công khai trả lời phản ánh",
    ),
    (
        "feedback.published",
        "email",
        "en",
        "The answer to feedback {{ code }} is published",
        "Dear {{ citizen }},\n\n{{ unit }} has published the answer to your feedback {{ code }} "
        "({{ subject }}). Your personal data is not published." + FOOTER_EN,
        "Answer published",
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
        ("feedback", "0002_deadline_rules"),
        ("notifications", "0002_seed_dossier_templates"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
