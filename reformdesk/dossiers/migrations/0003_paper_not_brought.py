"""Optional papers an applicant did not bring are "not brought" (Không có), no longer "missing":
only a required paper can be missing. Existing rows are converted; reversing converts them back."""

from django.db import migrations, models


def optional_missing_to_none(apps, schema_editor):
    DossierPaper = apps.get_model("dossiers", "DossierPaper")
    DossierPaper.objects.filter(is_required=False, state="missing").update(state="none")


def none_to_missing(apps, schema_editor):
    DossierPaper = apps.get_model("dossiers", "DossierPaper")
    DossierPaper.objects.filter(state="none").update(state="missing")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0002_worklist_due_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="dossierpaper",
            name="state",
            field=models.CharField(
                choices=[("submitted", "Đã nộp"), ("missing", "Còn thiếu"), ("none", "Không có")],
                max_length=10,
                verbose_name="tình trạng",
            ),
        ),
        migrations.RunPython(optional_missing_to_none, none_to_missing),
    ]
