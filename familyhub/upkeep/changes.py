"""The rules of provider self-service, in one place: propose, approve, reject, restore, archive
and "still correct" (what a proposal changes, shown field by field: differences.py).

A proposal carries the whole record as `snapshot()` makes it (the service's editable fields,
its schedules and its places), so a difference, an approval and a restore all work on one shape.
Approving locks the service row, checks the proposal was made from the version now published
(refusing a stale one clearly), applies it, writes the next `ServiceVersion`, audits and tells
the provider — in one transaction. Services are never deleted: archiving sets their status.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from familyhub.audit import services as audit
from familyhub.directory.choices import ServiceStatus
from familyhub.directory.models import (
    Address,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
)
from familyhub.postcodes.formats import InvalidPostcode
from familyhub.postcodes.lookup import PostcodeLookupUnavailable, PostcodeNotFound, locate
from familyhub.upkeep import closing, telling
from familyhub.upkeep.models import ProposedChange, ServiceVersion

# The fields provider staff may change, in the order the form and the diff show them, with
# the words the staff pages use for them.
FIELD_LABELS = {
    "name": "Name",
    "description": "What it offers",
    "eligibility_description": "Who it is for",
    "minimum_age": "Youngest child's age",
    "maximum_age": "Oldest child's age",
    "level_of_need": "Level of need",
    "access_drop_in": "Drop in",
    "access_self_referral": "Refer yourself",
    "access_professional_referral": "Professional referral",
    "needs_diagnosis": "Diagnosis needed first",
    "typical_wait_weeks": "Usual wait in weeks",
    "delivered_in_person": "In person",
    "delivered_online": "Online",
    "delivered_by_phone": "By phone",
    "phone": "Phone",
    "email": "Email",
    "url": "Website",
    "fees_description": "Cost",
    "status": "Status",
    "alert": "Notice for families",
}
SERVICE_FIELDS = list(FIELD_LABELS)
SCHEDULE_FIELDS = ["byday", "opens_at", "closes_at", "description"]
NEW_PLACE_FIELDS = ["name", "address_1", "city", "postal_code"]
ARCHIVED = ServiceStatus.INACTIVE


class ChangeRefused(Exception):
    """A change that cannot be made now; the message says why, for the person who asked."""


def _refuse_if_families_waiting(service: Service | None, new_status) -> None:
    """A service cannot close while requests for it are open: its exit plan comes first."""
    if service is None or not closing.closes(service.status, new_status):
        return
    try:
        closing.check_no_open_requests(service)
    except closing.ExitPlanNeeded as refusal:
        raise ChangeRefused(str(refusal)) from refusal


# --- the one shape: a snapshot -------------------------------------------------------------


def as_json_value(value):
    """A field value as JSON: times and dates as ISO text, everything else as it is."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot(service: Service) -> dict:
    """The service as published now: what a version keeps and a proposal replaces."""
    schedules = service.schedules.select_related("service_at_location").order_by(
        "byday", "opens_at", "id"
    )
    places = service.service_at_locations.select_related("location").order_by(
        "location__name", "id"
    )
    return {
        "service": {name: as_json_value(getattr(service, name)) for name in SERVICE_FIELDS},
        "schedules": [
            {
                "id": str(schedule.id),
                **{name: as_json_value(getattr(schedule, name)) or "" for name in SCHEDULE_FIELDS},
                "location": str(schedule.service_at_location.location_id)
                if schedule.service_at_location_id
                else "",
            }
            for schedule in schedules
        ],
        "places": [
            {"location": str(link.location_id), "name": link.location.name} for link in places
        ],
        "new_places": [],
    }


def current_version(service: Service) -> ServiceVersion:
    """The version published now. The first time, version 1 records the service as it was
    found; if the record was changed elsewhere since (the admin, an import), that is recorded
    as a new version first, so no change is ever approved over one nobody reviewed."""
    latest = service.versions.order_by("-number").first()
    now = snapshot(service)
    if latest is not None and latest.data == now:
        return latest
    number = latest.number + 1 if latest else 1
    note = "Changed outside self-service" if latest else "As it was before online editing"
    found, _ = ServiceVersion.objects.get_or_create(
        service=service,
        number=number,
        defaults={"data": now, "made_at": timezone.now(), "note": note},
    )
    return found


# --- proposing ------------------------------------------------------------------------------


def check_proposal(data: dict, *, organisation) -> None:
    """The same checks the directory makes on a saved service; ValidationError if not met."""
    service = Service(organisation=organisation)
    set_service_fields(service, data["service"])
    service.full_clean(exclude=["organisation", "search_key", "search_text"])
    for row in data.get("schedules", []):
        schedule = Schedule()
        _set_fields(schedule, row, SCHEDULE_FIELDS)
        schedule.clean()


