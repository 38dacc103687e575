"""PostgreSQL only: a trigram index on ``Procedure.search_text``.

The public search filters with one ``LIKE '%word%'`` per word of the folded query. PostgreSQL answers
those from a GIN index with the ``pg_trgm`` operator class (words of three letters or more) instead of
reading every procedure: over 5,000 procedures the search's queries took about a third to a half of
the time. ``pg_trgm`` ships with PostgreSQL and is a trusted extension (the database owner may add
it); where the role may not, the migration says so and goes on, and the search scans as before.

SQLite has no such index for a match inside a word, and a scan of one column over a few thousand
rows takes about a millisecond there: nothing is added. The index is not part of the model state
(it cannot be on SQLite), so it is made and dropped here only.
"""

import logging

from django.db import DatabaseError, migrations, transaction

INDEX = "catalog_procedure_search_trgm"
logger = logging.getLogger(__name__)


def add_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("catalog", "Procedure")._meta.db_table)
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as refused:
        logger.warning("pg_trgm not available (%s): the procedure search will scan without an index", refused)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (search_text gin_trgm_ops)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_longer_names")]

    operations = [migrations.RunPython(add_index, drop_index, elidable=False)]
