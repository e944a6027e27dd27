"""The table of the `rate_limits` cache (Django's createcachetable, which makes the table of
every database cache in CACHES that has none yet), so every database that is migrated has it:
the demo, the tests, production."""

from django.core.management import call_command
from django.db import migrations


def make_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(make_cache_tables, migrations.RunPython.noop)]