@transaction.atomic
def propose(
    *, service: Service | None, organisation, data: dict, by, kind=None, based_on=None
) -> ProposedChange:
    """Put a change in the queue. Proposing again while one waits updates the waiting one.

    `service` None proposes a new service for `organisation`. `based_on` is the published
    version the data was made from (default: the one published now). An edit of a waiting
    proposal keeps the version that proposal was made from, so approving it can never quietly
    undo a change published in between.
    """
    check_proposal(data, organisation=organisation)
    _refuse_if_families_waiting(service, data["service"].get("status"))
    now = timezone.now()
    if service is None:
        change = ProposedChange.objects.create(
            organisation=organisation,
            kind=ProposedChange.Kind.NEW,
            data=data,
            base_version=0,
            proposed_by=by,
            proposed_at=now,
        )
    else:
        service = Service.objects.select_for_update().get(pk=service.pk)
        base = current_version(service).number if based_on is None else based_on
        change = (
            ProposedChange.objects.select_for_update()
            .filter(service=service, status=ProposedChange.Status.PENDING)
            .first()
        )
        kind = kind or ProposedChange.Kind.EDIT
        if change is None:
            change = ProposedChange(service=service, organisation=service.organisation)
        elif change.proposed_by_id and change.proposed_by_id != by.pk:
            # Keep who first asked for it in the record (and so tell them of the decision).
            audit.record(by, "change", change, detail="edited another person's proposal")
        change.kind, change.data, change.base_version = kind, data, base
        if change.proposed_by_id is None:
            change.proposed_by = by
        change.proposed_at = now
        change.save()
    audit.record(by, "change", change, detail=f"proposed {change.get_kind_display().lower()}")
    return change


def pending_for(service: Service) -> ProposedChange | None:
    return service.proposed_changes.filter(status=ProposedChange.Status.PENDING).first()


def _refuse_if_waiting(service: Service) -> None:
    """A data manager's direct change must not overwrite a provider's waiting proposal."""
    waiting = pending_for(service)
    if waiting is not None:
        raise ChangeRefused(
            f"{waiting.reference} is waiting for a decision on this service: approve or "
            "reject it first."
        )


def archive(service: Service, *, by, apply_now=False) -> ProposedChange:
    """Propose taking a service off the directory (status inactive); never deleted."""
    if service.status == ARCHIVED:
        raise ChangeRefused(f"{service.name} is already archived.")
    _refuse_if_families_waiting(service, ARCHIVED)
    if apply_now:
        _refuse_if_waiting(service)
    data = snapshot(service)
    data["service"]["status"] = ARCHIVED
    change = propose(
        service=service,
        organisation=service.organisation,
        data=data,
        by=by,
        kind=ProposedChange.Kind.ARCHIVE,
    )
    return approve(change.pk, by=by) if apply_now else change


def restore(version: ServiceVersion, *, by, apply_now=False) -> ProposedChange:
    """Propose (or, for a data manager, make) an earlier version the published one again."""
    service = version.service
    if version.number == current_version(service).number:
        raise ChangeRefused(f"Version {version.number} is already the published version.")
    if apply_now:
        _refuse_if_waiting(service)
    data = {**version.data, "new_places": []}
    change = propose(
        service=service,
        organisation=service.organisation,
        data=data,
        by=by,
        kind=ProposedChange.Kind.RESTORE,
    )
    change.reason = f"Restores version {version.number}"
    change.save(update_fields=["reason"])
    return approve(change.pk, by=by) if apply_now else change


# --- deciding -------------------------------------------------------------------------------


def _locked_pending(change_id) -> ProposedChange:
    change = ProposedChange.objects.select_for_update().get(pk=change_id)
    if change.status != ProposedChange.Status.PENDING:
        raise ChangeRefused(
            f"{change.reference} was already {change.get_status_display().lower()}."
        )
    return change


def editing_start(service: Service | None) -> tuple[dict, int | None, str]:
    """Where an edit form starts: the waiting proposal if there is one, else the published
    record. Returns the data, the published version it was made from, and a token naming
    both, which the form carries so that a change by someone else meanwhile is noticed."""
    pending = pending_for(service) if service else None
    if pending:
        start, based_on = pending.data, pending.base_version
    elif service:
        start, based_on = snapshot(service), current_version(service).number
    else:
        start = {
            "service": {"status": ServiceStatus.ACTIVE.value},
            "schedules": [],
            "places": [],
            "new_places": [],
        }
        based_on = None
    return start, based_on, f"{based_on}:{seen_token(pending) if pending else ''}"


def seen_token(change: ProposedChange) -> str:
    """What a decider saw: changes when the proposal is edited after their page was made."""
    return change.proposed_at.isoformat() if change.proposed_at else ""


