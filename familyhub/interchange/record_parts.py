"""The parts of a service record (records.py): its schedules, service areas, languages, funding,
costs and contacts, and its places (service_at_locations) with their addresses, accessibility
and schedules. A part that cannot be used is left out with a note; the service still imports.
"""

import contextlib
import json

from django.conf import settings
from django.conf.locale import LANG_INFO

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.choices import (
    MEDWAY_TOWNS,
    WEEKDAYS,
    AreaType,
    ExtentType,
    LocationType,
)
from familyhub.interchange import kept
from familyhub.interchange.plans import ContactPlan, LocationPlan, ServicePlan
from familyhub.interchange.reading import Reader, as_uuid, keep, new, record_uuid, show
from familyhub.postcodes.formats import InvalidPostcode, normalise

UK_NAMES = {"UK", "GB", "UNITED KINGDOM", "GREAT BRITAIN", "ENGLAND", "SCOTLAND", "WALES"}
LANGUAGE_CODES = {info["name"].lower(): code for code, info in LANG_INFO.items() if "name" in info}
AREA_TERMS = {ref.term_id(ref.AREA, kind): kind for kind in AreaType.values}


def read_details(r: Reader, data, plan: ServicePlan):
    service = plan.service
    plan.children["schedules"] = [
        schedule
        for position, (path, item) in enumerate(r.objects(data, "schedules", "schedules"))
        if (schedule := read_schedule(r, path, item, plan, position)) is not None
    ]

    areas = []
    for position, (path, item) in enumerate(r.objects(data, "service_areas", "service_areas")):
        area = _read_area(r, path, item, service, position)
        if keep(r, path, area):
            areas.append(area)
    plan.children["service_areas"] = areas

    languages = []
    for position, (path, item) in enumerate(r.objects(data, "languages", "languages")):
        language = new(
            m.Language,
            id=r.id(item, path, kind="language", parent=service.id, position=position),
            service_id=service.id,
            name=r.text(item, "name", f"{path}.name").strip(),
            code=r.text(item, "code", f"{path}.code").strip(),
            note=r.text(item, "note", f"{path}.note"),
            extra=kept.extra_of(r, path, item, "language"),
        )
        _language_code(r, path, language)
        if keep(r, path, language):
            languages.append(language)
    plan.children["languages"] = languages

    funding = []
    for position, (path, item) in enumerate(r.objects(data, "funding", "funding")):
        source = new(
            m.Funding,
            id=r.id(item, path, kind="funding", parent=service.id, position=position),
            service_id=service.id,
            source=r.text(item, "source", f"{path}.source"),
            extra=kept.extra_of(r, path, item, "funding"),
        )
        if keep(r, path, source):
            funding.append(source)
    plan.children["funding"] = funding

    costs = []
    for position, (path, item) in enumerate(r.objects(data, "cost_options", "cost_options")):
        amount = r.number(item, "amount", f"{path}.amount")
        cost = new(
            m.CostOption,
            id=r.id(item, path, kind="cost_option", parent=service.id, position=position),
            service_id=service.id,
            option=r.text(item, "option", f"{path}.option", prose=True),
            amount=None if amount is None else round(amount, 2),
            currency=r.text(item, "currency", f"{path}.currency").strip() or "GBP",
            amount_description=r.text(
                item, "amount_description", f"{path}.amount_description", prose=True
            ),
            valid_from=r.date(item, "valid_from", f"{path}.valid_from"),
            valid_to=r.date(item, "valid_to", f"{path}.valid_to"),
            extra=kept.extra_of(r, path, item, "cost_option"),
        )
        if keep(r, path, cost):
            costs.append(cost)
    plan.children["cost_options"] = costs

    for position, (path, item) in enumerate(r.objects(data, "contacts", "contacts")):
        contact = new(
            m.Contact,
            id=r.id(item, path, kind="contact", parent=service.id, position=position),
            service_id=service.id,
            name=r.text(item, "name", f"{path}.name"),
            title=r.text(item, "title", f"{path}.title"),
            department=r.text(item, "department", f"{path}.department"),
            email=r.email(item, "email", f"{path}.email"),
            extra=kept.extra_of(r, path, item, "contact"),
        )
        if not keep(r, path, contact):
            continue
        contact_plan = ContactPlan(contact)
        for number, (phone_path, phone_item) in enumerate(
            r.objects(item, "phones", f"{path}.phones")
        ):
            phone = new(
                m.Phone,
                id=r.id(phone_item, phone_path, kind="phone", parent=contact.id, position=number),
                contact_id=contact.id,
                number=r.text(phone_item, "number", f"{phone_path}.number").strip(),
                extension=r.text(phone_item, "extension", f"{phone_path}.extension").strip(),
                description=r.text(phone_item, "description", f"{phone_path}.description"),
                extra=kept.extra_of(r, phone_path, phone_item, "phone"),
            )
            if keep(r, phone_path, phone):
                contact_plan.phones.append(phone)
        plan.contacts.append(contact_plan)


