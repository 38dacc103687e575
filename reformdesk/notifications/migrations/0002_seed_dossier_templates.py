"""The dossier notices' templates in Vietnamese and English, for e-mail and SMS.

SMS texts keep their diacritics: without them names of procedures and places become ambiguous
("Ha Tinh", "Hà Tĩnh"), and an administration writes correct Vietnamese. A Unicode SMS segment holds
70 characters (67 when concatenated), so the SMS texts say only the code, the one fact and a link.
Reversing the migration removes these keys' templates.
"""

from django.db import migrations

FOOTER_VI = "\n\nThư này được gửi tự động, xin Ông/Bà đừng trả lời thư."
FOOTER_EN = "\n\nThis message was sent automatically; please do not reply."

TEMPLATES = [
    # (key, channel, language, subject, body, description)
    (
        "dossier.received",
        "sms",
        "vi",
        "",
        "{{ unit }} đã nhận hồ sơ {{ code }}. Hẹn trả {{ appointment }}. Tra cứu: {{ lookup_url }}",
        "Tiếp nhận hồ sơ",
    ),
    (
        "dossier.received",
        "sms",
        "en",
        "",
        "{{ unit }} received dossier {{ code }}. Result due {{ appointment }}. Status: {{ lookup_url }}",
        "Dossier received",
    ),
    (
        "dossier.received",
        "email",
        "vi",
        "Đã tiếp nhận hồ sơ {{ code }}",
        "Kính gửi Ông/Bà {{ applicant }},\n\n{{ unit }} đã tiếp nhận hồ sơ của Ông/Bà.\n\n"
        "Mã hồ sơ: {{ code }}\nThủ tục: {{ procedure }}\nHẹn trả kết quả: {{ appointment }}\n\n"
        "Tra cứu tình trạng hồ sơ: {{ lookup_url }}" + FOOTER_VI,
        "Tiếp nhận hồ sơ",
    ),
    (
        "dossier.received",
        "email",
        "en",
        "Dossier {{ code }} received",
        "Dear {{ applicant }},\n\n{{ unit }} has received your dossier.\n\n"
        "Dossier code: {{ code }}\nProcedure: {{ procedure }}\nResult due: {{ appointment }}\n\n"
        "Follow your dossier: {{ lookup_url }}" + FOOTER_EN,
        "Dossier received",
    ),
    (
        "dossier.supplement_requested",
        "sms",
        "vi",
        "",
        "Hồ sơ {{ code }} cần bổ sung: {{ missing|join:'; '|truncatechars:120 }}. Chi tiết: {{ lookup_url }}",
        "Yêu cầu bổ sung hồ sơ",
    ),
    (
        "dossier.supplement_requested",
        "sms",
        "en",
        "",
        "Dossier {{ code }} needs: {{ missing|join:'; '|truncatechars:120 }}. Details: {{ lookup_url }}",
        "Supplement requested",
    ),
    (
        "dossier.supplement_requested",
        "email",
        "vi",
        "Hồ sơ {{ code }} cần bổ sung giấy tờ",
        "Kính gửi Ông/Bà {{ applicant }},\n\nĐể giải quyết hồ sơ {{ code }} ({{ procedure }}), "
        "{{ unit }} đề nghị Ông/Bà bổ sung các giấy tờ sau:\n"
        "{% for paper in missing %}\n- {{ paper }}{% endfor %}\n\n"
        "Thời gian chờ Ông/Bà bổ sung không tính vào thời hạn giải quyết.\n"
        "Tra cứu hồ sơ: {{ lookup_url }}" + FOOTER_VI,
        "Yêu cầu bổ sung hồ sơ",
    ),
    (
        "dossier.supplement_requested",
        "email",
        "en",
        "Dossier {{ code }}: papers to add",
        "Dear {{ applicant }},\n\nTo process dossier {{ code }} ({{ procedure }}), "
        "{{ unit }} asks you to add the following papers:\n"
        "{% for paper in missing %}\n- {{ paper }}{% endfor %}\n\n"
        "The time spent waiting for these papers does not count towards the time limit.\n"
        "Follow your dossier: {{ lookup_url }}" + FOOTER_EN,
        "Supplement requested",
    ),
    (
        "dossier.result_ready",
        "sms",
        "vi",
        "",
        "Hồ sơ {{ code }} đã có kết quả. Mời nhận tại {{ collect_at }}.",
        "Có kết quả",
    ),
    (
        "dossier.result_ready",
        "sms",
        "en",
        "",
        "The result of dossier {{ code }} is ready. Please collect it at {{ collect_at }}.",
        "Result ready",
    ),
    (
        "dossier.result_ready",
        "email",
        "vi",
        "Hồ sơ {{ code }} đã có kết quả",
        "Kính gửi Ông/Bà {{ applicant }},\n\nHồ sơ {{ code }} ({{ procedure }}) đã có kết quả.\n"
        "Mời Ông/Bà nhận kết quả tại: {{ collect_at }}.\n"
        "Khi đến nhận, xin mang theo giấy tiếp nhận hồ sơ và hẹn trả kết quả.\n\n"
        "Sau khi nhận kết quả, mời Ông/Bà đánh giá mức độ hài lòng: {{ rating_url }}" + FOOTER_VI,
        "Có kết quả",
    ),
    (
        "dossier.result_ready",
        "email",
        "en",
        "The result of dossier {{ code }} is ready",
        "Dear {{ applicant }},\n\nThe result of dossier {{ code }} ({{ procedure }}) is ready.\n"
        "Please collect it at: {{ collect_at }}.\n"
        "Bring the receipt and appointment slip with you.\n\n"
        "Once you have it, please tell us how satisfied you are: {{ rating_url }}" + FOOTER_EN,
        "Result ready",
    ),
    (
        "dossier.apology",
        "sms",
        "vi",
        "",
        "{{ unit }} xin lỗi: hồ sơ {{ code }} chậm trả kết quả, hẹn lại {{ new_date }}. "
        "Lý do: {{ reason|truncatechars:80 }}",
        "Xin lỗi, hẹn lại ngày trả",
    ),
    (
        "dossier.apology",
        "sms",
        "en",
        "",
        "{{ unit }} apologises: dossier {{ code }} is late, new date {{ new_date }}. "
        "Reason: {{ reason|truncatechars:80 }}",
        "Apology and new date",
    ),
    (
        "dossier.apology",
        "email",
        "vi",
        "Xin lỗi về việc chậm trả kết quả hồ sơ {{ code }}",
        "Kính gửi Ông/Bà {{ applicant }},\n\n{{ unit }} thành thật xin lỗi Ông/Bà vì hồ sơ {{ code }} "
        "({{ procedure }}) không trả kết quả đúng hẹn.\n\nLý do: {{ reason }}\n"
        "Thời gian hẹn trả kết quả mới: {{ new_date }}\n\n"
        "Tra cứu hồ sơ: {{ lookup_url }}" + FOOTER_VI,
        "Xin lỗi, hẹn lại ngày trả",
    ),
    (
        "dossier.apology",
        "email",
        "en",
        "Apology: dossier {{ code }} is late",
        "Dear {{ applicant }},\n\n{{ unit }} sincerely apologises that the result of dossier {{ code }} "
        "({{ procedure }}) will not be ready on the promised date.\n\nReason: {{ reason }}\n"
        "New date: {{ new_date }}\n\nFollow your dossier: {{ lookup_url }}" + FOOTER_EN,
        "Apology and new date",
    ),
    (
        "dossier.rating_invite",
        "sms",
        "vi",
        "",
        "Cảm ơn Ông/Bà đã nhận kết quả hồ sơ {{ code }}. Mời đánh giá mức độ hài lòng: {{ rating_url }}",
        "Mời đánh giá sự hài lòng",
    ),
    (
        "dossier.rating_invite",
        "sms",
        "en",
        "",
        "Thank you for collecting the result of dossier {{ code }}. Please rate our service: {{ rating_url }}",
        "Satisfaction rating invitation",
    ),
    (
        "dossier.rating_invite",
        "email",
        "vi",
        "Mời đánh giá mức độ hài lòng về hồ sơ {{ code }}",
        "Kính gửi Ông/Bà {{ applicant }},\n\nCảm ơn Ông/Bà đã sử dụng dịch vụ tại {{ unit }}.\n"
        "Mời Ông/Bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ {{ code }} ({{ procedure }}) "
        "và về từng cán bộ đã giải quyết: {{ rating_url }}" + FOOTER_VI,
        "Mời đánh giá sự hài lòng",
    ),
    (
        "dossier.rating_invite",
        "email",
        "en",
        "How satisfied are you with dossier {{ code }}?",
        "Dear {{ applicant }},\n\nThank you for using the services of {{ unit }}.\n"
        "Please rate how dossier {{ code }} ({{ procedure }}) was handled, and each official who "
        "handled it: {{ rating_url }}" + FOOTER_EN,
        "Satisfaction rating invitation",
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
    dependencies = [("notifications", "0001_outbox_and_templates")]

    operations = [migrations.RunPython(seed, unseed)]
