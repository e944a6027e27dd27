"""SQLite: each service's full-text terms (search/index_terms.py), filled for the services
there are, and the narrow "search row" index (migration 0007) made again with them, so a
search near a postcode reads a candidate's terms from the index it already reads."""

from django.db import migrations, models

from familyhub.directory.search.index_terms import terms_of

SEARCH_ROW = "(id, status, minimum_age, maximum_age, search_key, name{})"
BATCH = 2000


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT search_key, name, search_text FROM directory_service")
        rows = cursor.fetchall()
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            terms = terms_of([(name, text) for _key, name, text in batch])
            cursor.executemany(
                "UPDATE directory_service SET search_terms = %s WHERE search_key = %s",
                [(found, key) for (key, _name, _text), found in zip(batch, terms, strict=True)],
            )
        cursor.execute("DROP INDEX IF EXISTS service_search_row")
        cursor.execute(
            "CREATE INDEX service_search_row ON directory_service "
            + SEARCH_ROW.format(", search_terms")
        )


def unfill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP INDEX IF EXISTS service_search_row")
    schema_editor.execute(
        "CREATE INDEX service_search_row ON directory_service " + SEARCH_ROW.format("")
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_search_table")]

    operations = [
        migrations.AddField(
            model_name="service",
            name="search_terms",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, unfill),
    ]
