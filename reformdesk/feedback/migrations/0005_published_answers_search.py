"""The published answers' search: the question and the answer folded, filled for the answers
already published, and an index of the published cases, newest first."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from reformdesk.core.text import fold

    FeedbackCase = apps.get_model("feedback", "FeedbackCase")
    rows = FeedbackCase.objects.filter(published_at__isnull=False).only("published_question", "answer")
    for case in rows.iterator(chunk_size=500):
        case.published_search = fold(f"{case.published_question}\n{case.answer}")
        case.save(update_fields=["published_search"])


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_worklist_due_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackcase",
            name="published_search",
            field=models.TextField(blank=True, editable=False, verbose_name="chuỗi tìm kiếm trả lời công khai"),
        ),
        migrations.AddIndex(
            model_name="feedbackcase",
            index=models.Index(
                condition=models.Q(("published_at__isnull", False)),
                fields=["-published_at"],
                name="feedback_published_idx",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
