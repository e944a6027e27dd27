"""Reading one service record of a feed (ORUK 3.0, HSDS 3.0 or 3.1, or ORUK 1.0) into unsaved
directory models, with a note of every change made to fit this directory.

The rule (decision 0020): a record is refused only when it cannot be used (no id, no name, no
organisation it can belong to). What can be repaired is, with a note: a bare web address gets
https://, an over-long or malformed optional value is left out, HTML becomes plain text, an
ORUK 1.0 field is read into its 3.0 place. What families need and the feed does not say (the
partnership's level of need, how families get it or how it is delivered, a description, the
organisation's description, a status) is never guessed: it is left empty and the record waits
for a data manager's review (review.py). Whatever the record says that this directory does not
show is kept with it and published back (kept.py).
"""

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.choices import ORUK_STATUSES, EifRating, LocationType
from familyhub.directory.models.services import MAX_CHILD_AGE
from familyhub.interchange import kept, legacy
from familyhub.interchange import record_parts as parts
from familyhub.interchange.plans import ServicePlan
from familyhub.interchange.reading import (
    Reader,
    as_uuid,
    derived_id,
    fit,
    new,
    problems_text,
    record_uuid,
    show,
)


class RecordInvalid(Exception):
    def __init__(self, reasons: list[str], notes: list[str] | None = None):
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.notes = notes or []


class Vocabulary:
    """The taxonomy terms this directory knows, read once per import; the organisations and
    places of the records read but not yet written (a batch is written after all its records
    are read, and a record may name by id an organisation or place an earlier one describes);
    and the namespace that makes ids for records whose ids are not UUIDs."""

    def __init__(self, namespace: str = ""):
        self.namespace = namespace
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

    def plan(self, plan: ServicePlan):
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
    """A service record as unsaved models, or RecordInvalid with the reasons it cannot be
    used (and the notes made before it was found so)."""

    if not isinstance(data, dict):
        raise RecordInvalid([f"(record): {show(data)} is not an object"])
    data, stated = legacy.read_oruk_1(data)
    r = Reader(vocabulary.namespace)
    r.notes += stated.notes
    service_id = record_uuid(data.get("id"), r.namespace)
    if service_id is None:
        r.fail("id", "missing (the standard requires it)")
    elif as_uuid(data["id"]) is None:
        r.note(f"id {show(data['id'])} is not a UUID: kept as {service_id}.")
    service = new(
        m.Service,
        id=service_id,
        name=r.text(data, "name", "name", required=True, prose=True).strip(),
        alternate_name=r.text(data, "alternate_name", "alternate_name", prose=True),
        description=r.text(data, "description", "description", prose=True),
        url=r.url(data, "url", "url"),
        email=r.email(data, "email", "email"),
        status=r.text(data, "status", "status").strip().lower(),
        fees_description=r.text(data, "fees_description", "fees_description", prose=True)
        or r.text(data, "fees", "fees", prose=True),
        accreditations=r.text(data, "accreditations", "accreditations", prose=True),
        eligibility_description=r.text(
            data, "eligibility_description", "eligibility_description", prose=True
        ),
        alert=r.text(data, "alert", "alert", prose=True),
        last_checked_on=r.date(data, "assured_date", "assured_date"),
    )
    if len(service.name) > 255:
        r.note("name is longer than this directory's 255 characters: cut to its first 254.")
        service.name = service.name[:254].rstrip() + "…"
    missing = set()
    if service.status not in ORUK_STATUSES:
        if service.status:
            r.note(f"status {show(service.status)} is not one of {', '.join(ORUK_STATUSES)}.")
        service.status = ""
        missing.add("status")
    if not service.description:
        missing.add("description")
    _read_ages(r, data, service, missing)
    phones = r.objects(data, "phones", "phones")
    if phones:
        service.phone = r.text(phones[0][1], "number", f"{phones[0][0]}.number").strip()

    organisation = _read_organisation(r, data, service, vocabulary, missing)
    if r.errors:
        raise RecordInvalid(r.errors, r.notes)
    plan = ServicePlan(service=service, organisation=organisation, missing=missing)
    parts.read_details(r, data, plan)
    parts.read_locations(r, data, plan, vocabulary)
    _read_attributes(r, data, plan, vocabulary)
    _partnership_fields(r, plan, stated)
    _keep_extras(r, data, plan, [item for _path, item in phones])

    problems = fit(r, "", service, rules=False, allowed={"description", "level_of_need", "status"})
    if organisation is not None:
        problems.update(
            {
                f"organization.{name}": messages
                for name, messages in fit(
                    r, "organization", organisation, rules=False, allowed={"description"}
                ).items()
            }
        )
    _service_rules(r, service)
    if problems:
        raise RecordInvalid([problems_text(problems)], r.notes)
    plan.notes = r.notes
    return plan