DAY_NAMES = dict(
    zip(
        ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"],
        WEEKDAYS,
        strict=True,
    )
)


def _day(part: str) -> str:
    if part in WEEKDAYS:
        return part
    for name, code in DAY_NAMES.items():
        if len(part) >= 3 and name.startswith(part):
            return code
    return part


def _days(r: Reader, path: str, value: str) -> str:
    """RRULE days (MO,WE); day names (Monday, Wed) are read as them."""
    days = []
    for part in value.replace(" ", ",").split(","):
        part = part.strip().upper()
        if part:
            days.append(_day(part))
    joined = ",".join(days)
    if joined != value and all(day in WEEKDAYS for day in days):
        r.note_once(("days", path), f"{path}.byday {show(value)} read as {joined}.")
    return joined


def read_schedule(r: Reader, path: str, item, plan: ServicePlan, position: int, parent=None):
    interval = r.number(item, "interval", f"{path}.interval")
    schedule = new(
        m.Schedule,
        id=r.id(item, path, kind="schedule", parent=parent or plan.service.id, position=position),
        service_id=plan.service.id,
        service_at_location_id=as_uuid(item.get("service_at_location_id")),
        freq=(r.text(item, "freq", f"{path}.freq") or "WEEKLY").upper(),
        interval=int(interval) if interval else 1,
        byday=_days(r, path, r.text(item, "byday", f"{path}.byday")),
        bymonthday=r.text(item, "bymonthday", f"{path}.bymonthday").replace(" ", ""),
        opens_at=r.time(item, "opens_at", f"{path}.opens_at"),
        closes_at=r.time(item, "closes_at", f"{path}.closes_at"),
        dtstart=r.date(item, "dtstart", f"{path}.dtstart"),
        valid_from=r.date(item, "valid_from", f"{path}.valid_from"),
        valid_to=r.date(item, "valid_to", f"{path}.valid_to"),
        description=r.text(item, "description", f"{path}.description", prose=True),
        notes=r.text(item, "notes", f"{path}.notes", prose=True),
        attending_type=r.text(item, "attending_type", f"{path}.attending_type"),
        extra=kept.extra_of(r, path, item, "schedule"),
    )
    return schedule if keep(r, path, schedule) else None


def _read_area(r: Reader, path: str, item, service, position: int) -> m.ServiceArea:
    extent = item.get("extent")
    if isinstance(extent, dict | list):
        extent = json.dumps(extent)
        r.note(f"{path}.extent is an object: kept as its JSON text.")
    area = new(
        m.ServiceArea,
        id=r.id(item, path, kind="service_area", parent=service.id, position=position),
        service_id=service.id,
        name=(r.text(item, "name", f"{path}.name") or r.text(item, "service_area", path)).strip(),
        extent=extent if isinstance(extent, str) else "",
        extent_type=r.text(item, "extent_type", f"{path}.extent_type").strip().lower(),
        uri=r.url(item, "uri", f"{path}.uri"),
        area_type="",
    )
    if area.extent_type in AreaType.values:  # what older Family Hub feeds put there
        area.area_type, area.extent_type = area.extent_type, ""
        r.note_once(
            "old extent_type",
            f"{path}.extent_type {show(area.area_type)} is the kind "
            "of area, not the format of its extent: read as the kind.",
        )
    elif area.extent_type and area.extent_type not in ExtentType.values:
        r.note(
            f"{path}.extent_type {show(area.extent_type)} is not a format of an extent "
            f"({', '.join(ExtentType.values)}): left out."
        )
        area.extent_type = ""
    foreign = []
    for _attribute_path, attribute in r.objects(item, "attributes", f"{path}.attributes"):
        nested = attribute.get("taxonomy_term")
        term = as_uuid(attribute.get("taxonomy_term_id")) or as_uuid(
            nested.get("id") if isinstance(nested, dict) else None
        )
        if term in AREA_TERMS:
            area.area_type = AREA_TERMS[term]
        else:
            foreign.append(attribute)
    if not area.area_type:
        area.area_type = _kind_of_area(area.name)
    extra = kept.extra_of(r, path, item, "service_area") or {}
    if foreign:
        extra["attributes"] = foreign
    area.extra = extra or None
    return area


