"""The database-specific part of search: which services' text contains a word (stemmed).

SQLite: an FTS5 table (porter stemmer) kept in step with directory_service by triggers.
PostgreSQL: full-text search over GIN expression indexes on to_tsvector('english', ...).
Both are created by migration 0002. Each function returns SQL selecting matching service ids,
for use as `pk__in=RawSQL(...)`.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

FTS_TABLE = "directory_service_fts"


def _fts5_word(word: str) -> str:
    # Words reaching here are [a-z0-9]+ (see words.tokens); quoting makes them literal FTS5 strings.
    return '"' + word.replace('"', "") + '"'


def services_with_word(word: str, *, in_name_only: bool = False) -> RawSQL:
    if connection.vendor == "postgresql":
        column = "name" if in_name_only else "search_text"
        return RawSQL(
            f"SELECT id FROM directory_service "
            f"WHERE to_tsvector('english', {column}) @@ plainto_tsquery('english', %s)",
            [word],
        )
    column_filter = "name : " if in_name_only else ""
    return RawSQL(
        f"SELECT service_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        [column_filter + _fts5_word(word)],
    )


def candidate_services(words: list[str], term_ids) -> RawSQL:
    """Services with any of the words, or tagged with any of the terms: one indexed set that
    bounds the (per-row) relevance scoring to the services that can score at all."""
    from familyhub.directory.models import ServiceTerm

    parts, params = [], []
    if words:
        if connection.vendor == "postgresql":
            parts.append(
                "SELECT id FROM directory_service WHERE to_tsvector('english', search_text) "
                "@@ to_tsquery('english', %s)"
            )
            params.append(" | ".join(words))
        else:
            parts.append(f"SELECT service_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s")
            params.append(" OR ".join(_fts5_word(word) for word in words))
    if term_ids:
        field = ServiceTerm._meta.get_field("taxonomy_term")
        placeholders = ", ".join(["%s"] * len(term_ids))
        parts.append(
            "SELECT service_id FROM directory_serviceterm "
            f"WHERE taxonomy_term_id IN ({placeholders})"
        )
        params += [field.get_db_prep_value(term_id, connection) for term_id in term_ids]
    return RawSQL(" UNION ".join(parts), params)
