"""Ranking a search across the whole directory from the search table (migration 0009): one
narrow row a service, kept by triggers, instead of the services' wide rows.

"help with breastfeeding" across England scores, counts and orders 6,281 services. Read from
directory_service, each one cost a probe by its (text) id and a read of its wide row, and, on
PostgreSQL, the services with the need but not the word a second pass. From the search table:

- SQLite: every service's points are summed in one pass over lists of row keys (integers):
  the services tagged with each need (directory_servicesearchterm, one index range a need),
  and each word's matches in the text and in the name (the full-text index's own row keys);
  then each scoring service's narrow row is read by its row key, for the filters and the name.
- PostgreSQL: one bitmap scan of the narrow rows with a word or a need (the two GIN indexes,
  ORed), each row scored from its own tsvector and array of term ids.

The filters are still `filtered_services`'s, compiled from its WHERE clause, with the search
table standing in for directory_service; a filter that reads a column the search row does not
have (the organisation, the level of need...) uses ranking.py's statement on the services.
Order and results are exactly `matching_services`'s (tests/directory/search/test_ranking.py).
"""

import re

from django.db import connections

from familyhub.directory.search.text_match import fts_matches, has_word

SEARCH_TABLE = "directory_servicesearch"
SEARCH_TERMS = "directory_servicesearchterm"  # SQLite only
COLUMNS = {
    "sqlite": {"id", "search_key", "status", "minimum_age", "maximum_age", "name"},
    "postgresql": {"id", "status", "minimum_age", "maximum_age", "name", "search_vector"},
}
_SERVICE_COLUMN = re.compile(r'"?directory_service"?\."?(\w+)"?')


def reads_only_search_row(where: str, vendor: str) -> bool:
    """Whether a WHERE clause on directory_service reads only columns the search row has."""
    return set(_SERVICE_COLUMN.findall(where)) <= COLUMNS.get(vendor, set())


def whole_directory(where, where_params, understanding, need_terms, alias, term_values):
    """The ranking statement's body and parameters (see ranking.Statement), or None when
    the filters need the services' own rows. `term_values(ids)` gives term ids as the
    database takes them."""
    vendor = connections[alias].vendor
    if not reads_only_search_row(where, vendor):
        return None
    if vendor == "sqlite":
        return _sqlite(where, where_params, understanding, need_terms, term_values)
    if vendor == "postgresql":
        return _postgresql(where, where_params, understanding, need_terms, term_values)
    return None


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _sqlite(where, where_params, understanding, need_terms, term_values):
    points, params = [], []
    for term_id, (weight, _phrase, _name) in understanding.needs.items():
        family = term_values(sorted(need_terms[term_id], key=str))
        points.append(
            f"SELECT DISTINCT search_key AS k, {int(weight)} AS p FROM {SEARCH_TERMS} "
            f"WHERE taxonomy_term_id IN ({_placeholders(family)})"
        )
        params += family
    for word in understanding.content_words:
        for in_name_only, word_points in ((False, 2), (True, 1)):
            matches, match_params = fts_matches(word, in_name_only=in_name_only)
            points.append(matches.replace("SELECT rowid ", f"SELECT rowid, {word_points} ", 1))
            params += match_params
    body = (
        f"WITH points (k, p) AS ({' UNION ALL '.join(points)}), "
        "relevance AS (SELECT k, SUM(p) AS relevance FROM points GROUP BY k), "
        "matched AS MATERIALIZED (SELECT directory_service.id AS id, "
        "directory_service.name AS name, r.relevance AS relevance, NULL AS distance_squared "
        f"FROM relevance r CROSS JOIN {SEARCH_TABLE} AS directory_service "
        f"ON directory_service.search_key = r.k WHERE ({where})), "
        "scored AS (SELECT * FROM matched)"
    )
    return body, [*params, *where_params]


def _postgresql(where, where_params, understanding, need_terms, term_values):
    parts, params = [], []
    all_terms = set()
    for term_id, (weight, _phrase, _name) in understanding.needs.items():
        family = term_values(sorted(need_terms[term_id], key=str))
        all_terms |= need_terms[term_id]
        parts.append(
            f"CASE WHEN directory_service.term_ids && ARRAY[{_placeholders(family)}]::uuid[] "
            f"THEN {int(weight)} ELSE 0 END"
        )
        params += family
    for word in understanding.content_words:
        for in_name_only, word_points in ((False, 2), (True, 1)):
            match = has_word(word, in_name_only=in_name_only)
            parts.append(f"CASE WHEN ({match.sql}) THEN {word_points} ELSE 0 END")
            params += list(match.params)
    can_score, can_score_params = [], []
    if understanding.content_words:
        can_score.append("directory_service.search_vector @@ to_tsquery('english', %s)")
        can_score_params.append(" | ".join(understanding.content_words))
    if all_terms:
        terms = term_values(sorted(all_terms, key=str))
        can_score.append(f"directory_service.term_ids && ARRAY[{_placeholders(terms)}]::uuid[]")
        can_score_params += terms
    body = (
        "WITH matched AS MATERIALIZED (SELECT directory_service.id AS id, "
        f"directory_service.name AS name, ({' + '.join(parts)}) AS relevance, "
        f"NULL AS distance_squared FROM {SEARCH_TABLE} AS directory_service "
        f"WHERE ({where}) AND ({' OR '.join(can_score)})), "
        "scored AS (SELECT * FROM matched)"
    )
    return body, [*params, *where_params, *can_score_params]
