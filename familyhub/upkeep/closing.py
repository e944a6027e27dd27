"""When a service closes (archived, or its status set to stopped or defunct): the exit plan.

A service with open requests (not yet declined, passed on, closed or withdrawn: states.OPEN)
cannot be closed until its provider has decided what happens to each one:
- pass it to another service (one suggested from the directory: the same needs, a similar
  level of need, nearby), the state machine's `pass_on_closing` move (a redirect); or
- close it because the service is closing (`close_service_closed`, outcome "service closed"),
  suggesting services that could help instead.
Either way the family (by the way they said is safe) and their referrer are told through the
outbox, with the services that could help by name and link. Families are never left waiting
on a service that no longer exists.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import ngettext

from familyhub.directory.choices import LevelOfNeed, ServiceStatus
from familyhub.directory.models import Service
from familyhub.directory.reference_data import NEEDS
from familyhub.directory.search.request import SearchInputError, SearchRequest
from familyhub.directory.search.service import search_services
from familyhub.referrals import actions
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import OPEN, MoveRefused, Outcome

CLOSED = frozenset({ServiceStatus.INACTIVE, ServiceStatus.DEFUNCT})
PUBLIC = [ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED]
NEARBY_MILES = 10.0
ALTERNATIVES = 3
LEVELS = list(LevelOfNeed.values)  # in order, universal to statutory


class ExitPlanNeeded(Exception):
    """The service has open requests: the message says how many and what to do."""


def closes(before: str, after: str) -> bool:
    return after in CLOSED and before not in CLOSED


def open_requests(service: Service):
    return (
        SupportRequest.objects.filter(service=service, status__in=list(OPEN))
        .select_related("need")
        .order_by("submitted_at", "id")
    )


def check_no_open_requests(service: Service) -> None:
    """Refuse to close a service families are still waiting on."""
    count = open_requests(service).count()
    if count:
        raise ExitPlanNeeded(
            ngettext(
                "%(name)s has %(count)d open request for support. Before it closes, its "
                "provider must decide what happens to it: pass it to another service, or "
                "close it and suggest services that could help instead.",
                "%(name)s has %(count)d open requests for support. Before it closes, its "
                "provider must decide what happens to each: pass it to another service, or "
                "close it and suggest services that could help instead.",
                count,
            )
            % {"name": service.name, "count": count}
        )


# --- alternatives from the directory ------------------------------------------------------


def _postcode_of(service: Service) -> str:
    for link in service.service_at_locations.all():
        for address in link.location.addresses.all():
            if address.postal_code and address.country in ("GB", ""):
                return address.postal_code
    return ""


def _similar_levels(level: str) -> list[str]:
    if level not in LEVELS:
        return []
    at = LEVELS.index(level)
    return LEVELS[max(at - 1, 0) : at + 2]


def alternatives_for(service: Service, limit: int = ALTERNATIVES) -> list[Service]:
    """Open services with the same needs and a similar level of need, nearest first (the
    one search service); widened to anywhere if too few are near."""
    needs = sorted(
        service.service_terms.filter(taxonomy_term__taxonomy__key=NEEDS)
        .order_by()
        .values_list("taxonomy_term__code", flat=True)
    )
    if not needs:
        return []
    found: list[Service] = []
    base = {"needs": needs, "levels": _similar_levels(service.level_of_need),
            "statuses": PUBLIC, "per_page": limit + 1}  # fmt: skip
    postcode = _postcode_of(service)
    tries = [{"postcode": postcode, "radius_miles": NEARBY_MILES}] if postcode else []
    for extra in [*tries, {}]:
        try:
            hits = search_services(SearchRequest(**base, **extra)).hits
        except SearchInputError:  # the postcode could not be looked up: try anywhere
            continue
        for hit in hits:
            if hit.service.pk != service.pk and hit.service not in found:
                found.append(hit.service)
        if len(found) >= limit:
            break
    return found[:limit]


def public_link(service: Service) -> str:
    return settings.SITE_URL + reverse("finder:service", kwargs={"service_id": service.pk})


def _listed(services) -> str:
    return "\n".join(f"- {service.name}: {public_link(service)}" for service in services)


# --- deciding each open request -------------------------------------------------------------


@transaction.atomic
def pass_on(request_id, *, to: Service, by, expected_version=None) -> SupportRequest:
    """Pass an open request to another service because this one is closing."""
    if to.status not in PUBLIC:
        raise MoveRefused("Choose a service that is open to families.")
    moved = actions.move_request(
        request_id, "pass_on_closing", by=by, expected_version=expected_version, service=to,
        reason=Outcome.SERVICE_CLOSED, note="The service is closing",
    )  # fmt: skip
    text = f"Your request has been passed to another service:\n{_listed([to])}"
    _tell(moved, family_text=text, referrer_text=text.replace("Your request", "The request"))
    return moved


@transaction.atomic
def close(request_id, *, suggest: list[Service], by, expected_version=None) -> SupportRequest:
    """Close an open request because the service is closing, suggesting other services."""
    suggest = [service for service in suggest if service.status in PUBLIC]
    moved = actions.move_request(
        request_id, "close_service_closed", by=by, expected_version=expected_version,
        outcome=Outcome.SERVICE_CLOSED, note="The service is closing",
    )  # fmt: skip
    if suggest:
        moved.suggested_service = suggest[0]
        moved.save(update_fields=["suggested_service"])
        listed = _listed(suggest)
        family = f"Your request has been closed. These services could help instead:\n{listed}"
        referrer = f"The request has been closed. Services that could help instead:\n{listed}"
    else:
        family = "Your request has been closed. You can search for other support at " + (
            settings.SITE_URL + reverse("finder:start")
        )
        referrer = "The request has been closed."
    _tell(moved, family_text=family, referrer_text=referrer)
    return moved


def _tell(support_request: SupportRequest, *, family_text: str, referrer_text: str) -> None:
    """By the family's safe way (as every message about a request), and their referrer."""
    family = support_request.family
    link = settings.SITE_URL + reverse("referrals:track")
    message = {"kind": "service_closing_family", "reference": support_request.reference,
               "link": link, "alternatives": family_text}  # fmt: skip
    if family.contact_email and family.safe_to_email:
        actions.queue_message(channel="email", to=family.contact_email, **message)
    elif family.contact_phone and family.safe_to_text:
        actions.queue_message(channel="sms", to=family.contact_phone, **message)
    referrer = support_request.made_by
    if support_request.made_by_practitioner and referrer and referrer.email:
        actions.queue_message(
            channel="email",
            to=referrer.email,
            kind="service_closing_referrer",
            reference=support_request.reference,
            link=settings.SITE_URL
            + reverse("referrals:staff_request", kwargs={"reference": support_request.reference}),
            alternatives=referrer_text,
        )
