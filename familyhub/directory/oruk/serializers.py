"""Directory records as Open Referral UK 3.0 JSON.

Field names follow the standard (American spelling: organization). Optional fields with no
value are left out rather than sent empty, so format checks (uri, email) hold. The partnership's
own fields are published as `attributes` whose terms belong to the familyhub-* taxonomies
(see reference_data.py); the needs terms carry their DfE Family Hubs equivalents too.
"""

from rest_framework import serializers

from familyhub.directory import reference_data as ref


class OrukSerializer(serializers.Serializer):
    keep: tuple[str, ...] = ("id",)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {k: v for k, v in data.items() if k in self.keep or v not in (None, "")}


def _uuid(field="id"):
    return serializers.CharField(source=field)


class TaxonomyTermSerializer(OrukSerializer):
    keep = ("id", "name", "description")
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    code = serializers.CharField()
    parent_id = serializers.CharField(allow_null=True)
    taxonomy = serializers.CharField(source="taxonomy.name")
    taxonomy_id = serializers.CharField()
    term_uri = serializers.CharField()


class TaxonomySerializer(OrukSerializer):
    keep = ("id", "name", "description")
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    uri = serializers.CharField()
    version = serializers.CharField()


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
    id = serializers.CharField()
    service_id = serializers.CharField()
    name = serializers.CharField()
    extent_type = serializers.CharField(source="area_type")
    uri = serializers.CharField()


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


class PhoneSerializer(OrukSerializer):
    keep = ("id", "number")
    id = serializers.CharField()
    contact_id = serializers.CharField()
    number = serializers.CharField()
    extension = serializers.CharField()
    description = serializers.CharField()


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
    accreditations = serializers.CharField()
    eligibility_description = serializers.CharField()
    minimum_age = serializers.IntegerField(allow_null=True)
    maximum_age = serializers.IntegerField(allow_null=True)
    assured_date = serializers.DateField(source="last_checked_on", allow_null=True)
    alert = serializers.CharField()
    last_modified = serializers.DateTimeField()
    wait_time = serializers.SerializerMethodField()
    organization = OrganisationSerializer(source="organisation")

    def get_wait_time(self, service):
        weeks = service.typical_wait_weeks
        if weeks is None:
            return None
        return "No wait" if weeks == 0 else f"Usually about {weeks} week{'s' if weeks != 1 else ''}"


class ServiceFullSerializer(ServiceSerializer):
    """A service with everything related, as in /services/{id}."""

    phones = serializers.SerializerMethodField()
    schedules = ScheduleSerializer(source="schedules.all", many=True)
    service_areas = ServiceAreaSerializer(source="service_areas.all", many=True)
    service_at_locations = ServiceAtLocationSerializer(source="service_at_locations.all", many=True)
    languages = LanguageSerializer(source="languages.all", many=True)
    funding = FundingSerializer(source="funding.all", many=True)
    cost_options = CostOptionSerializer(source="cost_options.all", many=True)
    contacts = ContactSerializer(source="contacts.all", many=True)
    attributes = serializers.SerializerMethodField()

    def get_phones(self, service):
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


def _attribute(attribute_id, service, term, term_data: dict, value=None):
    """One attribute; `term_data` holds each term's JSON, made once and reused."""
    if term.id not in term_data:
        term_data[term.id] = TaxonomyTermSerializer(term).data
    data = {
        "id": str(attribute_id),
        "link_id": str(service.id),
        "link_type": "service",
        "link_entity": "service",
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
    return ids


def service_attributes(service, terms_by_id: dict, term_data: dict | None = None) -> list[dict]:
    """The service's needs (with their DfE equivalents) and the partnership's own fields.
    `term_data` keeps each term's JSON for reuse across services."""
    term_data = {} if term_data is None else term_data
    attributes = []
    for service_term in service.service_terms.all():
        term = service_term.taxonomy_term
        attributes.append(_attribute(service_term.id, service, term, term_data))
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
    return attributes


class OrganisationFullSerializer(OrganisationSerializer):
    services = ServiceSerializer(source="services.all", many=True)
