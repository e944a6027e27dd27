"""Writing read records (records.py's plans), a batch at a time, inside the caller's
transaction: a few statements a table for the whole batch (INSERT ... ON CONFLICT DO UPDATE, so
new and changed rows alike; the rows a record no longer has are deleted). See oruk_import.py.
"""

from familyhub.directory import models as m
from familyhub.interchange import upsert
from familyhub.interchange.models import ImportReview
from familyhub.interchange.plans import ServicePlan

CHUNK = 500  # ids in one IN (...) list


def chunks(values, size: int = CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def upsert_all(model, instances: list):
    """Each instance over the row with its id, or as a new row: INSERT ... ON CONFLICT (id) DO
    UPDATE on both databases, keeping created_at; what Django's bulk_create(update_conflicts)
    writes, with its values made ready for the database faster (upsert.py). For one id given
    more than once, the last wins (as when written one after another). A row whose values are
    the same is left as it is (an update of a record rewrites only the parts that changed),
    except a service's: a record's update is its service's, whatever part of it changed, so
    the service's time of last change (ORUK's last_modified) always moves."""
    rows = list({instance.pk: instance for instance in instances}.values())
    if rows:
        upsert.upsert(model, rows, rewrite_unchanged=model is m.Service)


def _existing_ids(model, ids) -> set:
    found = set()
    for chunk in chunks(sorted(set(ids))):
        found.update(model._base_manager.filter(pk__in=chunk).values_list("pk", flat=True))
    return found


def _delete_gone(model, parent_field: str, parent_ids, keep: set, **also):
    """Delete the rows of these parents that are not kept (the records no longer have them)."""
    gone = []
    for chunk in chunks(sorted(set(parent_ids))):
        current = model._base_manager.filter(**{f"{parent_field}__in": chunk}, **also)
        gone += [pk for pk in current.order_by().values_list("pk", flat=True) if pk not in keep]
    for chunk in chunks(gone):
        model._base_manager.filter(pk__in=chunk).delete()


def _replace_all(model, parent_field: str, parent_ids, instances: list, **also):
    """The parents' rows of `model` become exactly `instances` (matched by id). Parents just
    created have no rows to remove, so are left out of `parent_ids`."""
    if parent_ids:
        _delete_gone(model, parent_field, parent_ids, {i.pk for i in instances}, **also)
    upsert_all(model, instances)


def _keep_organisation_descriptions(organisations: dict):
    """An organisation the feed gives without a description keeps the one it has here (a data
    manager wrote it when publishing one of its services after review)."""
    blank = [pk for pk, organisation in organisations.items() if not organisation.description]
    for chunk in chunks(blank):
        rows = m.Organisation._base_manager.filter(pk__in=chunk).exclude(description="")
        for pk, description in rows.values_list("pk", "description"):
            organisations[pk].description = description


def prepare_for_search(service):
    """Service.prepare_for_search, with the text a worker made ahead (pre_read.py) when it was
    made from what the service has now (a review may have kept this directory's description,
    and the organisation written is the batch's last version of it)."""
    ahead = service.__dict__.pop("search_ahead", None)
    if ahead is not None and ahead[0] == service.search_parts():
        service.set_search_fields(ahead[1], terms=ahead[2])
    else:
        service.prepare_for_search()


def write_plans(plans: list[ServicePlan], here: set | None = None) -> set:
    """Write read records (inside the caller's transaction), a few statements a table for all
    of them. Returns the ids of the services that were new. `here`: the ids of the services
    already in the directory, if the caller has just asked (else they are asked for)."""
    if not plans:
        return set()
    services = [plan.service for plan in plans]
    ids = [service.pk for service in services]
    existing = _existing_ids(m.Service, ids) if here is None else here.intersection(ids)
    old = [service.pk for service in services if service.pk in existing]

    organisations = {p.organisation.pk: p.organisation for p in plans if p.organisation}
    _keep_organisation_descriptions(organisations)
    upsert_all(m.Organisation, list(organisations.values()))
    named_by_id = [s.organisation_id for s in services if s.organisation_id not in organisations]
    if named_by_id:
        organisations.update(m.Organisation._base_manager.in_bulk(set(named_by_id)))
    for service in services:
        # The organisation's name is part of the search text (its FTS row / tsvector).
        service.organisation = organisations[service.organisation_id]
        prepare_for_search(service)
    write_terms(plans, old)
    upsert_all(m.Service, services)
    upsert_all(ImportReview, [plan.review for plan in plans if plan.review is not None])

    link_ids = write_locations(plans, old)
    for related_name in plans[0].children:
        model = m.Service._meta.get_field(related_name).related_model
        instances = [instance for plan in plans for instance in plan.children[related_name]]
        if model is m.Schedule:
            for plan in plans:
                for schedule in plan.children[related_name]:
                    if schedule.service_at_location_id is not None:
                        ids = link_ids[plan.service.pk]
                        schedule.service_at_location_id = ids[schedule.service_at_location_id]
            # Schedules of a place alone (service unset), written by earlier imports.
            old_links = m.ServiceAtLocation._base_manager.filter(service_id__in=old)
            _delete_gone(
                m.Schedule,
                "service_at_location",
                old_links.values_list("pk", flat=True),
                {i.pk for i in instances},
                service__isnull=True,
            )
        _replace_all(model, "service", old, instances)
    contacts = [contact_plan for plan in plans for contact_plan in plan.contacts]
    _replace_all(m.Contact, "service", old, [c.contact for c in contacts])
    _replace_all(
        m.Phone,
        "contact",
        [c.contact.pk for c in contacts],
        [phone for c in contacts for phone in c.phones],
    )
    return {service.pk for service in services if service.pk not in existing}


def write_terms(plans: list[ServicePlan], old: list):
    """The services' tags, written before the services themselves (their foreign key is
    checked at commit): a new service's row in the search table is then made whole, tags
    included, by the services' own trigger, instead of being made and then written again when
    its tags arrive (migration 0009)."""
    terms = [
        m.ServiceTerm(
            id=attribute_id, service_id=plan.service.pk, taxonomy_term_id=term_id, extra=extra
        )
        for plan in plans
        for attribute_id, term_id, extra in plan.terms
    ]
    _replace_all(m.ServiceTerm, "service", old, terms)


def write_locations(plans: list[ServicePlan], old: list) -> dict:
    """The services' places (a place in several records: the last record's version, as when
    written one after another) and links; returns, for each service, the feed's link ids ->
    the ids written."""
    places = {}
    for plan in plans:
        for location_plan in plan.locations:
            if location_plan.location is not None:
                places[location_plan.location.pk] = location_plan
    upsert_all(m.Location, [p.location for p in places.values()])
    _replace_all(
        m.Address, "location", list(places), [a for p in places.values() for a in p.addresses]
    )
    _replace_all(
        m.Accessibility,
        "location",
        list(places),
        [a for p in places.values() for a in p.accessibility],
    )

    # The same service and place already linked under another id: keep that link.
    linked = {}
    for chunk in chunks(old):
        # Not ordered (a service is linked to a place once: unique_service_location): ORDER BY
        # the id led PostgreSQL to read the whole table in the id's order.
        rows = m.ServiceAtLocation._base_manager.filter(service_id__in=chunk).order_by()
        for pk, service_id, location_id in rows.values_list("pk", "service_id", "location_id"):
            linked[service_id, location_id] = pk
    links, link_ids = [], {}
    for plan in plans:
        ids = link_ids.setdefault(plan.service.pk, {})
        for location_plan in plan.locations:
            link = location_plan.link
            feed_id = link.pk
            existing = linked.get((link.service_id, link.location_id))
            if existing is not None and existing != link.pk:
                link.id = existing
            ids[feed_id] = link.pk
            links.append(link)
    _replace_all(m.ServiceAtLocation, "service", old, links)
    return link_ids
