"""Reading one ORUK 3.0 service record into unsaved directory models, collecting every reason it
cannot be imported (it breaks the standard: a missing name, an email that is not one) and noting
what was changed to fit this directory (ORUK allows it, our records cannot hold it as given).

The rule: a record that is not valid ORUK fails whole; valid ORUK that this directory cannot hold
exactly is adapted, and each adaptation is noted on the record's report line.
"""

import datetime
import functools
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.choices import ORUK_STATUSES, EifRating, LocationType
from familyhub.directory.models.services import MAX_CHILD_AGE

_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


def _show(value) -> str:
    if isinstance(value, str):
        return f"“{value[:60]}”"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)[:60]


class Reader:
    """Typed reads from one JSON object, with the reasons and notes gathered as it goes."""

    def __init__(self):
        self.errors: list[str] = []
        self.notes: list[str] = []

    def fail(self, path: str, message: str):
        self.errors.append(f"{path}: {message}")

    def raw(self, data: dict, key: str, path: str, required: bool):
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(path, "missing (the standard requires it)")
            return None
        return value

    def text(self, data, key, path, *, required=False, fmt=None) -> str:
        value = self.raw(data, key, path, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(path, f"{_show(value)} is not text")
            return ""
        if fmt == "email":
            try:
                _email(value)
            except ValidationError:
                self.fail(path, f"{_show(value)} is not an email address")
        elif fmt == "uri":
            try:
                _url(value)
            except ValidationError:
                self.fail(
                    path, f"{_show(value)} is not a web address (starting http:// or https://)"
                )
        return value

    def uuid(self, data, key, path, *, required=False) -> uuid.UUID | None:
        value = self.raw(data, key, path, required)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return _parse_uuid(value)
        except ValueError:
            self.fail(path, f"{_show(value)} is not a UUID")
            return None

    def number(self, data, key, path) -> float | None:
        value = self.raw(data, key, path, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"{_show(value)} is not a number")
            return None
        return value

    def date(self, data, key, path) -> datetime.date | None:
        value = self.text(data, key, path)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            self.fail(path, f"{_show(value)} is not a date like 2026-01-31")
            return None

    def time(self, data, key, path) -> datetime.time | None:
        value = self.text(data, key, path)
        if not value:
            return None
        try:
            return datetime.time.fromisoformat(value.removesuffix("Z"))
        except ValueError:
            self.fail(path, f"{_show(value)} is not a time like 09:30")
            return None

    def objects(self, data, key, path) -> list[tuple[str, dict]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, f"{_show(value)} is not a list")
            return []
        items = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                items.append((f"{path}[{index}]", item))
            else:
                self.fail(f"{path}[{index}]", f"{_show(item)} is not an object")
        return items


@functools.lru_cache(maxsize=4096)
def _parse_uuid(value: str) -> uuid.UUID:
    """UUIDs are immutable, and a feed repeats many (taxonomy terms on every service)."""
    return uuid.UUID(value)


@functools.cache
def _not_checked(model) -> frozenset:
    names = {f.name for f in model._meta.fields if f.is_relation or f.primary_key}
    return frozenset(names | {"search_text", "search_key"})


def _fields_problems(instance) -> dict:
    """Django's own field checks (lengths, choices), leaving out relations (set on writing)."""
    try:
        instance.clean_fields(exclude=_not_checked(type(instance)))
    except ValidationError as error:
        return error.message_dict
    return {}


def _problems_text(problems: dict) -> str:
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in problems.items())


# --- the plan: unsaved models, written by oruk_import.write_plan --------------------------


@dataclass
class LocationPlan:
    link: m.ServiceAtLocation
    location: m.Location | None  # None: an existing place, only linked
    addresses: list = field(default_factory=list)
    accessibility: list = field(default_factory=list)
    schedules: list = field(default_factory=list)


@dataclass
class ContactPlan:
    contact: m.Contact
    phones: list = field(default_factory=list)


