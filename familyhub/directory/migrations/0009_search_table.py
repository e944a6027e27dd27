"""The search table: one narrow row a service, with what ranking a search across the whole
directory reads of it, kept by triggers (see familyhub/directory/search/search_table.py).

SQLite: `directory_servicesearch`, keyed by the service's search_key (the row key of its
full-text row, so a word's matches are found by row key, not by a text id) with the status,
ages, id and name; and `directory_servicesearchterm`, (taxonomy term, search_key) for each
tag. Row triggers (SQLite has no others).
PostgreSQL: `directory_servicesearch`, keyed by the service's id, with the status, ages, name,
the stored tsvector and the ids of its taxonomy terms as an array, GIN-indexed both, so the
services with a word or a need are found by one bitmap scan of narrow rows. Statement
triggers with transition tables, so a batch of 500 services written by an import costs one
statement a table, not one a row.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE TABLE directory_servicesearch (
           search_key integer NOT NULL PRIMARY KEY,
           id char(32) NOT NULL,
           status varchar(20) NOT NULL,
           minimum_age smallint NULL,
           maximum_age smallint NULL,
           name varchar(255) NOT NULL)""",
    """CREATE TABLE directory_servicesearchterm (
           taxonomy_term_id char(32) NOT NULL,
           search_key integer NOT NULL,
           PRIMARY KEY (taxonomy_term_id, search_key)) WITHOUT ROWID""",
    """CREATE TRIGGER directory_servicesearch_insert AFTER INSERT ON directory_service BEGIN
           INSERT OR REPLACE INTO directory_servicesearch
               (search_key, id, status, minimum_age, maximum_age, name)
           VALUES (new.search_key, new.id, new.status, new.minimum_age, new.maximum_age,
               new.name);
           INSERT OR IGNORE INTO directory_servicesearchterm (taxonomy_term_id, search_key)
           SELECT taxonomy_term_id, new.search_key FROM directory_serviceterm
           WHERE service_id = new.id;
       END""",
    """CREATE TRIGGER directory_servicesearch_update
       AFTER UPDATE OF status, minimum_age, maximum_age, name ON directory_service
       WHEN new.search_key = old.search_key BEGIN
           UPDATE directory_servicesearch SET status = new.status,
               minimum_age = new.minimum_age, maximum_age = new.maximum_age, name = new.name
           WHERE search_key = new.search_key;
       END""",
    # The id or search key changed (Django never does this): the row made again.
    """CREATE TRIGGER directory_servicesearch_rekey AFTER UPDATE OF id, search_key
       ON directory_service WHEN new.search_key <> old.search_key OR new.id <> old.id BEGIN
           DELETE FROM directory_servicesearch WHERE search_key = old.search_key;
           INSERT OR REPLACE INTO directory_servicesearch
               (search_key, id, status, minimum_age, maximum_age, name)
           VALUES (new.search_key, new.id, new.status, new.minimum_age, new.maximum_age,
               new.name);
           DELETE FROM directory_servicesearchterm WHERE search_key = old.search_key;
           INSERT OR IGNORE INTO directory_servicesearchterm (taxonomy_term_id, search_key)
           SELECT taxonomy_term_id, new.search_key FROM directory_serviceterm
           WHERE service_id = new.id;
       END""",
    """CREATE TRIGGER directory_servicesearch_delete AFTER DELETE ON directory_service BEGIN
           DELETE FROM directory_servicesearch WHERE search_key = old.search_key;
           DELETE FROM directory_servicesearchterm WHERE search_key = old.search_key
               AND taxonomy_term_id IN (SELECT taxonomy_term_id FROM directory_serviceterm
                                        WHERE service_id = old.id);
       END""",
    """CREATE TRIGGER directory_servicesearchterm_insert AFTER INSERT ON directory_serviceterm
       BEGIN
           INSERT OR IGNORE INTO directory_servicesearchterm (taxonomy_term_id, search_key)
           SELECT new.taxonomy_term_id, search_key FROM directory_service
           WHERE id = new.service_id;
       END""",
    """CREATE TRIGGER directory_servicesearchterm_delete AFTER DELETE ON directory_serviceterm
       BEGIN
           DELETE FROM directory_servicesearchterm
           WHERE taxonomy_term_id = old.taxonomy_term_id
             AND search_key = (SELECT search_key FROM directory_service WHERE id = old.service_id);
       END""",
    """CREATE TRIGGER directory_servicesearchterm_update
       AFTER UPDATE OF service_id, taxonomy_term_id ON directory_serviceterm
       WHEN new.service_id <> old.service_id OR new.taxonomy_term_id <> old.taxonomy_term_id
       BEGIN
           DELETE FROM directory_servicesearchterm
           WHERE taxonomy_term_id = old.taxonomy_term_id
             AND search_key = (SELECT search_key FROM directory_service WHERE id = old.service_id);
           INSERT OR IGNORE INTO directory_servicesearchterm (taxonomy_term_id, search_key)
           SELECT new.taxonomy_term_id, search_key FROM directory_service
           WHERE id = new.service_id;
       END""",
    """INSERT INTO directory_servicesearch (search_key, id, status, minimum_age, maximum_age, name)
       SELECT search_key, id, status, minimum_age, maximum_age, name FROM directory_service""",
    """INSERT OR IGNORE INTO directory_servicesearchterm (taxonomy_term_id, search_key)
       SELECT st.taxonomy_term_id, s.search_key FROM directory_serviceterm st
       INNER JOIN directory_service s ON s.id = st.service_id""",
]
SQLITE_BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in [
            "directory_servicesearch_insert",
            "directory_servicesearch_update",
            "directory_servicesearch_rekey",
            "directory_servicesearch_delete",
            "directory_servicesearchterm_insert",
            "directory_servicesearchterm_delete",
            "directory_servicesearchterm_update",
        ]
    ),
    "DROP TABLE IF EXISTS directory_servicesearchterm",
    "DROP TABLE IF EXISTS directory_servicesearch",
]

