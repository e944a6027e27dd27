"""Imported records reviewed before they are public.

A record from an outside feed is held (status "held": not in the finder, the search, the ORUK
API or the export) when
- the feed does not give the partnership's level of need, how families get the service (its
  access routes) or how it is delivered: these are never guessed;
- it lacks what families read first: a description of the service or of its organisation, or
  a status the standard knows; or its youngest age is over 25 (it may not be for families);
- it has no place in the partnership's area (a postcode district of its local authority, a
  position near one, or a service area named after the authority or one of its towns) and
  the feed does not say it is delivered online or by phone;
- it gives no way to contact it: no phone, email or website, and no contact with either.
The checks are made in Python on the record as read; the area is read once per import.

A data manager sees the held records at /staff/data/review/ with the reasons, sets the
missing fields and publishes, or rejects. A record published here (after review, or before
reviews existed) is never held again by a re-import; the partnership's fields a data manager
set are kept, and the feed's other fields are updated as usual. A rejected record is skipped
by later imports.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.audit import services as audit
from familyhub.directory.choices import MEDWAY_TOWNS, ORUK_STATUSES, LevelOfNeed, ServiceStatus
from familyhub.directory.models import Service
from familyhub.interchange.models import ImportReview, ReviewState
from familyhub.postcodes.lookup import miles_between
from familyhub.postcodes.models import PostcodeDistrict

NEAR_MILES = 3.0  # a place this close to one of the area's district centres is in the area
REMOTE = {"online", "phone"}
ACCESS_FIELDS = ["access_drop_in", "access_self_referral", "access_professional_referral"]
DELIVERY_FIELDS = ["delivered_in_person", "delivered_online", "delivered_by_phone"]
# What a data manager sets on review, whatever a later import says.
REVIEWED_FIELDS = ["level_of_need", *ACCESS_FIELDS, *DELIVERY_FIELDS]
# ...and, read for each record already here, what a feed that gives none of it leaves as it is.
PARTNERSHIP_FIELDS = [*REVIEWED_FIELDS, "status", "description"]
REASONS = {
    "no_level": _("The feed does not give its level of need."),
    "no_access": _(
        "The feed does not say how families get it (drop in, refer yourself or "
        "professional referral)."
    ),  # fmt: skip
    "outside_area": _(
        "It has no place in the partnership's area and is not delivered online or by phone."
    ),  # fmt: skip
    "no_contact": _("It gives no phone number, email address or website."),
    "no_delivery": _("The feed does not say how it is delivered (in person, online or by phone)."),
    "no_description": _("The feed gives no description of the service."),
    "no_org_description": _("The feed gives no description of the organisation that runs it."),
    "no_status": _("The feed gives no status the standard knows (active, inactive and so on)."),
    "adults": _("Its youngest age is over 25: it may not be a service for families."),
}
# What a read record lacks (records.ServicePlan.missing) -> the reason it waits.
MISSING = {
    "level_of_need": "no_level",
    "access_routes": "no_access",
    "delivery": "no_delivery",
    "description": "no_description",
    "organisation_description": "no_org_description",
    "status": "no_status",
    "adults": "adults",
}


class ReviewRefused(Exception):
    """A review decision that cannot be made; the message says why."""


def reason_texts(codes) -> list[str]:
    return [str(REASONS.get(code, code)) for code in codes]


# --- the checks, on a record as read --------------------------------------------------------


def outward_code(postcode: str) -> str:
    compact = "".join((postcode or "").split()).upper()
    return compact[:-3] if len(compact) >= 5 else compact


@dataclass(frozen=True)
class Area:
    """The partnership's area, as the postcode districts describe its local authority."""

    name: str
    districts: frozenset
    towns: frozenset  # lower case
    centres: tuple  # (latitude, longitude) of each district

    @classmethod
    def of_partnership(cls) -> "Area":
        name = settings.PARTNERSHIP_LOCAL_AUTHORITY
        rows = list(
            PostcodeDistrict.objects.filter(local_authority__iexact=name).values_list(
                "outward_code", "post_town", "latitude", "longitude"
            )
        )
        towns = {name.lower(), *(town.lower() for _, town, _, _ in rows if town)}
        if name.lower() == "medway":
            towns |= {town.lower() for town in MEDWAY_TOWNS}
        return cls(
            name=name,
            districts=frozenset(code.upper() for code, _, _, _ in rows),
            towns=frozenset(towns),
            centres=tuple((lat, lon) for _, _, lat, lon in rows),
        )

    def _near(self, latitude, longitude) -> bool:
        if latitude is None or longitude is None:
            return False
        return any(
            miles_between(latitude, longitude, lat, lon) <= NEAR_MILES for lat, lon in self.centres
        )

    def contains(self, plan) -> bool:
        if not self.districts:
            return True  # no districts known: nothing to judge by
        for location_plan in plan.locations:
            location = location_plan.location
            if location is None:
                return True  # a place already in this directory
            if any(outward_code(a.postal_code) in self.districts for a in location_plan.addresses):
                return True
            if self._near(location.latitude, location.longitude):
                return True
        return any(
            (area.name or "").strip().lower() in self.towns
            for area in plan.children.get("service_areas", [])
        )