@dataclass
class ServicePlan:
    service: m.Service
    organisation: m.Organisation | None  # None: the service's organisation_id already exists
    children: dict = field(default_factory=dict)  # related name -> [unsaved models]
    contacts: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    terms: list = field(default_factory=list)  # (attribute id, TaxonomyTerm id)
    notes: list = field(default_factory=list)
    # The partnership's fields the feed did not give ("level_of_need", "access_routes"): left
    # empty, never filled with a guess; review.py holds the record for a data manager.
    missing: set = field(default_factory=set)
    # How the feed itself says the service is delivered (not this directory's guess).
    stated_delivery: set = field(default_factory=set)
    # Set by review.py: the review row to write with the record (None: none to write).
    review: object = None

    @property
    def name(self) -> str:
        return self.service.name


class RecordInvalid(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class Vocabulary:
    """The taxonomy terms this directory knows, read once per import; and the organisations and
    places of the records read but not yet written (a batch is written after all its records
    are read, and a record may name by id an organisation or place an earlier one describes)."""

    def __init__(self):
        self.planned_organisations: set = set()
        self.planned_locations: set = set()
        self.taxonomy_of = {
            term_id: key
            for term_id, key in m.TaxonomyTerm.objects.values_list("id", "taxonomy__key")
        }
        self.partnership = {}
        for key, (_name, _description, terms) in ref.PARTNERSHIP_TAXONOMIES.items():
            for code, _term_name, _term_description in terms:
                self.partnership[ref.term_id(key, code)] = (key, code)

    def plan(self, plan: "ServicePlan"):
        if plan.organisation is not None:
            self.planned_organisations.add(plan.organisation.id)
        for location_plan in plan.locations:
            if location_plan.location is not None:
                self.planned_locations.add(location_plan.location.id)

    def forget_planned(self):
        self.planned_organisations.clear()
        self.planned_locations.clear()

    def organisation_exists(self, organisation_id) -> bool:
        return (
            organisation_id in self.planned_organisations
            or m.Organisation.objects.filter(id=organisation_id).exists()
        )

    def location_exists(self, location_id) -> bool:
        return (
            location_id in self.planned_locations
            or m.Location.objects.filter(id=location_id).exists()
        )


def read_service(data, vocabulary: Vocabulary) -> ServicePlan:
    """An ORUK service record as unsaved models, or RecordInvalid with every reason."""
    if not isinstance(data, dict):
        raise RecordInvalid([f"(record): {_show(data)} is not an object"])
    r = Reader()
    service_id = r.uuid(data, "id", "id", required=True)
    service = m.Service(
        id=service_id or uuid.uuid4(),
        name=r.text(data, "name", "name", required=True),
        alternate_name=r.text(data, "alternate_name", "alternate_name"),
        description=r.text(data, "description", "description"),
        url=r.text(data, "url", "url", fmt="uri"),
        email=r.text(data, "email", "email", fmt="email"),
        status=r.text(data, "status", "status", required=True),
        fees_description=r.text(data, "fees_description", "fees_description")
        or r.text(data, "fees", "fees"),
        accreditations=r.text(data, "accreditations", "accreditations"),
        eligibility_description=r.text(data, "eligibility_description", "eligibility_description"),
        alert=r.text(data, "alert", "alert"),
        last_checked_on=r.date(data, "assured_date", "assured_date"),
    )
    r.text(data, "assurer_email", "assurer_email", fmt="email")
    r.text(data, "last_modified", "last_modified")
    if service.status and service.status not in ORUK_STATUSES:
        r.fail("status", f"{_show(service.status)} is not one of {', '.join(ORUK_STATUSES)}")
    if not service.description:
        r.fail("description", "missing (this directory needs a description of every service)")
    _read_ages(r, data, service)
    phones = r.objects(data, "phones", "phones")
    if phones:
        service.phone = r.text(phones[0][1], "number", f"{phones[0][0]}.number")

    organisation = _read_organisation(r, data, service, vocabulary)
    plan = ServicePlan(service=service, organisation=organisation)
    _read_details(r, data, plan)
    _read_locations(r, data, plan, vocabulary)
    # A service's schedule may also name one of its places; any other place is not kept.
    link_ids = {location_plan.link.id for location_plan in plan.locations}
    for schedule in plan.children["schedules"]:
        if schedule.service_at_location_id not in link_ids:
            schedule.service_at_location_id = None
    _read_attributes(r, data, plan, vocabulary)

    if not r.errors:
        problems = _fields_problems(service)
        if "level_of_need" in plan.missing:
            problems.pop("level_of_need", None)
        if organisation is not None:
            problems.update(
                {f"organization.{k}": v for k, v in _fields_problems(organisation).items()}
            )
        if problems:
            r.errors.extend(f"{name}: {' '.join(msgs)}" for name, msgs in problems.items())
    if not r.errors:
        try:
            service.clean()
        except ValidationError as error:
            problems = error.message_dict
            if "access_routes" in plan.missing:
                problems.pop("access_drop_in", None)
            r.errors.extend(f"{k}: {' '.join(v)}" for k, v in problems.items())
    if r.errors:
        raise RecordInvalid(r.errors)
    plan.notes = r.notes
    return plan


def _read_ages(r: Reader, data, service):
    for key in ("minimum_age", "maximum_age"):
        value = r.number(data, key, key)
        if value is None:
            continue
        if value < 0:
            r.fail(key, f"{_show(value)} is below 0")
            continue
        whole = int(value)
        if whole != value:
            r.notes.append(f"{key} {value} rounded down to {whole}.")
        if whole > MAX_CHILD_AGE:
            if key == "minimum_age":
                r.fail(key, f"{whole} is over {MAX_CHILD_AGE}: not a service for families")
                continue
            r.notes.append(
                f"maximum_age {whole} is over this directory's {MAX_CHILD_AGE}: kept as no "
                "upper age limit."
            )
            continue
        setattr(service, key, whole)


def _read_organisation(r: Reader, data, service, vocabulary: Vocabulary):
    nested = data.get("organization")
    organisation_id = r.uuid(data, "organization_id", "organization_id")
    if nested is None:
        if organisation_id is None:
            r.fail("organization", "missing: give organization or organization_id")
            return None
        known_here = vocabulary.organisation_exists(organisation_id)
        if not known_here:
            r.fail(
                "organization_id",
                f"{organisation_id} is not an organisation in this directory, and the record "
                "does not describe it",
            )
            return None
        service.organisation_id = organisation_id
        return None
    if not isinstance(nested, dict):
        r.fail("organization", f"{_show(nested)} is not an object")
        return None
    org_id = r.uuid(nested, "id", "organization.id", required=True)
    if organisation_id and org_id and organisation_id != org_id:
        r.fail("organization_id", f"{organisation_id} is not the organization's id {org_id}")
    organisation = m.Organisation(
        id=org_id or uuid.uuid4(),
        name=r.text(nested, "name", "organization.name", required=True),
        description=r.text(nested, "description", "organization.description", required=True),
        email=r.text(nested, "email", "organization.email", fmt="email"),
        website=r.text(nested, "website", "organization.website", fmt="uri"),
        logo=r.text(nested, "logo", "organization.logo"),
        uri=r.text(nested, "uri", "organization.uri", fmt="uri"),
    )
    if organisation.logo:
        try:
            _url(organisation.logo)
        except ValidationError:
            r.notes.append(
                f"organization.logo {_show(organisation.logo)} is not a web address: left out."
            )
            organisation.logo = ""
    parent_id = r.uuid(nested, "parent_organization_id", "organization.parent_organization_id")
    if parent_id and parent_id != organisation.id:
        if vocabulary.organisation_exists(parent_id):
            organisation.parent_organisation_id = parent_id
        else:
            r.notes.append(f"Parent organisation {parent_id} is not in this directory: not linked.")
    service.organisation_id = organisation.id
    return organisation


def _keep(r: Reader, path: str, instance, *, check_rules=True) -> bool:
    """A detail record that breaks no ORUK rule but does not fit this directory is left out,
    with a note (the service itself still imports). An optional text too long for our column
    is left out on its own, keeping the rest of the record."""
    problems = _fields_problems(instance)
    for name in list(problems):
        model_field = instance._meta.get_field(name)
        value = getattr(instance, name)
        too_long = (
            model_field.blank
            and getattr(model_field, "max_length", None)
            and isinstance(value, str)
            and len(value) > model_field.max_length
        )
        if too_long:
            r.notes.append(
                f"{path}.{name} is longer than this directory's {model_field.max_length} "
                "characters: left out."
            )
            setattr(instance, name, "")
            del problems[name]
    if not problems and check_rules:
        try:
            instance.clean()
        except ValidationError as error:
            problems = error.message_dict
    if problems:
        r.notes.append(f"{path} left out: {_problems_text(problems)}")
        return False
    return True


def _read_details(r: Reader, data, plan: ServicePlan):
    service = plan.service
    schedules = []
    for path, item in r.objects(data, "schedules", "schedules"):
        schedule = _read_schedule(r, path, item)
        schedule.service_id = service.id
        if _keep(r, path, schedule):
            schedules.append(schedule)
    plan.children["schedules"] = schedules

    areas = []
    for path, item in r.objects(data, "service_areas", "service_areas"):
        area = m.ServiceArea(
            id=r.uuid(item, "id", f"{path}.id", required=True),
            service_id=service.id,
            name=r.text(item, "name", f"{path}.name") or r.text(item, "service_area", path),
            area_type=r.text(item, "extent_type", f"{path}.extent_type") or "town",
            uri=r.text(item, "uri", f"{path}.uri"),
        )
        if _keep(r, path, area):
            areas.append(area)
    plan.children["service_areas"] = areas

    languages = []
    for path, item in r.objects(data, "languages", "languages"):
        language = m.Language(
            id=r.uuid(item, "id", f"{path}.id", required=True),
            service_id=service.id,
            name=r.text(item, "name", f"{path}.name"),
            code=r.text(item, "code", f"{path}.code"),
            note=r.text(item, "note", f"{path}.note"),
        )
        if _keep(r, path, language):
            languages.append(language)
    plan.children["languages"] = languages

    funding = []
    for path, item in r.objects(data, "funding", "funding"):
        source = m.Funding(
            id=r.uuid(item, "id", f"{path}.id", required=True),
            service_id=service.id,
            source=r.text(item, "source", f"{path}.source"),
        )
        if _keep(r, path, source):
            funding.append(source)
    plan.children["funding"] = funding

    costs = []
    for path, item in r.objects(data, "cost_options", "cost_options"):
        amount = r.number(item, "amount", f"{path}.amount")
        cost = m.CostOption(
            id=r.uuid(item, "id", f"{path}.id", required=True),
            service_id=service.id,
            option=r.text(item, "option", f"{path}.option"),
            amount=None if amount is None else round(amount, 2),
            currency=r.text(item, "currency", f"{path}.currency") or "GBP",
            amount_description=r.text(item, "amount_description", f"{path}.amount_description"),
            valid_from=r.date(item, "valid_from", f"{path}.valid_from"),
            valid_to=r.date(item, "valid_to", f"{path}.valid_to"),
        )
        if _keep(r, path, cost):
            costs.append(cost)
    plan.children["cost_options"] = costs

    for path, item in r.objects(data, "contacts", "contacts"):
        contact = m.Contact(
            id=r.uuid(item, "id", f"{path}.id", required=True),
            service_id=service.id,
            name=r.text(item, "name", f"{path}.name"),
            title=r.text(item, "title", f"{path}.title"),
            department=r.text(item, "department", f"{path}.department"),
            email=r.text(item, "email", f"{path}.email", fmt="email"),
        )
        if not _keep(r, path, contact):
            continue
        contact_plan = ContactPlan(contact)
        for phone_path, phone_item in r.objects(item, "phones", f"{path}.phones"):
            phone = m.Phone(
                id=r.uuid(phone_item, "id", f"{phone_path}.id", required=True),
                contact_id=contact.id,
                number=r.text(phone_item, "number", f"{phone_path}.number", required=True),
                extension=r.text(phone_item, "extension", f"{phone_path}.extension"),
                description=r.text(phone_item, "description", f"{phone_path}.description"),
            )
            if _keep(r, phone_path, phone):
                contact_plan.phones.append(phone)
        plan.contacts.append(contact_plan)


def _read_schedule(r: Reader, path: str, item) -> m.Schedule:
    interval = r.number(item, "interval", f"{path}.interval")
    r.uuid(item, "service_id", f"{path}.service_id")
    r.text(item, "schedule_link", f"{path}.schedule_link", fmt="uri")
    return m.Schedule(
        id=r.uuid(item, "id", f"{path}.id", required=True),
        service_at_location_id=r.uuid(
            item, "service_at_location_id", f"{path}.service_at_location_id"
        ),
        freq=(r.text(item, "freq", f"{path}.freq") or "WEEKLY").upper(),
        interval=int(interval) if interval else 1,
        byday=r.text(item, "byday", f"{path}.byday").upper().replace(" ", ""),
        bymonthday=r.text(item, "bymonthday", f"{path}.bymonthday"),
        opens_at=r.time(item, "opens_at", f"{path}.opens_at"),
        closes_at=r.time(item, "closes_at", f"{path}.closes_at"),
        dtstart=r.date(item, "dtstart", f"{path}.dtstart"),
        valid_from=r.date(item, "valid_from", f"{path}.valid_from"),
        valid_to=r.date(item, "valid_to", f"{path}.valid_to"),
        description=r.text(item, "description", f"{path}.description"),
        notes=r.text(item, "notes", f"{path}.notes"),
        attending_type=r.text(item, "attending_type", f"{path}.attending_type"),
    )


def _read_locations(r: Reader, data, plan: ServicePlan, vocabulary: Vocabulary):
    seen = set()
    for path, item in r.objects(data, "service_at_locations", "service_at_locations"):
        nested = item.get("location")
        if not isinstance(nested, dict):
            location_id = r.uuid(item, "location_id", f"{path}.location_id", required=True)
            if location_id and not vocabulary.location_exists(location_id):
                r.fail(f"{path}.location", "missing, and location_id is not a place here")
            elif location_id and location_id not in seen:
                seen.add(location_id)
                link = m.ServiceAtLocation(
                    id=r.uuid(item, "id", f"{path}.id", required=True),
                    service_id=plan.service.id,
                    location_id=location_id,
                    description=r.text(item, "description", f"{path}.description"),
                )
                plan.locations.append(LocationPlan(link=link, location=None))
            continue
        lpath = f"{path}.location"
        location = m.Location(
            id=r.uuid(nested, "id", f"{lpath}.id", required=True),
            location_type=r.text(nested, "location_type", f"{lpath}.location_type", required=True),
            name=r.text(nested, "name", f"{lpath}.name"),
            description=r.text(nested, "description", f"{lpath}.description"),
            external_identifier=r.text(
                nested, "external_identifier", f"{lpath}.external_identifier"
            ),
            external_identifier_type=r.text(
                nested, "external_identifier_type", f"{lpath}.external_identifier_type"
            ),
        )
        if location.location_type and location.location_type not in LocationType.values:
            r.fail(
                f"{lpath}.location_type",
                f"{_show(location.location_type)} is not one of {', '.join(LocationType.values)}",
            )
        latitude = r.number(nested, "latitude", f"{lpath}.latitude")
        longitude = r.number(nested, "longitude", f"{lpath}.longitude")
        if latitude is not None and longitude is not None:
            if -90 <= latitude <= 90 and -180 <= longitude <= 180:
                location.latitude, location.longitude = latitude, longitude
            else:
                r.notes.append(
                    f"{lpath}: latitude {latitude}, longitude {longitude} is not a place on "
                    "Earth: left out."
                )
        link = m.ServiceAtLocation(
            id=r.uuid(item, "id", f"{path}.id", required=True),
            service_id=plan.service.id,
            location_id=location.id,
            description=r.text(item, "description", f"{path}.description"),
        )
        if not location.name:
            location.name = _first_line_of_address(nested) or "Unnamed place"
            r.notes.append(f"{lpath} has no name: called “{location.name}”.")
        if location.id in seen:
            r.notes.append(f"{path} repeats location {location.id}: kept once.")
            continue
        seen.add(location.id)
        if not _keep(r, lpath, location):
            continue
        location_plan = LocationPlan(link=link, location=location)
        for apath, address_item in r.objects(nested, "addresses", f"{lpath}.addresses"):
            address = _read_address(r, apath, address_item)
            address.location_id = location.id
            # The UK postcode rule (Address.clean) is for UK addresses only.
            if _keep(r, apath, address, check_rules=address.country == "GB"):
                location_plan.addresses.append(address)
        for apath, access_item in r.objects(nested, "accessibility", f"{lpath}.accessibility"):
            access = m.Accessibility(
                id=r.uuid(access_item, "id", f"{apath}.id", required=True),
                location_id=location.id,
                description=r.text(access_item, "description", f"{apath}.description")
                or r.text(access_item, "accessibility", f"{apath}.accessibility"),
                details=r.text(access_item, "details", f"{apath}.details"),
                url=r.text(access_item, "url", f"{apath}.url", fmt="uri"),
            )
            if _keep(r, apath, access):
                location_plan.accessibility.append(access)
        for spath, schedule_item in r.objects(item, "schedules", f"{path}.schedules"):
            schedule = _read_schedule(r, spath, schedule_item)
            schedule.service_at_location_id = link.id
            if _keep(r, spath, schedule):
                location_plan.schedules.append(schedule)
        plan.locations.append(location_plan)


def _first_line_of_address(location: dict) -> str:
    for address in location.get("addresses") or []:
        if isinstance(address, dict) and isinstance(address.get("address_1"), str):
            return address["address_1"][:255]
    return ""


def _read_address(r: Reader, path: str, item) -> m.Address:
    address = m.Address(
        id=r.uuid(item, "id", f"{path}.id", required=True),
        attention=r.text(item, "attention", f"{path}.attention"),
        address_1=r.text(item, "address_1", f"{path}.address_1", required=True),
        address_2=r.text(item, "address_2", f"{path}.address_2"),
        city=r.text(item, "city", f"{path}.city", required=True),
        region=r.text(item, "region", f"{path}.region"),
        state_province=r.text(item, "state_province", f"{path}.state_province", required=True),
        postal_code=r.text(item, "postal_code", f"{path}.postal_code", required=True),
        country=r.text(item, "country", f"{path}.country", required=True).upper(),
        address_type=r.text(item, "address_type", f"{path}.address_type", required=True),
    )
    if address.country == "UK":
        address.country = "GB"
    if address.country != "GB" and address.postal_code:
        r.notes.append(
            f"{path} is outside the UK (country {_show(address.country)}): kept as given, "
            "without a UK postcode check."
        )
    return address


def _read_attributes(r: Reader, data, plan: ServicePlan, vocabulary: Vocabulary):
    """Needs and other known terms become the service's terms; the partnership's own
    attributes (familyhub-* taxonomies) become its fields; anything else is noted."""
    service = plan.service
    found = {ref.LEVEL: [], ref.ACCESS: [], ref.DELIVERY: []}
    linked_attributes = []
    for path, item in r.objects(data, "attributes", "attributes"):
        attribute_id = r.uuid(item, "id", f"{path}.id", required=True)
        nested = item.get("taxonomy_term") if isinstance(item.get("taxonomy_term"), dict) else {}
        term_id = r.uuid(item, "taxonomy_term_id", f"{path}.taxonomy_term_id") or r.uuid(
            nested, "id", f"{path}.taxonomy_term.id"
        )
        if attribute_id is None:
            continue
        if term_id is None:
            r.notes.append(f"{path} names no taxonomy term: left out.")
            continue
        if term_id in vocabulary.partnership:
            key, code = vocabulary.partnership[term_id]
            if key in found:
                found[key].append(code)
            else:
                _read_detail_value(r, path, service, code, item.get("value"))
        elif term_id in vocabulary.taxonomy_of:
            linked_attributes.append((attribute_id, term_id))
        else:
            label = nested.get("name") if isinstance(nested.get("name"), str) else ""
            r.notes.append(
                f"{path}: taxonomy term {_show(label) + ' ' if label else ''}({term_id}) is not "
                "in this directory's taxonomies: not linked."
            )
    # Our own feed repeats each need with its DfE equivalents (attribute ids derived from the
    # need's attribute id): those follow from the need and are not stored twice.
    # (The needs' own attributes are tried first: one of them is the usual source.)
    sources = sorted(linked_attributes, key=lambda pair: vocabulary.taxonomy_of[pair[1]] == ref.DFE)
    derived = {
        attribute_id
        for attribute_id, term_id in linked_attributes
        if vocabulary.taxonomy_of[term_id] == ref.DFE
        and any(ref.stable_id(str(other), str(term_id)) == attribute_id for other, _ in sources)
    }
    terms_seen = set()
    for attribute_id, term_id in linked_attributes:
        if attribute_id in derived or term_id in terms_seen:
            continue
        terms_seen.add(term_id)
        plan.terms.append((attribute_id, term_id))
    _partnership_fields(r, service, found, plan)


def _read_detail_value(r: Reader, path, service, code, value):
    if value is None:
        return
    value = str(value)
    if code == ref.NEEDS_DIAGNOSIS:
        service.needs_diagnosis = value.lower() == "true"
    elif code == ref.TYPICAL_WAIT:
        if value.isdigit():
            service.typical_wait_weeks = int(value)
        else:
            r.notes.append(f"{path}: typical wait {_show(value)} is not whole weeks: left out.")
    elif code == ref.EVIDENCE_PROGRAMME:
        service.evidence_programme = value[:120]
    elif code == ref.EIF_RATING:
        if value in EifRating.values:
            service.eif_rating = value
        else:
            r.notes.append(f"{path}: EIF rating {_show(value)} is not one we know: left out.")
    elif code == ref.LAST_CHECKED_BY:
        service.last_checked_by = value[:120]


def _partnership_fields(r: Reader, service, found: dict, plan: ServicePlan):
    levels = found[ref.LEVEL]
    if levels:
        service.level_of_need = levels[0]
        if len(set(levels)) > 1:
            r.notes.append(f"More than one level of need given: kept {levels[0]}.")
    else:
        service.level_of_need = ""
        plan.missing.add("level_of_need")
    routes = set(found[ref.ACCESS])
    if not routes:
        plan.missing.add("access_routes")
    service.access_drop_in = "drop_in" in routes
    service.access_self_referral = "self_referral" in routes
    service.access_professional_referral = "professional_referral" in routes
    modes = set(found[ref.DELIVERY])
    plan.stated_delivery = set(modes)
    if not modes:
        physical = any(
            p.location is None or p.location.location_type == LocationType.PHYSICAL
            for p in plan.locations
        )
        modes = {"in_person"} if physical else {"online"}
        r.notes.append(
            f"No delivery mode in the feed: set to {'in person' if physical else 'online'} "
            f"({'it has a physical place' if physical else 'it has no physical place'}; check it)."
        )
    service.delivered_in_person = "in_person" in modes
    service.delivered_online = "online" in modes
    service.delivered_by_phone = "phone" in modes
