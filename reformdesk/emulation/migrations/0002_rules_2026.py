"""The 2026 rules: evaluation and classification of civil servants under Decree 335/2025/NĐ-CP
(in force 1/1/2026; see the package docstring for what is confirmed), and the training hours per
role. Idempotent: the test suite runs ``load`` again after each flush (reformdesk.testing)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

YEAR = 2026
BASIS = "Nghị định 335/2025/NĐ-CP (Luật Cán bộ, công chức 80/2025/QH15)"
# Decree 335/2025/NĐ-CP: 100 points, general criteria up to 30, results of assigned work up to 70.
CRITERIA = (
    ("general", "Tiêu chí chung: phẩm chất chính trị, đạo đức, văn hóa công vụ, kỷ luật, trách nhiệm, đổi mới", 30),
    ("results", "Kết quả thực hiện nhiệm vụ: số lượng, chất lượng, tiến độ sản phẩm, công việc được giao", 70),
)
# Decree 335/2025/NĐ-CP: the four levels by points (article number unconfirmed).
LEVELS = (
    ("excellent", "Hoàn thành xuất sắc nhiệm vụ", 1, 90),
    ("good", "Hoàn thành tốt nhiệm vụ", 2, 70),
    ("done", "Hoàn thành nhiệm vụ", 3, 50),
    ("not_done", "Không hoàn thành nhiệm vụ", 4, 0),
)
# The minimum commonly cited from Decree 101/2017/NĐ-CP as amended by Decree 89/2021/NĐ-CP
# (one week, 40 hours, a year) — unconfirmed; the same for every role until a province sets its own.
TRAINING_HOURS = Decimal(40)
TRAINING_BASIS = "Nghị định 101/2017/NĐ-CP, sửa đổi bởi Nghị định 89/2021/NĐ-CP (chưa xác minh điều khoản)"
ROLES = ("leader", "one_stop", "specialist", "reform", "inspector")


def load(apps, schema_editor):
    Rules = apps.get_model("emulation", "EvaluationRules")
    Level = apps.get_model("emulation", "EvaluationLevel")
    Criterion = apps.get_model("emulation", "EvaluationCriterion")
    Requirement = apps.get_model("emulation", "TrainingRequirement")
    rules, _created = Rules.objects.update_or_create(
        year=YEAR,
        defaults={
            "legal_basis": BASIS,
            "max_points": 100,
            # Decree 335/2025/NĐ-CP Art. 21: classified before 15 December; the opening of the
            # self-assessment a month earlier is our choice.
            "opens_on": dt.date(YEAR, 11, 16),
            "decide_by": dt.date(YEAR, 12, 15),
            "contest_days": 5,
            # Decree 335/2025/NĐ-CP: "excellent" at most 20% of those rated "good" (unconfirmed article).
            "quota_percent": 20,
            "quota_base": "next_level",
        },
    )
    for order, (code, name, points) in enumerate(CRITERIA, start=1):
        Criterion.objects.update_or_create(
            rules=rules, code=code, defaults={"name": name, "max_points": points, "order": order}
        )
    for code, name, rank, points in LEVELS:
        Level.objects.update_or_create(rules=rules, code=code, defaults={"name": name, "rank": rank, "min_points": points})
    for role in ROLES:
        Requirement.objects.update_or_create(
            year=YEAR, role=role, defaults={"min_hours": TRAINING_HOURS, "legal_basis": TRAINING_BASIS}
        )


def unload(apps, schema_editor):
    apps.get_model("emulation", "EvaluationRules").objects.filter(year=YEAR).delete()
    apps.get_model("emulation", "TrainingRequirement").objects.filter(year=YEAR).delete()


class Migration(migrations.Migration):
    dependencies = [("emulation", "0001_training_and_evaluation")]
    operations = [migrations.RunPython(load, unload)]
