"""The time limits of feedback handling, as dated rows with their source.

Working days: refuse 2, ask the citizen for more information 5 (both from the receipt), answer 15
(from the receipt), publish the answer 2 (from the answer). A change in the law is a new row.
"""

import datetime as dt

from django.db import migrations

# Decision 766/QĐ-TTg was signed and took effect on 23/06/2022; the rows apply to cases received
# from that day.
EFFECTIVE_FROM = dt.date(2022, 6, 23)
SOURCE = (
    "Theo đặc tả của dự án: các thời hạn xử lý phản ánh, kiến nghị mà Bộ chỉ số 766 "
    "(Quyết định 766/QĐ-TTg ngày 23/6/2022, nhóm «Mức độ hài lòng») dùng để chấm điểm, theo "
    "tài liệu tham khảo về Bộ chỉ số 766 của dự án. CHƯA XÁC NHẬN điều khoản của văn bản gốc: "
    "chưa đọc được phụ lục của Quyết định 766; Nghị định 20/2008/NĐ-CP (đã đọc Điều 1–19, bản "
    "pháp điển) không quy định các thời hạn này — Điều 9 khoản 1 điểm d chỉ quy định chuyển phản "
    "ánh không thuộc thẩm quyền tới cơ quan có thẩm quyền trong 05 ngày làm việc."
)
RULES = [("refuse", "2"), ("clarify", "5"), ("answer", "15"), ("publish", "2")]


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("feedback", "DeadlineRule")
    for step, days in RULES:
        # A row already there (corrected by an administrator) is kept as it is.
        DeadlineRule.objects.get_or_create(
            step=step, effective_from=EFFECTIVE_FROM, defaults={"working_days": days, "source": SOURCE}
        )


def unload(apps, schema_editor):
    DeadlineRule = apps.get_model("feedback", "DeadlineRule")
    DeadlineRule.objects.filter(effective_from=EFFECTIVE_FROM, step__in=[s for s, _ in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