def _kind_of_area(name: str) -> str:
    """The partnership's own area, or one of its towns, by name; any other area is none of
    this directory's kinds."""
    name = name.strip().lower()
    if name == settings.PARTNERSHIP_LOCAL_AUTHORITY.lower():
        return AreaType.LOCAL_AUTHORITY
    medway = settings.PARTNERSHIP_LOCAL_AUTHORITY.lower() == "medway"
    if medway and name in {town.lower() for town in MEDWAY_TOWNS}:
        return AreaType.TOWN
    return ""


def _language_code(r: Reader, path: str, language):
    if not language.code and language.name.lower() in LANG_INFO:  # ORUK 1.0: "pl" as its name
        language.code = language.name.lower()
        language.name = LANG_INFO[language.code].get("name", "")
    if not language.code and language.name:
        code = LANGUAGE_CODES.get(language.name.lower())
        if code:
            language.code = code
            r.note(f"{path}: no code: {code} for {show(language.name)}.")
    if not language.name and language.code:
        info = LANG_INFO.get(language.code.lower(), {})
        if info.get("name"):
            language.name = info["name"]
            r.note(f"{path}: no name: {info['name']} for {show(language.code)}.")


# --- places ------------------------------------------------------------------------------


def read_locations(r: Reader, data, plan: ServicePlan, vocabulary):
    seen = set()
    items = r.objects(data, "service_at_locations", "service_at_locations")
    for position, (path, item) in enumerate(items):
        service = plan.service
        link = new(
            m.ServiceAtLocation,
            id=r.id(item, path, kind="service_at_location", parent=service.id, position=position),
            service_id=service.id,
            description=r.text(item, "description", f"{path}.description", prose=True),
            extra=kept.extra_of(r, path, item, "service_at_location"),
        )
        nested = item.get("location")
        if isinstance(nested, dict):
            location_plan = _read_place(r, f"{path}.location", nested, link, position)
            if location_plan is None:
                continue
        else:
            location_id = record_uuid(item.get("location_id"), r.namespace, "location")
            if location_id is None or not vocabulary.location_exists(location_id):
                r.note(
                    f"{path}: no location, and location_id {show(item.get('location_id'))} "
                    "is not a place here: left out."
                )
                continue
            location_plan = LocationPlan(link=link, location=None)
        link.location_id = location_plan.location.id if location_plan.location else location_id
        if link.location_id in seen:
            r.note(f"{path} repeats location {link.location_id}: kept once.")
            continue
        seen.add(link.location_id)
        plan.locations.append(location_plan)
        _place_schedules(r, path, item, plan, link)
    # A service's schedule may also name one of its places; any other place is not kept.
    link_ids = {location_plan.link.id for location_plan in plan.locations}
    for schedule in plan.children["schedules"]:
        if schedule.service_at_location_id not in link_ids:
            schedule.service_at_location_id = None


def _place_schedules(r: Reader, path: str, item, plan: ServicePlan, link):
    """A place's schedules are the service's there (service_at_location_id set). One also
    given for the service as a whole, under the same id, is kept once: at the place."""
    schedules = plan.children["schedules"]
    by_id = {schedule.id: index for index, schedule in enumerate(schedules)}
    place_schedules = r.objects(item, "schedules", f"{path}.schedules")
    for number, (spath, schedule_item) in enumerate(place_schedules):
        schedule = read_schedule(r, spath, schedule_item, plan, number, parent=link.id)
        if schedule is None:
            continue
        schedule.service_at_location_id = link.id
        if schedule.id in by_id:
            earlier = schedules[by_id[schedule.id]]
            if earlier.service_at_location_id not in (None, link.id):
                r.note(f"{spath} repeats schedule {schedule.id} of another place: kept once.")
                continue
            r.note(
                f"{spath}: schedule {schedule.id} is given for the service and for this "
                "place: kept once, at the place."
            )
            schedules[by_id[schedule.id]] = schedule
        else:
            by_id[schedule.id] = len(schedules)
            schedules.append(schedule)


