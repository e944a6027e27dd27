"""ORUK 1.0 records (the shape many council directories still publish) read as ORUK 3.0.

ORUK 1.0 names some things differently (`regular_schedules`, `fundings`, a location's
`physical_addresses`, an organisation's `url`, `service_taxonomys`, a language's `language`) and
says how a service is attended and reached (`attending_type`: venue, online, phone, home visit;
`attending_access`: drop-in, referral, appointment, membership), where ORUK 3.0 has no field.
Each is read into its 3.0 place, and the report says so. What 1.0 has and 3.0 does not
(`eligibilitys`, `holiday_schedules`, `reviews`, `deliverable_type`) is left in the record, so it
is kept with it (kept.py). Nothing here guesses: a value it does not know is noted and left.
"""

from dataclasses import dataclass, field

from familyhub.interchange.reading import show

# attending_type -> how it is delivered (a home visit is in person, at the family's home).
ATTENDING_TYPES = {
    "venue": "in_person",
    "home visit": "in_person",
    "online": "online",
    "phone": "phone",
}
# attending_access -> how families get it. "referral": someone refers the family (a
# professional); "appointment" and "membership": the family asks the service itself.
ATTENDING_ACCESS = {
    "drop-in": "drop_in",
    "drop in": "drop_in",
    "referral": "professional_referral",
    "professional referral": "professional_referral",
    "appointment": "self_referral",
    "membership": "self_referral",
    # Council directories write our own words too.
    "self referral": "self_referral",
    "self-referral": "self_referral",
}
ACCESS_WORDS = {
    "drop_in": "families drop in",
    "professional_referral": "a professional refers the family",
    "self_referral": "families refer themselves",
}
DELIVERY_WORDS = {"in_person": "in person", "online": "online", "phone": "by phone"}


@dataclass
class Stated:
    """What an ORUK 1.0 record says of delivery and access, in this directory's codes."""

    delivery: set = field(default_factory=set)
    access: set = field(default_factory=set)
    notes: list = field(default_factory=list)


def _renamed(data: dict, old: str, new: str, done: list, where: str = "") -> dict:
    if old in data and new not in data:
        data = {**data, new: data[old]}
        done.append(f"{where}{old} as {new}")
    return {key: value for key, value in data.items() if key != old} if old in data else data


