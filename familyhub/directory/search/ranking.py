"""The ranking statement of `search_services`, written as SQL once rather than built by the ORM.

At 200,000 services the ORM spent about as long building and compiling the ranking query
(relevance as one CASE per need and word, the distance as a correlated subquery written three
times) as the database spent running it. Here the same statement is put together from strings:

- the filters (age, needs, access...) are still `filtered_services`'s, compiled from its WHERE
  clause, so there is one definition of each filter;
- the nearest place of each service in the bounding box is found once per place, in one grouped
  pass over the places in the box (`near`), not by a subquery per service evaluated for the
  filter and again for the order;
- relevance is computed once per candidate (`matched` is materialised, so the filter
  `relevance > 0` and ORDER BY read the column instead of evaluating every CASE again);
- the total comes with the page: a count of those narrow rows (a window count when there are
  no words, so nothing is materialised).

Order and results are exactly `matching_services`'s (relevance, then distance, then name and
id); tests/directory/search/test_ranking.py checks the two against each other.
"""

import math
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections

from familyhub.directory.models import ServiceTerm
from familyhub.directory.search import search_table
from familyhub.directory.search.index_terms import has_term_sql
from familyhub.directory.search.text_match import has_word

MILES_PER_DEGREE_LATITUDE = 69.09
SERVICE = "directory_service"


@dataclass
class Statement:
    """The ranking statement's parts: `body` selects (id, name, relevance, distance_squared)
    of every match; `page` and `count` wrap it."""

    body: str
    params: list
    ordering: str
    # The matches are materialised (a search with words): the total is a count of them, read
    # once, rather than a window count, which carries it on every row into the sort.
    materialised: bool = False

    def page(self, limit: int, offset: int) -> tuple[str, list]:
        total = "(SELECT COUNT(*) FROM scored)" if self.materialised else "COUNT(*) OVER ()"
        return (
            f"{self.body} SELECT id, relevance, distance_squared, {total} AS total "
            f"FROM scored ORDER BY {self.ordering} LIMIT %s OFFSET %s",
            [*self.params, limit, offset],
        )

    def count(self) -> tuple[str, list]:
        return f"{self.body} SELECT COUNT(*) FROM scored", list(self.params)


def where_of(queryset, alias: str) -> tuple[str, list]:
    """The WHERE clause of a queryset on directory_service, as SQL naming the table itself."""
    query = queryset.query
    compiler = query.get_compiler(using=alias)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:  # e.g. no statuses at all
        return "1 = 0", []
    except FullResultSet:
        return "1 = 1", []
    return (sql or "1 = 1"), list(params)


def _term_values(term_ids, alias: str) -> list:
    field = ServiceTerm._meta.get_field("taxonomy_term")
    connection = connections[alias]
    return [field.get_db_prep_value(term_id, connection) for term_id in term_ids]


def _relevance(
    understanding, need_terms: dict, alias: str, *, many: bool, term_array: bool = False
) -> tuple[str, list]:
    """The same points as service._relevance: each need matched its weight, each word found
    in the text 2 and in the name 1 more.

    `many`: the candidates are the whole directory's matches (thousands), so whether each is
    tagged with a need is looked up in the list of the need's services, read once (SQLite's
    "help with breastfeeding" across England: 33 → 26 ms), rather than by a probe per
    candidate, which is faster for the few hundred near a postcode.
    `term_array`: the rows are PostgreSQL's search table's, which hold their term ids."""
    parts, params = [], []
    for term_id, (weight, _phrase, _name) in understanding.needs.items():
        family = sorted(need_terms[term_id], key=str)
        placeholders = ", ".join(["%s"] * len(family))
        if term_array:
            tagged = f"{SERVICE}.term_ids && ARRAY[{placeholders}]::uuid[]"
        elif many:
            tagged = (
                f"{SERVICE}.id IN (SELECT st.service_id FROM directory_serviceterm st "
                f"WHERE st.taxonomy_term_id IN ({placeholders}))"
            )
        else:
            tagged = (
                "EXISTS(SELECT 1 FROM directory_serviceterm st "
                f"WHERE st.service_id = {SERVICE}.id AND st.taxonomy_term_id IN ({placeholders}))"
            )
        parts.append(f"CASE WHEN {tagged} THEN {int(weight)} ELSE 0 END")
        params += _term_values(family, alias)
    # Near a postcode on SQLite, each candidate's own terms (index_terms.py) rather than the
    # word's whole list from the full-text index ("feeling low since the baby" near B1 1AA:
    # 23 → 9 ms CPU).
    own_terms = not many and connections[alias].vendor == "sqlite"
    for word in understanding.content_words:
        for in_name_only, points in ((False, 2), (True, 1)):
            found = own_terms and has_term_sql(
                f"{SERVICE}.search_terms", word, in_name_only=in_name_only
            )
            if not found:
                match = has_word(word, in_name_only=in_name_only)
                found = (match.sql, list(match.params))
            parts.append(f"CASE WHEN ({found[0]}) THEN {points} ELSE 0 END")
            params += found[1]
    return " + ".join(parts), params


