"""Full ORUK service records for the export, built from rows (`values()`) instead of model
instances and Django REST framework's serializers, byte for byte what
`ServiceFullSerializer` gives (tests/interchange/test_export_rows.py holds them side by side).

Why: the serializers cost about 1.5 ms a service, most of it building model instances for each
prefetched row and running each DRF field; here each table is read once a batch as plain
tuples, and each record's dict is built directly. The rules that are more than a field's
conversion (a service's attributes, phones, fees, wait time, an area's attributes, a phone's
extension) are the serializers' own methods, called on light stand-ins for the models, so
they are written once. The order of fields, of related rows (each model's own ordering, or the
database's where it has none, from the same queries) and of the `extra` fields follows the
serializers.
"""

import json
from collections import defaultdict
from types import SimpleNamespace

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework import serializers as drf

from familyhub.directory import models as m
from familyhub.directory.oruk import serializers as s
from familyhub.interchange.writing import chunks


class Many(list):
    """A list that answers `.all()`, as a related manager does."""

    def all(self):
        return self


_DATETIME = drf.DateTimeField()


def _converter(field):
    """How a DRF field turns a value into JSON (None is handled before)."""
    if isinstance(field, drf.DateTimeField):
        return _DATETIME.to_representation
    if isinstance(field, drf.DateField | drf.TimeField):
        return field.to_representation
    if isinstance(field, drf.FloatField):
        return float
    if isinstance(field, drf.IntegerField):
        return int
    if isinstance(field, drf.CharField):
        return str
    raise TypeError(f"no converter for {field!r}")


class Shape:
    """One serializer's fields in order: (name, source, converter), or (name, None, None)
    for a field given by the caller (a nested record, a method's value)."""

    def __init__(self, serializer_class):
        self.keep = serializer_class.keep
        self.published = serializer_class.published or None
        self.fields = []
        for name, field in serializer_class().fields.items():
            if isinstance(field, drf.SerializerMethodField | drf.BaseSerializer):
                self.fields.append((name, None, None))
            else:
                self.fields.append((name, field.source, _converter(field)))
        self.names = frozenset(name for name, _source, _convert in self.fields)
        self.columns = sorted(
            {source for _name, source, _convert in self.fields if source} | {"extra"}
        )

    def record(self, row: dict, given: dict | None = None) -> dict:
        """As OrukSerializer.to_representation: empty optional values left out, then the
        imported record's other fields (its `extra`)."""
        keep = self.keep
        data = {}
        for name, source, convert in self.fields:
            if convert is None:
                value = given[name]
            else:
                value = row[source]
                if value is not None:
                    value = convert(value)
            if name in keep or value not in (None, ""):
                data[name] = value
        extra = row.get("extra")
        if extra:
            published = self.published or self.names
            for key, value in extra.items():
                if key not in published and key not in data:
                    data[key] = value
        return data


SERVICE = Shape(s.ServiceFullSerializer)
ORGANISATION = Shape(s.OrganisationSerializer)
SCHEDULE = Shape(s.ScheduleSerializer)
AREA = Shape(s.ServiceAreaSerializer)
LINK = Shape(s.ServiceAtLocationFullSerializer)
LOCATION = Shape(s.LocationSerializer)
ADDRESS = Shape(s.AddressSerializer)
ACCESSIBILITY = Shape(s.AccessibilitySerializer)
LANGUAGE = Shape(s.LanguageSerializer)
FUNDING = Shape(s.FundingSerializer)
COST = Shape(s.CostOptionSerializer)
CONTACT = Shape(s.ContactSerializer)
PHONE = Shape(s.PhoneSerializer)
PHONE.columns.append("extension")
TERM_JOIN = "taxonomy_term__taxonomy__id"
SERVICE_COLUMNS = sorted(
    set(SERVICE.columns)
    | {"organisation_id", "phone", "typical_wait_weeks", "level_of_need", "needs_diagnosis"}
    | {"access_drop_in", "access_self_referral", "access_professional_referral"}
    | {"delivered_in_person", "delivered_online", "delivered_by_phone"}
    | {"evidence_programme", "eif_rating", "last_checked_by"}
)


def _rows(queryset, columns) -> list[dict]:
    return list(queryset.values(*columns))


def _grouped(model, key: str, ids, columns) -> dict:
    """The rows of `model` whose `key` is one of `ids`, by that key, in the order the
    serializers' prefetch reads them (the model's own ordering, else the database's)."""
    found = defaultdict(list)
    columns = sorted(set(columns) | {key})
    for chunk in chunks(sorted(set(ids), key=str)):
        queryset = model._default_manager.filter(**{f"{key}__in": chunk})
        for row in _rows(queryset, columns):
            found[row[key]].append(row)
    return found


class Terms:
    """Every taxonomy term with its taxonomy and its equivalents (read once an export), the
    partnership's terms, and each term's JSON once made (as the serializers' context)."""

    def __init__(self, terms_by_id: dict):
        terms = m.TaxonomyTerm.objects.select_related("taxonomy").prefetch_related(
            "maps_to__taxonomy"
        )
        term_data = {}
        self.all = {}
        for term in terms:
            term_data[term.id] = s.TaxonomyTermSerializer(term).data
            # Stand-ins: a related manager is made on every `term.maps_to` of a model.
            equivalents = Many(SimpleNamespace(id=other.id) for other in term.maps_to.all())
            self.all[term.id] = SimpleNamespace(id=term.id, maps_to=equivalents)
        self.context = {"terms_by_id": terms_by_id, "term_data": term_data}
        self.service = s.ServiceFullSerializer(context=self.context)
        self.area = s.ServiceAreaSerializer(context=self.context)