def reasons_to_hold(plan, area: Area) -> list[str]:
    """The codes of every reason a read record must wait for review (none: publish it)."""
    codes = [code for missing, code in MISSING.items() if missing in plan.missing]
    if not (plan.stated_delivery & REMOTE) and not area.contains(plan):
        codes.append("outside_area")
    service = plan.service
    reachable = service.phone or service.email or service.url
    if not reachable and not any(c.contact.email or c.phones for c in plan.contacts):
        codes.append("no_contact")
    return codes


@dataclass(frozen=True)
class Existing:
    """What this directory already has for an imported record's id (read a batch at a time)."""

    status: str
    review_state: str | None
    reviewed_by_someone: bool  # a data manager published it (not a later import)
    fields: dict  # the partnership's fields (and status) as they are here

    @property
    def public_here(self) -> bool:
        return self.status != ServiceStatus.HELD

    @property
    def rejected(self) -> bool:
        return self.review_state == ReviewState.REJECTED


def existing_for(ids) -> dict:
    """Service id -> Existing, in one query for these ids."""
    rows = Service._base_manager.filter(pk__in=ids).values_list(
        "pk", "review__state", "review__decided_by", *PARTNERSHIP_FIELDS
    )
    found = {}
    for pk, review_state, decided_by, *values in rows:
        fields = dict(zip(PARTNERSHIP_FIELDS, values, strict=True))
        found[pk] = Existing(
            fields["status"],
            review_state,
            review_state == ReviewState.PUBLISHED and decided_by is not None,
            fields,
        )
    return found


def hold_or_publish(plan, existing: Existing | None, area: Area, *, source: str, now) -> None:
    """Decide, for a read record about to be written, whether it waits for review (setting
    its status to held and the review row to write) or is published; notes say which."""
    service = plan.service
    if existing is not None and existing.public_here:
        reviewed = existing.reviewed_by_someone
        kept = _missing_fields(plan)
        if reviewed:  # what the data manager set, whatever the feed says now
            kept = [*REVIEWED_FIELDS, *(name for name in kept if name not in REVIEWED_FIELDS)]
        for name in kept:
            setattr(service, name, existing.fields[name])
        if reviewed:
            plan.notes.append(
                "Level of need, access routes and delivery kept as a data manager set them on "
                "review."
            )
        elif kept:
            plan.notes.append(
                "The feed does not give its "
                + ", ".join(_FIELD_WORDS[name] for name in dict.fromkeys(kept))
                + ": kept this directory's."
            )
        return
    codes = reasons_to_hold(plan, area)
    if codes:
        plan.review = ImportReview(
            service_id=service.pk,
            state=ReviewState.WAITING,
            reasons=codes,
            feed_status=service.status,
            source=source[:500],
            created_at=now,
            updated_at=now,
        )
        service.status = ServiceStatus.HELD
        plan.notes.append("Held for a data manager's review: " + " ".join(reason_texts(codes)))
    elif existing is not None:  # held before; this version of the record passes every check
        plan.review = ImportReview(
            service_id=service.pk,
            state=ReviewState.PUBLISHED,
            feed_status=service.status,
            source=source[:500],
            created_at=now,
            updated_at=now,
            decided_at=now,
            note="Published: a later import gave everything that was missing.",
        )
        plan.notes.append("Published: it was held for review, and now passes every check.")


