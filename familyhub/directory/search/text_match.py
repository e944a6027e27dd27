"""The database-specific part of search: does a service's text contain a word (stemmed)?

SQLite: an FTS5 table (Porter stemmer) keyed by Service.search_key, kept in step by triggers.
PostgreSQL: a stored, GIN-indexed tsvector column, `search_vector` (name weighted A).
Both are made by migration 0002. Words reaching here are [a-z0-9]+ (see words.tokens).
"""

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from familyhub.directory.models import ServiceTerm

FTS_TABLE = "directory_service_fts"
SERVICE_TABLE = "directory_service"


def _fts5_word(word: str) -> str:
    return '"' + word.replace('"', "") + '"'


def has_word(word: str, *, in_name_only: bool = False) -> RawSQL:
    """True for a service whose text (or name) contains the word. On SQLite the word's matches
    are read from the index once per query, into a list each row is checked against;
    PostgreSQL checks the row's stored vector."""
    if connection.vendor == "postgresql":
        return RawSQL(
            f"{SERVICE_TABLE}.search_vector @@ to_tsquery('english', %s)",
            [f"{word}:A" if in_name_only else word],
            output_field=BooleanField(),
        )
    matches, params = fts_matches(word, in_name_only=in_name_only)
    return RawSQL(f"{SERVICE_TABLE}.search_key IN ({matches})", params, output_field=BooleanField())


def fts_matches(word: str, *, in_name_only: bool = False) -> tuple[str, list]:
    """SQLite: the row keys (search_key) of the services whose text (or name) has the word."""
    return (
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        [("name : " if in_name_only else "") + _fts5_word(word)],
    )


def candidate_services(words: list[str], term_ids) -> RawSQL:
    """Ids of services with any of the words, or tagged with any of the terms: one set, read
    from the indexes, that bounds the scoring to the services that can score at all."""

    parts, params = [], []
    if words:
        if connection.vendor == "postgresql":
            parts.append(
                f"SELECT id FROM {SERVICE_TABLE} WHERE search_vector @@ to_tsquery('english', %s)"
            )
            params.append(" | ".join(words))
        else:
            parts.append(
                f"SELECT id FROM {SERVICE_TABLE} WHERE search_key IN "
                f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
            )
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


def candidate_branches(words: list[str], term_ids) -> list[tuple[str, list]]:
    """The same services as `candidate_services`, as conditions on directory_service whose
    matches are disjoint, for a statement that ranks each branch and adds them up.

    PostgreSQL: the services with a word, read by a bitmap scan of the GIN index (each page
    of rows once, in order), then the services with a need that have none of the words, so
    only those are read one by one ("help with breastfeeding" across England: 16,000 buffers
    instead of 29,000, every match otherwise read again by id after the union). SQLite: one
    branch, the union, which its narrow search-row index reads cheaply."""
    if connection.vendor != "postgresql":
        union = candidate_services(words, term_ids)
        return [(f"{SERVICE_TABLE}.id IN ({union.sql})", list(union.params))]
    branches = []
    any_word = " | ".join(words)
    if words:
        branches.append((f"{SERVICE_TABLE}.search_vector @@ to_tsquery('english', %s)", [any_word]))
    if term_ids:
        field = ServiceTerm._meta.get_field("taxonomy_term")
        placeholders = ", ".join(["%s"] * len(term_ids))
        tagged = (
            "SELECT service_id FROM directory_serviceterm "
            f"WHERE taxonomy_term_id IN ({placeholders})"
        )
        params = [field.get_db_prep_value(term_id, connection) for term_id in term_ids]
        if words:
            tagged += (
                f" EXCEPT SELECT w.id FROM {SERVICE_TABLE} w "
                "WHERE w.search_vector @@ to_tsquery('english', %s)"
            )
            params.append(any_word)
        branches.append((f"{SERVICE_TABLE}.id IN ({tagged})", params))
    return branches
