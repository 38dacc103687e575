import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_cache_table"),
    ]

    operations = [
        migrations.CreateModel(
            name="AttemptCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scope", models.CharField(max_length=40, verbose_name="phạm vi")),
                ("key", models.CharField(max_length=100, verbose_name="khóa")),
                (
                    "window_start",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="đầu khoảng đếm"),
                ),
                ("count", models.PositiveIntegerField(default=0, verbose_name="số lần")),
            ],
            options={
                "verbose_name": "bộ đếm lần thử sai",
                "verbose_name_plural": "bộ đếm lần thử sai",
                "ordering": ["scope", "key"],
                "indexes": [models.Index(fields=["scope", "window_start"], name="core_counter_window_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("scope", "key"), name="core_attempt_counter_key")
                ],
            },
        ),
    ]