# The terms of the services named by `changed` (a transition table of services or of links).
PG_TERMS = (
    "ARRAY(SELECT st.taxonomy_term_id FROM directory_serviceterm st "
    "WHERE st.service_id = s.id ORDER BY st.taxonomy_term_id)"
)
PG_FUNCTIONS = {
    "directory_servicesearch_added": f"""
        INSERT INTO directory_servicesearch
            (id, status, minimum_age, maximum_age, name, search_vector, term_ids)
        SELECT s.id, s.status, s.minimum_age, s.maximum_age, s.name, s.search_vector,
               {PG_TERMS}
        FROM added s
        ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,
            minimum_age = EXCLUDED.minimum_age, maximum_age = EXCLUDED.maximum_age,
            name = EXCLUDED.name, search_vector = EXCLUDED.search_vector,
            term_ids = EXCLUDED.term_ids""",
    # Only rows whose searched values changed are written (an import rewrites every service
    # it reads, most of them unchanged).
    "directory_servicesearch_changed": """
        UPDATE directory_servicesearch r SET status = s.status, minimum_age = s.minimum_age,
            maximum_age = s.maximum_age, name = s.name, search_vector = s.search_vector
        FROM changed s
        WHERE r.id = s.id
          AND (r.status, r.minimum_age, r.maximum_age, r.name, r.search_vector)
              IS DISTINCT FROM (s.status, s.minimum_age, s.maximum_age, s.name, s.search_vector)""",
    "directory_servicesearch_gone": """
        DELETE FROM directory_servicesearch r USING gone s WHERE r.id = s.id""",
    "directory_servicesearch_emptied": "DELETE FROM directory_servicesearch",
    "directory_servicesearch_untagged_all": (
        "UPDATE directory_servicesearch SET term_ids = '{}' WHERE term_ids <> '{}'"
    ),
    "directory_servicesearch_retagged": f"""
        UPDATE directory_servicesearch s SET term_ids = {PG_TERMS}
        WHERE s.id IN (SELECT service_id FROM links)
          AND s.term_ids IS DISTINCT FROM {PG_TERMS}""",
}
PG_TRIGGERS = [
    # (trigger, table, event, transition tables, function)
    ("added", "directory_service", "INSERT", "NEW TABLE AS added", "added"),
    ("changed", "directory_service", "UPDATE", "NEW TABLE AS changed", "changed"),
    ("gone", "directory_service", "DELETE", "OLD TABLE AS gone", "gone"),
    ("emptied", "directory_service", "TRUNCATE", "", "emptied"),
    ("tagged", "directory_serviceterm", "INSERT", "NEW TABLE AS links", "retagged"),
    ("untagged", "directory_serviceterm", "DELETE", "OLD TABLE AS links", "retagged"),
    ("untagged_all", "directory_serviceterm", "TRUNCATE", "", "untagged_all"),
]
PG_FORWARD = [
    """CREATE TABLE directory_servicesearch (
           id uuid NOT NULL PRIMARY KEY,
           status varchar(20) NOT NULL,
           minimum_age smallint NULL,
           maximum_age smallint NULL,
           name varchar(255) NOT NULL,
           search_vector tsvector NOT NULL,
           term_ids uuid[] NOT NULL DEFAULT '{}')""",
    *(
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {body}; RETURN NULL; END $$"
        for name, body in PG_FUNCTIONS.items()
    ),
    *(
        f"CREATE TRIGGER directory_servicesearch_{trigger} AFTER {event} ON {table} "
        + (f"REFERENCING {transition} " if transition else "")
        + f"FOR EACH STATEMENT EXECUTE FUNCTION directory_servicesearch_{function}()"
        for trigger, table, event, transition, function in PG_TRIGGERS
    ),
    # A link moved to another service or term (Django never does this): both services.
    """CREATE FUNCTION directory_servicesearch_relinked() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           UPDATE directory_servicesearch s SET term_ids = """
    + PG_TERMS
    + """
           WHERE s.id IN (SELECT service_id FROM old_links UNION SELECT service_id FROM new_links)
             AND s.term_ids IS DISTINCT FROM """
    + PG_TERMS
    + """;
           RETURN NULL;
       END $$""",
    "CREATE TRIGGER directory_servicesearch_relinked AFTER UPDATE ON directory_serviceterm "
    "REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links "
    "FOR EACH STATEMENT EXECUTE FUNCTION directory_servicesearch_relinked()",
    f"""INSERT INTO directory_servicesearch
            (id, status, minimum_age, maximum_age, name, search_vector, term_ids)
        SELECT s.id, s.status, s.minimum_age, s.maximum_age, s.name, s.search_vector,
               {PG_TERMS}
        FROM directory_service s""",
    "CREATE INDEX directory_servicesearch_words ON directory_servicesearch "
    "USING GIN (search_vector)",
    "CREATE INDEX directory_servicesearch_terms ON directory_servicesearch USING GIN (term_ids)",
]
PG_BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS directory_servicesearch_{trigger} ON {table}"
        for trigger, table, _event, _transition, _function in PG_TRIGGERS
    ),
    "DROP TRIGGER IF EXISTS directory_servicesearch_relinked ON directory_serviceterm",
    "DROP TABLE IF EXISTS directory_servicesearch",
    *(
        f"DROP FUNCTION IF EXISTS {name}()"
        for name in [*PG_FUNCTIONS, "directory_servicesearch_relinked"]
    ),
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_directory_version")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        )
    ]
