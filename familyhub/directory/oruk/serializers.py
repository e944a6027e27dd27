"""Directory records as Open Referral UK 3.0 JSON.

Field names follow the standard (American spelling: organization). Optional fields with no
value are left out rather than sent empty, so format checks (uri, email) hold. The partnership's
own fields are published as `attributes` whose terms belong to the familyhub-* taxonomies
(see reference_data.py); the needs terms carry their DfE Family Hubs equivalents too.

What an imported record said that this directory does not show is kept in each record's `extra`
and published back here as it was given (never over a field this directory publishes: see
`OrukSerializer.published`), so a record read from another directory goes out again whole.
"""

from rest_framework import serializers

from familyhub.directory import reference_data as ref


class OrukSerializer(serializers.Serializer):
    keep: tuple[str, ...] = ("id",)
    # Every key this kind of record is published with by its fullest serializer: an imported
    # record's other fields (its `extra`) are added to the JSON, these never are.
    published: frozenset = frozenset()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data = {k: v for k, v in data.items() if k in self.keep or v not in (None, "")}
        extra = getattr(instance, "extra", None)
        if extra:
            published = self.published or self.fields.keys()
            for key, value in extra.items():
                if key not in published and key not in data:
                    data[key] = value
        return data


def _uuid(field="id"):
    return serializers.CharField(source=field)


class TaxonomySerializer(OrukSerializer):
    keep = ("id", "name", "description")
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    uri = serializers.CharField()
    version = serializers.CharField()


class TaxonomyTermSerializer(OrukSerializer):
    keep = ("id", "name", "description")
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    code = serializers.CharField()
    parent_id = serializers.CharField(allow_null=True)
    taxonomy = serializers.CharField(source="taxonomy.name")
    taxonomy_id = serializers.CharField()
    # HSDS 3.0 names the term's taxonomy in full here (the UK profile leaves it out; its
    # consumers ignore it).
    taxonomy_detail = TaxonomySerializer(source="taxonomy")
    term_uri = serializers.CharField()


class TaxonomyFullSerializer(TaxonomySerializer):
    taxonomy_terms = TaxonomyTermSerializer(source="terms.all", many=True)


class OrganisationSerializer(OrukSerializer):
    keep = ("id", "name", "description")
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    logo = serializers.CharField()
    uri = serializers.CharField()
    parent_organization_id = serializers.CharField(source="parent_organisation_id", allow_null=True)


class AddressSerializer(OrukSerializer):
    keep = ("id", "address_1", "city", "state_province", "postal_code", "country", "address_type")
    id = serializers.CharField()
    location_id = serializers.CharField()
    attention = serializers.CharField()
    address_1 = serializers.CharField()
    address_2 = serializers.CharField()
    city = serializers.CharField()
    region = serializers.CharField()
    state_province = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()
    address_type = serializers.CharField()


class AccessibilitySerializer(OrukSerializer):
    id = serializers.CharField()
    location_id = serializers.CharField()
    description = serializers.CharField()
    details = serializers.CharField()
    url = serializers.CharField()


class LocationSerializer(OrukSerializer):
    keep = ("id", "location_type")
    id = serializers.CharField()
    location_type = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    external_identifier = serializers.CharField()
    external_identifier_type = serializers.CharField()
    addresses = AddressSerializer(source="addresses.all", many=True)
    accessibility = AccessibilitySerializer(source="accessibility.all", many=True)


class ScheduleSerializer(OrukSerializer):
    id = serializers.CharField()
    service_id = serializers.CharField(allow_null=True)
    service_at_location_id = serializers.CharField(allow_null=True)
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    dtstart = serializers.DateField(allow_null=True)
    freq = serializers.CharField()
    interval = serializers.IntegerField()
    byday = serializers.CharField()
    bymonthday = serializers.CharField()
    description = serializers.CharField()
    opens_at = serializers.TimeField(allow_null=True, format="%H:%M")
    closes_at = serializers.TimeField(allow_null=True, format="%H:%M")
    attending_type = serializers.CharField()
    notes = serializers.CharField()


class ServiceAtLocationSerializer(OrukSerializer):
    id = serializers.CharField()
    service_id = serializers.CharField()
    location_id = serializers.CharField()
    description = serializers.CharField()
    location = LocationSerializer()


class ServiceAtLocationFullSerializer(ServiceAtLocationSerializer):
    schedules = ScheduleSerializer(source="schedules.all", many=True)


class LanguageSerializer(OrukSerializer):
    id = serializers.CharField()
    service_id = serializers.CharField()
    name = serializers.CharField()
    code = serializers.CharField()
    note = serializers.CharField()


