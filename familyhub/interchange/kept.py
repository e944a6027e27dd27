"""What an imported record says that this directory does not show, kept with the record (its
`extra`) and published back as it was given (familyhub/directory/oruk/serializers.py), so a
record read from another directory and published again loses no field: HSDS 3.0's
interpretation_services, application_process, required_documents, program; a phone's type and
languages; the contacts and phones of a place; HSDS 3.1's capacities, additional_urls, an
attribute's label, the service areas of a service at a place; ORUK 1.0's eligibilitys.

The fields kept are exactly those this directory does not publish itself: every key of the
object its fullest serializer does not name (so a field kept can never hide, or stand in for,
one this directory holds and a data manager may change).
"""

import functools

from familyhub.directory.oruk import serializers as s
from familyhub.interchange.reading import Reader, show

SERIALIZERS = {
    "service": s.ServiceFullSerializer,
    "organization": s.OrganisationFullSerializer,
    "location": s.LocationSerializer,
    "service_at_location": s.ServiceAtLocationFullSerializer,
    "address": s.AddressSerializer,
    "accessibility": s.AccessibilitySerializer,
    "schedule": s.ScheduleSerializer,
    "service_area": s.ServiceAreaSerializer,
    "language": s.LanguageSerializer,
    "funding": s.FundingSerializer,
    "cost_option": s.CostOptionSerializer,
    "contact": s.ContactSerializer,
    "phone": s.PhoneSerializer,
}
# An attribute linking a service to a term this directory holds (a ServiceTerm).
ATTRIBUTE_KEYS = frozenset(
    {"id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "taxonomy_term"}
)
# Fields the ORUK 3.0 schemas type, which this directory keeps but does not hold: kept only if
# they meet the type, so what is published back stays valid ORUK.
TYPED = {
    ("service", "assurer_email"): "email",
    ("schedule", "schedule_link"): "url",
    ("service_area", "service_area"): "text",
}
EMPTY = (None, "", [], {})


@functools.cache
def published(kind: str) -> frozenset:
    if kind == "attribute":
        return ATTRIBUTE_KEYS
    return frozenset(SERIALIZERS[kind]._declared_fields)


def extra_of(r: Reader, path: str, data: dict, kind: str, *, used=()) -> dict | None:
    """The fields of `data` to keep with the record: those this directory does not publish,
    less `used` (read into a field of ours under another name, like ORUK 1.0's fees)."""
    keys = published(kind)
    kept = {}
    for key, value in data.items():
        if key in keys or key in used or value in EMPTY:
            continue
        typed = TYPED.get((kind, key))
        if typed == "email":
            value = r.email(data, key, f"{path}.{key}")
        elif typed == "url":
            value = r.url(data, key, f"{path}.{key}")
        elif typed == "text" and not isinstance(value, str):
            r.note(f"{path}.{key}: {show(value)} is not text: left out.")
            continue
        if value not in EMPTY:
            kept[key] = value
    return kept or None
