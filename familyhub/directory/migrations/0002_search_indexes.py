"""Full-text search structures, one per database (see familyhub/directory/search/text_match.py).

SQLite: an FTS5 table with the Porter stemmer, kept in step with directory_service by triggers.
PostgreSQL: GIN indexes over to_tsvector('english', ...) of the service's name and search text.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE directory_service_fts USING fts5(
           service_id UNINDEXED, name, body, tokenize = 'porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER directory_service_fts_insert AFTER INSERT ON directory_service BEGIN
           INSERT INTO directory_service_fts (service_id, name, body)
           VALUES (new.id, new.name, new.search_text);
       END""",
    """CREATE TRIGGER directory_service_fts_delete AFTER DELETE ON directory_service BEGIN
           DELETE FROM directory_service_fts WHERE service_id = old.id;
       END""",
    """CREATE TRIGGER directory_service_fts_update AFTER UPDATE OF name, search_text
       ON directory_service BEGIN
           DELETE FROM directory_service_fts WHERE service_id = old.id;
           INSERT INTO directory_service_fts (service_id, name, body)
           VALUES (new.id, new.name, new.search_text);
       END""",
    """INSERT INTO directory_service_fts (service_id, name, body)
       SELECT id, name, search_text FROM directory_service""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_service_fts_insert",
    "DROP TRIGGER IF EXISTS directory_service_fts_delete",
    "DROP TRIGGER IF EXISTS directory_service_fts_update",
    "DROP TABLE IF EXISTS directory_service_fts",
]
POSTGRES_FORWARD = [
    """CREATE INDEX directory_service_text_search ON directory_service
       USING GIN (to_tsvector('english', search_text))""",
    """CREATE INDEX directory_service_name_search ON directory_service
       USING GIN (to_tsvector('english', name))""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS directory_service_text_search",
    "DROP INDEX IF EXISTS directory_service_name_search",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