def _words(value) -> list[str]:
    if isinstance(value, str):
        return [part.strip().lower() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [part.strip().lower() for part in value if isinstance(part, str) and part.strip()]
    return []


def _schedules(items) -> list:
    """1.0's `weekday` (a day's name or number) as 3.0's byday."""
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    result = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("weekday") is not None and not item.get("byday"):
            weekday = item["weekday"]
            code = ""
            if isinstance(weekday, int) and 1 <= weekday <= 7:
                code = days[weekday - 1]
            elif isinstance(weekday, str) and weekday[:2].upper() in days:
                code = weekday[:2].upper()
            item = {**item, "byday": code} if code else item
        result.append(item)
    return result


def _location(location: dict, done: list) -> dict:
    location = _renamed(location, "physical_addresses", "addresses", done, "location.")
    if isinstance(location.get("addresses"), list):
        location["addresses"] = [
            {"address_type": "physical", **address} if isinstance(address, dict) else address
            for address in location["addresses"]
        ]
    if isinstance(location.get("accessibility_for_disabilities"), list):
        location = _renamed(
            location, "accessibility_for_disabilities", "accessibility", done, "location."
        )
        location["accessibility"] = [
            {"description": item.get("accessibility"), **item} if isinstance(item, dict) else item
            for item in location["accessibility"]
        ]
    return location


def _service_at_location(link: dict, done: list) -> dict:
    for old in ("regular_schedules", "regular_schedule"):
        link = _renamed(link, old, "schedules", done, "service_at_locations[].")
    if "schedules" in link:
        link["schedules"] = _schedules(link["schedules"])
    if isinstance(link.get("location"), dict):
        link["location"] = _location(link["location"], done)
    return link


def _taxonomy_attributes(record: dict, done: list) -> dict:
    """1.0's service_taxonomys as 3.0 attributes (a term and its vocabulary)."""
    items = record.get("service_taxonomys")
    if not isinstance(items, list):
        return record
    attributes = list(record.get("attributes") or [])
    for item in items:
        taxonomy = item.get("taxonomy") if isinstance(item, dict) else None
        if not isinstance(taxonomy, dict):
            continue
        term = {
            "id": taxonomy.get("id"),
            "name": taxonomy.get("name"),
            "taxonomy": taxonomy.get("vocabulary"),
            "parent_id": taxonomy.get("parent"),
        }
        attributes.append(
            {
                "id": item.get("id"),
                "taxonomy_term_id": taxonomy.get("id"),
                "taxonomy_term": {k: v for k, v in term.items() if v not in (None, "")},
            }
        )
    done.append("service_taxonomys as attributes")
    record = {k: v for k, v in record.items() if k != "service_taxonomys"}
    return {**record, "attributes": attributes}


def _eligibility(record: dict) -> dict:
    """1.0's eligibilitys give the words and ages a 3.0 record has on the service (they stay
    in the record too, with their taxonomies)."""
    items = [item for item in record.get("eligibilitys") or [] if isinstance(item, dict)]
    if not items:
        return record
    record = dict(record)
    words = [item["eligibility"] for item in items if isinstance(item.get("eligibility"), str)]
    if words and not record.get("eligibility_description"):
        record["eligibility_description"] = "\n".join(words)
    youngest = [i["minimum_age"] for i in items if isinstance(i.get("minimum_age"), int | float)]
    oldest = [i["maximum_age"] for i in items if isinstance(i.get("maximum_age"), int | float)]
    if youngest and record.get("minimum_age") is None:
        record["minimum_age"] = min(youngest)
    if oldest and record.get("maximum_age") is None:
        record["maximum_age"] = max(oldest)
    return record


def read_oruk_1(record: dict) -> tuple[dict, Stated]:
    """The record with its ORUK 1.0 fields in their 3.0 places (a 3.0 record is returned as
    it is), and what it states of delivery and access."""
    stated = Stated()
    done: list[str] = []
    record = _renamed(record, "fundings", "funding", done)
    record = _renamed(record, "regular_schedules", "schedules", done)
    if "schedules" in record and any("weekday" in s for s in record["schedules"] or []):
        record["schedules"] = _schedules(record["schedules"])
    if isinstance(record.get("organization"), dict) and "url" in record["organization"]:
        organisation = _renamed(record["organization"], "url", "website", done, "organization.")
        record = {**record, "organization": organisation}
    if isinstance(record.get("service_at_locations"), list):
        record = {
            **record,
            "service_at_locations": [
                _service_at_location(link, done) if isinstance(link, dict) else link
                for link in record["service_at_locations"]
            ],
        }
    if isinstance(record.get("languages"), list):
        record = {
            **record,
            "languages": [
                _renamed(item, "language", "name", done, "languages[].")
                if isinstance(item, dict)
                else item
                for item in record["languages"]
            ],
        }
    record = _taxonomy_attributes(record, done)
    record = _eligibility(record)

    for key, table, into, words in (
        ("attending_type", ATTENDING_TYPES, stated.delivery, DELIVERY_WORDS),
        ("attending_access", ATTENDING_ACCESS, stated.access, ACCESS_WORDS),
    ):
        if key not in record:
            continue
        value = record[key]
        record = {k: v for k, v in record.items() if k != key}
        for word in _words(value):
            if word in table:
                into.add(table[word])
                stated.notes.append(f"{key} {show(word)}: {words[table[word]]}.")
            else:
                stated.notes.append(f"{key} {show(word)} is not one ORUK 1.0 names: left out.")
    if done:
        seen = list(dict.fromkeys(done))
        stated.notes.insert(0, "Read as ORUK 1.0: " + ", ".join(seen) + ".")
    return record, stated
