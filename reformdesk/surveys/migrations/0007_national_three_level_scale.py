"""Dossier and official ratings move to the national three-level scale: Rất hài lòng / Hài lòng /
Không hài lòng (see ``surveys.choices.Score`` for the source; UNCONFIRMED article).

The former "Bình thường" (``neutral``) becomes "Hài lòng" (``satisfied``): the citizen expressed
no dissatisfaction, and only "Không hài lòng" asks for a feedback case, which the citizen never
asked for; nothing says they were very satisfied either. Going back maps "Rất hài lòng" to
"Hài lòng" (the old scale's top level); the former neutral answers cannot be told apart again.
"""

from django.db import migrations, models


def to_national_scale(apps, schema_editor):
    for model in ("Rating", "OfficialRating"):
        apps.get_model("surveys", model).objects.filter(score="neutral").update(score="satisfied")


def to_former_scale(apps, schema_editor):
    for model in ("Rating", "OfficialRating"):
        apps.get_model("surveys", model).objects.filter(score="very_satisfied").update(score="satisfied")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0007_outcome_by_the_766_rule"),
        ("org", "0002_constraint_messages"),
        ("surveys", "0006_survey_invite_template"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="officialrating",
            name="official_rating_score_known",
        ),
        migrations.RemoveConstraint(
            model_name="rating",
            name="rating_score_known",
        ),
        migrations.AlterField(
            model_name="officialrating",
            name="score",
            field=models.CharField(
                choices=[
                    ("very_satisfied", "Rất hài lòng"),
                    ("satisfied", "Hài lòng"),
                    ("dissatisfied", "Không hài lòng"),
                ],
                max_length=16,
                verbose_name="mức độ hài lòng",
            ),
        ),
        migrations.AlterField(
            model_name="rating",
            name="score",
            field=models.CharField(
                choices=[
                    ("very_satisfied", "Rất hài lòng"),
                    ("satisfied", "Hài lòng"),
                    ("dissatisfied", "Không hài lòng"),
                ],
                max_length=16,
                verbose_name="mức độ hài lòng",
            ),
        ),
        migrations.RunPython(to_national_scale, to_former_scale),
        migrations.AddConstraint(
            model_name="officialrating",
            constraint=models.CheckConstraint(
                condition=models.Q(("score__in", ["very_satisfied", "satisfied", "dissatisfied"])),
                name="official_rating_score_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.CheckConstraint(
                condition=models.Q(("score__in", ["very_satisfied", "satisfied", "dissatisfied"])),
                name="rating_score_known",
            ),
        ),
    ]
