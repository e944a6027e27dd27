"""The page's services, loaded for `search_services` by two statements written once.

The same services, organisations, links and places, with the same values, as

    Service.objects.select_related("organisation").prefetch_related(
        Prefetch("service_at_locations", ServiceAtLocation.objects.select_related("location")
                 .defer(*PLACE_DATES).order_by("id"))
    ).in_bulk(ids)

gives (tests/directory/search/test_page_rows.py compares the two), without the ORM's work for
each search: building and compiling both queries, and making each of the 40-odd instances of a
page of ten by way of `Model.__init__`. At 200,000 services that was 2.5 ms of Python a search,
beside 0.4 ms for the two statements. Each statement's columns and each column's converters
(the database's and the field's, as the ORM would apply them) are worked out once per database;
each row's values go straight into a model instance, as `Model.from_db` would set them, with
the same relations cached: the service's organisation, each link's place and service, and the
service's links as the prefetched queryset `service.service_at_locations.all()` returns.
"""

import functools
from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, signals
from django.db.models.base import ModelState

from familyhub.directory.models import Location, Organisation, Service, ServiceAtLocation

# When the places and links were made and changed is shown nowhere a search's services go: 40
# dates a page not read and converted (deferred: read from the database if ever asked for).
PLACE_DATES = frozenset({"created_at", "last_modified"})
LINKS = "service_at_locations"


@dataclass(frozen=True)
class _Part:
    """One model's columns in a statement: the model, its loaded attnames, and for the columns
    with converters (index in the part, converters, the column expression)."""

    model: type
    attnames: tuple
    converters: tuple
    plain: bool  # made without __init__ (no pre_init/post_init listeners)

    def make(self, values, alias: str, connection):
        values = list(values)
        for index, converters, expression in self.converters:
            value = values[index]
            for converter in converters:
                value = converter(value, expression, connection)
            values[index] = value
        model = self.model
        if not self.plain:
            return model.from_db(alias, self.attnames, values)
        instance = model.__new__(model)
        instance.__dict__.update(zip(self.attnames, values, strict=True))
        state = instance._state = ModelState()
        state.adding = False
        state.db = alias
        return instance


@dataclass(frozen=True)
class _Statement:
    select: str  # up to the IN list
    after: str  # after it
    parts: tuple  # _Part, in the order of the columns

    def sql(self, count: int) -> str:
        return f"{self.select}({', '.join(['%s'] * count)}){self.after}"


def _part(model, table: str, connection, *, leave_out=frozenset()) -> tuple[_Part, list[str]]:
    fields = [f for f in model._meta.concrete_fields if f.attname not in leave_out]
    quote = connection.ops.quote_name
    converters = []
    for index, field in enumerate(fields):
        expression = field.get_col(table)
        found = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        if found:
            converters.append((index, tuple(found), expression))
    plain = not (
        signals.pre_init.has_listeners(model)
        or signals.post_init.has_listeners(model)
        or model.from_db.__func__ is not Model.from_db.__func__
    )
    part = _Part(model, tuple(f.attname for f in fields), tuple(converters), plain)
    return part, [f"{quote(table)}.{quote(f.column)}" for f in fields]


@functools.cache
def _statements(alias: str) -> tuple[_Statement, _Statement]:
    # One set per database, for every thread's connection to it: the converters read nothing
    # of the connection they were taken from but what its settings say (its time zone).
    connection = connections[alias]
    quote = connection.ops.quote_name
    services, organisations = Service._meta.db_table, Organisation._meta.db_table
    links, places = ServiceAtLocation._meta.db_table, Location._meta.db_table
    service, service_columns = _part(Service, services, connection)
    organisation, organisation_columns = _part(Organisation, organisations, connection)
    link, link_columns = _part(ServiceAtLocation, links, connection, leave_out=PLACE_DATES)
    place, place_columns = _part(Location, places, connection, leave_out=PLACE_DATES)
    first = _Statement(
        f"SELECT {', '.join(service_columns + organisation_columns)} FROM {quote(services)} "
        f"INNER JOIN {quote(organisations)} ON ({quote(services)}.{quote('organisation_id')} "
        f"= {quote(organisations)}.{quote('id')}) WHERE {quote(services)}.{quote('id')} IN ",
        "",
        (service, organisation),
    )
    second = _Statement(
        f"SELECT {', '.join(link_columns + place_columns)} FROM {quote(links)} "
        f"INNER JOIN {quote(places)} ON ({quote(links)}.{quote('location_id')} "
        f"= {quote(places)}.{quote('id')}) WHERE {quote(links)}.{quote('service_id')} IN ",
        f" ORDER BY {quote(links)}.{quote('id')} ASC",
        (link, place),
    )
    return first, second


@functools.cache
def _links_queryset(alias: str):
    """The prefetch's queryset of links (each service's is a copy filtered to its own)."""
    links = ServiceAtLocation.objects.using(alias).select_related("location").order_by("id")
    return links.defer(*sorted(PLACE_DATES), *(f"location__{name}" for name in sorted(PLACE_DATES)))


def load_page(keys: list, alias: str) -> dict:
    """{id: Service} for the services whose ids, as the database holds them (as a statement
    reads them), are `keys` (those still there), each with its organisation and its links
    (ordered by id, each with its place) loaded, as the ORM would load them."""
    if not keys:
        return {}
    connection = connections[alias]
    most = connection.features.max_query_params
    if most and len(keys) > most:  # as in_bulk does: a statement per batch
        return load_page(keys[:most], alias) | load_page(keys[most:], alias)
    first, second = _statements(alias)
    service_part, organisation_part = first.parts
    width = len(service_part.attnames)
    by_id, found = {}, []
    with connection.cursor() as cursor:
        cursor.execute(first.sql(len(keys)), list(keys))
        for row in cursor.fetchall():
            service = service_part.make(row[:width], alias, connection)
            organisation = organisation_part.make(row[width:], alias, connection)
            service._state.fields_cache = {"organisation": organisation}
            by_id[service.id] = service
            found.append(row[0])
        if not found:
            return by_id
        cursor.execute(second.sql(len(found)), found)
        rows = cursor.fetchall()
    link_part, place_part = second.parts
    width = len(link_part.attnames)
    links = {service_id: [] for service_id in by_id}
    for row in rows:
        link = link_part.make(row[:width], alias, connection)
        service = by_id[link.service_id]
        place = place_part.make(row[width:], alias, connection)
        link._state.fields_cache = {"location": place, "service": service}
        links[link.service_id].append(link)
    base = _links_queryset(alias)._chain()
    for service_id, service in by_id.items():
        # What prefetch_related leaves: the links as the related manager's queryset, run.
        queryset = getattr(service, LINKS)._apply_rel_filters(base)
        queryset._result_cache = links[service_id]
        queryset._prefetch_done = True
        service._prefetched_objects_cache = {LINKS: queryset}
    return by_id