def _near(place, radius_miles: float, areas: list[str]) -> tuple[str, list, str, list]:
    """CTEs `near` (each service with a place in the bounding box, and the squared distance,
    in degrees of latitude, to its nearest one) and `candidates` (those within the radius, then
    services not delivered in person and services with no place covering the area, with no
    distance). Returns (ctes, params, candidates_sql, candidates_params)."""
    lat_span = radius_miles / MILES_PER_DEGREE_LATITUDE
    cos_lat = math.cos(math.radians(place.latitude))
    lon_span = lat_span / cos_lat
    radius_squared = (radius_miles / MILES_PER_DEGREE_LATITUDE) ** 2
    lat, lon = place.latitude, place.longitude
    # The same arithmetic, in the same order, as service._nearest_distance_squared.
    distance = (
        "((l.latitude - %s) * (l.latitude - %s))"
        " + (((l.longitude - %s) * %s) * ((l.longitude - %s) * %s))"
    )
    near = (
        f"near AS MATERIALIZED (SELECT sal.service_id AS id, MIN({distance}) AS d2 "
        "FROM directory_serviceatlocation sal "
        "INNER JOIN directory_location l ON sal.location_id = l.id "
        "WHERE l.latitude BETWEEN %s AND %s AND l.longitude BETWEEN %s AND %s "
        "GROUP BY sal.service_id)"
    )
    near_params = [
        lat,
        lat,
        lon,
        cos_lat,
        lon,
        cos_lat,
        lat - lat_span,
        lat + lat_span,
        lon - lon_span,
        lon + lon_span,
    ]
    area_sql = ", ".join(["%s"] * len(areas))
    covering = (
        f" UNION SELECT sa.service_id FROM directory_servicearea sa WHERE sa.name IN ({area_sql}) "
        "AND NOT EXISTS(SELECT 1 FROM directory_serviceatlocation x "
        "WHERE x.service_id = sa.service_id)"
        if areas
        else ""
    )
    candidates = (
        "SELECT id, d2 FROM near WHERE d2 <= %s "
        "UNION ALL SELECT far.id, NULL FROM ("
        f"SELECT r.id FROM {SERVICE} r WHERE NOT r.delivered_in_person{covering}"
        ") far WHERE far.id NOT IN (SELECT id FROM near)"
    )
    return near, near_params, candidates, [radius_squared, *areas]


def ranking_statement(
    where: tuple[str, list],
    alias: str,
    *,
    place=None,
    radius_miles=None,
    areas=(),
    understanding=None,
    need_terms=None,
    candidates=(),
) -> Statement:
    """The statement ranking the services matching `where` (the WHERE clause of a queryset of
    filtered_services, as SQL and params) by relevance to the understood words and needs,
    then distance from the place, then name and id.

    `candidates` (without a place): conditions on directory_service whose matches are
    disjoint and together are every service that can score (text_match.candidate_branches);
    each is ranked and the rows put together."""
    where, where_params = where
    if place is None and understanding is not None:
        narrow = search_table.whole_directory(
            where,
            where_params,
            understanding,
            need_terms,
            alias,
            lambda term_ids: _term_values(term_ids, alias),
        )
        if narrow is not None:
            body, params = narrow
            return Statement(body, params, "relevance DESC, name ASC, id ASC", materialised=True)
    ctes, params = [], []
    joins, join_params = "", []
    distance_column = "NULL"
    if place is not None:
        near, near_params, near_candidates, candidate_params = _near(
            place, radius_miles, list(areas)
        )
        ctes.append(near)
        params += near_params
        joins = f" INNER JOIN ({near_candidates}) c ON c.id = {SERVICE}.id"
        join_params = candidate_params
        distance_column = "c.d2"
    # Near a postcode on PostgreSQL, the candidates' narrow rows from the search table (which
    # holds the term ids too), when the filters read nothing else ("toddler tantrums" near
    # ME4 4TR: 14 → 11 ms).
    narrow = (
        place is not None
        and connections[alias].vendor == "postgresql"
        and search_table.reads_only_search_row(where, "postgresql")
    )
    table = f"{search_table.SEARCH_TABLE} AS {SERVICE}" if narrow else SERVICE
    relevance, relevance_params = ("0", [])
    ordering = []
    branches = [("", [])]
    if understanding is not None:
        relevance, relevance_params = _relevance(
            understanding, need_terms, alias, many=place is None, term_array=narrow
        )
        ordering.append("relevance DESC")
        if place is None:
            branches = [(f" AND {sql}", list(values)) for sql, values in candidates] or [
                (" AND 1 = 0", [])
            ]
    if place is not None:
        ordering.append("distance_squared ASC NULLS LAST")
    ordering += ["name ASC", "id ASC"]
    selects, inner_params = [], []
    for condition, condition_params in branches:
        selects.append(
            f"SELECT {SERVICE}.id AS id, {SERVICE}.name AS name, ({relevance}) AS relevance, "
            f"{distance_column} AS distance_squared FROM {table}{joins} "
            f"WHERE ({where}){condition}"
        )
        inner_params += [*relevance_params, *join_params, *where_params, *condition_params]
    inner = " UNION ALL ".join(selects)
    if understanding is not None:
        # Computed once per candidate, then filtered and ordered by the column.
        ctes.append(f"matched AS MATERIALIZED ({inner})")
        params += inner_params
        # Near a postcode every service with a place in the box is a candidate: those that
        # score nothing are left out. Without one the candidates all score already.
        keep = " WHERE relevance > 0" if place is not None else ""
        ctes.append(f"scored AS (SELECT * FROM matched{keep})")
    else:
        ctes.append(f"scored AS ({inner})")
        params += inner_params
    return Statement(
        "WITH " + ", ".join(ctes), params, ", ".join(ordering), materialised=bool(understanding)
    )
