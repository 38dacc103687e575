"""On PostgreSQL, a trigram index on the published answers' folded text, so that the public search
(``published_search LIKE '%term%'`` for each term, ``selectors.published_answers``) reads the
matching answers instead of every one (make bench: about 0.9 s a search at 100,000 answers
without it). It needs the ``pg_trgm`` extension: where the database user may not create it, the
migration says so and goes on without the index (the search still works, reading every answer).
SQLite has no such index; nothing is done there. Not in the model's state: Django's index
classes cannot say "PostgreSQL only"."""

from django.db import migrations, transaction

INDEX = "feedback_published_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # noqa: BLE001 - a missing privilege must not stop the upgrade
        print(f"\n  feedback: no trigram index for the published answers' search ({error})")
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON feedback_feedbackcase "
        "USING gin (published_search gin_trgm_ops) WHERE published_at IS NOT NULL"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0011_contact_indexes")]

    operations = [migrations.RunPython(create, drop)]
