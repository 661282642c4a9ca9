"""On PostgreSQL, a trigram index makes the diacritic-free name search (a LIKE '%...%' on the
folded name) an index scan instead of a full scan. Other databases do without it."""

from django.db import migrations

INDEX = "members_person_search_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return  # the contrib package is not installed: search still works, unindexed
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON members_person "
            "USING gin (search_name gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_member_organization_links")]
    operations = [migrations.RunPython(forwards, backwards)]