def _read_place(r: Reader, lpath: str, nested, link, position: int) -> LocationPlan | None:
    location = new(
        m.Location,
        id=r.id(nested, lpath, kind="location", parent=link.service_id, position=position),
        location_type=r.text(nested, "location_type", f"{lpath}.location_type").strip().lower(),
        name=r.text(nested, "name", f"{lpath}.name", prose=True).strip(),
        description=r.text(nested, "description", f"{lpath}.description", prose=True),
        external_identifier=r.text(nested, "external_identifier", f"{lpath}.external_identifier"),
        external_identifier_type=r.text(
            nested, "external_identifier_type", f"{lpath}.external_identifier_type"
        ),
        extra=kept.extra_of(r, lpath, nested, "location"),
    )
    if location.location_type not in LocationType.values:
        if location.location_type:
            r.note(
                f"{lpath}.location_type {show(location.location_type)} is not one of "
                f"{', '.join(LocationType.values)}: taken as physical."
            )
        location.location_type = LocationType.PHYSICAL
    latitude = r.number(nested, "latitude", f"{lpath}.latitude")
    longitude = r.number(nested, "longitude", f"{lpath}.longitude")
    if latitude is not None and longitude is not None:
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            location.latitude, location.longitude = latitude, longitude
        else:
            r.note(
                f"{lpath}: latitude {latitude}, longitude {longitude} is not a place on "
                "Earth: left out."
            )
    if not location.name:
        location.name = _first_line_of_address(nested) or "Unnamed place"
        r.note(f"{lpath} has no name: called “{location.name}”.")
    if not keep(r, lpath, location):
        return None
    location_plan = LocationPlan(link=link, location=location)
    addresses = r.objects(nested, "addresses", f"{lpath}.addresses")
    for index, (apath, address_item) in enumerate(addresses):
        address = _read_address(r, apath, address_item, location, index)
        # The UK postcode rule (Address.clean) is for UK addresses only.
        if address is not None and keep(r, apath, address, rules=address.country == "GB"):
            location_plan.addresses.append(address)
    for index, (apath, access_item) in enumerate(
        r.objects(nested, "accessibility", f"{lpath}.accessibility")
    ):
        access = new(
            m.Accessibility,
            id=r.id(access_item, apath, kind="accessibility", parent=location.id, position=index),
            location_id=location.id,
            description=r.text(access_item, "description", f"{apath}.description", prose=True)
            or r.text(access_item, "accessibility", f"{apath}.accessibility", prose=True),
            details=r.text(access_item, "details", f"{apath}.details", prose=True),
            url=r.url(access_item, "url", f"{apath}.url"),
        )
        # ORUK 1.0's (and the UK profile's) name for the description: kept as well when both
        # are given.
        used = () if access_item.get("description") else ("accessibility",)
        access.extra = kept.extra_of(r, apath, access_item, "accessibility", used=used)
        if keep(r, apath, access):
            location_plan.accessibility.append(access)
    return location_plan


def _first_line_of_address(location: dict) -> str:
    for address in location.get("addresses") or []:
        if isinstance(address, dict) and isinstance(address.get("address_1"), str):
            return address["address_1"][:255]
    return ""


def _read_address(r: Reader, path: str, item, location, index: int):
    address = new(
        m.Address,
        id=r.id(item, path, kind="address", parent=location.id, position=index),
        location_id=location.id,
        attention=r.text(item, "attention", f"{path}.attention"),
        address_1=r.text(item, "address_1", f"{path}.address_1").strip(),
        address_2=r.text(item, "address_2", f"{path}.address_2"),
        city=r.text(item, "city", f"{path}.city").strip(),
        region=r.text(item, "region", f"{path}.region"),
        state_province=r.text(item, "state_province", f"{path}.state_province"),
        postal_code=r.text(item, "postal_code", f"{path}.postal_code").strip(),
        country=r.text(item, "country", f"{path}.country").strip().upper(),
        address_type=r.text(item, "address_type", f"{path}.address_type").strip() or "physical",
        extra=kept.extra_of(r, path, item, "address"),
    )
    if not address.address_1:
        r.note(f"{path} has no first line (address_1): left out.")
        return None
    if address.country in UK_NAMES:
        address.country = "GB"
    elif not address.country or len(address.country) != 2:
        try:
            normalise(address.postal_code)
        except InvalidPostcode:
            r.note(
                f"{path}: country {show(address.country)} is not a country code, and "
                f"{show(address.postal_code)} is not a UK postcode: left out."
            )
            return None
        r.note(f"{path}: country {show(address.country)} taken as GB (a UK postcode).")
        address.country = "GB"
    if address.country == "GB":
        with contextlib.suppress(InvalidPostcode):  # (an invalid one is said when it is kept)
            address.postal_code = normalise(address.postal_code)
    if address.country != "GB" and address.postal_code:
        r.note(
            f"{path} is outside the UK (country {show(address.country)}): kept as given, "
            "without a UK postcode check."
        )
    return address
