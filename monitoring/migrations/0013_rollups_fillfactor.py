"""Room on each page of the rollup tables for the new version of a row (PostgreSQL).

Every receipt, result and rating updates the rows of its day, month and year in place; with full pages
PostgreSQL wrote each new version elsewhere and a new entry into both indexes (9 of 17,471 updates were
"HOT" on the 1M bench). With a fifth of each page free the version stays on its page and the indexes are
left alone. New pages take the setting at once (every new day, month and year); existing pages when the
table is rewritten (`manage.py rebuild_rollups` or VACUUM FULL in a quiet hour).
"""

from django.db import migrations

TABLES = ("monitoring_flow", "monitoring_openstock")


def set_fillfactor(value):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} SET (fillfactor = {value})")

    return run


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0012_kept_scorecards")]

    operations = [migrations.RunPython(set_fillfactor(80), set_fillfactor(100))]