class ServiceAreaSerializer(OrukSerializer):
    """`extent_type` is the format of `extent`, as the standard defines it; what the area is
    here (a town, a ward, the local authority) is an attribute with a familyhub-area-kind
    term."""

    id = serializers.CharField()
    service_id = serializers.CharField()
    name = serializers.CharField()
    extent = serializers.CharField()
    extent_type = serializers.CharField()
    uri = serializers.CharField()
    attributes = serializers.SerializerMethodField()

    def get_attributes(self, area):
        given = (area.extra or {}).get("attributes") or []  # an imported area's, as given
        if not area.area_type:
            return given
        term = self.context.get("terms_by_id", {}).get(ref.term_id(ref.AREA, area.area_type))
        if term is None:
            return given
        term_data = self.context.setdefault("term_data", {})
        attribute_id = ref.stable_id(str(area.id), ref.AREA)
        return [_attribute(attribute_id, area, term, term_data, entity="service_area"), *given]


class FundingSerializer(OrukSerializer):
    id = serializers.CharField()
    service_id = serializers.CharField()
    source = serializers.CharField()


class CostOptionSerializer(OrukSerializer):
    id = serializers.CharField()
    service_id = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    option = serializers.CharField()
    amount = serializers.FloatField(allow_null=True)
    currency = serializers.CharField()
    amount_description = serializers.CharField()


def phone_extension(extension: str):
    """HSDS 3.0 and 3.1 type a phone's extension as a number: a whole number is published as
    one; anything else (a leading 0, letters) as it was given."""
    if extension.isdigit() and str(int(extension)) == extension:
        return int(extension)
    return extension or None


class PhoneSerializer(OrukSerializer):
    keep = ("id", "number")
    id = serializers.CharField()
    contact_id = serializers.CharField()
    number = serializers.CharField()
    extension = serializers.SerializerMethodField()
    description = serializers.CharField()

    def get_extension(self, phone):
        return phone_extension(phone.extension)


class ContactSerializer(OrukSerializer):
    id = serializers.CharField()
    service_id = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    title = serializers.CharField()
    department = serializers.CharField()
    email = serializers.CharField()
    phones = PhoneSerializer(source="phones.all", many=True)


class ServiceSerializer(OrukSerializer):
    """The one-to-one fields of a service, as in the /services list."""

    keep = ("id", "name", "status")
    id = serializers.CharField()
    organization_id = serializers.CharField(source="organisation_id")
    name = serializers.CharField()
    alternate_name = serializers.CharField()
    description = serializers.CharField()
    url = serializers.CharField()
    email = serializers.CharField()
    status = serializers.CharField()
    fees_description = serializers.CharField()
    # ORUK 3.0's name for it (HSDS 3.0 keeps `fees` as an older name of fees_description).
    fees = serializers.SerializerMethodField()
    accreditations = serializers.CharField()
    eligibility_description = serializers.CharField()
    minimum_age = serializers.IntegerField(allow_null=True)
    maximum_age = serializers.IntegerField(allow_null=True)
    assured_date = serializers.DateField(source="last_checked_on", allow_null=True)
    alert = serializers.CharField()
    last_modified = serializers.DateTimeField()
    wait_time = serializers.SerializerMethodField()
    organization = OrganisationSerializer(source="organisation")

    def get_fees(self, service):
        # An imported record's own `fees`, when it said something else there.
        return (service.extra or {}).get("fees") or service.fees_description

    def get_wait_time(self, service):
        weeks = service.typical_wait_weeks
        if weeks is None:
            # An imported record's own words, when it gave them.
            return (service.extra or {}).get("wait_time")
        return "No wait" if weeks == 0 else f"Usually about {weeks} week{'s' if weeks != 1 else ''}"


class ServiceFullSerializer(ServiceSerializer):
    """A service with everything related, as in /services/{id}. A schedule of the service at
    one of its places is published with that place (`service_at_locations[].schedules`, where
    consumers read it); `schedules` holds those of the service wherever it runs."""

    phones = serializers.SerializerMethodField()
    schedules = serializers.SerializerMethodField()
    service_areas = ServiceAreaSerializer(source="service_areas.all", many=True)
    service_at_locations = ServiceAtLocationFullSerializer(
        source="service_at_locations.all", many=True
    )
    languages = LanguageSerializer(source="languages.all", many=True)
    funding = FundingSerializer(source="funding.all", many=True)
    cost_options = CostOptionSerializer(source="cost_options.all", many=True)
    contacts = ContactSerializer(source="contacts.all", many=True)
    attributes = serializers.SerializerMethodField()

    def get_schedules(self, service):
        everywhere = [s for s in service.schedules.all() if s.service_at_location_id is None]
        return ScheduleSerializer(everywhere, many=True, context=self.context).data

    def get_phones(self, service):
        """The main number, as the first of the phones an imported record gave (with their
        ids, types and languages), or as a phone of its own."""
        given = (service.extra or {}).get("phones") or []
        if given:
            first, *others = given
            return ([{**first, "number": service.phone}] if service.phone else []) + others
        if not service.phone:
            return []
        return [
            {
                "id": str(ref.stable_id(str(service.id), "phone")),
                "service_id": str(service.id),
                "number": service.phone,
            }
        ]

    def get_attributes(self, service):
        terms = self.context["terms_by_id"]
        # Terms repeat from service to service: each is serialised once per response.
        term_data = self.context.setdefault("term_data", {})
        return service_attributes(service, terms, term_data)


