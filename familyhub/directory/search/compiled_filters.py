"""The filters' WHERE clause, compiled once for each set of filter values.

`filtered_services` builds the filters (age, needs, access routes...) as a queryset, and the
ranking statement takes its WHERE clause as SQL. Building and compiling that queryset was
about 0.3 ms of Python a search, the same every time the same filters come again (most
searches have the default statuses and one age or none). So the SQL and its parameters are
kept per database and per filter values: everything in the request except what is not a
filter (the words, the place and the page), so a new filter is part of the key by itself.
The needs' term ids come from the needs index: a rebuilt index (the taxonomy changed) is
another key.
"""

import dataclasses

from familyhub.directory.search.needs import needs_index
from familyhub.directory.search.ranking import where_of

NOT_FILTERS = frozenset({"text", "postcode", "radius_miles", "page", "per_page"})
MOST_KEPT = 512
_kept: dict = {}


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def filter_key(request) -> tuple:
    return tuple(
        (field.name, _hashable(getattr(request, field.name)))
        for field in dataclasses.fields(request)
        if field.name not in NOT_FILTERS
    )


def compiled_where(request, alias: str, build) -> tuple[str, list]:
    """(sql, params) of the WHERE clause of `build(request)` (filtered_services), which checks
    the request (an unknown need is an error) the first time these filters come."""
    index = needs_index()
    key = (alias, id(index), filter_key(request))
    kept = _kept.get(key)
    if kept is not None and kept[0] is index:
        return kept[1], list(kept[2])
    sql, params = where_of(build(request), alias)
    if len(_kept) >= MOST_KEPT:
        _kept.clear()
    _kept[key] = (index, sql, tuple(params))
    return sql, list(params)