def _read_ages(r: Reader, data, service, missing: set):
    for key in ("minimum_age", "maximum_age"):
        value = r.number(data, key, key)
        if value is None:
            continue
        if value < 0:
            r.note(f"{key} {show(value)} is below 0: left out.")
            continue
        whole = int(value)
        if whole != value:
            r.note(f"{key} {value} rounded down to {whole}.")
        if whole > MAX_CHILD_AGE:
            if key == "minimum_age":
                r.note(f"minimum_age {whole} is over {MAX_CHILD_AGE}: left out.")
                missing.add("adults")
                continue
            r.note(
                f"maximum_age {whole} is over this directory's {MAX_CHILD_AGE}: kept as no "
                "upper age limit."
            )
            continue
        setattr(service, key, whole)


def _service_rules(r: Reader, service):
    """The service's own rules, repaired: ages the wrong way round and a rating with no
    programme are left out (how families get it, and how it is delivered, are review's)."""
    low, high = service.minimum_age, service.maximum_age
    if low is not None and high is not None and low > high:
        r.note(f"minimum_age {low} is over maximum_age {high}: both left out.")
        service.minimum_age = service.maximum_age = None
    if service.eif_rating and not service.evidence_programme:
        r.note(f"EIF rating {service.eif_rating} names no programme: left out.")
        service.eif_rating = ""


def _read_organisation(r: Reader, data, service, vocabulary: Vocabulary, missing: set):
    nested = data.get("organization")
    organisation_id = record_uuid(data.get("organization_id"), r.namespace, "organization")
    if not isinstance(nested, dict):
        if nested is not None:
            r.note(f"organization: {show(nested)} is not an object: left out.")
        if organisation_id is None:
            r.fail("organization", "missing: give organization or organization_id")
            return None
        if not vocabulary.organisation_exists(organisation_id):
            r.fail(
                "organization_id",
                f"{organisation_id} is not an organisation in this directory, and the record "
                "does not describe it",
            )
            return None
        service.organisation_id = organisation_id
        return None
    org_id = record_uuid(nested.get("id"), r.namespace, "organization")
    named = nested.get("name")
    if not (isinstance(named, str) and named.strip()):
        here = org_id or organisation_id
        if here is not None and vocabulary.organisation_exists(here):
            r.note("organization gives no name: the organisation with its id here is used.")
            service.organisation_id = here
            return None
    name = r.text(nested, "name", "organization.name", required=True, prose=True).strip()
    if org_id is None and name:
        org_id = derived_id(r.namespace, "organization-name", name.lower())
        r.note(f"organization has no id: given one made from its name ({org_id}).")
    elif org_id is not None and as_uuid(nested.get("id")) is None:
        r.note(f"organization.id {show(nested.get('id'))} is not a UUID: kept as {org_id}.")
    if organisation_id and org_id and organisation_id != org_id:
        r.note(f"organization_id {organisation_id} is not the organization's id: its id used.")
    organisation = new(
        m.Organisation,
        id=org_id,
        name=name,
        description=r.text(nested, "description", "organization.description", prose=True),
        email=r.email(nested, "email", "organization.email"),
        website=r.url(nested, "website", "organization.website"),
        logo=r.url(nested, "logo", "organization.logo"),
        uri=r.url(nested, "uri", "organization.uri"),
        extra=kept.extra_of(r, "organization", nested, "organization"),
    )
    if not organisation.description:
        missing.add("organisation_description")
    parent_id = r.uuid(nested, "parent_organization_id", "organization.parent_organization_id")
    if parent_id and parent_id != organisation.id:
        if vocabulary.organisation_exists(parent_id):
            organisation.parent_organisation_id = parent_id
        else:
            r.note(f"Parent organisation {parent_id} is not in this directory: not linked.")
    service.organisation_id = organisation.id
    return organisation


def _keep_extras(r: Reader, data, plan: ServicePlan, phones: list):
    """The record's fields this directory does not show, kept with it (kept.py). The phones
    are kept whole when they say more than the main number (its id, extension, type,
    languages, or other numbers); so are the attributes whose terms are not held here."""
    service = plan.service
    extra = kept.extra_of(r, "", data, "service") or {}
    fees = data.get("fees")
    if isinstance(fees, str) and fees and fees != service.fees_description:
        extra["fees"] = fees  # HSDS's older name, saying something else
    ours = ref.stable_id(str(service.id), "phone")
    plain = len(phones) == 1 and set(phones[0]) <= {"id", "service_id", "number"}
    if phones and not (plain and as_uuid(phones[0].get("id")) == ours):
        extra["phones"] = phones
    wait = data.get("wait_time")
    if service.typical_wait_weeks is None and isinstance(wait, str) and wait:
        extra["wait_time"] = wait
    if plan.children.get("foreign_attributes"):
        extra["attributes"] = plan.children.pop("foreign_attributes")
    plan.children.pop("foreign_attributes", None)
    service.extra = extra or None


