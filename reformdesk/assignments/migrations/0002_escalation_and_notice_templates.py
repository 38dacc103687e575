"""The escalation event kind, and the task notices' templates in Vietnamese and English, for
e-mail and SMS: due within a working day, due now, escalated to the assigner's leader. Reversing
removes these keys' rows."""

from django.db import migrations, models

FOOTER_VI = "\n\nThư này được gửi tự động từ hệ thống ReformDesk."
FOOTER_EN = "\n\nThis message was sent automatically by ReformDesk."

TEMPLATES = [
    # (key, channel, language, subject, body, description)
    (
        "task.due_soon",
        "sms",
        "vi",
        "",
        "Nhiệm vụ #{{ id }} {{ title|truncatechars:60 }} đến hạn lúc {{ due_at }}.",
        "Nhắc nhiệm vụ đến hạn trong một ngày làm việc",
    ),
    (
        "task.due_soon",
        "sms",
        "en",
        "",
        "Task #{{ id }} {{ title|truncatechars:60 }} is due at {{ due_at }}.",
        "Task due within a working day",
    ),
    (
        "task.due_soon",
        "email",
        "vi",
        "Nhiệm vụ #{{ id }} đến hạn lúc {{ due_at }}",
        "Kính gửi {{ name }},\n\nNhiệm vụ “{{ title }}” do {{ assigner }} giao đến hạn hoàn thành lúc "
        "{{ due_at }}. Đề nghị báo cáo kết quả trước thời hạn." + FOOTER_VI,
        "Nhắc nhiệm vụ đến hạn trong một ngày làm việc",
    ),
    (
        "task.due_soon",
        "email",
        "en",
        "Task #{{ id }} is due at {{ due_at }}",
        "Dear {{ name }},\n\nThe task “{{ title }}” assigned by {{ assigner }} is due at {{ due_at }}. "
        "Please report its result before then." + FOOTER_EN,
        "Task due within a working day",
    ),
    (
        "task.due_now",
        "sms",
        "vi",
        "",
        "Nhiệm vụ #{{ id }} {{ title|truncatechars:60 }} đã đến hạn lúc {{ due_at }}.",
        "Nhắc nhiệm vụ đã đến hạn",
    ),
    (
        "task.due_now",
        "sms",
        "en",
        "",
        "Task #{{ id }} {{ title|truncatechars:60 }} fell due at {{ due_at }}.",
        "Task due now",
    ),
    (
        "task.due_now",
        "email",
        "vi",
        "Nhiệm vụ #{{ id }} đã đến hạn",
        "Kính gửi {{ name }},\n\nNhiệm vụ “{{ title }}” do {{ assigner }} giao đã đến hạn hoàn thành lúc "
        "{{ due_at }}. Đề nghị báo cáo kết quả hoặc đề nghị gia hạn." + FOOTER_VI,
        "Nhắc nhiệm vụ đã đến hạn",
    ),
    (
        "task.due_now",
        "email",
        "en",
        "Task #{{ id }} is due",
        "Dear {{ name }},\n\nThe task “{{ title }}” assigned by {{ assigner }} fell due at {{ due_at }}. "
        "Please report its result or ask for an extension." + FOOTER_EN,
        "Task due now",
    ),
    (
        "task.escalated",
        "sms",
        "vi",
        "",
        "Nhiệm vụ #{{ id }} giao {{ assignee }} quá hạn từ {{ due_at }}.",
        "Báo cáo lãnh đạo nhiệm vụ quá hạn",
    ),
    (
        "task.escalated",
        "sms",
        "en",
        "",
        "Task #{{ id }} given to {{ assignee }} is overdue since {{ due_at }}.",
        "Overdue task reported to the leader",
    ),
    (
        "task.escalated",
        "email",
        "vi",
        "Nhiệm vụ #{{ id }} quá hạn",
        "Kính gửi {{ name }},\n\nNhiệm vụ “{{ title }}” do {{ assigner }} giao cho {{ assignee }} ({{ unit }}) "
        "quá hạn từ {{ due_at }} mà chưa có báo cáo hoàn thành." + FOOTER_VI,
        "Báo cáo lãnh đạo nhiệm vụ quá hạn",
    ),
    (
        "task.escalated",
        "email",
        "en",
        "Task #{{ id }} is overdue",
        "Dear {{ name }},\n\nThe task “{{ title }}” assigned by {{ assigner }} to {{ assignee }} ({{ unit }}) "
        "is overdue since {{ due_at }} and its completion has not been reported." + FOOTER_EN,
        "Overdue task reported to the leader",
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
        ('assignments', '0001_initial'),
        ('notifications', '0002_seed_dossier_templates'),
    ]

    operations = [
        migrations.AlterField(
            model_name='taskevent',
            name='kind',
            field=models.CharField(choices=[('assigned', 'Giao nhiệm vụ'), ('acknowledged', 'Xác nhận đã nhận'), ('clarification', 'Đề nghị làm rõ'), ('progress', 'Báo cáo tiến độ'), ('reported', 'Báo cáo hoàn thành'), ('extension_asked', 'Đề nghị gia hạn'), ('extension_granted', 'Đồng ý gia hạn'), ('extension_refused', 'Không đồng ý gia hạn'), ('evaluated', 'Đánh giá'), ('returned', 'Trả lại để làm lại'), ('cancelled', 'Hủy nhiệm vụ'), ('escalated', 'Báo cáo lãnh đạo cấp trên do quá hạn')], max_length=20, verbose_name='sự kiện'),
        ),
        migrations.RunPython(seed, unseed),
    ]