def records(ids: list, terms: Terms) -> list[dict]:
    """The services with these ids (in that order; an id not found is left out) as full ORUK
    records."""
    services = {
        row["id"]: row for row in _rows(m.Service.objects.filter(id__in=ids), SERVICE_COLUMNS)
    }
    organisations = {
        row["id"]: ORGANISATION.record(row)
        for row in _rows(
            m.Organisation.objects.filter(id__in={r["organisation_id"] for r in services.values()}),
            ORGANISATION.columns + ["id"],
        )
    }
    found = list(services)
    schedules = _grouped(m.Schedule, "service_id", found, SCHEDULE.columns)
    areas = _grouped(m.ServiceArea, "service_id", found, AREA.columns + ["area_type"])
    languages = _grouped(m.Language, "service_id", found, LANGUAGE.columns)
    funding = _grouped(m.Funding, "service_id", found, FUNDING.columns)
    costs = _grouped(m.CostOption, "service_id", found, COST.columns)
    contacts = _grouped(m.Contact, "service_id", found, CONTACT.columns)
    phones = _grouped(
        m.Phone, "contact_id", [c["id"] for rows in contacts.values() for c in rows], PHONE.columns
    )
    links = _links(found)
    # (Joined to the term and its taxonomy, as the serializers' prefetch reads them.)
    service_terms = _grouped(
        m.ServiceTerm, "service_id", found, ["id", "taxonomy_term_id", "extra", TERM_JOIN]
    )

    out = []
    for service_id in ids:
        row = services.get(service_id)
        if row is None:
            continue
        out.append(
            _service(
                row,
                organisations[row["organisation_id"]],
                terms,
                schedules=[r for r in schedules[service_id] if r["service_at_location_id"] is None],
                areas=[_area(r, terms) for r in areas[service_id]],
                links=links[service_id],
                languages=[LANGUAGE.record(r) for r in languages[service_id]],
                funding=[FUNDING.record(r) for r in funding[service_id]],
                costs=[COST.record(r) for r in costs[service_id]],
                contacts=[_contact(r, phones) for r in contacts[service_id]],
                service_terms=service_terms[service_id],
            )
        )
    return out


def _service(row, organisation, terms: Terms, *, schedules, areas, links, **related) -> dict:
    stand_in = SimpleNamespace(**row)
    stand_in.access_routes = m.Service.access_routes.fget(stand_in)
    stand_in.delivery_modes = m.Service.delivery_modes.fget(stand_in)
    stand_in.service_terms = Many(
        SimpleNamespace(
            id=t["id"], taxonomy_term=terms.all[t["taxonomy_term_id"]], extra=t["extra"]
        )
        for t in related["service_terms"]
    )
    serializer = terms.service
    given = {
        "fees": serializer.get_fees(stand_in),
        "wait_time": serializer.get_wait_time(stand_in),
        "organization": organisation,
        "phones": serializer.get_phones(stand_in),
        "schedules": [SCHEDULE.record(r) for r in schedules],
        "service_areas": areas,
        "service_at_locations": links,
        "languages": related["languages"],
        "funding": related["funding"],
        "cost_options": related["costs"],
        "contacts": related["contacts"],
        "attributes": serializer.get_attributes(stand_in),
    }
    return SERVICE.record(row, given)


def _area(row, terms: Terms) -> dict:
    attributes = terms.area.get_attributes(SimpleNamespace(**row))
    return AREA.record(row, {"attributes": attributes})


def _contact(row, phones) -> dict:
    numbers = [
        PHONE.record(r, {"extension": s.phone_extension(r["extension"])}) for r in phones[row["id"]]
    ]
    return CONTACT.record(row, {"phones": numbers})


def _links(service_ids) -> dict:
    """Each service's places (ServiceAtLocation's ordering: the service's name, the place's
    name, the id), with the place's addresses, accessibility and the schedules there."""
    found = defaultdict(list)
    location_columns = [f"location__{c}" for c in LOCATION.columns + ["id"]]
    rows = []
    for chunk in chunks(sorted(set(service_ids), key=str)):
        queryset = m.ServiceAtLocation.objects.filter(service_id__in=chunk)
        rows += _rows(queryset, LINK.columns + location_columns)
    location_ids = [r["location__id"] for r in rows]
    addresses = _grouped(m.Address, "location_id", location_ids, ADDRESS.columns)
    access = _grouped(m.Accessibility, "location_id", location_ids, ACCESSIBILITY.columns)
    schedules = _grouped(
        m.Schedule, "service_at_location_id", [r["id"] for r in rows], SCHEDULE.columns
    )
    for row in rows:
        place = {c.removeprefix("location__"): row[c] for c in location_columns}
        location = LOCATION.record(
            place,
            {
                "addresses": [ADDRESS.record(r) for r in addresses[place["id"]]],
                "accessibility": [ACCESSIBILITY.record(r) for r in access[place["id"]]],
            },
        )
        given = {
            "location": location,
            "schedules": [SCHEDULE.record(r) for r in schedules[row["id"]]],
        }
        found[row["service_id"]].append(LINK.record(row, given))
    return found


def records_json(ids: list, terms: Terms) -> str:
    """The records as the export writes them: JSON texts joined by a comma and a new line."""
    return ",\n".join(json.dumps(data, cls=DjangoJSONEncoder) for data in records(ids, terms))