_FIELD_WORDS = {
    "level_of_need": "level of need",
    **dict.fromkeys(ACCESS_FIELDS, "access routes"),
    **dict.fromkeys(DELIVERY_FIELDS, "delivery"),
    "status": "status",
    "description": "description",
}


def _missing_fields(plan) -> list[str]:
    """The fields of a record already public here that the feed does not give (kept as they
    are here)."""
    names = []
    if "level_of_need" in plan.missing:
        names.append("level_of_need")
    if "access_routes" in plan.missing:
        names += ACCESS_FIELDS
    if "delivery" in plan.missing:
        names += DELIVERY_FIELDS
    if "status" in plan.missing:
        names.append("status")
    if "description" in plan.missing:
        names.append("description")
    return names


# --- the data manager's decisions -----------------------------------------------------------


def waiting():
    return (
        ImportReview.objects.filter(state=ReviewState.WAITING, service__status=ServiceStatus.HELD)
        .select_related("service", "service__organisation")
        .order_by("created_at", "service_id")
    )


def _locked_waiting(service_id) -> ImportReview:
    review = ImportReview.objects.select_for_update().filter(pk=service_id).first()
    held = Service.objects.filter(pk=service_id, status=ServiceStatus.HELD).exists()
    if review is None or not held:
        raise ReviewRefused("That record is not held for review.")
    if review.state != ReviewState.WAITING:
        raise ReviewRefused(
            f"This record was already {review.get_state_display().lower()} by someone else."
        )
    return review


@transaction.atomic
def publish(
    service_id,
    *,
    by,
    level_of_need: str,
    access_routes: list[str],
    delivery_modes: list[str] | None = None,
    description: str = "",
    organisation_description: str = "",
) -> Service:
    """Set what the feed lacked (the partnership's fields; how it is delivered, a description
    of the service or of its organisation, when the feed gave none), and publish with the
    feed's status (active when it gave none the standard knows)."""
    review = _locked_waiting(service_id)
    if level_of_need not in LevelOfNeed.values:
        raise ReviewRefused("Choose the level of need.")
    service = Service.objects.select_for_update().select_related("organisation").get(pk=service_id)
    service.level_of_need = level_of_need
    service.access_drop_in = "drop_in" in access_routes
    service.access_self_referral = "self_referral" in access_routes
    service.access_professional_referral = "professional_referral" in access_routes
    if delivery_modes is not None:
        service.delivered_in_person = "in_person" in delivery_modes
        service.delivered_online = "online" in delivery_modes
        service.delivered_by_phone = "phone" in delivery_modes
    service.description = service.description or (description or "").strip()
    if not service.description:
        raise ReviewRefused("Enter a description of the service, for families to read.")
    organisation = service.organisation
    if not organisation.description:
        organisation.description = (organisation_description or "").strip()
        if not organisation.description:
            raise ReviewRefused("Enter a description of the organisation that runs it.")
        organisation.save(update_fields=["description", "last_modified"])
    try:
        service.clean()
    except ValidationError as error:
        raise ReviewRefused(" ".join(error.messages)) from error
    service.status = (
        review.feed_status if review.feed_status in ORUK_STATUSES else ServiceStatus.ACTIVE
    )
    service.save()
    review.state, review.decided_by, review.decided_at = ReviewState.PUBLISHED, by, timezone.now()
    review.save()
    audit.record(by, "change", service, detail="published after import review")
    return service


@transaction.atomic
def reject(service_id, *, by, note: str) -> ImportReview:
    """Keep the record off the directory for good: later imports of it are skipped."""
    note = (note or "").strip()
    if not note:
        raise ReviewRefused("Enter why it is rejected, so other data managers know.")
    review = _locked_waiting(service_id)
    review.state, review.decided_by, review.decided_at = ReviewState.REJECTED, by, timezone.now()
    review.note = note
    review.save()
    audit.record(by, "change", review.service, detail="rejected on import review")
    return review
