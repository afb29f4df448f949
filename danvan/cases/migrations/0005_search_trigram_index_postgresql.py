"""On PostgreSQL, a trigram index on the folded search text, so that "thu hoi dat" (each word a LIKE '%…%')
is answered from the index instead of a scan of every case in scope. pg_trgm ships with PostgreSQL and is a
trusted extension (13+), so the database owner may create it. SQLite has no such index: nothing to do."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS case_search_trgm_idx ON cases_case USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_worklist_indexes")]

    operations = [migrations.RunPython(create, drop)]