def _attribute(attribute_id, linked, term, term_data: dict, value=None, entity="service"):
    """One attribute of a record (a service, or a service area); `term_data` holds each term's
    JSON, made once and reused."""
    if term.id not in term_data:
        term_data[term.id] = TaxonomyTermSerializer(term).data
    data = {
        "id": str(attribute_id),
        "link_id": str(linked.id),
        "link_type": entity,
        "link_entity": entity,
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": term_data[term.id],
    }
    if value is not None:
        data["value"] = value
    return data


def partnership_term_ids(service) -> list:
    ids = [ref.term_id(ref.LEVEL, service.level_of_need)]
    ids += [ref.term_id(ref.ACCESS, route) for route in service.access_routes]
    ids += [ref.term_id(ref.DELIVERY, mode) for mode in service.delivery_modes]
    for code in (
        ref.NEEDS_DIAGNOSIS,
        ref.TYPICAL_WAIT,
        ref.EVIDENCE_PROGRAMME,
        ref.EIF_RATING,
        ref.LAST_CHECKED_BY,
    ):
        ids.append(ref.term_id(ref.DETAILS, code))
    ids += [ref.term_id(ref.AREA, area.area_type) for area in service.service_areas.all()]
    return ids


def service_attributes(service, terms_by_id: dict, term_data: dict | None = None) -> list[dict]:
    """The service's needs (with their DfE equivalents), the partnership's own fields, and an
    imported record's attributes whose terms this directory does not hold (as given).
    `term_data` keeps each term's JSON for reuse across services."""
    term_data = {} if term_data is None else term_data
    attributes = []
    for service_term in service.service_terms.all():
        term = service_term.taxonomy_term
        attribute = _attribute(service_term.id, service, term, term_data)
        for key, value in (service_term.extra or {}).items():
            attribute.setdefault(key, value)
        attributes.append(attribute)
        for equivalent in term.maps_to.all():
            attribute_id = ref.stable_id(str(service_term.id), str(equivalent.id))
            attributes.append(_attribute(attribute_id, service, equivalent, term_data))

    def add(taxonomy_key, code, value=None):
        term = terms_by_id.get(ref.term_id(taxonomy_key, code))
        if term is not None:
            attribute_id = ref.stable_id(str(service.id), taxonomy_key, code)
            attributes.append(_attribute(attribute_id, service, term, term_data, value))

    add(ref.LEVEL, service.level_of_need)
    for route in service.access_routes:
        add(ref.ACCESS, route)
    for mode in service.delivery_modes:
        add(ref.DELIVERY, mode)
    add(ref.DETAILS, ref.NEEDS_DIAGNOSIS, "true" if service.needs_diagnosis else "false")
    if service.typical_wait_weeks is not None:
        add(ref.DETAILS, ref.TYPICAL_WAIT, str(service.typical_wait_weeks))
    if service.evidence_programme:
        add(ref.DETAILS, ref.EVIDENCE_PROGRAMME, service.evidence_programme)
    if service.eif_rating:
        add(ref.DETAILS, ref.EIF_RATING, service.eif_rating)
    if service.last_checked_by:
        add(ref.DETAILS, ref.LAST_CHECKED_BY, service.last_checked_by)
    attributes += (service.extra or {}).get("attributes") or []
    return attributes


class OrganisationFullSerializer(OrganisationSerializer):
    services = ServiceSerializer(source="services.all", many=True)


# An imported record's other fields are published beside these, never over them (the list
# serializers publish fewer, but the full record's are what an import reads).
for _serializer, _fullest in [
    (ServiceSerializer, ServiceFullSerializer),
    (ServiceFullSerializer, ServiceFullSerializer),
    (OrganisationSerializer, OrganisationFullSerializer),
    (OrganisationFullSerializer, OrganisationFullSerializer),
    (ServiceAtLocationSerializer, ServiceAtLocationFullSerializer),
    (ServiceAtLocationFullSerializer, ServiceAtLocationFullSerializer),
]:
    _serializer.published = frozenset(_fullest._declared_fields)
