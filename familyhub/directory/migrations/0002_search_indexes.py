"""Full-text search structures, one per database (see familyhub/directory/search/text_match.py).

SQLite: an FTS5 table (Porter stemmer) whose row key is the service's search_key, kept in step
with directory_service by triggers.
PostgreSQL: a stored generated tsvector column (the name, which is the first line of the
search text, weighted A; the rest D) with a GIN index. Search text is accent-folded.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE directory_service_fts USING fts5(
           name, body, tokenize = 'porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER directory_service_fts_insert AFTER INSERT ON directory_service BEGIN
           INSERT INTO directory_service_fts (rowid, name, body)
           VALUES (new.search_key, new.name, new.search_text);
       END""",
    """CREATE TRIGGER directory_service_fts_delete AFTER DELETE ON directory_service BEGIN
           DELETE FROM directory_service_fts WHERE rowid = old.search_key;
       END""",
    """CREATE TRIGGER directory_service_fts_update AFTER UPDATE OF name, search_text, search_key
       ON directory_service BEGIN
           DELETE FROM directory_service_fts WHERE rowid = old.search_key;
           INSERT INTO directory_service_fts (rowid, name, body)
           VALUES (new.search_key, new.name, new.search_text);
       END""",
    """INSERT INTO directory_service_fts (rowid, name, body)
       SELECT search_key, name, search_text FROM directory_service""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_service_fts_insert",
    "DROP TRIGGER IF EXISTS directory_service_fts_delete",
    "DROP TRIGGER IF EXISTS directory_service_fts_update",
    "DROP TABLE IF EXISTS directory_service_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE directory_service ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
           setweight(to_tsvector('english', split_part(search_text, E'\n', 1)), 'A')
           || setweight(to_tsvector('english', search_text), 'D')
       ) STORED""",
    "CREATE INDEX directory_service_search_vector ON directory_service USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS directory_service_search_vector",
    "ALTER TABLE directory_service DROP COLUMN IF EXISTS search_vector",
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