@transaction.atomic
def approve(change_id, *, by, seen: str | None = None) -> ProposedChange:
    """Publish a proposal: lock, check the base version, apply, version, audit, tell.

    `seen` (from the decider's page) must match the proposal as it is now: nobody approves
    what they have not seen."""
    change = _locked_pending(change_id)
    if seen is not None and seen != seen_token(change):
        raise ChangeRefused(
            f"{change.reference} was changed after you opened it. Look at it again before "
            "you decide."
        )
    now = timezone.now()
    if change.service_id is None:
        service = Service(organisation=change.organisation)
        number = 1
    else:
        service = Service.objects.select_for_update().get(pk=change.service_id)
        number = current_version(service).number + 1
        if change.base_version != number - 1:
            raise ChangeRefused(
                f"{service.name} has changed since {change.reference} was proposed (it was "
                f"made from version {change.base_version}; version {number - 1} is published "
                "now). Reject it and ask the provider to make the change again."
            )
    if change.service_id is not None:  # requests may have come since it was proposed
        _refuse_if_families_waiting(service, change.data["service"].get("status"))
    try:
        check_proposal(change.data, organisation=change.organisation)
    except ValidationError as error:
        raise ChangeRefused(
            f"{change.reference} no longer passes the directory's checks: "
            + " ".join(error.messages)
        ) from error
    _apply(service, change.data, checked_by=_name_of(by), today=timezone.localdate())
    change.service = service
    change.status = ProposedChange.Status.APPROVED
    change.decided_by, change.decided_at = by, now
    change.save()
    ServiceVersion.objects.create(
        service=service,
        number=number,
        data=snapshot(service),
        made_by=by,
        made_at=now,
        change=change,
        note=change.reason or change.get_kind_display(),
    )
    audit.record(by, "change", change, detail=f"approved, version {number} published")
    telling.change_decided(change)
    return change


@transaction.atomic
def reject(change_id, *, by, reason: str) -> ProposedChange:
    """Turn a proposal down with a reason; the published version stays as it is."""
    reason = (reason or "").strip()
    if not reason:
        raise ChangeRefused("Enter the reason, so the provider knows what to do next.")
    change = _locked_pending(change_id)
    change.status = ProposedChange.Status.REJECTED
    change.decided_by, change.decided_at = by, timezone.now()
    change.reason = reason
    change.save()
    audit.record(by, "change", change, detail="rejected")
    telling.change_decided(change)
    return change


@transaction.atomic
def confirm_still_correct(service: Service, *, by) -> Service:
    """The provider says the published record is still right: the check date moves on."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.last_checked_on = timezone.localdate()
    service.last_checked_by = _name_of(by)
    service.save(update_fields=["last_checked_on", "last_checked_by", "last_modified"])
    audit.record(by, "change", service, detail="confirmed still correct")
    return service


def _name_of(user) -> str:
    if user is None:
        return ""
    name = user.get_full_name() or user.get_username()
    organisation = getattr(getattr(user, "profile", None), "organisation", None)
    return f"{name} ({organisation})"[:120] if organisation else name[:120]


# --- applying -------------------------------------------------------------------------------


def _set_fields(record, values: dict, names):
    for name in names:
        if name in values:
            field = record._meta.get_field(name)
            value = values[name]
            if value in ("", None) and field.null:
                value = None
            elif value is None:
                value = ""
            setattr(record, name, field.to_python(value))


def set_service_fields(service: Service, values: dict):
    _set_fields(service, values, SERVICE_FIELDS)


def _apply(service: Service, data: dict, *, checked_by: str, today) -> None:
    set_service_fields(service, data["service"])
    service.last_checked_on, service.last_checked_by = today, checked_by
    service.save()
    _apply_places(service, data.get("places", []), data.get("new_places", []))
    _apply_schedules(service, data.get("schedules", []))


def _apply_places(service: Service, places: list, new_places: list) -> None:
    wanted = {place["location"] for place in places}
    existing = {str(link.location_id): link for link in service.service_at_locations.all()}
    for location_id, link in existing.items():
        if location_id not in wanted:
            # Keep the service's schedules: unhook them before the place goes.
            link.schedules.update(service_at_location=None)
            link.delete()
    for location_id in wanted - set(existing):
        location = Location.objects.filter(pk=location_id).first()
        if location is not None:  # a restored version may name a place since merged away
            ServiceAtLocation.objects.create(service=service, location=location)
    for place in new_places:
        latitude, longitude = _whereabouts(place["postal_code"])
        location = Location.objects.create(
            name=place["name"], town=place["city"], latitude=latitude, longitude=longitude
        )
        Address.objects.create(
            location=location,
            address_1=place["address_1"],
            city=place["city"],
            postal_code=place["postal_code"],
        )
        ServiceAtLocation.objects.create(service=service, location=location)


def _whereabouts(postcode: str) -> tuple[float | None, float | None]:
    """Where a new place is, so "near me" searches find it (its district if not exact)."""
    try:
        found = locate(postcode)
    except (PostcodeNotFound, PostcodeLookupUnavailable, InvalidPostcode):
        return None, None  # still listed; a data manager can add the map position
    return found.latitude, found.longitude


def _apply_schedules(service: Service, rows: list) -> None:
    existing = {str(schedule.id): schedule for schedule in service.schedules.all()}
    links = {str(link.location_id): link for link in service.service_at_locations.all()}
    kept = set()
    for row in rows:
        schedule = existing.get(row.get("id", "")) or Schedule(service=service)
        _set_fields(schedule, row, SCHEDULE_FIELDS)
        schedule.service_at_location = links.get(row.get("location", ""))
        schedule.save()
        kept.add(str(schedule.id))
    for schedule_id, schedule in existing.items():
        if schedule_id not in kept:
            schedule.delete()  # every version keeps it, so a restore brings it back