def _read_attributes(r: Reader, data, plan: ServicePlan, vocabulary: Vocabulary):
    """Needs and other known terms become the service's terms; the partnership's own
    attributes (familyhub-* taxonomies) become its fields; attributes with terms this
    directory does not hold are kept as given (published back)."""
    service = plan.service
    found = {ref.LEVEL: [], ref.ACCESS: [], ref.DELIVERY: []}
    linked_attributes, foreign = [], []
    for path, item in r.objects(data, "attributes", "attributes"):
        nested = item.get("taxonomy_term") if isinstance(item.get("taxonomy_term"), dict) else {}
        term_id = as_uuid(item.get("taxonomy_term_id")) or as_uuid(nested.get("id"))
        if term_id in vocabulary.partnership:
            key, code = vocabulary.partnership[term_id]
            if key in found:
                found[key].append(code)
            else:
                _read_detail_value(r, path, service, code, item.get("value"))
        elif term_id in vocabulary.taxonomy_of:
            position = len(linked_attributes)
            attribute_id = r.id(item, path, kind="attribute", parent=service.id, position=position)
            extra = kept.extra_of(r, path, item, "attribute")
            linked_attributes.append((attribute_id, term_id, extra))
        else:
            foreign.append(item)
    if foreign:
        label = f"{len(foreign)} attribute{'s' if len(foreign) != 1 else ''}"
        r.note(f"{label} with terms not in this directory's taxonomies: kept as given.")
    plan.children["foreign_attributes"] = foreign
    # Our own feed repeats each need with its DfE equivalents (attribute ids derived from the
    # need's attribute id): those follow from the need and are not stored twice.
    # (The needs' own attributes are tried first: one of them is the usual source.)
    sources = sorted(linked_attributes, key=lambda row: vocabulary.taxonomy_of[row[1]] == ref.DFE)
    # (A derived id is a version 5 UUID, as every stable_id is: an id of another version, as
    # most feeds give, cannot be one, and is not compared with each of the others.)
    derived = {
        attribute_id
        for attribute_id, term_id, _extra in linked_attributes
        if vocabulary.taxonomy_of[term_id] == ref.DFE
        and attribute_id.version == 5
        and any(ref.stable_id(str(other), str(term_id)) == attribute_id for other, *_ in sources)
    }
    terms_seen = set()
    for attribute_id, term_id, extra in linked_attributes:
        if attribute_id in derived or term_id in terms_seen:
            continue
        terms_seen.add(term_id)
        plan.terms.append((attribute_id, term_id, extra))
    plan.children["found_partnership"] = found


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
            r.note(f"{path}: typical wait {show(value)} is not whole weeks: left out.")
    elif code == ref.EVIDENCE_PROGRAMME:
        service.evidence_programme = value[:120]
    elif code == ref.EIF_RATING:
        if value in EifRating.values:
            service.eif_rating = value
        else:
            r.note(f"{path}: EIF rating {show(value)} is not one we know: left out.")
    elif code == ref.LAST_CHECKED_BY:
        service.last_checked_by = value[:120]


def _partnership_fields(r: Reader, plan: ServicePlan, stated: legacy.Stated):
    """Level of need, access routes and delivery from what the feed says (our familyhub-*
    attributes, ORUK 1.0's attending_type and attending_access, its places): never guessed."""
    service = plan.service
    found = plan.children.pop("found_partnership")
    levels = found[ref.LEVEL]
    if levels:
        service.level_of_need = levels[0]
        if len(set(levels)) > 1:
            r.note(f"More than one level of need given: kept {levels[0]}.")
    else:
        service.level_of_need = ""
        plan.missing.add("level_of_need")
    routes = set(found[ref.ACCESS]) | stated.access
    if not routes:
        plan.missing.add("access_routes")
    service.access_drop_in = "drop_in" in routes
    service.access_self_referral = "self_referral" in routes
    service.access_professional_referral = "professional_referral" in routes
    modes = set(found[ref.DELIVERY]) | stated.delivery
    if not modes:
        modes = _delivery_from_places(r, plan)
    plan.stated_delivery = set(modes)
    if not modes:
        plan.missing.add("delivery")
    service.delivered_in_person = "in_person" in modes
    service.delivered_online = "online" in modes
    service.delivered_by_phone = "phone" in modes


def _delivery_from_places(r: Reader, plan: ServicePlan) -> set:
    """What the record's places say of delivery: a place with an address or a position (or one
    already here) is where it is given in person; a virtual place, online. No place: nothing
    (an unknown stays unknown, and the record waits for review)."""
    modes = set()
    for location_plan in plan.locations:
        location = location_plan.location
        if location is None:
            modes.add("in_person")  # a place already in this directory
        elif location.location_type == LocationType.VIRTUAL:
            modes.add("online")
        elif location_plan.addresses or location.latitude is not None:
            modes.add("in_person")
    if modes:
        why = {
            "in_person": "in person (it has a place with an address)",
            "online": "online (it has a virtual place)",
        }
        words = " and ".join(why[mode] for mode in sorted(modes))
        r.note(f"No delivery mode in the feed: delivered {words}.")
    return modes
