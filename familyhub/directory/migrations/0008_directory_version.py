"""The directory's version number, and the triggers that change it (see models/version.py).

PostgreSQL: one statement-level trigger per table (BEFORE INSERT, UPDATE, DELETE or TRUNCATE),
so a COPY or a bulk insert of 100,000 rows changes the number once per statement; the row is
locked until the writing transaction commits, so the new number and the new data are seen
together. SQLite has only row-level triggers (its writers are serialised anyway).
"""

import time

from django.db import migrations, models

TABLES = [
    "directory_accessibility",
    "directory_address",
    "directory_contact",
    "directory_costoption",
    "directory_funding",
    "directory_language",
    "directory_location",
    "directory_organisation",
    "directory_phone",
    "directory_schedule",
    "directory_service",
    "directory_servicearea",
    "directory_serviceatlocation",
    "directory_serviceterm",
    "directory_taxonomy",
    "directory_taxonomyterm",
    "directory_taxonomyterm_maps_to",
]
BUMP = "UPDATE directory_directoryversion SET version = version + 1 WHERE id = 1"


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    execute = schema_editor.execute
    # Numbers start from the clock, so a re-made row never repeats one a cache still holds.
    execute(
        "INSERT INTO directory_directoryversion (id, version) VALUES (1, %s)",
        [time.time_ns() // 1000],
    )
    if vendor == "postgresql":
        execute(
            "CREATE FUNCTION directory_version_bump() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in TABLES:
            execute(
                f"CREATE TRIGGER {table}_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                execute(
                    f"CREATE TRIGGER {table}_version_{event.lower()} AFTER {event} ON {table} "
                    f"FOR EACH ROW BEGIN {BUMP}; END"
                )
    else:
        raise NotImplementedError(f"directory version triggers for {vendor}")


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_version ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_version_{event}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS directory_version_bump()")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_search_covering_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DirectoryVersion",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("version", models.BigIntegerField(default=1)),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
